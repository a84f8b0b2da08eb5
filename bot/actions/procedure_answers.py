"""Actions that answer questions about a procedure from the knowledge base."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import find_procedure, latest_text, load_kb, send
from bot.aspects import aspects_for
from bot.compose import choose_procedure, compose
from bot.kb_access import today
from procedures_kb.repository import KnowledgeBase
from procedures_kb.schema import Procedure

POPULAR = ("can_cuoc_14plus", "ho_chieu", "khai_sinh", "ket_hon", "thuong_tru", "ly_lich_tu_phap")


def likely_procedures(kb: KnowledgeBase, text: str) -> list[Procedure]:
    """Procedures the text hints at, padded with the most asked-about ones."""
    found = [hit.procedure for hit in kb.resolver.search(text, limit=4)] if text else []
    for pid in POPULAR:
        if len(found) >= 4:
            break
        if pid in kb.procedures and kb.procedures[pid] not in found:
            found.append(kb.procedures[pid])
    return found


class ActionAnswerProcedure(Action):
    """Answer the asked aspect(s) of the procedure named now or earlier in the conversation."""

    def name(self) -> str:
        return "action_answer_procedure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        kb = load_kb(dispatcher)
        if kb is None:
            return []
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = latest_text(tracker)
        last_aspect = tracker.get_slot("last_aspect")
        aspects = aspects_for(intent, text, last_aspect if isinstance(last_aspect, str) else None)
        procedure = find_procedure(tracker, kb)
        if procedure is None:
            ask_intent = intent if intent and intent.startswith("ask_") else "ask_procedure_overview"
            send(dispatcher, choose_procedure(likely_procedures(kb, text), ask_intent))
            return [SlotSet("last_aspect", aspects[-1])]
        province = tracker.get_slot("province")
        reply = compose(procedure, aspects, today(), province if isinstance(province, str) else None)
        send(dispatcher, reply)
        return [SlotSet("procedure", procedure.id), SlotSet("last_aspect", aspects[-1])]
