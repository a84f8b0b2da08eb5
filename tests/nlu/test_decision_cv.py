"""The decision simulator reads a decision as the dialogue acts on it and judges it as the outcome evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from bench.decision_cv import _parse_sets, tally, turn_of
from bench.real_corpus import load_training
from vi_text.intent_examples import intent_example
from vi_text.turn_logic import Decision, Thresholds

READING = {"intent": "ask_documents", "confidence": 0.9, "alias": None, "question_alias": None, "word_match": None}


def test_turn_of_follows_the_dialogue() -> None:
    assert turn_of(Decision("give_feedback", 0.9, "khai_sinh"), READING).kind == "feedback"
    assert turn_of(Decision("ask_fee", 0.9, "khai_sinh"), READING).procedure == "khai_sinh"
    assert turn_of(Decision("ask_fee", 0.9, None, "sang_ten_dat"), READING).kind == "outside"
    assert turn_of(Decision("ask_fee", 0.9), READING).kind == "clarify"
    assert turn_of(None, {**READING, "alias": "ket_hon"}).procedure == "ket_hon"
    assert turn_of(None, {**READING, "intent": "greet"}).kind == "other"


def test_tally_judges_each_category() -> None:
    items = [
        {"id": "a", "text": "con mới sinh làm giấy khai sinh cần gì?", "intent": "ask_documents", "procedure": "khai_sinh"},
        {"id": "b", "text": "con mới sinh làm giấy khai sinh cần gì?", "intent": "ask_documents", "procedure": "ket_hon"},
        {"id": "c", "text": "bán đất cần gì?", "intent": "ask_documents", "procedure": "sang_ten_dat (outside KB)"},
    ]
    readings = {key: {**READING, "alias": "khai_sinh"} for key in ("a", "b")} | {"c": READING}
    rankings = {"a": [("khai_sinh", 0.9)], "b": [("khai_sinh", 0.9)], "c": [("outside:sang_ten_dat", 0.8)]}
    counts = tally(items, readings, rankings, {"khai_sinh", "ket_hon"}, Thresholds())
    assert counts[("covered", "right")] == 1 and counts[("covered", "wrong")] == 1
    assert counts[("outside", "right")] == 1


def test_unknown_threshold_is_refused() -> None:
    assert _parse_sets(["procedure=0.35", "alias_max_words=20"]) == {"procedure": 0.35, "alias_max_words": 20}
    try:
        _parse_sets(["nonsense=1"])
    except SystemExit as refused:
        assert "nonsense" in str(refused)
    else:
        raise AssertionError("an unknown threshold was accepted")


def test_a_fold_leaves_its_pages_out_of_the_intent_data_and_the_complaint_scorer(tmp_path: Path) -> None:
    from bench.intent_folds import _fold_data
    from bench.real_corpus import fold_of

    train = load_training()
    digest = _fold_data(0, 5, tmp_path / "fold")
    assert digest == _fold_data(0, 5, tmp_path / "again")  # the cache key depends on the data only
    kept = [json.loads(line) for line in (tmp_path / "fold" / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    assert kept and len(kept) < len(train)
    assert all(fold_of(item, 5) != 0 for item in kept)
    held = [item for item in train if fold_of(item, 5) == 0]
    nlu = (tmp_path / "fold" / "nlu" / "real_train.yml").read_text(encoding="utf-8")
    kept_examples = {intent_example(str(k["text"]), str(k["intent"])) for k in kept}
    assert held and not any(f"    - {intent_example(str(item['text']), str(item['intent']))}\n" in nlu for item in held
                            if intent_example(str(item["text"]), str(item["intent"])) not in kept_examples)
    config = yaml.safe_load((tmp_path / "fold" / "config.yml").read_text(encoding="utf-8"))
    scorer = [c for c in config["pipeline"] if c["name"].endswith("ComplaintScorer")]
    assert scorer and scorer[0]["real_files"] == [str(tmp_path / "fold" / "train.jsonl")]


def test_replay_reads_a_dump_as_decision_cv_writes_it(tmp_path: Path, capsys: object) -> None:
    from bench.decision_replay import load_dump, main, replay

    items = [
        {"id": "a", "text": "con mới sinh làm giấy khai sinh cần gì?", "intent": "ask_documents", "procedure": "khai_sinh"},
        {"id": "c", "text": "bán đất cần gì?", "intent": "ask_documents", "procedure": "sang_ten_dat (outside KB)"},
        {"id": "d", "text": "chia thừa kế nhà đất thế nào?", "intent": "ask_documents",
         "procedure": "thua_ke (outside KB)"},
        {"id": "e", "text": "sang tên sổ đỏ cần gì?", "intent": "ask_documents",
         "procedure": "dang_ky_bien_dong_dat (outside KB)"},
    ]
    readings = {"a": {**READING, "alias": "khai_sinh"}, "c": READING, "d": READING, "e": READING}
    rankings = {"a": [("khai_sinh", 0.9)], "c": [("outside:sang_ten_dat", 0.8)],
                "d": [("outside:dang_ky_bien_dong_dat", 0.8)], "e": [("outside:dang_ky_bien_dong_dat", 0.8)]}
    dump = tmp_path / "oof.json"
    dump.write_text(json.dumps({"items": items, "readings": readings, "rankings": rankings,
                                "kb_ids": ["khai_sinh"]}, ensure_ascii=False), encoding="utf-8")
    rows = replay(*load_dump(dump), Thresholds())
    assert [(r["category"], r["outcome"], r["procedure"]) for r in rows] == [
        ("covered", "right", "khai_sinh"), ("outside", "right", "sang_ten_dat"),
        ("outside", "right", "dang_ky_bien_dong_dat"), ("outside", "right", "dang_ky_bien_dong_dat")]
    # every honest answer counts as right; what it names is told apart: "sang_ten_dat" has no index entry (the answer
    # gives the portal's search), the land-transfer entry is a neighbour's for the inheritance question
    assert [r["honest"] for r in rows] == [None, "the portal only", "another entry", "the expected entry"]
    assert main([str(dump), "--show", "outside:right", "--set", "outside=0.95", "--diff"]) == 0
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "| covered | 1 | 1 | 0 | 0 | 0 |" in printed and "bán đất cần gì?" in printed
    assert "honest answers (3) name the expected entry 1, another entry 1, the portal only 1" in printed
