"""A paper-and-event cue puts its procedure first in the ranking, under its KB id once the KB holds a
procedure the cue names as outside the catalogue (run in Rasa's virtualenv, where scikit-learn lives)."""

from __future__ import annotations

from pathlib import Path

from tests.support.rasa_script import run_rasa_script

SCRIPT = r'''
import json
from vi_nlu.procedure_ranker import CUE_CONFIDENCE, rank_message
from vi_nlu.ranker_model import ProcedureRankerModel

texts = ["cấp thẻ bảo hiểm y tế", "gia hạn thẻ bhyt", "thanh toán trực tiếp chi phí khám chữa bệnh bhyt",
         "hoàn tiền bảo hiểm y tế", "chế độ thai sản", "tiền thai sản", "xin chào", "cảm ơn"]
refund = "Tôi đi khám, bệnh viện hết thuốc phải tự mua ngoài. Bảo hiểm y tế có thanh toán lại không?"
outputs = {}
for name, label in (("kb", "bhyt_thanh_toan_truc_tiep"), ("outside", "outside:bhyt_thanh_toan_truc_tiep")):
    labels = ["the_bhyt", "the_bhyt", label, label, "thai_san", "thai_san", "none", "none"]
    model = ProcedureRankerModel.fit(texts, labels)
    outputs[name] = [(r.label, r.confidence) for r in rank_message(model, refund, 3)]
print(json.dumps({**outputs, "cue": CUE_CONFIDENCE}))
'''


def test_a_cue_for_an_outside_entry_ranks_its_kb_id_once_the_kb_holds_it(tmp_path: Path) -> None:
    out = run_rasa_script(SCRIPT, tmp_path)
    for name, label in (("kb", "bhyt_thanh_toan_truc_tiep"), ("outside", "outside:bhyt_thanh_toan_truc_tiep")):
        ranking = out[name]
        assert isinstance(ranking, list) and ranking[0][0] == label, ranking
        assert ranking[0][1] >= out["cue"]  # type: ignore[operator]
