"""Run a short script in Rasa's virtualenv (where scikit-learn and Rasa live) and read its last JSON line."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from bot.launcher import RASA_BIN, RASA_DIR

RASA_PYTHON = RASA_BIN.parent / "python"


def run_rasa_script(script: str, folder: Path) -> dict[str, object]:
    """Run `script` with `folder` as its argument; the project and rasa_project/ are on its path."""
    env = {**os.environ, "PYTHONPATH": f"{RASA_DIR}{os.pathsep}{RASA_DIR.parent}", "TF_CPP_MIN_LOG_LEVEL": "2"}
    result = subprocess.run([str(RASA_PYTHON), "-c", script, str(folder)], env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))
