"""What the assistant did with one message, read from the Rasa events of its turn.

One reading serves the outcome evaluation (bench.outcome_eval, over the tracker API) and the staff
console's analytics (over the SQL tracker store's `events` table), so both count the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Turn kinds → the outcome classes staff see in the analytics.
KIND_OUTCOME = {
    "card": "answered",
    "outside": "out_of_catalogue",
    "clarify": "clarify",
    "feedback": "feedback",
    "status": "status",
    "out_of_scope": "out_of_scope",
}
OUTCOME_LABELS = {
    "answered": "Trả lời được",
    "clarify": "Hỏi lại thủ tục",
    "fallback": "Không hiểu",
    "out_of_scope": "Ngoài phạm vi",
    "out_of_catalogue": "Ngoài danh mục",
    "feedback": "Phản ánh, kiến nghị",
    "status": "Tra cứu hồ sơ",
    "other": "Khác (chào hỏi, cảm ơn…)",
}


@dataclass(frozen=True)
class Turn:
    """What the assistant did with one message."""

    kind: str  # card | outside | clarify | feedback | status | out_of_scope | other
    procedure: str | None = None
    detail: str = ""


def read_turn(events: Sequence[dict[str, Any]]) -> Turn:
    """Classify the events after the last user message."""
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    turn = events[last_user + 1:]
    actions = [e.get("name") for e in turn if e.get("event") == "action"]
    slots = {e.get("name"): e.get("value") for e in turn if e.get("event") == "slot"}
    if slots.get("catalogue_entry"):
        return Turn("outside", str(slots["catalogue_entry"]))
    if "action_answer_procedure" in actions and slots.get("procedure"):
        return Turn("card", str(slots["procedure"]))
    if "action_pakn_start" in actions:
        return Turn("feedback")
    if "utter_application_status" in actions:
        return Turn("status")
    if "utter_out_of_scope" in actions:
        return Turn("out_of_scope")
    if "action_clarify" in actions or "action_answer_procedure" in actions:
        return Turn("clarify")
    named = [a for a in actions if a and a not in {"action_listen", "action_session_start"}]
    return Turn("other", detail=",".join(named) or "no action")


def analytics_outcome(turn: Turn, intent: str) -> str:
    """The outcome class of a turn for staff analytics (a `Turn` kind, or fallback / other)."""
    if turn.kind in KIND_OUTCOME:
        return KIND_OUTCOME[turn.kind]
    if intent == "nlu_fallback" or "action_default_fallback" in turn.detail.split(","):
        return "fallback"
    return "other"
