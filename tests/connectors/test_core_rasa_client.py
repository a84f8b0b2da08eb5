"""The async Rasa REST client against a fake Rasa: answers, down, slow, broken."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from connectors.core.rasa_client import RasaClient
from connectors.exceptions import RasaBadResponse, RasaTimeout, RasaUnavailable
from fakes.fake_rasa import FakeRasa


def _send(url: str, message: str = "xin chao", timeout: float = 5.0) -> list[dict[str, Any]]:
    async def run() -> list[dict[str, Any]]:
        client = RasaClient(url, timeout=timeout)
        try:
            return await client.send_message("telegram:1", message, {"channel": "telegram"})
        finally:
            await client.aclose()

    return asyncio.run(run())


def test_answer_and_request_shape(fake_rasa: FakeRasa) -> None:
    fake_rasa.answer("xin chao", [{"text": "Chào bạn", "buttons": [{"title": "A", "payload": "/a"}]}])
    assert _send(fake_rasa.url) == [{"recipient_id": "telegram:1", "text": "Chào bạn",
                                     "buttons": [{"title": "A", "payload": "/a"}]}]
    call = fake_rasa.calls[0]
    assert (call.sender, call.message, call.metadata) == ("telegram:1", "xin chao",
                                                          {"channel": "telegram"})


def test_down_is_unavailable(dead_url: str) -> None:
    with pytest.raises(RasaUnavailable):
        _send(dead_url)


def test_slow_is_timeout(fake_rasa: FakeRasa) -> None:
    fake_rasa.delay(1.0)
    with pytest.raises(RasaTimeout):
        _send(fake_rasa.url, timeout=0.3)
    assert len(fake_rasa.calls) == 1  # a timeout is never retried (Rasa may have the turn)


def test_http_error_is_bad_response(fake_rasa: FakeRasa) -> None:
    fake_rasa.fail_with(500)
    with pytest.raises(RasaBadResponse):
        _send(fake_rasa.url)

