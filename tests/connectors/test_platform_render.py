"""Rendering for Telegram (HTML, 4096) and Zalo (NFC, 2000, buttons), signatures and events."""

from __future__ import annotations

import unicodedata

from connectors.core.replies import BotMessage, Button, MessageKind
from connectors.telegram.render import render as render_telegram
from connectors.zalo.events import parse_event
from connectors.zalo.render import ButtonStyle
from connectors.zalo.render import render as render_zalo
from connectors.zalo.signature import signature_header, verify_signature, zalo_mac
from fakes.fake_telegram import load_payload, parse_telegram_html


def test_telegram_escapes_and_keeps_buttons_on_the_last_part() -> None:
    reply = BotMessage("<b>" + "x" * 5000, (Button("Có", "/affirm"),))
    parts = render_telegram([reply])
    assert len(parts) == 2
    assert parts[0].html_text.startswith("&lt;b&gt;") and not parts[0].buttons
    assert parts[1].buttons == (Button("Có", "/affirm"),)
    assert all(len(parse_telegram_html(p.html_text)) <= 4096 for p in parts)


def test_telegram_buttons_without_text_get_a_prompt() -> None:
    parts = render_telegram([BotMessage("", (Button("A", "/a"),))])
    assert parts[0].html_text == "Mời bạn chọn:"


def test_zalo_text_is_nfc_and_split_by_characters() -> None:
    decomposed = unicodedata.normalize("NFD", "Căn cước công dân. ") * 150
    parts = render_zalo([BotMessage(decomposed)])
    assert all(unicodedata.is_normalized("NFC", p["text"]) for p in parts)
    assert all(len(p["text"]) <= 2000 for p in parts)
    assert len(parts) == 2  # 2850 NFC characters; NFD would have needed three parts


def test_zalo_button_limits_are_configurable() -> None:
    style = ButtonStyle(button_type="oa.query.show", max_buttons=2, title_max=5)
    parts = render_zalo([BotMessage("Chọn", tuple(Button(f"Tiêu đề {i}", f"/p{i}") for i in range(3)))],
                        style)
    assert [len(p["attachment"]["payload"]["buttons"]) for p in parts] == [2, 1]
    assert parts[0]["attachment"]["payload"]["buttons"][0] == {
        "title": "Tiêu…", "type": "oa.query.show", "payload": "/p0"}


def test_zalo_signature_over_raw_bytes() -> None:
    raw = b'{"app_id": "1", "timestamp": "99", "x": "\\u00e0"}'
    header = signature_header("1", raw, "99", "key")
    assert header == "mac=" + zalo_mac("1", raw, "99", "key")
    assert verify_signature(header, "1", raw, "99", "key")
    assert verify_signature(header.removeprefix("mac=").upper(), "1", raw, "99", "key")
    assert not verify_signature(header, "1", raw + b" ", "99", "key")
    assert not verify_signature(header, "1", raw, "100", "key")
    assert not verify_signature(header, "1", raw, "99", "")
    assert not verify_signature("", "1", raw, "99", "key")


def test_zalo_event_parsing() -> None:
    text = parse_event(load_payload("zalo_user_send_text.json")).incoming
    assert text is not None and text.kind is MessageKind.TEXT
    assert (text.user_id, text.message_id) == ("8888888888888888888", "a1b2c3d4e5f6a7b8c9d0")
    event = load_payload("zalo_user_send_text.json")
    event["message"]["text"] = "/ask_fee"
    payload = parse_event(event).incoming
    assert payload is not None and payload.kind is MessageKind.PAYLOAD
    follow = parse_event(load_payload("zalo_follow.json")).incoming
    assert follow is not None and follow.kind is MessageKind.WELCOME
    assert follow.user_id == "8888888888888888888"
    assert parse_event(load_payload("zalo_oa_send_text.json")).ignored_reason == "oa_echo"
    click = parse_event({"event_name": "user_click_button", "sender": {"id": "1"},
                         "message": {"msg_id": "m", "payload": "/affirm"}}).incoming
    assert click is not None and click.text == "/affirm" and click.kind is MessageKind.PAYLOAD
    seen = parse_event({"event_name": "user_seen_message", "sender": {"id": "4"}})
    assert seen.incoming is None
    anonymous = parse_event({"event_name": "anonymous_send_text", "sender": {"id": "a1"}})
    assert anonymous.unsupported_user == "a1"
