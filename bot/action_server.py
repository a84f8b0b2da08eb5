"""Run the rasa_sdk action server: private address, bearer token from Rasa, PII masked in every log.

Only Rasa may call `/webhook` and `/actions`: it sends `Authorization: Bearer <ACTION_SERVER_TOKEN>`
(rasa_project/endpoints.yml, `headers:`); anything else gets 401 before the body is read. The server
listens on ACTION_SERVER_HOST (127.0.0.1 by default; the compose network address in production) and
an error never echoes the request body (rasa_sdk's default handler returns the whole tracker).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import sys
from typing import Any

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app, create_argument_parser
from sanic import Sanic, response

from common.pii import PiiMaskingFilter
from common.settings import ActionServerSettings, ConfigurationError

logger = logging.getLogger(__name__)
OPEN_PATHS = frozenset({"/health"})


def install_masking() -> None:
    """Attach the PII masking filter to every handler of the root and rasa_sdk loggers."""
    mask = PiiMaskingFilter()
    for named in (logging.getLogger(), logging.getLogger(APPLICATION_ROOT_LOGGER_NAME)):
        for handler in named.handlers:
            if not any(isinstance(f, PiiMaskingFilter) for f in handler.filters):
                handler.addFilter(mask)


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8", "surrogateescape")).digest()


def bearer_matches(header: str, expected_digest: bytes) -> bool:
    """Constant-time check of an `Authorization: Bearer <token>` header value."""
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(_digest(given.strip()), expected_digest)


def secure_app(app: Sanic, token: str) -> Sanic:
    """Require the bearer token on every route but /health; errors never echo the request."""
    if not token:
        raise ValueError("the action server needs ACTION_SERVER_TOKEN")
    expected = _digest(token)

    @app.middleware("request")
    async def _authorise(request: Any) -> Any:
        if request.path in OPEN_PATHS:
            return None
        if not bearer_matches(request.headers.get("authorization", ""), expected):
            logger.warning("action server: refused %s %s from %s (missing or wrong token)",
                           request.method, request.path, request.ip)
            return response.json({"error": "unauthorised"}, status=401)
        return None

    async def _error(request: Any, exception: Exception) -> Any:
        logger.error("action server error on %s", request.path, exc_info=exception)
        status = int(getattr(exception, "status_code", 500) or 500)
        return response.json({"error": "internal error" if status >= 500 else "bad request"}, status=status)

    app.error_handler.add(Exception, _error)
    return app


def main(argv: list[str] | None = None) -> None:
    """Same options as `python -m rasa_sdk`; logging is configured, then masked, then the server runs."""
    args = create_argument_parser().parse_args(argv)
    try:
        settings = ActionServerSettings.from_env()  # refuse bad values now, not on the first question
        if not settings.action_server_token.get_secret_value():
            raise ConfigurationError("ACTION_SERVER_TOKEN is empty; an action server without it would "
                                     "answer anyone who can reach its port (bot.launcher generates one)")
    except ConfigurationError as exc:
        print(f"Cấu hình không hợp lệ: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel, args.logging_config_file
    )
    utils.update_sanic_log_level()
    install_masking()
    app = secure_app(create_app(args.actions, cors_origins=args.cors, auto_reload=args.auto_reload),
                     settings.action_server_token.get_secret_value())
    logger.info("action server on http://%s:%d (token required)", settings.action_server_host, args.port)
    app.run(settings.action_server_host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main(sys.argv[1:])
