"""ChannelOutput that collects replies for the synchronous web-chat answer."""

from __future__ import annotations

from collections.abc import Sequence

from connectors.core.outbound import WEBCHAT_CHANNEL
from connectors.core.replies import BotMessage, SendOutcome, coalesce


class CollectingOutput:
    """Keeps the replies of one turn so the HTTP handler can return them."""

    channel = WEBCHAT_CHANNEL

    def __init__(self) -> None:
        self.replies: list[BotMessage] = []

    async def typing(self, user_id: str) -> None:
        """The page shows its own typing indicator."""

    async def send(self, user_id: str, replies: Sequence[BotMessage]) -> SendOutcome:
        """Collect (coalesced) replies."""
        merged = coalesce(replies)
        self.replies.extend(merged)
        return SendOutcome.success(len(merged))
