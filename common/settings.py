"""Every setting of every process, read from the environment with pydantic-settings.

Each process builds its settings once at start with `<Class>.from_env()`, which refuses bad values
with a `ConfigurationError` naming the variable (and never echoing a secret). Secrets are
`SecretStr`. Nothing outside `common/` reads `os.environ`; `.env.example` lists exactly the
variables declared here (a test compares them).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO_ROOT / "var" / "tthc.db"
# Secrets as files named after the setting (e.g. var/secrets/staff_api_token, written by `make run`);
# an environment variable of the same name wins.
SECRETS_DIR = REPO_ROOT / "var" / "secrets"
MIN_STAFF_TOKEN_CHARS = 32

S = TypeVar("S", bound="AppSettings")


class ConfigurationError(ValueError):
    """A setting is malformed or unsafe; the message names the environment variable."""


def _env(name: str, field: str) -> Any:
    """A field read from `name` (the environment variable), also settable by its field name."""
    return AliasChoices(name, field)


def _mask_url_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "***"


class AppSettings(BaseSettings):
    """Base of every settings class: empty variables mean the default; unknown ones are ignored."""

    model_config = SettingsConfigDict(
        frozen=True, extra="ignore", env_ignore_empty=True, validate_by_name=True, validate_by_alias=True,
        str_strip_whitespace=True, hide_input_in_errors=True,
    )

    @classmethod
    def env_names(cls) -> dict[str, str]:
        """Field name → the environment variable it is read from."""
        out: dict[str, str] = {}
        for name, info in cls.model_fields.items():
            alias = info.validation_alias
            if isinstance(alias, AliasChoices):
                out[name] = str(alias.choices[0]).upper()
            else:
                out[name] = name.upper()
        return out

    @classmethod
    def from_env(cls: type[S], env: Mapping[str, str] | None = None) -> S:
        """Settings from `env` (default: the process environment and SECRETS_DIR), checked.

        Raises ConfigurationError naming the variable when a value is malformed or unsafe.
        """
        try:
            if env is None:
                sources: dict[str, Any] = {"_secrets_dir": SECRETS_DIR if SECRETS_DIR.is_dir() else None}
                settings = cls(**sources)
            else:
                upper = {k.upper(): v for k, v in env.items()}
                data = {field: upper[var] for field, var in cls.env_names().items() if upper.get(var, "").strip()}
                settings = cls.model_validate(data)
        except ValidationError as exc:
            raise ConfigurationError(cls._describe(exc)) from None
        settings.check()
        return settings

    @classmethod
    def _describe(cls, exc: ValidationError) -> str:
        names = cls.env_names()
        by_var = {var: var for var in names.values()}
        problems = []
        for error in exc.errors(include_input=False, include_url=False):
            loc = str(error["loc"][0]) if error["loc"] else "?"
            var = names.get(loc) or by_var.get(loc.upper(), loc.upper())
            problems.append(f"{var}: {error['msg']}")
        return "; ".join(problems)

    def check(self) -> None:
        """Cross-field checks (subclasses); raise ConfigurationError."""

    def with_overrides(self: S, **changes: Any) -> S:
        """A validated copy with some fields changed (tests and the benchmark)."""
        return type(self).model_validate({**dict(self), **changes})

    def __repr_args__(self) -> Any:
        for name, value in super().__repr_args__():
            if name == "database_url" and value:
                yield name, _mask_url_password(str(value))
            else:
                yield name, value


class DatabaseSettings(AppSettings):
    """DATABASE_URL: the KB, the PAKN log and the connectors' state (default: SQLite under var/)."""

    database_url: str = ""

    @property
    def effective_database_url(self) -> str:
        """The configured database URL, else the embedded SQLite file."""
        return self.database_url or f"sqlite:///{DEFAULT_SQLITE_PATH}"


class ActionServerSettings(DatabaseSettings):
    """The rasa_sdk action server: KB snapshot lifetime, the date answers are given for, who may call it."""

    kb_cache_seconds: float = Field(default=60.0, gt=0)
    tthc_today: dt.date | None = None
    log_level: str = "INFO"
    action_server_host: str = "127.0.0.1"
    # Rasa sends it as `Authorization: Bearer …` (endpoints.yml); `bot.action_server` refuses to start without it.
    action_server_token: SecretStr = SecretStr("")

    def check(self) -> None:
        """A token that is set must be strong."""
        _check_token("ACTION_SERVER_TOKEN", self.action_server_token)


class StackSettings(AppSettings):
    """Tokens `python -m bot.launcher` hands to Rasa and the action server (generated when empty)."""

    rasa_auth_token: SecretStr = SecretStr("")
    action_server_token: SecretStr = SecretStr("")

    def check(self) -> None:
        """Tokens that are set must be strong."""
        _check_token("RASA_AUTH_TOKEN", self.rasa_auth_token)
        _check_token("ACTION_SERVER_TOKEN", self.action_server_token)


def _check_token(name: str, value: SecretStr, *, required: bool = False) -> None:
    token = value.get_secret_value()
    if (token or required) and (len(token) < MIN_STAFF_TOKEN_CHARS or not all(33 <= ord(c) < 127 for c in token)):
        raise ConfigurationError(
            f"{name} must be at least {MIN_STAFF_TOKEN_CHARS} printable ASCII characters without spaces; "
            "generate one with python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )


class PaknSettings(DatabaseSettings):
    """PAKN: retention, answer deadline, and how staff answers reach the connectors' outbound API."""

    retention_days: int = Field(default=365, ge=1, validation_alias=_env("PAKN_RETENTION_DAYS", "retention_days"))
    due_working_days: int = Field(default=10, ge=1,
                                  validation_alias=_env("PAKN_DUE_WORKING_DAYS", "due_working_days"))
    internal_url: str = Field(default="http://127.0.0.1:8000",
                              validation_alias=_env("CONNECTORS_INTERNAL_URL", "internal_url"))
    staff_api_token: SecretStr = SecretStr("")

    @field_validator("internal_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")


class ConnectorSettings(DatabaseSettings):
    """The citizen-facing web process: web chat, Telegram, Zalo, the internal outbound API."""

    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout: float = 30.0
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    log_level: str = "INFO"
    auto_migrate: bool | None = Field(default=None, validation_alias=_env("CONNECTORS_AUTO_MIGRATE", "auto_migrate"))
    telegram_bot_token: SecretStr = SecretStr("")
    telegram_api_base_url: str = "https://api.telegram.org"
    telegram_webhook_url: str = ""
    telegram_webhook_secret: SecretStr = SecretStr("")
    telegram_poll_timeout: int = 10
    telegram_max_retry_after: float = 60.0
    telegram_max_messages_per_second: float = 25.0
    zalo_app_id: str = ""
    zalo_app_secret: SecretStr = SecretStr("")
    zalo_oa_secret_key: SecretStr = SecretStr("")
    zalo_access_token: SecretStr = SecretStr("")
    zalo_refresh_token: SecretStr = SecretStr("")
    zalo_api_base_url: str = "https://openapi.zalo.me"
    zalo_oauth_base_url: str = "https://oauth.zaloapp.com"
    zalo_webhook_mac_id_field: str = "app_id"
    zalo_button_type: str = "oa.query.hide"
    zalo_max_buttons: int = 4
    zalo_button_title_max: int = 100
    zalo_retry_base_delay: float = 1.0
    zalo_event_max_age_seconds: int = Field(default=3600, ge=60)  # replay window on the signed event timestamp
    max_messages_per_minute: int = Field(
        default=20, validation_alias=_env("CONNECTORS_MAX_MESSAGES_PER_MINUTE", "max_messages_per_minute"))
    max_concurrent_turns: int = Field(
        default=16, validation_alias=_env("CONNECTORS_MAX_CONCURRENT_TURNS", "max_concurrent_turns"))
    internal_url: str = Field(default="http://127.0.0.1:8000",
                              validation_alias=_env("CONNECTORS_INTERNAL_URL", "internal_url"))
    staff_api_token: SecretStr = SecretStr("")
    rasa_auth_token: SecretStr = SecretStr("")  # sent to Rasa's REST channel (rasa_project/channels)
    # Signs the web-chat session cookie; empty = a random key per process (sessions end at restart).
    webchat_session_secret: SecretStr = SecretStr("")
    max_body_bytes: int = Field(default=256 * 1024, ge=1024,
                                validation_alias=_env("CONNECTORS_MAX_BODY_BYTES", "max_body_bytes"))
    # Fernet key sealing stored platform tokens (Zalo OA); empty = plain text, with a warning.
    secrets_key: SecretStr = Field(default=SecretStr(""),
                                   validation_alias=_env("CONNECTORS_SECRETS_KEY", "secrets_key"))
    retention_days: int = Field(default=90, ge=1,
                                validation_alias=_env("CONNECTORS_RETENTION_DAYS", "retention_days"))
    # A claimed turn older than this is taken as interrupted by a crash (recorded, redelivery answered).
    turn_lease_seconds: float = Field(default=120.0, gt=0,
                                      validation_alias=_env("CONNECTORS_TURN_LEASE_SECONDS", "turn_lease_seconds"))

    @field_validator("rasa_url", "telegram_api_base_url", "zalo_api_base_url", "zalo_oauth_base_url", "internal_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def telegram_enabled(self) -> bool:
        """True when a bot token is configured."""
        return bool(self.telegram_bot_token.get_secret_value())

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
        return bool(self.staff_api_token.get_secret_value())

    def secrets(self) -> list[str]:
        """Every non-empty secret value, for masking in logs."""
        values = [v.get_secret_value() for v in dict(self).values() if isinstance(v, SecretStr)]
        return [v for v in values if v]

    def check(self) -> None:
        """Raise ConfigurationError for combinations that would run insecurely."""
        secret = self.telegram_webhook_secret.get_secret_value()
        if self.telegram_webhook_mode and not secret:
            raise ConfigurationError(
                "TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is empty; "
                "a webhook without a secret token would accept forged updates."
            )
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
        _check_token("STAFF_API_TOKEN", self.staff_api_token)
        _check_token("RASA_AUTH_TOKEN", self.rasa_auth_token)
        _check_token("WEBCHAT_SESSION_SECRET", self.webchat_session_secret)
        key = self.secrets_key.get_secret_value()
        if key and (len(key) != 44 or not key.endswith("=")):
            raise ConfigurationError("CONNECTORS_SECRETS_KEY must be a Fernet key (44 characters): "
                                     "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'")
        if not self.internal_url.startswith(("http://", "https://")):
            raise ConfigurationError("CONNECTORS_INTERNAL_URL must start with http:// or https://")


def process_environment(**extra: str) -> dict[str, str]:
    """A copy of this process's environment plus `extra`, for starting child processes."""
    env = dict(os.environ)
    env.update(extra)
    return env
