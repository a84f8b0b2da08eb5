"""Findings 1 and 2 of issue 13, replayed against the real stack: Rasa's API and REST channel, and the
action server, refuse whoever does not hold their token; the action server listens on loopback only."""

from __future__ import annotations

import socket
import uuid
from typing import Any

import pytest
import requests

from tests.support.rasa_stack import RasaStack

pytestmark = pytest.mark.e2e


def forged_action_call(action: str, sender: str) -> dict[str, Any]:
    """What finding 2 posted: another citizen's sender id and a PAKN action."""
    return {"next_action": action, "sender_id": sender, "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": sender, "slots": {}, "latest_message": {"text": "tra cứu", "intent": {}},
                        "events": [], "paused": False, "followup_action": None, "active_loop": {},
                        "latest_action_name": "action_listen"}}


def test_finding_1_tracker_api_needs_the_token(rasa_stack: RasaStack) -> None:
    sender = f"sec-{uuid.uuid4().hex[:10]}"
    assert rasa_stack.say(sender, "lệ phí hộ chiếu")  # the stack works with its tokens (actions run)
    url = f"{rasa_stack.rasa_url}/conversations/{sender}/tracker"
    assert requests.get(url, timeout=10).status_code in (401, 403)
    assert requests.get(url, params={"token": "x" * 43}, timeout=10).status_code in (401, 403)
    ok = requests.get(url, params=rasa_stack.stack.rasa_params, timeout=10)
    assert ok.status_code == 200 and ok.json()["sender_id"] == sender
    assert requests.post(f"{rasa_stack.rasa_url}/model/parse", json={"text": "a"}, timeout=10).status_code in (401, 403)


def test_finding_1_rest_channel_needs_the_token(rasa_stack: RasaStack) -> None:
    url = f"{rasa_stack.rasa_url}/webhooks/rest/webhook"
    body = {"sender": "webchat:someone-else", "message": "/check_feedback_status"}
    assert requests.post(url, json=body, timeout=10).status_code == 401
    wrong = {"Authorization": "Bearer " + "y" * 43}
    assert requests.post(url, json=body, headers=wrong, timeout=10).status_code == 401


@pytest.mark.parametrize("action", ["action_ask_pakn_status_code", "action_check_feedback_status"])
def test_finding_2_forged_tracker_is_refused(rasa_stack: RasaStack, action: str) -> None:
    url = f"{rasa_stack.action_url}/webhook"
    body = forged_action_call(action, "webchat:victim0123456789abcdef")
    assert requests.post(url, json=body, timeout=10).status_code == 401
    wrong = {"Authorization": "Bearer " + "z" * 43}
    refused = requests.post(url, json=body, headers=wrong, timeout=10)
    assert refused.status_code == 401 and "victim" not in refused.text
    assert requests.get(f"{rasa_stack.action_url}/actions", timeout=10).status_code == 401
    assert requests.get(f"{rasa_stack.action_url}/health", timeout=10).status_code == 200


def test_finding_2_the_right_token_is_what_rasa_uses(rasa_stack: RasaStack) -> None:
    headers = {"Authorization": f"Bearer {rasa_stack.stack.action_token}"}
    listed = requests.get(f"{rasa_stack.action_url}/actions", headers=headers, timeout=10)
    assert listed.status_code == 200 and any(a["name"] == "action_check_feedback_status" for a in listed.json())


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # no packet is sent; picks the outgoing interface
            address = str(sock.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_finding_2_action_server_and_rasa_listen_on_loopback_only(rasa_stack: RasaStack) -> None:
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    for url in (rasa_stack.action_url, rasa_stack.rasa_url):
        port = int(url.rsplit(":", 1)[1])
        with socket.socket() as sock:
            sock.settimeout(2)
            assert sock.connect_ex((address, port)) != 0, f"{url} answers on {address}"


def test_finding_7_rasa_and_action_logs_keep_no_phone_or_id_number(rasa_stack: RasaStack) -> None:
    """Rasa's and the action server's own logs (at the level `make run` uses) never hold a citizen's
    phone or ID number: a PAKN with both goes through the real stack, then every log is read."""
    sender = f"webchat:{uuid.uuid4().hex}"
    for text in ("tôi muốn phản ánh", "cán bộ phường hẹn 3 lần vẫn chưa trả hồ sơ, sđt 0912 345 678, "
                 "cccd 001203004567", "0912345678"):
        rasa_stack.say(sender, text)
    for child in rasa_stack.stack.children:
        log = child.log_path.read_text(encoding="utf-8", errors="replace")
        for secret in ("0912 345 678", "0912345678", "001203004567"):
            assert secret not in log, f"{child.name}.log holds {secret}"
