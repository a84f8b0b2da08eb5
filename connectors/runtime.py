"""Builds and runs every connector service from ConnectorSettings (no I/O until `start`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine

from common.db import make_engine, make_session_factory, utcnow
from common.handover_settings import HandoverSettings
from common.settings import ConnectorSettings
from connectors.core import texts
from connectors.core.background import BackgroundTasks
from connectors.core.dedup import DedupStore
from connectors.core.handover_flow import HandoverDesk
from connectors.core.logging_utils import install_log_masking
from connectors.core.outbound import WEBCHAT_CHANNEL, Outbound, WebInbox, WebInboxOutput
from connectors.core.pipeline import ChannelOutput, Pipeline
from connectors.core.rasa_client import RasaClient
from connectors.core.ratelimit import SlidingWindowLimiter
from connectors.core.replies import BotMessage
from connectors.core.retention import purge_personal_data
from connectors.core.send_once import SendOnceGuard
from connectors.core.undelivered import UndeliveredStore
from connectors.telegram.callback_store import CallbackPayloadStore
from connectors.telegram.runtime import TelegramRuntime
from connectors.webchat.session import SessionSigner
from connectors.zalo.runtime import ZaloRuntime
from handover.ratings import RatingStore
from handover.store import Case, HandoverStore

logger = logging.getLogger(__name__)

DEDUP_RETENTION = timedelta(days=7)
MAINTENANCE_INTERVAL = 6 * 3600.0


class ConnectorRuntime:
    """Owns the DB engine, Rasa client, pipeline and the enabled platform runtimes."""

    def __init__(
        self,
        settings: ConnectorSettings,
        *,
        telegram_polling: bool = False,
        engine: Engine | None = None,
        handover_settings: HandoverSettings | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        settings.check()
        self.settings = settings
        self._owns_engine = engine is None
        self.engine = engine or make_engine(settings.effective_database_url)
        self.session_factory = make_session_factory(self.engine)
        self.dedup = DedupStore(self.session_factory, lease=timedelta(seconds=settings.turn_lease_seconds))
        self.undelivered = UndeliveredStore(self.session_factory)
        self.inbox = WebInbox(self.session_factory)
        self.callbacks = CallbackPayloadStore(self.session_factory)
        self.rasa = RasaClient(settings.rasa_url, timeout=settings.rasa_timeout,
                               max_connections=settings.max_concurrent_turns,
                               token=settings.rasa_auth_token.get_secret_value())
        self.webchat_sessions = SessionSigner(settings.webchat_session_secret.get_secret_value())
        # Sessions are free to get, so the web chat is also limited per client address (an office behind
        # one NAT address shares it: a generous multiple of the per-citizen limit).
        self.webchat_address_flood = SlidingWindowLimiter(settings.max_messages_per_minute * 10, 60.0)
        self.tasks = BackgroundTasks()
        self.handover = HandoverDesk(HandoverStore(self.session_factory, clock), RatingStore(self.session_factory, clock),
                                     handover_settings or HandoverSettings.from_env())
        self.pipeline = Pipeline(
            self.rasa,
            self.dedup,
            self.undelivered,
            tasks=self.tasks,
            flood_limiter=SlidingWindowLimiter(settings.max_messages_per_minute, 60.0),
            max_concurrent_turns=settings.max_concurrent_turns,
            handover=self.handover,
        )
        self.telegram: TelegramRuntime | None = None
        if settings.telegram_enabled:
            self.telegram = TelegramRuntime(
                settings, self.pipeline, self.callbacks, self.tasks, polling=telegram_polling
            )
        self.zalo: ZaloRuntime | None = None
        if settings.zalo_enabled:
            self.zalo = ZaloRuntime(settings, self.pipeline, self.session_factory,
                                    self.undelivered)
        outputs: dict[str, ChannelOutput] = {WEBCHAT_CHANNEL: WebInboxOutput(self.inbox)}
        if self.telegram is not None:
            outputs[self.telegram.output.channel] = self.telegram.output
        if self.zalo is not None:
            outputs[self.zalo.output.channel] = self.zalo.output
        self.outbound = Outbound(outputs, self.undelivered, SendOnceGuard(self.session_factory))
        self._maintenance: asyncio.Task[None] | None = None
        self._sweeper: asyncio.Task[None] | None = None

    def _should_migrate(self) -> bool:
        if self.settings.auto_migrate is not None:
            return self.settings.auto_migrate
        return self.engine.dialect.name == "sqlite"

    async def start(self) -> None:
        """Mask secrets in logs, migrate an embedded DB, seed tokens, start Telegram."""
        install_log_masking(self.settings.secrets())
        if self._should_migrate():
            from common.migrate import upgrade

            await asyncio.to_thread(upgrade, self.engine)
        if self.zalo is not None:
            await self.zalo.start()
        if self.telegram is not None:
            self.telegram.start()
        self._maintenance = asyncio.get_running_loop().create_task(self._maintain())
        self._sweeper = asyncio.get_running_loop().create_task(self._sweep_handovers())
        logger.info("connectors started: %s", ", ".join(self.outbound.channels))

    async def recover_interrupted(self) -> int:
        """Record turns a crash left claimed (older than the lease) for staff; web-chat citizens also
        find a note in their inbox. Returns how many."""
        turns = await asyncio.to_thread(self.dedup.recover)
        for turn in turns:
            logger.warning("a %s turn was interrupted by a crash; recorded in the undelivered log", turn.channel)
            prefix = f"{WEBCHAT_CHANNEL}:"
            if turn.channel == WEBCHAT_CHANNEL and turn.sender_id.startswith(prefix):
                await asyncio.to_thread(self.inbox.put, turn.sender_id[len(prefix):], texts.INTERRUPTED_TURN)
        return len(turns)

    async def _maintain(self) -> None:
        last_prune = float("-inf")
        loop = asyncio.get_running_loop()
        while True:
            try:
                await self.recover_interrupted()
            except Exception:
                logger.warning("recovering interrupted turns failed", exc_info=True)
            if loop.time() - last_prune >= MAINTENANCE_INTERVAL:
                last_prune = loop.time()
                try:
                    removed = await asyncio.to_thread(self.dedup.prune, DEDUP_RETENTION)
                    logger.debug("pruned %d processed-message ids", removed)
                    purged = await asyncio.to_thread(purge_personal_data, self.session_factory,
                                                     self.settings.retention_days)
                    logger.info("retention: removed %s", purged)
                except Exception:
                    logger.warning("pruning old personal data failed", exc_info=True)
            await asyncio.sleep(min(MAINTENANCE_INTERVAL, max(1.0, self.settings.turn_lease_seconds / 2)))

    async def _sweep_handovers(self) -> None:
        """Waiting conversations nobody claimed in time go to the inbox; their citizens are told."""
        async def tell(case: Case, notice: BotMessage) -> None:
            await self.outbound.send_replies(case.channel, case.sender_id, [notice])

        while True:
            try:
                await self.handover.sweep(tell)
            except Exception:
                logger.warning("timing out waiting handovers failed", exc_info=True)
            await asyncio.sleep(self.handover.settings.handover_sweep_seconds)

    async def stop(self, drain_timeout: float = 10.0) -> None:
        """Stop receiving, finish queued turns (up to `drain_timeout`), close everything."""
        for task in (self._maintenance, self._sweeper):
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        if self.telegram is not None:
            await self.telegram.stop_receiving()
        await self.tasks.drain(drain_timeout)
        if self.telegram is not None:
            await self.telegram.close()
        if self.zalo is not None:
            await self.zalo.stop()
        await self.rasa.aclose()
        if self._owns_engine:
            self.engine.dispose()
        logger.info("connectors stopped")
