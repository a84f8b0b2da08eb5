"""ConnectorSettings from the environment; secrets never shown."""

from __future__ import annotations

import pytest

from common.settings import ConfigurationError, ConnectorSettings


def test_defaults() -> None:
    settings = ConnectorSettings.from_env({})
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
    settings = ConnectorSettings.from_env(env)
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
        ConnectorSettings.from_env({"WEB_PORT": "eighty"})
    with pytest.raises(ConfigurationError, match="SECRET"):
        ConnectorSettings(telegram_bot_token="1:x", telegram_webhook_url="https://x").check()
    with pytest.raises(ConfigurationError, match="A-Z"):
        ConnectorSettings(telegram_webhook_secret="có dấu").check()


def test_internal_api_settings() -> None:
    assert ConnectorSettings.from_env({}).internal_url == "http://127.0.0.1:8000"
    assert not ConnectorSettings.from_env({}).internal_api_enabled
    token = "t" * 40
    settings = ConnectorSettings.from_env({"CONNECTORS_INTERNAL_URL": "http://web:8000/", "STAFF_API_TOKEN": token})
    assert settings.internal_url == "http://web:8000" and settings.internal_api_enabled
    assert token not in repr(settings) and token in settings.secrets()
    settings.check()
    with pytest.raises(ConfigurationError, match="STAFF_API_TOKEN") as err:
        ConnectorSettings(staff_api_token="short-token").check()
    assert "short-token" not in str(err.value)
    with pytest.raises(ConfigurationError, match="STAFF_API_TOKEN"):
        ConnectorSettings(staff_api_token="x" * 40 + " y").check()
    with pytest.raises(ConfigurationError, match="CONNECTORS_INTERNAL_URL"):
        ConnectorSettings(internal_url="web:8000").check()
