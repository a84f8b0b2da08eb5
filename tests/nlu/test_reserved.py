"""No training or tuning data holds a question reserved for independent evaluation; the corpus is built."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from bench import real_corpus
from vi_text.reserved import is_reserved

ROOT = Path(__file__).resolve().parents[2]
ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


def _nlu_examples() -> list[str]:
    texts = []
    for path in sorted((ROOT / "rasa_project" / "data" / "nlu").glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("- "):
                texts.append(ANNOTATION.sub(lambda m: m.group(1) or m.group(2), line[2:]))
    return texts


def _jsonl(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _kb_questions() -> list[str]:
    texts = []
    for path in sorted((ROOT / "procedures_kb" / "data" / "procedures").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += list(data.get("example_questions") or []) + list(data.get("life_events") or [])
    return texts


def test_fingerprint_rule_matches_the_shared_checker() -> None:
    # A reserved fingerprint recognised, a common phrase not: the copied list is in use.
    assert not is_reserved("làm căn cước cần giấy tờ gì")
    from vi_text.reserved import reserved_fingerprints

    assert len(reserved_fingerprints()) > 10_000


def test_no_training_text_is_reserved() -> None:
    sources = {
        "rasa_project/data/nlu": _nlu_examples(),
        "rasa_project/ranker/kb_texts.jsonl": _jsonl(ROOT / "rasa_project" / "ranker" / "kb_texts.jsonl"),
        "rasa_project/ranker/written_messages.jsonl": _jsonl(ROOT / "rasa_project" / "ranker" / "written_messages.jsonl"),
        "KB example questions and life events": _kb_questions(),
    }
    for split in real_corpus.SPLIT_NAMES:
        sources[f"real {split} split"] = _jsonl(real_corpus.SPLITS / f"{split}.jsonl")
    for name, texts in sources.items():
        assert texts, name
        reserved = [t[:80] for t in texts if is_reserved(t)]
        assert reserved == [], f"{name} holds questions reserved for independent evaluation: {reserved}"


def test_corpus_files_are_built_from_the_collected_questions() -> None:
    assert real_corpus.main(["--check"]) == 0, "run `.venv/bin/python -m bench.real_corpus`"


def test_no_page_feeds_two_splits() -> None:
    items, report = real_corpus.build()
    splits_of_page: dict[str, set[str]] = {}
    for item in items:
        splits_of_page.setdefault(real_corpus.page_key(str(item["source_url"])), set()).add(str(item["split"]))
    assert all(len(s) == 1 for s in splits_of_page.values())
    assert report.kept >= 400 and report.by_split["test"] >= 100
    assert all(str(i["source_url"]).startswith("http") for i in items)


def test_outside_labels_are_mapped_to_catalogue_index_ids() -> None:
    from procedures_kb.catalogue_index import load_index

    index = load_index()
    known = {e.id for e in index.entries} | {e.id for e in index.not_one_stop}
    assert set(real_corpus.INDEX_IDS.values()) <= known
    assert real_corpus.index_label("che_do_om_dau (outside KB)") == "bhxh_om_dau (outside KB)"
    assert real_corpus.index_label("ho_chieu") == "ho_chieu" and real_corpus.index_label(None) is None
    labels = {str(i["procedure"]) for i in real_corpus.build()[0] if i["procedure"]}
    assert not any(label.removesuffix(" (outside KB)") in real_corpus.INDEX_IDS for label in labels)


def test_collected_files_are_read_oldest_batch_first() -> None:
    names = ["batch10_mixed.jsonl", "batch9_x.jsonl", "batch3_y.jsonl", "civil_status.jsonl"]
    ordered = [p.name for p in sorted((Path(n) for n in names), key=real_corpus.file_order)]
    assert ordered == ["batch3_y.jsonl", "batch9_x.jsonl", "batch10_mixed.jsonl", "civil_status.jsonl"]


def test_every_collected_question_carries_an_intent_of_the_domain() -> None:
    from bench.real_corpus import COLLECTED, _read, domain_intents

    intents = domain_intents()
    assert {"ask_procedure_overview", "give_feedback", "out_of_scope"} <= intents
    wrong = [(path.name, raw.get("intent")) for path, raw in _read(COLLECTED.glob("*.jsonl"))
             if str(raw.get("intent")) not in intents]
    assert wrong == []


def test_a_question_copied_with_small_edits_counts_once() -> None:
    from vi_text.text import normalize

    near = real_corpus.NearDuplicates()
    first = ("Em là gv mầm non đang mang thai, dự sinh t12.2021. Số sổ là […], mã đơn vị […] trường Mầm non X. "
             "Từ t6.2020 em xin nghỉ đã lãnh thất nghiệp. Đối với trường hợp của em thì có đủ điều kiện hưởng thai sản không?")
    copy = first.replace("Số sổ là […], mã đơn vị […] trường Mầm non X. ", "")
    other = "Tôi mất căn cước ngoài chợ, giờ làm lại ở đâu, mất bao lâu và có tốn tiền không ạ?"
    assert not near.seen(normalize(first))
    assert near.seen(normalize(copy))
    assert not near.seen(normalize(other))
    assert not near.seen(normalize("làm căn cước")) and not near.seen(normalize("làm hộ chiếu"))  # short: exact only
    texts = [normalize(str(i["text"])) for i in real_corpus.build()[0]]
    kept = real_corpus.NearDuplicates()
    assert not any(kept.seen(t) for t in texts), "the corpus holds a near-duplicate"
