"""Every process's settings class, for the checks that compare `.env.example` and compose with them."""

from __future__ import annotations

from common.console_settings import ConsoleSettings
from common.handover_settings import HandoverSettings
from common.scale_settings import ScaleSettings
from common.settings import ActionServerSettings, AppSettings, ConnectorSettings, PaknSettings, StackSettings

ALL_SETTINGS: tuple[type[AppSettings], ...] = (
    ActionServerSettings, PaknSettings, ConnectorSettings, StackSettings, ConsoleSettings, ScaleSettings,
    HandoverSettings,
)
# Read by tools around the processes, not by them: tests, docker compose.
NOT_PROCESS_SETTINGS: frozenset[str] = frozenset({"TEST_DATABASE_URL", "POSTGRES_PASSWORD"})
