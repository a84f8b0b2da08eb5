"""`rasa data validate` and the Rasa test stories pass on the project as it is."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bot.launcher import RASA_BIN, RASA_DIR, latest_model


def _rasa(*args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
           "TF_CPP_MIN_LOG_LEVEL": "2"}
    return subprocess.run([str(RASA_BIN), *args], cwd=RASA_DIR, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def test_rasa_data_validate() -> None:
    result = _rasa("data", "validate", "--domain", "domain", "--data", "data", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


@pytest.mark.slow
def test_rasa_test_stories(tmp_path: Path) -> None:
    out = tmp_path / "results"
    result = _rasa("test", "core", "--model", str(latest_model()), "--stories", "tests/test_stories.yml",
                   "--out", str(out), "--fail-on-prediction-errors")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
