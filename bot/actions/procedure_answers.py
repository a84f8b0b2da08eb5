"""Actions that answer questions about a procedure from the knowledge base."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import find_procedure, latest_text, load_kb, ranked_procedures, runner_ups, send
from bot.actions.handover import with_rating
from bot.aspects import FEE, aspects_for, detect_aspects
from bot.compose import (
    Reply,
    choose_procedure,
    compose,
    fee_depends_on_province,
    province_question,
    with_alternatives,
)
from bot.kb_access import today
from bot.outside_answer import outside_reply
from procedures_kb.catalogue_index import CatalogueIndex, default_index
from procedures_kb.provinces import COMMON_PROVINCES, Province, ProvinceMatch, default_directory
from procedures_kb.repository import KnowledgeBase
from procedures_kb.schema import Procedure
from vi_text.ranker_labels import OUTSIDE_PREFIX
from vi_text.turn_thresholds import DEFAULT_THRESHOLDS

POPULAR = ("can_cuoc_14plus", "ho_chieu", "khai_sinh", "ket_hon", "thuong_tru", "ly_lich_tu_phap")


def likely_procedures(kb: KnowledgeBase, text: str, ranked: list[str] | None = None) -> list[Procedure]:
    """Procedures the NLU ranker and the resolver find for the text, padded with the most asked-about ones."""
    found = [kb.procedures[pid] for pid in ranked or [] if pid in kb.procedures][:3]
    for hit in kb.resolver.search(text, limit=4) if text else []:
        if hit.procedure not in found:
            found.append(hit.procedure)
    for pid in POPULAR:
        if len(found) >= 4:
            break
        if pid in kb.procedures and kb.procedures[pid] not in found:
            found.append(kb.procedures[pid])
    return found


def likely_outside(ranked: list[str], index: CatalogueIndex) -> list[tuple[str, str]]:
    """(entry id, name) of the procedures outside the catalogue among the ranker's three likeliest labels
    that the catalogue index knows: torn between a KB procedure and one the KB lacks, the menu offers both."""
    found: list[tuple[str, str]] = []
    for label in ranked[:3]:
        entry = index.find(label.removeprefix(OUTSIDE_PREFIX)) if label.startswith(OUTSIDE_PREFIX) else None
        if entry is not None:
            found.append((entry.id, entry.name))
    return found


def province_of_turn(tracker: Tracker, text: str, asked: bool) -> tuple[Province | None, ProvinceMatch | None]:
    """The province named in this message (a reply to our question is read leniently), else the slot's."""
    directory = default_directory()
    match = None
    if text:
        match = directory.resolve_reply(text) if asked else directory.find(text)
    if match is not None:
        return match.province, match
    return directory.get(tracker.get_slot("province")), None


def answer(dispatcher: CollectingDispatcher, kb: KnowledgeBase, procedure: Procedure, aspects: list[str],
           province: Province | None, match: ProvinceMatch | None, can_ask: bool = True,
           alternatives: tuple[Sequence[Procedure], str] = ((), "")) -> list[EventType]:
    """Send the answer card, asking for the province first when the fee depends on it and asking is
    possible (not inside a form, whose next question would take the reply). `alternatives`: other
    procedures the message may be about, and the intent their buttons ask, when the reading was unsure."""
    events: list[EventType] = [SlotSet("procedure", procedure.id)]
    if province is not None:
        events.append(SlotSet("province", province.id))
    if can_ask and FEE in aspects and province is None and fee_depends_on_province(procedure):
        others = [a for a in aspects if a != FEE]
        if others:
            send(dispatcher, compose(procedure, others, today(), None, kb.procedures))
        directory = default_directory()
        choices = [p for p in (directory.get(pid) for pid in COMMON_PROVINCES) if p is not None]
        send(dispatcher, province_question(procedure, "ask_fee", choices, today()))
        return [*events, SlotSet("last_aspect", FEE), SlotSet("province_asked", True)]
    reply = with_alternatives(compose(procedure, aspects, today(), province, kb.procedures), *alternatives)
    if match is not None and match.former and province is not None:
        reply = Reply(f"{match.former} nay thuộc {province.name} (từ 01/07/2025).\n\n{reply.text}", reply.buttons)
    send(dispatcher, with_rating(reply, procedure.id, "+".join(aspects)))
    return [*events, SlotSet("last_aspect", aspects[-1]), SlotSet("province_asked", False)]


class ActionAnswerProcedure(Action):
    """Answer the asked aspect(s) of the procedure named now or earlier in the conversation."""

    def name(self) -> str:
        return "action_answer_procedure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        kb = await load_kb(dispatcher)
        if kb is None:
            return []
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = latest_text(tracker)
        last_aspect = tracker.get_slot("last_aspect")
        aspects = aspects_for(intent, text, last_aspect if isinstance(last_aspect, str) else None)
        asked = tracker.get_slot("province_asked") is True
        named = find_procedure(tracker, kb, use_slot=False)
        outside = next(iter(tracker.get_latest_entity_values("catalogue_entry")), None)
        if named is None and outside:
            send(dispatcher, outside_reply(str(outside), default_index()))
            return [SlotSet("catalogue_entry", str(outside)), SlotSet("procedure", None),
                    SlotSet("province_asked", False)]
        procedure = named or find_procedure(tracker, kb)
        province, match = province_of_turn(tracker, text, asked)
        if asked and match is not None and named is None and not detect_aspects(text):
            aspects = [FEE]  # a bare reply to "Bạn ở tỉnh/thành phố nào?", whatever intent NLU gave it
        ask_intent = intent if intent and intent.startswith("ask_") else "ask_procedure_overview"
        if procedure is None:
            ranked = ranked_procedures(tracker)
            send(dispatcher, choose_procedure(likely_procedures(kb, text, ranked), ask_intent,
                                              likely_outside(ranked, default_index())))
            events: list[EventType] = [SlotSet("last_aspect", aspects[-1]), SlotSet("province_asked", False)]
            return events + ([SlotSet("province", province.id)] if province is not None else [])
        unsure = runner_ups(tracker, kb, named, DEFAULT_THRESHOLDS.unsure_card) if named is not None else []
        return answer(dispatcher, kb, procedure, aspects, province, match, can_ask=not tracker.active_loop_name,
                      alternatives=(unsure, ask_intent))
