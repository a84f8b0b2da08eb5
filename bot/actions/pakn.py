"""PAKN filing conversation: the form's validation (cancel, skip, edits, digressions); see pakn_submit for its ends."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions import pakn_chat as chat
from bot.actions.pakn_chat import resolve_procedure
from common.pii import get_logger
from pakn.dialogue import (
    DIGRESSION,
    EDIT_SLOTS,
    SKIPPED,
    explicit_kind,
    is_cancel,
    is_payload,
    is_skip,
    parse_edit,
    parse_kind,
    parse_phone_answer,
    yes_no,
)
from pakn.filing import content_problem
from pakn.models import KIND_LABELS
from pakn.places import clean_text, extract_commune, match_province, provinces_available

logger = get_logger(__name__)

FORM = "pakn_form"
FORM_SLOTS = ("pakn_kind", "pakn_content", "pakn_procedure", "pakn_province", "pakn_commune", "pakn_name",
              "pakn_phone", "pakn_consent", "pakn_confirmed")
PAKN_SLOTS = (*FORM_SLOTS, "pakn_procedure_id", "pakn_province_id", "pakn_outcome")
CONFIRMED = "yes"


# -- the filing form -------------------------------------------------------------------------------
class ValidatePaknForm(FormValidationAction):
    """Validates every answer of `pakn_form`; handles cancel, skip, edits and procedure digressions."""

    def name(self) -> str:
        return "validate_pakn_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        digress = False
        out: list[EventType] = []
        for event in events:
            if event.get("event") == "slot" and event.get("value") == DIGRESSION:
                digress = True
                event = SlotSet(str(event["name"]), None)
            out.append(event)
        if digress:
            # Reject the form for this turn so the rules let `action_answer_procedure` answer; the form resumes.
            out.append(ActionExecutionRejected(self.form_name()))
        return out

    # Activation: take what the first message already says.
    async def extract_pakn_kind(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        if not chat.activating(tracker, FORM, "give_feedback"):
            return {}
        text = chat.latest_text_or_payload(tracker)
        choice = chat.button_choice(tracker)
        kind = choice if choice in KIND_LABELS else explicit_kind(text)
        return {"pakn_kind": kind} if kind and not tracker.get_slot("pakn_kind") else {}

    async def extract_pakn_content(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        if not chat.activating(tracker, FORM, "give_feedback") or tracker.get_slot("pakn_content"):
            return {}
        text = chat.latest_text_or_payload(tracker)
        if is_payload(text) or len(text.split()) < 12 or content_problem(text):
            return {}
        dispatcher.utter_message(response="utter_pakn_content_prefilled")
        return {"pakn_content": text}

    async def extract_pakn_procedure(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        if not chat.activating(tracker, FORM, "give_feedback") or tracker.get_slot("pakn_procedure"):
            return {}
        if not any(True for _ in tracker.get_latest_entity_values("procedure")):
            return {}
        pid, name = await asyncio.to_thread(resolve_procedure, tracker, "")
        if not pid:
            return {}
        return {"pakn_procedure": name or pid, "pakn_procedure_id": pid}

    # Shared gates.
    def _gate(self, slot: str, value: Any, tracker: Tracker, optional: bool) -> dict[str, Any] | None:
        if not chat.is_fresh(value, tracker):
            return None
        text = str(value)
        # Only explicit words ("thôi", "hủy"…) or the Hủy button cancel; a bare "không" to a required
        # question is answered with the question again, never taken as giving up the whole PAKN.
        if is_cancel(text) or (not optional and text.strip() == "/deny"):
            return chat.cancelled(slot)
        if optional and (is_skip(text) or chat.button_choice(tracker) == "skip" or chat.sure_intent(tracker, "deny", text)):
            return {slot: SKIPPED}
        return None

    def validate_pakn_kind(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> dict[str, Any]:
        if value in KIND_LABELS:
            return {"pakn_kind": value}
        gate = self._gate("pakn_kind", value, tracker, optional=False)
        if gate is not None:
            return gate
        choice = chat.button_choice(tracker)
        kind = choice if choice in KIND_LABELS else parse_kind(str(value))
        if kind:
            return {"pakn_kind": kind}
        if chat.procedure_question(tracker):
            return {"pakn_kind": DIGRESSION}
        dispatcher.utter_message(response="utter_pakn_kind_invalid")
        return {"pakn_kind": None}

    def validate_pakn_content(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        gate = self._gate("pakn_content", value, tracker, optional=False)
        if gate is not None:
            return gate
        text = str(value or "")
        if is_payload(text) and chat.procedure_question(tracker):
            return {"pakn_content": DIGRESSION}
        if is_payload(text):
            dispatcher.utter_message(response="utter_pakn_content_too_short")
            return {"pakn_content": None}
        problem = content_problem(text)
        if problem:
            dispatcher.utter_message(response=f"utter_pakn_content_too_{problem}")
            return {"pakn_content": None}
        return {"pakn_content": text.strip()}

    async def validate_pakn_procedure(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        if not chat.is_fresh(value, tracker):
            return {"pakn_procedure": value, "pakn_procedure_id": tracker.get_slot("pakn_procedure_id")}
        gate = self._gate("pakn_procedure", value, tracker, optional=True)
        if gate is not None:
            return {**gate, "pakn_procedure_id": None}
        text = str(value)
        if chat.asks_procedure(tracker, text):
            return {"pakn_procedure": DIGRESSION}
        if is_payload(text):
            return {"pakn_procedure": None}
        pid, name = await asyncio.to_thread(resolve_procedure, tracker, text)
        return {"pakn_procedure": name or clean_text(text, 200), "pakn_procedure_id": pid}

    def validate_pakn_province(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        if not chat.is_fresh(value, tracker):
            return {"pakn_province": value}
        gate = self._gate("pakn_province", value, tracker, optional=False)
        if gate is not None:
            return gate
        text = str(value)
        if chat.asks_procedure(tracker, text):
            return {"pakn_province": DIGRESSION}
        if is_payload(text):
            return {"pakn_province": None}
        if not provinces_available():  # no province list installed: keep the place as typed
            return {"pakn_province": clean_text(text, 120), "pakn_province_id": None}
        found = match_province(text)
        commune = extract_commune(text)
        if found is None:
            if chat.procedure_question(tracker) and not commune:
                return {"pakn_province": DIGRESSION}
            dispatcher.utter_message(response="utter_pakn_province_unknown")
            out: dict[str, Any] = {"pakn_province": None}
            if commune and not tracker.get_slot("pakn_commune"):
                out["pakn_commune"] = commune
            return out
        if found.former:
            dispatcher.utter_message(text=f"Từ 1/7/2025, “{found.former}” thuộc {found.name}; "
                                          f"mình ghi nhận địa phương là {found.name}.")
        out = {"pakn_province": found.name, "pakn_province_id": found.id}
        if commune and not tracker.get_slot("pakn_commune"):
            out["pakn_commune"] = commune
        return out

    def validate_pakn_commune(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        if not chat.is_fresh(value, tracker):
            return {"pakn_commune": value}
        gate = self._gate("pakn_commune", value, tracker, optional=True)
        if gate is not None:
            return gate
        text = str(value)
        if chat.asks_procedure(tracker, text):
            return {"pakn_commune": DIGRESSION}
        if is_payload(text):
            return {"pakn_commune": None}
        cleaned = clean_text(text, 120)
        return {"pakn_commune": cleaned if len(cleaned) >= 2 else None}

    def validate_pakn_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> dict[str, Any]:
        if not chat.is_fresh(value, tracker):
            return {"pakn_name": value}
        gate = self._gate("pakn_name", value, tracker, optional=True)
        if gate is not None:
            return gate
        text = str(value)
        if chat.asks_procedure(tracker, text):
            return {"pakn_name": DIGRESSION}
        if is_payload(text):
            return {"pakn_name": None}
        cleaned = clean_text(text, 100)
        if any(ch.isdigit() for ch in cleaned) or len(cleaned.split()) > 7 or len(cleaned) < 2:
            dispatcher.utter_message(response="utter_pakn_name_invalid")
            return {"pakn_name": None}
        return {"pakn_name": cleaned}

    def validate_pakn_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> dict[str, Any]:
        if value == SKIPPED:
            return {"pakn_phone": SKIPPED}
        number = parse_phone_answer(str(value or ""))
        if number is not None:
            return {"pakn_phone": number.number}
        if not chat.is_fresh(value, tracker):
            return {"pakn_phone": None}
        gate = self._gate("pakn_phone", value, tracker, optional=True)
        if gate is not None:
            return gate
        if chat.procedure_question(tracker) and not any(ch.isdigit() for ch in str(value)):
            return {"pakn_phone": DIGRESSION}
        dispatcher.utter_message(response="utter_pakn_phone_invalid")
        return {"pakn_phone": None}

    def validate_pakn_consent(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        if value is True:
            return {"pakn_consent": True}
        if not chat.is_fresh(value, tracker):
            return {"pakn_consent": None}
        text = str(value)
        if is_cancel(text):
            return chat.cancelled("pakn_consent")
        answer = yes_no(text)
        if answer is None and chat.sure_intent(tracker, "affirm", text):
            answer = True
        if answer is None and chat.sure_intent(tracker, "deny", text):
            answer = False
        if answer is True:
            return {"pakn_consent": True}
        if answer is False:
            dispatcher.utter_message(response="utter_pakn_consent_declined")
            return chat.cancelled("pakn_consent")
        if chat.procedure_question(tracker):
            return {"pakn_consent": DIGRESSION}
        dispatcher.utter_message(response="utter_pakn_consent_unclear")
        return {"pakn_consent": None}

    def validate_pakn_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        if not chat.is_fresh(value, tracker):
            return {"pakn_confirmed": value if value == CONFIRMED else None}
        text = str(value)
        field = parse_edit(text)
        if field:
            return {"pakn_confirmed": None, **{slot: None for slot in EDIT_SLOTS[field]}}
        if is_cancel(text) or (chat.sure_intent(tracker, "deny", text) and yes_no(text) is not None):
            return chat.cancelled("pakn_confirmed")
        if yes_no(text) is True or chat.sure_intent(tracker, "affirm", text):
            return {"pakn_confirmed": CONFIRMED, "pakn_outcome": chat.OUTCOME_SUBMIT}
        if chat.procedure_question(tracker):
            return {"pakn_confirmed": DIGRESSION}
        dispatcher.utter_message(response="utter_pakn_confirm_unclear")
        return {"pakn_confirmed": None}
