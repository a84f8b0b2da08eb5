"""`python -m connectors`: the web service on WEB_HOST:WEB_PORT, plus Telegram polling."""

from __future__ import annotations

import logging
import sys

import uvicorn

from common.settings import ConfigurationError, ConnectorSettings
from connectors.core.logging_utils import install_log_masking
from connectors.web.app import create_app


def main() -> int:
    """Run until Ctrl-C; uvicorn's shutdown runs the app lifespan, which stops polling."""
    try:
        settings = ConnectorSettings.from_env()
    except ConfigurationError as exc:
        print(f"Cấu hình không hợp lệ: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=getattr(logging, settings.log_level.upper(), logging.INFO),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_log_masking(settings.secrets())
    polling = settings.telegram_enabled and not settings.telegram_webhook_mode
    app = create_app(settings, telegram_polling=polling)
    logging.getLogger("connectors").info(
        "web chat on http://%s:%d/ (Telegram: %s, Zalo: %s)",
        settings.web_host,
        settings.web_port,
        "webhook" if settings.telegram_webhook_mode else ("polling" if polling else "off"),
        "on" if settings.zalo_enabled else "off",
    )
    uvicorn.run(app, host=settings.web_host, port=settings.web_port, log_level="info",
                proxy_headers=True, timeout_graceful_shutdown=15, ws="none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
