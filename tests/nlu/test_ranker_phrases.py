"""The ranker's phrase block: a known phrase counts the same in a short question and a long story, and
survives save/load, and the direct scorer equals the sparse-matrix product (run in Rasa's virtualenv, where scikit-learn lives)."""

from __future__ import annotations

from pathlib import Path

from tests.support.rasa_script import run_rasa_script

SCRIPT = r'''
import json, sys
from pathlib import Path
import numpy as np
from vi_nlu.phrase_features import PhraseFeatures, stack_blocks
from vi_nlu.ranker_model import ProcedureRankerModel
from vi_text.text import normalize

texts = ["sang tên sổ đỏ", "chuyển nhượng quyền sử dụng đất", "làm lại căn cước bị mất", "mất thẻ căn cước",
         "đăng ký khai sinh cho con", "con mới sinh làm giấy khai sinh", "xin chào", "cảm ơn nhiều"]
labels = ["dang_ky_bien_dong_dat", "dang_ky_bien_dong_dat", "can_cuoc_cap_lai", "can_cuoc_cap_lai",
          "khai_sinh", "khai_sinh", "none", "none"]
phrases = PhraseFeatures.learn([normalize(t) for t in texts], 0.5)
story = normalize("Nhà tôi ở quê có mảnh vườn, bố mẹ đã già, anh em bàn nhau mãi rồi mới thống nhất. "
                  "Giờ tôi muốn sang tên sổ đỏ thì làm ở đâu?")
short, long_ = phrases.transform([normalize("sang tên sổ đỏ"), story]).toarray()
model = ProcedureRankerModel.fit(texts, labels, phrase_weight=0.5)


def direct_gap(m):
    """Largest difference between the direct scorer and the sparse matrices' product (the reference)."""
    probes = [story, "", "xin chào", "🙂", "<script>alert(1)</script>", "sang ten so do", "mat the can cuoc o cho"]
    folded = [normalize(t) for t in probes]
    reference = np.asarray(stack_blocks(m._words.transform(folded), m._chars.transform(folded),
                                  m._phrases.transform(folded)) @ m._coef.T)
    direct = np.vstack([m._scorer().scores(t) for t in folded])
    return float(abs(reference - direct).max())


folder = Path(sys.argv[1])
model.save(folder)
again = ProcedureRankerModel.load(folder)
print(json.dumps({
    "short": short.tolist(), "long": long_.tolist(), "vocabulary": phrases.vocabulary,
    "before": [r.label for r in model.rank(story, 3)], "after": [r.label for r in again.rank(story, 3)],
    "same": bool(abs(model.probabilities([story]) - again.probabilities([story])).max() < 1e-9),
    "disabled": PhraseFeatures.learn(["a b"], 0.0).transform(["a b"]).shape[1],
    "direct_gap": direct_gap(again),
}))
'''



def test_a_phrase_weighs_the_same_in_a_story_and_a_question(tmp_path: Path) -> None:
    out = run_rasa_script(SCRIPT, tmp_path)
    vocabulary = out["vocabulary"]
    assert isinstance(vocabulary, dict) and "sang ten so do" in vocabulary
    column = vocabulary["sang ten so do"]
    short, long_ = out["short"], out["long"]
    assert isinstance(short, list) and isinstance(long_, list)
    assert short[column] == long_[column] == 0.5  # the only phrase found in either text
    assert out["before"][0] == "dang_ky_bien_dong_dat"  # type: ignore[index]
    assert out["after"] == out["before"] and out["same"] is True  # save/load keeps the phrase block
    assert out["disabled"] == 0
    assert out["direct_gap"] < 1e-9  # type: ignore[operator]  # the fast path computes the same scores
