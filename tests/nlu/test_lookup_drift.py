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


def test_ranker_texts_match_catalogue(catalogue: list) -> None:
    """rasa_project/ranker/kb_texts.jsonl is what the KB renders (the ranker trains on it)."""
    from procedures_kb.catalogue_index import load_index
    from procedures_kb.nlu_export import RANKER_TEXTS_PATH, render_ranker_texts

    assert RANKER_TEXTS_PATH.read_text(encoding="utf-8") == render_ranker_texts(catalogue, load_index()), (
        "rasa_project/ranker/kb_texts.jsonl is out of date: run `python -m procedures_kb export-nlu`"
    )
