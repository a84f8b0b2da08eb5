"""Run the rasa_sdk action server with phone and ID numbers masked in every log handler."""

from __future__ import annotations

import logging
import sys

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_argument_parser, run

from common.pii import PiiMaskingFilter
from common.settings import ActionServerSettings, ConfigurationError


def install_masking() -> None:
    """Attach the PII masking filter to every handler of the root and rasa_sdk loggers."""
    mask = PiiMaskingFilter()
    for logger in (logging.getLogger(), logging.getLogger(APPLICATION_ROOT_LOGGER_NAME)):
        for handler in logger.handlers:
            if not any(isinstance(f, PiiMaskingFilter) for f in handler.filters):
                handler.addFilter(mask)


def main(argv: list[str] | None = None) -> None:
    """Same options as `python -m rasa_sdk`; logging is configured, then masked, then the server runs."""
    args = create_argument_parser().parse_args(argv)
    try:
        ActionServerSettings.from_env()  # refuse bad values now, not on the first citizen question
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
    run(args.actions, args.port, args.cors, args.ssl_certificate, args.ssl_keyfile, args.ssl_password,
        args.auto_reload)


if __name__ == "__main__":
    main(sys.argv[1:])
