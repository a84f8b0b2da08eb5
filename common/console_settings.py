"""Settings of the staff console process (its own private address, sessions, the Rasa it may ask)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, SecretStr, field_validator

from common.settings import ConfigurationError, PaknSettings, _env


class ConsoleSettings(PaknSettings):
    """The staff console (own process, private address): where it listens, sessions, the Rasa it may ask."""

    console_host: str = "127.0.0.1"
    console_port: int = Field(default=8001, ge=1, le=65535)
    console_session_hours: float = Field(default=10.0, gt=0, le=24 * 7)
    # Send cookies only over HTTPS (set when a TLS proxy is in front of the console).
    console_secure_cookies: bool = False
    # Rasa's HTTP API (`rasa run --enable-api`): its procedure ranking joins the desk search when it answers.
    console_rasa_url: str = Field(default="", validation_alias=_env("CONSOLE_RASA_URL", "console_rasa_url"))
    console_rasa_timeout: float = Field(default=0.3, gt=0, le=10)
    rasa_auth_token: SecretStr = SecretStr("")  # Rasa's HTTP API token (`make run`: var/secrets/rasa_auth_token)
    console_max_login_failures: int = Field(default=5, ge=1)
    # Rasa's SQL tracker store (read only), the source of the conversation analytics; empty = none.
    console_tracker_db_url: SecretStr = SecretStr("")
    tthc_today: dt.date | None = None

    @field_validator("console_rasa_url")
    @classmethod
    def _rasa_no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    def check(self) -> None:
        """The console is for the staff network: refuse a non-HTTP Rasa URL."""
        if self.console_rasa_url and not self.console_rasa_url.startswith(("http://", "https://")):
            raise ConfigurationError("CONSOLE_RASA_URL must start with http:// or https://")
