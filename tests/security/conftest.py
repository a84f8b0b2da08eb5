"""The security suite (issue 13) reuses the connector fixtures: fake platforms, settings, the app runner."""

from tests.connectors.conftest import (  # noqa: F401 - fixtures are found by name
    _rasa_server,
    _telegram_server,
    _zalo_server,
    base_settings,
    dead_url,
    fake_rasa,
    fake_telegram,
    fake_zalo,
    start_connector,
    telegram_settings,
    zalo_settings,
)
