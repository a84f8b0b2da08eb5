"""Helpers shared by the actions: reading the tracker, sending replies, failing politely."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.compose import Reply
from bot.kb_access import knowledge_base
from procedures_kb.repository import KnowledgeBase
from procedures_kb.schema import Procedure
from vi_text.ranker_labels import NONE_LABEL

logger = logging.getLogger(__name__)

KB_DOWN_MESSAGE = (
    "Xin lỗi, hệ thống tra cứu thủ tục đang tạm gián đoạn nên tôi chưa trả lời được. "
    "Bạn vui lòng thử lại sau ít phút."
)


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """Utter a composed reply with its buttons."""
    dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)


async def load_kb(dispatcher: CollectingDispatcher) -> KnowledgeBase | None:
    """The KB snapshot, or None after telling the citizen politely and logging why.

    A reload reads the database: it runs in a worker thread so other conversations go on meanwhile.
    """
    try:
        kb = await asyncio.to_thread(knowledge_base)
    except Exception:  # database down or unreadable: the citizen must still get an answer
        logger.exception("knowledge base unavailable")
        dispatcher.utter_message(text=KB_DOWN_MESSAGE)
        return None
    if not kb.procedures:
        logger.error("knowledge base is empty: run the loader (make kb)")
        dispatcher.utter_message(text=KB_DOWN_MESSAGE)
        return None
    return kb


def latest_text(tracker: Tracker) -> str:
    """Text of the latest user message ('' for button payloads)."""
    text = tracker.latest_message.get("text") or ""
    return "" if text.startswith("/") else text


def find_procedure(tracker: Tracker, kb: KnowledgeBase, use_slot: bool = True) -> Procedure | None:
    """Procedure named now (entity, else resolver on the text), else the one in the slot."""
    for value in tracker.get_latest_entity_values("procedure"):
        if value in kb.procedures:
            return kb.procedures[value]
    text = latest_text(tracker)
    # A message the NLU ranker has read was judged there: when it named no procedure, guessing one
    # from the words here would bring back the wrong cards the ranker is there to prevent.
    if text and "procedure_ranking" not in tracker.latest_message:
        found = kb.resolver.resolve(text)
        if found is not None:
            return found
    slot = tracker.get_slot("procedure") if use_slot else None
    if isinstance(slot, str) and slot in kb.procedures and not turns_to_another_procedure(tracker, slot):
        return kb.procedures[slot]
    return None


# A message of at least this many words whose ranking puts another procedure first at least this sure, with the
# conversation's procedure not among its first three, is a new question, not a follow-up: after a birth card,
# "ông nội em vừa qua đời, gia đình cần làm thủ tục gì" got the birth card again. Short follow-ups ("cho người già
# thì sao": a foreigner's stay extension first at 0.18) and follow-ups the ranker reads as `none` keep the procedure.
NEW_TOPIC_MIN_WORDS = 6
NEW_TOPIC_CONFIDENCE = 0.2


def turns_to_another_procedure(tracker: Tracker, current: str) -> bool:
    """The latest message reads as a question about another procedure than `current` (then the clarify menu of
    its likeliest procedures serves better than `current`'s card)."""
    if len(latest_text(tracker).split()) < NEW_TOPIC_MIN_WORDS:
        return False
    likeliest = ranked_procedures(tracker, 0.0)[:3]
    sure = ranked_procedures(tracker, NEW_TOPIC_CONFIDENCE)  # the ranking is best first
    return bool(sure) and sure[0] == likeliest[0] != NONE_LABEL and current not in likeliest


def intent_ranking(tracker: Tracker) -> list[dict[str, Any]]:
    """The latest message's intent ranking (may be empty for injected payloads)."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    return [r for r in ranking if isinstance(r, dict) and r.get("name")]


def runner_ups(tracker: Tracker, kb: KnowledgeBase, shown: Procedure, unsure: float, limit: int = 2,
               min_confidence: float = 0.05) -> list[Procedure]:
    """The KB procedures the NLU ranker put next to `shown` when it gave `shown` less than `unsure` (a card
    it is unsure of: the citizen gets a button to the likelier alternatives instead of retyping)."""
    ranking = [r for r in tracker.latest_message.get("procedure_ranking") or [] if isinstance(r, dict)]
    confidence = next((float(r.get("confidence") or 0) for r in ranking if r.get("name") == shown.id), 0.0)
    if not ranking or confidence >= unsure:
        return []
    others = [kb.procedures[label] for label in ranked_procedures(tracker, min_confidence)[:3]
              if label in kb.procedures and label != shown.id]
    return others[:limit]


def ranked_procedures(tracker: Tracker, min_confidence: float = 0.05) -> list[str]:
    """Labels of the NLU procedure ranker for the latest message, best first (KB ids and others)."""
    ranking = tracker.latest_message.get("procedure_ranking") or []
    return [str(r["name"]) for r in ranking
            if isinstance(r, dict) and r.get("name") and float(r.get("confidence") or 0) >= min_confidence]
