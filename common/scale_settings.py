"""Settings of the scale-out topology (`make scale`): the shared engines and how many replicas to start."""

from __future__ import annotations

from pydantic import Field, SecretStr
from sqlalchemy.engine import make_url

from common.settings import ConfigurationError, StackSettings, _env


class ScaleSettings(StackSettings):
    """Where PostgreSQL, Redis and RabbitMQ are, the public port, and the replica counts (bot/topology.py)."""

    # KB, PAKN and the connectors' state; and Rasa's SQL tracker store (its own database, created if missing).
    scale_database_url: str = Field(default="postgresql://postgres@127.0.0.1:5432/tthc_scale",
                                    validation_alias=_env("SCALE_DATABASE_URL", "scale_database_url"))
    tracker_database_url: str = Field(default="postgresql://postgres@127.0.0.1:5432/tthc_trackers",
                                      validation_alias=_env("TRACKER_DATABASE_URL", "tracker_database_url"))
    redis_host: str = "127.0.0.1"
    redis_port: int = Field(default=6379, ge=1, le=65535)
    redis_password: SecretStr = SecretStr("")
    rabbitmq_host: str = "127.0.0.1"
    rabbitmq_port: int = Field(default=5672, ge=1, le=65535)
    # RabbitMQ's own default account, which it accepts from the loopback interface only; set both elsewhere.
    rabbitmq_username: str = "guest"
    rabbitmq_password: SecretStr = SecretStr("")
    scale_public_port: int = Field(default=8080, ge=1, le=65535,
                                   validation_alias=_env("SCALE_PUBLIC_PORT", "scale_public_port"))
    scale_rasa_replicas: int = Field(default=2, ge=1, le=8,
                                     validation_alias=_env("SCALE_RASA_REPLICAS", "scale_rasa_replicas"))
    scale_action_replicas: int = Field(default=2, ge=1, le=8,
                                       validation_alias=_env("SCALE_ACTION_REPLICAS", "scale_action_replicas"))
    scale_web_replicas: int = Field(default=2, ge=1, le=8,
                                    validation_alias=_env("SCALE_WEB_REPLICAS", "scale_web_replicas"))

    @property
    def effective_rabbitmq_password(self) -> str:
        """The configured password, else RabbitMQ's loopback-only default account's."""
        return self.rabbitmq_password.get_secret_value() or ("guest" if self.rabbitmq_username == "guest" else "")

    def check(self) -> None:
        """Both databases must be PostgreSQL (several processes write them at once)."""
        super().check()
        for var, url in (("SCALE_DATABASE_URL", self.scale_database_url),
                         ("TRACKER_DATABASE_URL", self.tracker_database_url)):
            try:
                parsed = make_url(url)
            except Exception:
                raise ConfigurationError(f"{var} is not a database URL") from None
            if not parsed.drivername.startswith("postgresql") or not parsed.database:
                raise ConfigurationError(f"{var} must be a postgresql://…/<database> URL")
