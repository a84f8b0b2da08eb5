"""Reading the rasa_sdk tracker in the PAKN forms: latest text and intent, fresh answers, buttons."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from bot.payloads import intent_payload
from common.pii import get_logger
from pakn.dialogue import PROCEDURE_INTENTS, is_payload, is_question, payload_choice

logger = get_logger(__name__)

OUTCOME_SUBMIT, OUTCOME_CANCEL = "submit", "cancel"
SURE = 0.8  # intent confidence above which a short deny/affirm is taken at its word


def latest_text_or_payload(tracker: Tracker) -> str:
    """The latest user message, stripped, button payloads included (common.latest_text drops payloads)."""
    return str(tracker.latest_message.get("text") or "").strip()


def latest_intent(tracker: Tracker) -> tuple[str | None, float]:
    """Name and confidence of the latest intent."""
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def is_fresh(value: Any, tracker: Tracker) -> bool:
    """The value was just typed (from_text mapping), not carried over from an earlier turn."""
    return isinstance(value, str) and bool(value.strip()) and value.strip() == latest_text_or_payload(tracker)


def button_choice(tracker: Tracker) -> str | None:
    """The `pakn_choice` a button carried (entity, else parsed from the payload text)."""
    for value in tracker.get_latest_entity_values("pakn_choice"):
        return str(value)
    return payload_choice(latest_text_or_payload(tracker))


def sure_intent(tracker: Tracker, name: str, message: str) -> bool:
    """A short message whose intent is `name` with high confidence (button payloads always are)."""
    intent, confidence = latest_intent(tracker)
    if intent != name:
        return False
    if is_payload(message):
        return True
    return confidence >= SURE and len(message.split()) <= 3 and not any(ch.isdigit() for ch in message)


def procedure_question(tracker: Tracker) -> bool:
    """The latest intent is a procedure question, reasonably sure."""
    intent, confidence = latest_intent(tracker)
    return intent in PROCEDURE_INTENTS and confidence >= 0.5


def asks_procedure(tracker: Tracker, message: str) -> bool:
    """A free-text answer that is really a procedure question (or a procedure-question button)."""
    return procedure_question(tracker) and (is_payload(message) or is_question(message))


def activating(tracker: Tracker, form: str, trigger: str) -> bool:
    """The validation call made when the form starts (not the later turns)."""
    return ((tracker.active_loop or {}).get("name") == form and tracker.get_slot("requested_slot") is None
            and latest_intent(tracker)[0] == trigger)


def cancelled(slot: str) -> dict[str, Any]:
    """Validation output that ends the form as cancelled."""
    return {slot: None, "pakn_outcome": OUTCOME_CANCEL, "requested_slot": None}


def reset(slots: tuple[str, ...]) -> list[EventType]:
    """Events clearing the slots."""
    return [SlotSet(name, None) for name in slots]


def resolve_procedure(tracker: Tracker, text: str) -> tuple[str | None, str | None]:
    """(KB id, KB name) of the procedure named now: entity first, then the KB resolver; else (None, None)."""
    entity_id = next((str(v) for v in tracker.get_latest_entity_values("procedure")), None)
    try:
        from bot.kb_access import knowledge_base

        kb = knowledge_base()
        if entity_id and entity_id in kb.procedures:
            return entity_id, kb.procedures[entity_id].name
        found = kb.resolver.resolve(text) if text and not is_payload(text) else None
        if found is not None:
            return found.id, found.name
    except Exception as exc:  # the KB is optional here: keep the citizen's words
        logger.warning("procedure lookup unavailable for PAKN: %s", exc.__class__.__name__)
    return entity_id, None


def _edit_button(title: str, field: str) -> dict[str, str]:
    return {"title": title, "payload": intent_payload("give_feedback", pakn_choice=f"edit_{field}")}


def confirm_buttons() -> list[dict[str, str]]:
    """Send and cancel first (Zalo shows buttons four at a time), then the edits."""
    return [
        {"title": "Gửi", "payload": intent_payload("affirm")},
        {"title": "Hủy", "payload": intent_payload("deny")},
        _edit_button("Sửa nội dung", "content"),
        _edit_button("Sửa số điện thoại", "phone"),
        _edit_button("Sửa loại", "kind"),
        _edit_button("Sửa thủ tục/cơ quan", "procedure"),
        _edit_button("Sửa địa phương", "place"),
        _edit_button("Sửa họ tên", "name"),
    ]
