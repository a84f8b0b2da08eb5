"""The reply to "Bạn ở tỉnh/thành phố nào?": read as a province first, else answered as usual."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.clarify import ActionClarify
from bot.actions.common import latest_text, load_kb, send
from bot.actions.procedure_answers import answer
from bot.aspects import FEE
from bot.compose import Reply
from bot.payloads import intent_payload
from procedures_kb.provinces import COMMON_PROVINCES, default_directory

# What the intent's own rule would have said, when the reply names no province.
USUAL_RESPONSE = {
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "thank": "utter_thank",
    "affirm": "utter_how_can_help",
    "deny": "utter_how_can_help",
    "bot_challenge": "utter_bot_challenge",
    "out_of_scope": "utter_out_of_scope",
    "ask_application_status": "utter_application_status",
}
# Short replies NLU could not place are most likely a province we did not recognise: ask once more.
RETRY_MAX_WORDS = 5
RETRY_PREFIX = "Tôi chưa nhận ra tỉnh, thành phố"


def not_recognised(text: str, procedure_id: str) -> Reply:
    """Say the province was not recognised and offer the buttons again."""
    directory = default_directory()
    buttons = [
        {"title": p.label, "payload": intent_payload("ask_fee", procedure=procedure_id, province=p.id)}
        for p in (directory.get(pid) for pid in COMMON_PROVINCES) if p is not None
    ]
    return Reply(f"{RETRY_PREFIX} trong “{text[:60]}”. Bạn chọn bên dưới hoặc gõ tên tỉnh, "
                 "thành phố (ví dụ: Hà Nội, Cần Thơ, Bình Dương).", buttons)


def already_retried(tracker: Tracker) -> bool:
    """Whether the assistant's last message was the "not recognised" retry (retry only once)."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return str(event.get("text") or "").startswith(RETRY_PREFIX)
    return False


class ActionAnswerProvince(Action):
    """After the province question: answer the pending fee for the province named, or fall back."""

    def name(self) -> str:
        return "action_answer_province"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = latest_text(tracker)
        match = default_directory().resolve_reply(text) if text else None
        pending = tracker.get_slot("procedure")
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        if match is not None and isinstance(pending, str):
            kb = await load_kb(dispatcher)
            if kb is None:
                return [SlotSet("province_asked", False)]
            if pending in kb.procedures:
                return answer(dispatcher, kb, kb.procedures[pending], [FEE], match.province, match)
        if match is not None:
            return [SlotSet("province", match.province.id), SlotSet("province_asked", False),
                    *await self._usual(dispatcher, tracker, domain, intent)]
        if intent in ("nlu_fallback", "out_of_scope") and isinstance(pending, str) and text \
                and len(text.split()) <= RETRY_MAX_WORDS and not already_retried(tracker):
            send(dispatcher, not_recognised(text, pending))
            return []
        return [SlotSet("province_asked", False), *await self._usual(dispatcher, tracker, domain, intent)]

    @staticmethod
    async def _usual(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
                     intent: str) -> list[EventType]:
        """What the message would have got without the province question."""
        if intent in USUAL_RESPONSE:
            dispatcher.utter_message(response=USUAL_RESPONSE[intent])
            return []
        return list(await ActionClarify().run(dispatcher, tracker, domain))
