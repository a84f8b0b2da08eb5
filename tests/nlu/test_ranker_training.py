"""What the ranker learns from, and when Rasa's cache must not restore it: the question sentence of a long
message is one more example, and a change to the training code retrains (run in Rasa's virtualenv)."""

from __future__ import annotations

from pathlib import Path

from tests.support.rasa_script import run_rasa_script

SCRIPT = r'''
import json, sys
from pathlib import Path
import vi_nlu.procedure_ranker as pr

story = ("Năm ngoái tôi mua lại xe máy của một người quen. Giấy tờ mua bán viết tay. "
         "Vậy giờ tôi sang tên xe thế nào?")
added = pr.question_parts([(story, "dang_ky_xe"), ("sang tên xe máy", "dang_ky_xe"), (story, "none")])
shipped = sorted(p.name for p in pr.training_code())
code = Path(sys.argv[1]) / "ranker_model.py"
code.write_text("A = 1\n", encoding="utf-8")
pr.training_code = lambda: [code]
before = pr.ProcedureRanker.fingerprint_addon({})
again = pr.ProcedureRanker.fingerprint_addon({})
code.write_text("A = 2\n", encoding="utf-8")
after = pr.ProcedureRanker.fingerprint_addon({})
print(json.dumps({"added": added, "stable": before == again, "changed": before != after, "shipped": shipped}))
'''



def test_question_sentence_of_a_long_labelled_message_is_one_more_example(tmp_path: Path) -> None:
    out = run_rasa_script(SCRIPT, tmp_path)
    # only the long message with a procedure adds its question sentence; a short one or `none` adds nothing
    assert out["added"] == [["Vậy giờ tôi sang tên xe thế nào?", "dang_ky_xe"]]


def test_a_change_to_the_training_code_changes_the_rankers_cache_key(tmp_path: Path) -> None:
    out = run_rasa_script(SCRIPT, tmp_path)
    assert out["stable"] is True and out["changed"] is True
    shipped = out["shipped"]
    assert isinstance(shipped, list)
    assert {"procedure_ranker.py", "ranker_model.py", "text.py", "turn_logic.py"} <= set(shipped)
