"""The ranker's written messages: KB labels only, none reserved, none a copy of a real citizen's question."""

from __future__ import annotations

import json
from pathlib import Path

from bench import real_corpus
from vi_text.reserved import is_reserved
from vi_text.text import normalize

ROOT = Path(__file__).resolve().parents[2]
WRITTEN = ROOT / "rasa_project" / "ranker" / "written_messages.jsonl"
PROCEDURES = ROOT / "procedures_kb" / "data" / "procedures"


def _written() -> list[dict[str, str]]:
    return [json.loads(line) for line in WRITTEN.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_written_message_names_a_kb_procedure() -> None:
    kb_ids = {path.stem for path in PROCEDURES.glob("*.yml")}
    rows = _written()
    assert len(rows) > 300
    assert {row["label"] for row in rows} <= kb_ids
    assert all(row["text"].strip() and set(row) == {"text", "label"} for row in rows)


def test_no_written_message_is_reserved() -> None:
    assert [row["text"] for row in _written() if is_reserved(row["text"])] == []


def test_no_written_message_copies_a_real_question() -> None:
    # The real questions of every split, the test split included, are kept first; a written message that shares
    # most of its six-word windows with one (or equals it) is a copy.
    seen = real_corpus.NearDuplicates()
    for split in real_corpus.SPLIT_NAMES:
        for item in real_corpus.load_split(split):
            seen.seen(normalize(str(item["text"])))
    copies = [row["text"] for row in _written() if seen.seen(normalize(row["text"]))]
    assert copies == []
