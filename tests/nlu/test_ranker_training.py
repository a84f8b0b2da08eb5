"""What the ranker learns from, and when Rasa's cache must not restore it: the question sentence of a long
message is one more example, and a change to the training code retrains (run in Rasa's virtualenv)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from bot.launcher import RASA_BIN, RASA_DIR

RASA_PYTHON = RASA_BIN.parent / "python"

SCRIPT = r'''
import json, sys
from pathlib import Path
import vi_nlu.procedure_ranker as pr

story = ("Năm ngoái tôi mua lại xe máy của một người quen. Giấy tờ mua bán viết tay. "
         "Vậy giờ tôi sang tên xe thế nào?")
added = pr.question_parts([(story, "dang_ky_xe"), ("sang tên xe máy", "dang_ky_xe"), (story, "none")])
shipped = sorted(p.name for p in pr.TRAINING_CODE)
code = Path(sys.argv[1]) / "ranker_model.py"
code.write_text("A = 1\n", encoding="utf-8")
pr.TRAINING_CODE = [code]
before = pr.ProcedureRanker.fingerprint_addon({})
again = pr.ProcedureRanker.fingerprint_addon({})
code.write_text("A = 2\n", encoding="utf-8")
after = pr.ProcedureRanker.fingerprint_addon({})
print(json.dumps({"added": added, "stable": before == again, "changed": before != after, "shipped": shipped}))
'''


def _run(tmp_path: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": f"{RASA_DIR}{os.pathsep}{RASA_DIR.parent}", "TF_CPP_MIN_LOG_LEVEL": "2"}
    result = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT, str(tmp_path)], env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_question_sentence_of_a_long_labelled_message_is_one_more_example(tmp_path: Path) -> None:
    out = _run(tmp_path)
    # only the long message with a procedure adds its question sentence; a short one or `none` adds nothing
    assert out["added"] == [["Vậy giờ tôi sang tên xe thế nào?", "dang_ky_xe"]]


def test_a_change_to_the_training_code_changes_the_rankers_cache_key(tmp_path: Path) -> None:
    out = _run(tmp_path)
    assert out["stable"] is True and out["changed"] is True
    shipped = out["shipped"]
    assert isinstance(shipped, list)
    assert {"procedure_ranker.py", "ranker_model.py", "text.py", "turn_logic.py"} <= set(shipped)
