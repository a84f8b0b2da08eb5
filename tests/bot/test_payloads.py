"""Button payloads come from one builder and parse back as the intent plus exactly its entities."""

from __future__ import annotations

import json

from bot.compose import button_payload
from bot.payloads import intent_payload


def test_payload_forms() -> None:
    assert intent_payload("affirm") == "/affirm"
    assert intent_payload("ask_fee", procedure="ho_chieu", province="ha_noi") == \
        '/ask_fee{"procedure":"ho_chieu","province":"ha_noi"}'
    assert button_payload("ask_documents", "khai_sinh") == '/ask_documents{"procedure":"khai_sinh"}'


def test_values_are_escaped() -> None:
    payload = intent_payload("check_feedback_status", pakn_choice='a"b\\c')
    intent, _, body = payload[1:].partition("{")
    assert intent == "check_feedback_status"
    assert json.loads("{" + body) == {"pakn_choice": 'a"b\\c'}
