"""Ends of the PAKN form: start, consent question, summary, cancel, and submit (filed off the event loop)."""

from __future__ import annotations

import asyncio

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions import pakn_chat as chat
from bot.actions.pakn import CONFIRMED, FORM, PAKN_SLOTS
from common.pii import get_logger
from common.settings import ConfigurationError, PaknSettings
from common.vntime import format_local
from pakn.delivery import channel_of
from pakn.dialogue import (
    SKIPPED,
    mentions_complaint,
    render_summary,
)
from pakn.exceptions import PaknStorageError, PaknValidationError
from pakn.records import FeedbackDraft
from pakn.service import get_service

logger = get_logger(__name__)
_FIELD_SLOTS = {"kind": "pakn_kind", "content": "pakn_content", "consent": "pakn_consent",
                "province": "pakn_province", "phone": "pakn_phone"}


def _value(tracker: Tracker, slot: str) -> str | None:
    value = tracker.get_slot(slot)
    return None if value in (None, SKIPPED, "") else str(value)



def _retention_days() -> int:
    try:
        return PaknSettings.from_env().retention_days
    except ConfigurationError:
        return int(PaknSettings.model_fields["retention_days"].default)


class ActionPaknStart(Action):
    """Starts a fresh draft (a draft left in an expired session is dropped) and explains the steps."""

    def name(self) -> str:
        return "action_pakn_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_pakn_intro")
        if mentions_complaint(chat.latest_text_or_payload(tracker)):
            dispatcher.utter_message(response="utter_pakn_complaint_note")
        return [*chat.reset(PAKN_SLOTS), SlotSet("requested_slot", None)]



class ActionAskPaknConsent(Action):
    """Asks for consent, stating purpose and retention period."""

    def name(self) -> str:
        return "action_ask_pakn_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_ask_pakn_consent", retention_days=_retention_days())
        return []


class ActionPaknSummary(Action):
    """Shows the draft with Send / Edit / Cancel buttons."""

    def name(self) -> str:
        return "action_pakn_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text=render_summary(tracker.current_slot_values()), buttons=chat.confirm_buttons())
        return []


class ActionAskPaknConfirmed(ActionPaknSummary):
    """The form's question for `pakn_confirmed`: the summary itself."""

    def name(self) -> str:
        return "action_ask_pakn_confirmed"


def draft_from(tracker: Tracker) -> FeedbackDraft:
    """The confirmed slots as a draft for the service (skipped answers become None)."""
    return FeedbackDraft(
        kind=str(tracker.get_slot("pakn_kind") or ""),
        content=str(tracker.get_slot("pakn_content") or ""),
        province_name=_value(tracker, "pakn_province") or "",
        province_id=_value(tracker, "pakn_province_id"),
        commune=_value(tracker, "pakn_commune"),
        procedure_id=_value(tracker, "pakn_procedure_id"),
        procedure_text=_value(tracker, "pakn_procedure"),
        citizen_name=_value(tracker, "pakn_name"),
        phone=_value(tracker, "pakn_phone"),
        consent=tracker.get_slot("pakn_consent") is True,
        sender_id=tracker.sender_id,
        channel=channel_of(tracker.sender_id, default=tracker.get_latest_input_channel() or "rest"),
    )


class ActionPaknCancel(Action):
    """Confirms that nothing was sent or stored and clears the draft."""

    def name(self) -> str:
        return "action_pakn_cancel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_pakn_cancelled")
        return chat.reset(PAKN_SLOTS)


class ActionPaknSubmit(Action):
    """Runs when the form ends: files a confirmed PAKN (code shown only after the commit) or confirms the cancel."""

    def name(self) -> str:
        return "action_pakn_submit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("pakn_outcome") != chat.OUTCOME_SUBMIT or tracker.get_slot("pakn_confirmed") != CONFIRMED:
            return await ActionPaknCancel().run(dispatcher, tracker, domain)
        try:
            view = await asyncio.to_thread(get_service().file, draft_from(tracker))
        except PaknValidationError as exc:
            slot = _FIELD_SLOTS.get(exc.field)
            logger.warning("PAKN draft refused on field %s", exc.field)
            if slot is None:
                dispatcher.utter_message(response="utter_pakn_not_saved")
                return [SlotSet("pakn_confirmed", None), SlotSet("pakn_outcome", None), FollowupAction(FORM)]
            dispatcher.utter_message(response="utter_pakn_field_missing")
            return [SlotSet(slot, None), SlotSet("pakn_confirmed", None), SlotSet("pakn_outcome", None),
                    FollowupAction(FORM)]
        except Exception as exc:  # database down or anything else: nothing was saved, say so
            level = "database unavailable" if isinstance(exc, PaknStorageError) else "unexpected error"
            logger.error("PAKN not saved (%s): %s", level, exc.__class__.__name__)
            dispatcher.utter_message(response="utter_pakn_not_saved")
            return [SlotSet("pakn_confirmed", None), SlotSet("pakn_outcome", None), FollowupAction(FORM)]
        dispatcher.utter_message(
            response="utter_pakn_filed", code=view.code, kind=view.kind_label.lower(),
            due_date=format_local(view.due_at, with_time=False),
            due_days=get_service().settings.due_working_days,
        )
        return chat.reset(PAKN_SLOTS)
