"""PAKN status check: the sender who filed it sees it; anyone else must give the phone stored with it."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions import pakn_chat as chat
from bot.payloads import intent_payload
from common.pii import get_logger
from common.vntime import format_local
from pakn.codes import find_code, looks_like_code, normalize_code
from pakn.dialogue import is_cancel, is_skip, parse_phone_answer
from pakn.exceptions import PaknAccessDenied
from pakn.models import STATUS_LABELS, Status
from pakn.records import CitizenStatus
from pakn.service import get_service

logger = get_logger(__name__)

STATUS_FORM = "pakn_status_form"
STATUS_SLOTS = ("pakn_status_code", "pakn_status_phone", "pakn_status_owner", "pakn_status_outcome")
MAX_STATUS_ATTEMPTS = 3


async def _own_codes(sender_id: str) -> list[str]:
    try:
        return await asyncio.to_thread(get_service().codes_of_sender, sender_id, 5)
    except Exception as exc:  # listing is a convenience: never fail the conversation on it
        logger.warning("cannot list the sender's PAKN: %s", exc.__class__.__name__)
        return []


class ActionPaknStatusStart(Action):
    """Clears what an earlier, unfinished status check left (the attempt counter stays)."""

    def name(self) -> str:
        return "action_pakn_status_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return [*chat.reset(STATUS_SLOTS), SlotSet("requested_slot", None)]


class ValidatePaknStatusForm(FormValidationAction):
    """Collects the code, and the stored phone number when the requester is not the sender who filed it."""

    def name(self) -> str:
        return "validate_pakn_status_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        if tracker.get_slot("pakn_status_outcome"):
            return []
        if tracker.get_slot("pakn_status_code") and tracker.get_slot("pakn_status_owner") is True:
            return ["pakn_status_code"]
        return domain_slots

    async def extract_pakn_status_code(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> dict[str, Any]:
        if not chat.activating(tracker, STATUS_FORM, "check_feedback_status") or tracker.get_slot("pakn_status_code"):
            return {}
        text = chat.latest_text_or_payload(tracker)
        choice = chat.button_choice(tracker)
        code = normalize_code(choice) if choice else None
        code = code or find_code(text)
        if code:
            return {"pakn_status_code": code}
        own = await _own_codes(tracker.sender_id)
        if len(own) == 1 and not looks_like_code(text):
            return {"pakn_status_code": own[0]}
        return {}

    async def validate_pakn_status_code(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if chat.is_fresh(value, tracker) and (is_cancel(text) or chat.sure_intent(tracker, "deny", text)):
            return {"pakn_status_code": None, "pakn_status_outcome": chat.OUTCOME_CANCEL}
        choice = chat.button_choice(tracker) if chat.is_fresh(value, tracker) else None
        code = (normalize_code(choice) if choice else None) or find_code(text) or normalize_code(text)
        if code is None:
            dispatcher.utter_message(response="utter_pakn_status_code_invalid")
            return {"pakn_status_code": None}
        try:
            owner = await asyncio.to_thread(get_service().is_owner, code, tracker.sender_id)
        except Exception as exc:
            logger.error("status check unavailable: %s", exc.__class__.__name__)
            dispatcher.utter_message(response="utter_pakn_status_unavailable")
            return {"pakn_status_code": code, "pakn_status_outcome": "error"}
        return {"pakn_status_code": code, "pakn_status_owner": owner}

    def validate_pakn_status_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if chat.is_fresh(value, tracker) and is_cancel(text):
            return {"pakn_status_phone": None, "pakn_status_outcome": chat.OUTCOME_CANCEL}
        number = parse_phone_answer(text)
        if number is not None:
            return {"pakn_status_phone": number.number}
        if chat.is_fresh(value, tracker) and (is_skip(text) or chat.sure_intent(tracker, "deny", text)):
            return {"pakn_status_phone": None, "pakn_status_outcome": "no_phone"}
        dispatcher.utter_message(response="utter_pakn_phone_invalid")
        return {"pakn_status_phone": None}


class ActionAskPaknStatusCode(Action):
    """Asks for the tracking code, offering the sender's own recent codes as buttons."""

    def name(self) -> str:
        return "action_ask_pakn_status_code"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [{"title": code, "payload": intent_payload("check_feedback_status", pakn_choice=code)}
                   for code in await _own_codes(tracker.sender_id)]
        dispatcher.utter_message(response="utter_ask_pakn_status_code", buttons=buttons or None)
        return []


def render_status(status: CitizenStatus) -> str:
    """What the citizen sees about a PAKN they may read."""
    lines = [
        f"{status.kind_label} {status.code} (gửi ngày {format_local(status.created_at, with_time=False)}, "
        f"{status.province_name}):",
        f"Trạng thái: {STATUS_LABELS.get(status.status, status.status)}.",
    ]
    if status.answer_text:
        lines += ["", f"Trả lời của cơ quan ({format_local(status.answered_at, with_time=False)}):",
                  status.answer_text]
    elif status.status in (Status.received.value, Status.processing.value):
        lines.append("Cơ quan chưa trả lời; khi có trả lời, bạn sẽ nhận được tin nhắn tại đây.")
    return "\n".join(lines)


class ActionCheckFeedbackStatus(Action):
    """Shows a PAKN's status to its sender, or to anyone who gives the phone number stored with it."""

    def name(self) -> str:
        return "action_check_feedback_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        outcome = tracker.get_slot("pakn_status_outcome")
        attempts = int(tracker.get_slot("pakn_status_attempts") or 0)
        events = chat.reset(STATUS_SLOTS)
        if outcome == chat.OUTCOME_CANCEL:
            dispatcher.utter_message(response="utter_pakn_status_stopped")
            return events
        if outcome == "no_phone":
            dispatcher.utter_message(response="utter_pakn_status_need_phone")
            return events
        if outcome == "error":
            return events
        if attempts >= MAX_STATUS_ATTEMPTS:
            dispatcher.utter_message(response="utter_pakn_status_locked")
            return events
        code = tracker.get_slot("pakn_status_code") or find_code(chat.latest_text_or_payload(tracker))
        if not code:
            dispatcher.utter_message(response="utter_ask_pakn_status_code")
            return events
        try:
            status = await asyncio.to_thread(get_service().check_status, code, tracker.sender_id,
                                             tracker.get_slot("pakn_status_phone"))
        except PaknAccessDenied:
            dispatcher.utter_message(response="utter_pakn_status_not_found")
            return [*events, SlotSet("pakn_status_attempts", float(attempts + 1))]
        except Exception as exc:
            logger.error("status check unavailable: %s", exc.__class__.__name__)
            dispatcher.utter_message(response="utter_pakn_status_unavailable")
            return events
        dispatcher.utter_message(text=render_status(status))
        return events

