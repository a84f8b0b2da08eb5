"""Connector settings read from the environment; secrets are masked in repr."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy.engine import make_url

from connectors.exceptions import ConfigurationError
from procedures_kb.db import database_url

SECRET_FIELDS: frozenset[str] = frozenset(
    {
        "telegram_bot_token",
        "telegram_webhook_secret",
        "zalo_app_secret",
        "zalo_oa_secret_key",
        "zalo_access_token",
        "zalo_refresh_token",
        "staff_api_token",
    }
)

MIN_STAFF_TOKEN_CHARS = 32


def _text(env: Mapping[str, str], name: str, default: str = "") -> str:
    return env.get(name, default).strip() or default


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be an integer, got {raw!r}") from exc


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a number, got {raw!r}") from exc


def _mask_url_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "***"


@dataclass(frozen=True)
class Settings:
    """Every setting of the connectors; build with `Settings.from_env()`."""

    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout: float = 30.0
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    database_url: str = ""
    auto_migrate: bool | None = None
    telegram_bot_token: str = ""
    telegram_api_base_url: str = "https://api.telegram.org"
    telegram_webhook_url: str = ""
    telegram_webhook_secret: str = ""
    telegram_poll_timeout: int = 10
    telegram_max_retry_after: float = 60.0
    telegram_max_messages_per_second: float = 25.0
    zalo_app_id: str = ""
    zalo_app_secret: str = ""
    zalo_oa_secret_key: str = ""
    zalo_access_token: str = ""
    zalo_refresh_token: str = ""
    zalo_api_base_url: str = "https://openapi.zalo.me"
    zalo_oauth_base_url: str = "https://oauth.zaloapp.com"
    zalo_webhook_mac_id_field: str = "app_id"
    zalo_button_type: str = "oa.query.hide"
    zalo_max_buttons: int = 4
    zalo_button_title_max: int = 100
    zalo_retry_base_delay: float = 1.0
    max_messages_per_minute: int = 20
    max_concurrent_turns: int = 16
    internal_url: str = "http://127.0.0.1:8000"
    staff_api_token: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from `env` (default: `os.environ`)."""
        env = os.environ if env is None else env
        auto_migrate_raw = env.get("CONNECTORS_AUTO_MIGRATE", "").strip().lower()
        return cls(
            rasa_url=_text(env, "RASA_URL", cls.rasa_url).rstrip("/"),
            rasa_timeout=_float(env, "RASA_TIMEOUT", cls.rasa_timeout),
            web_host=_text(env, "WEB_HOST", cls.web_host),
            web_port=_int(env, "WEB_PORT", cls.web_port),
            database_url=_text(env, "DATABASE_URL") or database_url(),
            auto_migrate=None if not auto_migrate_raw else auto_migrate_raw in {"1", "true", "yes"},
            telegram_bot_token=_text(env, "TELEGRAM_BOT_TOKEN"),
            telegram_api_base_url=_text(
                env, "TELEGRAM_API_BASE_URL", cls.telegram_api_base_url
            ).rstrip("/"),
            telegram_webhook_url=_text(env, "TELEGRAM_WEBHOOK_URL"),
            telegram_webhook_secret=_text(env, "TELEGRAM_WEBHOOK_SECRET"),
            telegram_poll_timeout=_int(env, "TELEGRAM_POLL_TIMEOUT", cls.telegram_poll_timeout),
            telegram_max_retry_after=_float(
                env, "TELEGRAM_MAX_RETRY_AFTER", cls.telegram_max_retry_after
            ),
            telegram_max_messages_per_second=_float(
                env, "TELEGRAM_MAX_MESSAGES_PER_SECOND", cls.telegram_max_messages_per_second
            ),
            zalo_app_id=_text(env, "ZALO_APP_ID"),
            zalo_app_secret=_text(env, "ZALO_APP_SECRET"),
            zalo_oa_secret_key=_text(env, "ZALO_OA_SECRET_KEY"),
            zalo_access_token=_text(env, "ZALO_ACCESS_TOKEN"),
            zalo_refresh_token=_text(env, "ZALO_REFRESH_TOKEN"),
            zalo_api_base_url=_text(env, "ZALO_API_BASE_URL", cls.zalo_api_base_url).rstrip("/"),
            zalo_oauth_base_url=_text(
                env, "ZALO_OAUTH_BASE_URL", cls.zalo_oauth_base_url
            ).rstrip("/"),
            zalo_webhook_mac_id_field=_text(
                env, "ZALO_WEBHOOK_MAC_ID_FIELD", cls.zalo_webhook_mac_id_field
            ),
            zalo_button_type=_text(env, "ZALO_BUTTON_TYPE", cls.zalo_button_type),
            zalo_max_buttons=_int(env, "ZALO_MAX_BUTTONS", cls.zalo_max_buttons),
            zalo_button_title_max=_int(env, "ZALO_BUTTON_TITLE_MAX", cls.zalo_button_title_max),
            zalo_retry_base_delay=_float(
                env, "ZALO_RETRY_BASE_DELAY", cls.zalo_retry_base_delay
            ),
            max_messages_per_minute=_int(
                env, "CONNECTORS_MAX_MESSAGES_PER_MINUTE", cls.max_messages_per_minute
            ),
            max_concurrent_turns=_int(
                env, "CONNECTORS_MAX_CONCURRENT_TURNS", cls.max_concurrent_turns
            ),
            internal_url=_text(env, "CONNECTORS_INTERNAL_URL", cls.internal_url).rstrip("/"),
            staff_api_token=_text(env, "STAFF_API_TOKEN"),
        )

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with some fields changed (used by tests and the benchmark)."""
        return replace(self, **changes)

    @property
    def effective_database_url(self) -> str:
        """The configured database URL, else the project default."""
        return self.database_url or database_url()

    @property
    def telegram_enabled(self) -> bool:
        """True when a bot token is configured."""
        return bool(self.telegram_bot_token)

    @property
    def telegram_webhook_mode(self) -> bool:
        """True when updates arrive by webhook instead of long polling."""
        return self.telegram_enabled and bool(self.telegram_webhook_url)

    @property
    def zalo_enabled(self) -> bool:
        """True when the Zalo OA app id is configured."""
        return bool(self.zalo_app_id)

    @property
    def internal_api_enabled(self) -> bool:
        """True when `POST /internal/outbound` is served (STAFF_API_TOKEN is set)."""
        return bool(self.staff_api_token)

    def secrets(self) -> list[str]:
        """Every non-empty secret value, for masking in logs."""
        values = [str(getattr(self, name)) for name in SECRET_FIELDS]
        return [v for v in values if v]

    def validate(self) -> None:
        """Raise ConfigurationError for combinations that would run insecurely."""
        if self.telegram_webhook_mode and not self.telegram_webhook_secret:
            raise ConfigurationError(
                "TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is empty; "
                "a webhook without a secret token would accept forged updates."
            )
        secret = self.telegram_webhook_secret
        if secret and not all(c.isascii() and (c.isalnum() or c in "_-") for c in secret):
            raise ConfigurationError("TELEGRAM_WEBHOOK_SECRET may only use A-Z a-z 0-9 _ -")
        if len(secret) > 256:
            raise ConfigurationError("TELEGRAM_WEBHOOK_SECRET is longer than 256 characters")
        if self.telegram_max_messages_per_second <= 0:
            raise ConfigurationError("TELEGRAM_MAX_MESSAGES_PER_SECOND must be positive")
        if self.max_concurrent_turns < 1:
            raise ConfigurationError("CONNECTORS_MAX_CONCURRENT_TURNS must be at least 1")
        if self.zalo_max_buttons < 1:
            raise ConfigurationError("ZALO_MAX_BUTTONS must be at least 1")
        token = self.staff_api_token
        if token and (len(token) < MIN_STAFF_TOKEN_CHARS or not all(33 <= ord(c) < 127 for c in token)):
            raise ConfigurationError(
                f"STAFF_API_TOKEN must be at least {MIN_STAFF_TOKEN_CHARS} printable ASCII characters "
                "without spaces; generate one with python -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        if not self.internal_url.startswith(("http://", "https://")):
            raise ConfigurationError("CONNECTORS_INTERNAL_URL must start with http:// or https://")

    def __repr__(self) -> str:
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in SECRET_FIELDS:
                shown = "'***'" if value else "''"
            elif f.name == "database_url" and value:
                shown = repr(_mask_url_password(str(value)))
            else:
                shown = repr(value)
            parts.append(f"{f.name}={shown}")
        return f"Settings({', '.join(parts)})"

    __str__ = __repr__
