"""Settings from the environment; secrets never shown."""

from __future__ import annotations

import pytest

from connectors.exceptions import ConfigurationError
from connectors.settings import Settings


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.rasa_url == "http://127.0.0.1:5005"
    assert (settings.web_host, settings.web_port) == ("127.0.0.1", 8000)
    assert settings.telegram_api_base_url == "https://api.telegram.org"
    assert settings.zalo_api_base_url == "https://openapi.zalo.me"
    assert settings.zalo_oauth_base_url == "https://oauth.zaloapp.com"
    assert not settings.telegram_enabled and not settings.zalo_enabled


def test_from_env_and_masked_repr() -> None:
    env = {
        "RASA_URL": "http://rasa:5005/", "WEB_PORT": "9000",
        "TELEGRAM_BOT_TOKEN": "123:secret-token", "TELEGRAM_WEBHOOK_URL": "https://x/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": "s3cr3t_hook", "ZALO_APP_ID": "42",
        "ZALO_APP_SECRET": "app-secret", "ZALO_OA_SECRET_KEY": "oa-secret",
        "ZALO_ACCESS_TOKEN": "at-secret", "ZALO_REFRESH_TOKEN": "rt-secret",
        "DATABASE_URL": "postgresql://u:db-password@h/db",
    }
    settings = Settings.from_env(env)
    assert settings.rasa_url == "http://rasa:5005"
    assert settings.web_port == 9000
    assert settings.telegram_webhook_mode and settings.zalo_enabled
    shown = repr(settings) + str(settings)
    for secret in ("secret-token", "s3cr3t_hook", "app-secret", "oa-secret", "at-secret",
                   "rt-secret", "db-password"):
        assert secret not in shown
    assert set(settings.secrets()) == {"123:secret-token", "s3cr3t_hook", "app-secret",
                                       "oa-secret", "at-secret", "rt-secret"}


def test_bad_values_are_reported() -> None:
    with pytest.raises(ConfigurationError, match="WEB_PORT"):
        Settings.from_env({"WEB_PORT": "eighty"})
    with pytest.raises(ConfigurationError, match="SECRET"):
        Settings(telegram_bot_token="1:x", telegram_webhook_url="https://x").validate()
    with pytest.raises(ConfigurationError, match="A-Z"):
        Settings(telegram_webhook_secret="có dấu").validate()
