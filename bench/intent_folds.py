"""Out-of-fold intent readings: the intent classifier trained without each fold's real pages (Rasa virtualenv).

    RASA_TELEMETRY_ENABLED=false PYTHONPATH=rasa_project:. .venv-rasa/bin/python -m bench.decision_cv --oof-intents

Why: the training questions' question sentences are intent examples (rasa_project/data/nlu/real_train.yml),
so the current model reads them in sample. Replayed on those readings, the turn logic offered the feedback
form to 138 of 141 train+dev complaints while the test split, read out of sample, got 74 of 97. Here each
fold's pages are left out of the NLU data, an NLU model is trained on the rest (as `rasa train nlu` trains
it, about 90 s on 2 cores), and the fold's train and dev questions are read by it. The folds are those of
`bench.ranker_eval` (page hash), so rankings and readings leave out the same pages; the complaint scorer
of a fold model learns from the same fold's training messages.
Models are cached under var/cv/ by the hash of their training data, config and NLU code.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from bench.real_corpus import ROOT, fold_of, load_training, render_nlu

CACHE = ROOT / "var" / "cv"
PROJECT = ROOT / "rasa_project"


def _code_digest() -> str:
    digest = hashlib.sha256()
    paths = [*sorted((PROJECT / "vi_nlu").glob("*.py")), *sorted((ROOT / "vi_text").glob("*.py"))]
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _fold_data(fold: int, folds: int, target: Path) -> str:
    """Write one fold's training data to `target` (the NLU data, with the training questions less the
    fold's pages; those real messages for the complaint scorer; a config that points it there); its hash."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(PROJECT / "data" / "nlu", target / "nlu")
    kept = [i for i in load_training() if fold_of(i, folds) != fold]
    (target / "nlu" / "real_train.yml").write_text(render_nlu(kept), encoding="utf-8")
    real = target / "train.jsonl"
    real.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in kept), encoding="utf-8")
    config = yaml.safe_load((PROJECT / "config.yml").read_text(encoding="utf-8"))
    for component in config["pipeline"]:
        if component["name"].endswith("ComplaintScorer"):
            component["real_files"] = [str(real)]  # an absolute path replaces rasa_project/…
    (target / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    digest = hashlib.sha256((PROJECT / "config.yml").read_bytes())  # the written config names `target`
    for path in sorted(target.rglob("*")):
        if path.is_file() and path.name != "config.yml":
            digest.update(str(path.relative_to(target)).encode() + path.read_bytes())
    return digest.hexdigest()


def fold_model(fold: int, folds: int) -> Path:
    """The NLU model of one fold, trained unless the cache holds one for the same data, config and code."""
    CACHE.mkdir(parents=True, exist_ok=True)
    data = CACHE / f"nlu-{fold}-of-{folds}"
    key = hashlib.sha256((_fold_data(fold, folds, data) + _code_digest()).encode()).hexdigest()[:16]
    model = CACHE / f"fold-{key}.tar.gz"
    if not model.exists():
        env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
               "PYTHONPATH": f"{PROJECT}{os.pathsep}{ROOT}"}
        subprocess.run([str(ROOT / ".venv-rasa" / "bin" / "rasa"), "train", "nlu", "--nlu", str(data / "nlu"),
                        "--config", str(data / "config.yml"), "--out", str(CACHE),
                        "--fixed-model-name", model.name.removesuffix(".tar.gz"), "--num-threads", "2"],
                       cwd=PROJECT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return model


def out_of_fold_readings(items: list[dict[str, Any]], folds: int = 5) -> dict[str, dict[str, Any]]:
    """Each item's reading (intent, confidence, aliases) by an NLU model that did not see its page."""
    from bench.decision_cv import readings_of

    readings: dict[str, dict[str, Any]] = {}
    for fold in range(folds):
        held = [i for i in items if fold_of(i, folds) == fold]
        if held:
            readings.update(readings_of(held, str(fold_model(fold, folds))))
    return readings
