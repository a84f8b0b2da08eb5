"""Wires the Zalo side: client, token manager, output, and dispatch of verified events."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from common.settings import ConnectorSettings
from connectors.core.pipeline import Pipeline
from connectors.core.secretbox import SecretBox
from connectors.core.undelivered import UndeliveredStore
from connectors.zalo.client import ZaloClient
from connectors.zalo.events import CHANNEL, parse_event
from connectors.zalo.output import ZaloOutput
from connectors.zalo.render import ButtonStyle
from connectors.zalo.signature import verify_raw, verify_signature
from connectors.zalo.tokens import ZaloTokenManager, ZaloTokenStore

logger = logging.getLogger(__name__)


class ZaloRuntime:
    """Everything the Zalo webhook and the outbound interface need."""

    def __init__(
        self,
        settings: ConnectorSettings,
        pipeline: Pipeline,
        session_factory: sessionmaker[Session],
        undelivered: UndeliveredStore,
    ) -> None:
        self._settings = settings
        self._pipeline = pipeline
        self._undelivered = undelivered
        self.client = ZaloClient(
            settings.zalo_api_base_url,
            settings.zalo_oauth_base_url,
            settings.zalo_app_id,
            settings.zalo_app_secret.get_secret_value(),
        )
        self.store = ZaloTokenStore(session_factory, SecretBox(settings.secrets_key.get_secret_value()))
        self.tokens = ZaloTokenManager(self.store, self.client, settings.zalo_app_id)
        self.output = ZaloOutput(
            self.client,
            self.tokens,
            style=ButtonStyle(
                button_type=settings.zalo_button_type,
                max_buttons=settings.zalo_max_buttons,
                title_max=settings.zalo_button_title_max,
            ),
            base_delay=settings.zalo_retry_base_delay,
        )
        self._pending: set[asyncio.Task[Any]] = set()

    async def start(self) -> None:
        """Seed the token table from the environment (DB tokens win once refreshed)."""
        if not self._settings.zalo_oa_secret_key.get_secret_value():
            logger.warning("ZALO_OA_SECRET_KEY is empty: every Zalo webhook call will get 401")
        await asyncio.to_thread(
            self.store.seed,
            self._settings.zalo_app_id,
            self._settings.zalo_access_token.get_secret_value(),
            self._settings.zalo_refresh_token.get_secret_value(),
        )

    async def stop(self) -> None:
        """Close the HTTP client."""
        if self._pending:
            await asyncio.wait(set(self._pending), timeout=5)
        await self.client.aclose()

    @property
    def app_id(self) -> str:
        """The configured Zalo app id."""
        return self._settings.zalo_app_id

    def verify_raw(self, header_value: str, raw_body: bytes) -> bool:
        """Check the signature on the raw bytes, before anything is parsed."""
        settings = self._settings
        return verify_raw(header_value, raw_body, settings.zalo_app_id, settings.zalo_webhook_mac_id_field,
                          settings.zalo_oa_secret_key.get_secret_value())

    def verify(self, header_value: str, raw_body: bytes, event: Mapping[str, Any]) -> bool:
        """Check the signature; the body's app_id must also be ours."""
        settings = self._settings
        if str(event.get("app_id", "")) != settings.zalo_app_id:
            return False
        return verify_signature(
            header_value,
            str(event.get(settings.zalo_webhook_mac_id_field, "")),
            raw_body,
            str(event.get("timestamp", "")),
            settings.zalo_oa_secret_key.get_secret_value(),
        )

    def dispatch(self, event: Mapping[str, Any]) -> str:
        """Queue a verified event for background processing; returns what was done."""
        parsed = parse_event(event)
        if parsed.incoming is not None:
            self._pipeline.submit(parsed.incoming, self.output)
            return "queued"
        if parsed.unsupported_user:
            task = asyncio.get_running_loop().create_task(asyncio.to_thread(
                self._undelivered.record, CHANNEL, f"{CHANNEL}:{parsed.unsupported_user}",
                "", f"unsupported_event: {event.get('event_name')}",
            ))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)
        logger.debug("Zalo event ignored: %s", parsed.ignored_reason)
        return parsed.ignored_reason
