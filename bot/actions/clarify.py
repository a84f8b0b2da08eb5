"""Low-confidence handling: offer the likeliest readings as buttons instead of guessing."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import find_procedure, intent_ranking, load_kb, ranked_procedures, send
from bot.actions.handover import with_person_offer
from bot.aspects import ASPECT_LABEL, INTENT_ASPECT
from bot.compose import Reply, choose_procedure
from bot.payloads import intent_payload

OTHER_INTENT_LABEL = {
    "give_feedback": "Gửi phản ánh, kiến nghị",
    "check_feedback_status": "Tra cứu phản ánh đã gửi",
    "ask_application_status": "Tra cứu tình trạng hồ sơ",
    "request_human": "Gặp cán bộ hỗ trợ",
}
NOT_UNDERSTOOD = (
    "Xin lỗi, tôi chưa hiểu rõ câu hỏi. Tôi có thể giúp tra cứu giấy tờ, lệ phí, thời gian, nơi nộp "
    "và cách nộp trực tuyến của các thủ tục hành chính (căn cước, hộ chiếu, khai sinh, kết hôn, "
    "thường trú, tạm trú, lý lịch tư pháp…). Bạn thử hỏi lại, ví dụ: “làm hộ chiếu cần giấy tờ gì?”"
)


def clarify_buttons(ranking: list[dict[str, Any]], procedure_id: str | None, limit: int = 3) -> list[dict[str, str]]:
    """Buttons for the likeliest intents (with the procedure when known), best first."""
    buttons: list[dict[str, str]] = []
    for item in ranking:
        name = str(item.get("name"))
        if name in INTENT_ASPECT and procedure_id:
            buttons.append({"title": ASPECT_LABEL[INTENT_ASPECT[name]], "payload": intent_payload(name, procedure=procedure_id)})
        elif name in OTHER_INTENT_LABEL:
            buttons.append({"title": OTHER_INTENT_LABEL[name], "payload": intent_payload(name)})
        if len(buttons) >= limit:
            break
    return buttons


class ActionClarify(Action):
    """For nlu_fallback: 'Có phải bạn muốn hỏi…' with the two or three likeliest readings."""

    def name(self) -> str:
        return "action_clarify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        kb = await load_kb(dispatcher)
        if kb is None:
            return []
        procedure = find_procedure(tracker, kb, use_slot=False)
        ranking = [r for r in intent_ranking(tracker) if r.get("name") != "nlu_fallback"]
        buttons = clarify_buttons(ranking, procedure.id if procedure else None)
        if procedure is None:
            candidates = [kb.procedures[p] for p in ranked_procedures(tracker, 0.1) if p in kb.procedures][:3]
            if candidates:
                ask = next((str(r["name"]) for r in ranking if str(r.get("name")) in INTENT_ASPECT),
                           "ask_procedure_overview")
                choice = choose_procedure(candidates, ask)
                send(dispatcher, with_person_offer(Reply(choice.text, choice.buttons + buttons[:1]), tracker.events))
                return []
        if buttons:
            subject = f" về “{procedure.name}”" if procedure else ""
            send(dispatcher, with_person_offer(
                Reply(f"Tôi chưa chắc đã hiểu đúng. Có phải bạn muốn hỏi{subject}:", buttons), tracker.events))
        elif procedure is not None:
            send(dispatcher, with_person_offer(Reply(
                f"Bạn muốn biết gì về “{procedure.name}”?",
                [{"title": ASPECT_LABEL[a], "payload": intent_payload(i, procedure=procedure.id)}
                 for i, a in INTENT_ASPECT.items()][:5],
            ), tracker.events))
        else:
            send(dispatcher, with_person_offer(Reply(NOT_UNDERSTOOD), tracker.events))
        return []
