"""Per-turn waste removed from Rasa 3.6's custom-action call path (installed by serve.py; issue 16).

Profiling one custom-action turn (bench/profile_turn.py) showed two costs that buy nothing:

* every action server response is checked with `jsonschema.validate(result, schema)`, which first checks
  the (large, constant) events schema against the JSON-Schema meta-schema and builds a new validator on
  every call; here the validator is built once and the same validation runs on each response;
* every action call opens a new aiohttp ClientSession, i.e. a new TCP connection to the action server
  (or nginx); here each endpoint keeps one session per event loop with keep-alive connections, shorter
  lived than the server's keep-alive (sanic: 5 s), so a pooled connection is never used after the
  server closed it.

Same requests, same answers, same errors; `install()` is idempotent.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any, Dict, Text, Tuple

import aiohttp
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.utils.endpoints import EndpointConfig

KEEPALIVE_SECONDS = 3.0  # below the action server's (sanic 21.12: 5 s) and nginx's (75 s) keep-alive

_SESSIONS: Dict[Tuple[int, int], aiohttp.ClientSession] = {}
_installed = False


@functools.lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, not per response
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match

    error = best_match(_action_response_validator().iter_errors(result))
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the Action "
        f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


class _Borrowed:
    """`async with` over a shared session that must stay open afterwards."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *exc: Any) -> None:
        return None


def _shared_session(self: EndpointConfig) -> Any:
    loop = asyncio.get_running_loop()
    key = (id(self), id(loop))
    session = _SESSIONS.get(key)
    if session is None or session.closed:
        auth = None
        if self.basic_auth:
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT

        session = aiohttp.ClientSession(
            headers=self.headers, auth=auth, timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS, limit=64),
        )
        _SESSIONS[key] = session
    return _Borrowed(session)


def install() -> None:
    """Patch Rasa's RemoteAction and EndpointConfig (once)."""
    global _installed
    if _installed:
        return
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    EndpointConfig.session = _shared_session  # type: ignore[method-assign]
    _installed = True
