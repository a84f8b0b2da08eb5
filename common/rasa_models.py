"""Which trained Rasa model package is current (stdlib only: read from both virtualenvs)."""

from __future__ import annotations

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent / "rasa_project" / "models"


def current_model(models_dir: Path = MODELS_DIR) -> Path | None:
    """The model trained for the current training data (`CURRENT`, see scripts/train.sh), else the
    newest package; None when nothing is trained."""
    pointer = models_dir / "CURRENT"
    if pointer.exists():
        candidate = models_dir / pointer.read_text().strip()
        if candidate.exists():
            return candidate
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None
