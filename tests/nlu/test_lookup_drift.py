"""The NLU lookup/synonym file is generated from the KB; fail when they drift apart."""

from __future__ import annotations

from procedures_kb.nlu_export import LOOKUP_PATH, render_lookup


def test_lookup_file_matches_catalogue(catalogue: list) -> None:
    assert LOOKUP_PATH.exists(), "run `python -m procedures_kb export-nlu`"
    assert LOOKUP_PATH.read_text(encoding="utf-8") == render_lookup(catalogue), (
        "rasa_project/data/nlu/procedure_lookup.yml is out of date: run `python -m procedures_kb export-nlu`"
    )


def test_every_procedure_has_a_synonym_block(catalogue: list) -> None:
    text = LOOKUP_PATH.read_text(encoding="utf-8")
    for proc in catalogue:
        assert f"- synonym: {proc.id}\n" in text
