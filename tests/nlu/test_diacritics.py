"""The diacritics restorer: learns from accented text only, picks forms by context, leaves unknown words alone,
and round-trips through JSON as the ranker persists it."""

from __future__ import annotations

import json

from vi_text.diacritics import DiacriticsRestorer

TEXTS = [
    "Tôi bị mất căn cước công dân, làm lại ở đâu?",
    "Làm lại căn cước bị mất cần giấy tờ gì?",
    "Mắt tôi bị đau, đi khám ở đâu?",
    "Bố tôi mới mất, làm giấy khai tử thế nào?",
    "Mặt trước của thẻ căn cước bị mờ.",
    "mat cccd lam lai o dau",  # unaccented: not learnt from
]


def test_context_picks_the_form() -> None:
    model = DiacriticsRestorer.learn(TEXTS)
    assert model.restore("bi mat can cuoc") == "bị mất căn cước"
    assert model.restore("mat toi bi dau") == "mắt tôi bị đau"
    assert model.restore("Bo toi moi mat, lam giay khai tu the nao?") == "bố tôi mới mất làm giấy khai tử thế nào"


def test_unaccented_texts_teach_nothing() -> None:
    model = DiacriticsRestorer.learn(TEXTS)
    assert "mat" not in model.unigrams and "lam" not in model.unigrams
    assert model.forms["mat"][0] in {"mất", "mắt", "mặt"}


def test_unknown_and_accented_words_stay() -> None:
    model = DiacriticsRestorer.learn(TEXTS)
    assert model.restore("xyzzy mat can cuoc") == "xyzzy mất căn cước"
    assert model.restore("mặt can cuoc") == "mặt căn cước"  # the citizen's own diacritic wins
    assert model.restore("") == "" and model.restore("?!") == ""


def test_json_round_trip() -> None:
    model = DiacriticsRestorer.learn(TEXTS)
    again = DiacriticsRestorer.from_json(json.loads(json.dumps(model.to_json(), ensure_ascii=False)))
    assert again.unigrams == model.unigrams and again.bigrams == model.bigrams
    assert again.restore("bi mat can cuoc, lam lai o dau") == model.restore("bi mat can cuoc, lam lai o dau")
