"""Drives the real PAKN actions the way Rasa's FormAction and rules call them (no Rasa server needed)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.pakn import ValidatePaknForm
from bot.actions.pakn_status import (
    ActionAskPaknStatusCode,
    ActionCheckFeedbackStatus,
    ActionPaknStatusStart,
    ValidatePaknStatusForm,
)
from bot.actions.pakn_submit import (
    ActionAskPaknConfirmed,
    ActionAskPaknConsent,
    ActionPaknStart,
    ActionPaknSubmit,
)
from common.db import REPO_ROOT

DOMAIN: dict[str, Any] = yaml.safe_load((REPO_ROOT / "rasa_project" / "domain" / "pakn.yml").read_text("utf-8"))
FORMS = {"pakn_form": ValidatePaknForm(), "pakn_status_form": ValidatePaknStatusForm()}
ASK_ACTIONS: dict[str, Action] = {a.name(): a for a in (ActionAskPaknConsent(), ActionAskPaknConfirmed(),
                                                       ActionAskPaknStatusCode())}
BEFORE: dict[str, Action] = {"pakn_form": ActionPaknStart(), "pakn_status_form": ActionPaknStatusStart()}
AFTER: dict[str, Action] = {"pakn_form": ActionPaknSubmit(), "pakn_status_form": ActionCheckFeedbackStatus()}


@dataclass
class Reply:
    """One bot message: the response name (if a template) and/or the text, with buttons."""

    response: str | None
    text: str | None
    buttons: list[dict[str, Any]]
    kwargs: dict[str, Any]

    def __str__(self) -> str:
        return self.text or self.response or ""


@dataclass
class Turn:
    """What happened after one user message."""

    replies: list[Reply]
    rejected: bool = False

    @property
    def responses(self) -> list[str]:
        return [r.response for r in self.replies if r.response]

    @property
    def texts(self) -> str:
        return "\n".join(str(r) for r in self.replies)


@dataclass
class Conversation:
    """One sender's conversation with the PAKN forms."""

    sender_id: str
    slots: dict[str, Any] = field(default_factory=lambda: {name: None for name in DOMAIN["slots"]})
    active_loop: str | None = None

    def _tracker(self, message: dict[str, Any], candidate: tuple[str, Any] | None, loop: str | None) -> Tracker:
        slots = dict(self.slots)
        events: list[dict[str, Any]] = [{"event": "user", "text": message["text"], "parse_data": message},
                                        {"event": "slot", "name": "requested_slot",
                                         "value": slots.get("requested_slot")},
                                        {"event": "action", "name": loop or "pakn_form"}]
        if candidate:
            slots[candidate[0]] = candidate[1]
            events.append({"event": "slot", "name": candidate[0], "value": candidate[1]})
        return Tracker(self.sender_id, slots, message, events, False, None,
                       {"name": loop} if loop else {}, "action_listen")

    def _run(self, action: Action, tracker: Tracker, turn: Turn) -> list[dict[str, Any]]:
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
        for m in dispatcher.messages:
            kwargs = {k: v for k, v in m.items()
                      if k not in ("text", "response", "buttons", "template", "image", "attachment", "elements",
                                   "quick_replies", "json_message", "custom")}
            turn.replies.append(Reply(m.get("response"), m.get("text"), m.get("buttons") or [], kwargs))
        return list(events or [])

    def _apply(self, events: list[dict[str, Any]], turn: Turn) -> str | None:
        followup = None
        for e in events:
            if e.get("event") == "slot":
                self.slots[e["name"]] = e["value"]
            elif e.get("event") == "action_execution_rejected":
                turn.rejected = True
            elif e.get("event") == "followup":
                followup = e["name"]
        return followup

    def _required(self, form: str) -> list[str]:
        return list(DOMAIN["forms"][form]["required_slots"])

    def _ask_next(self, form: str, turn: Turn, requested_by_action: bool) -> None:
        if requested_by_action and self.slots.get("requested_slot") is None:
            self._finish(form, turn)
            return
        nxt = self.slots.get("requested_slot") if requested_by_action else None
        nxt = nxt or next((s for s in self._required(form) if self.slots.get(s) is None), None)
        if nxt is None:
            self._finish(form, turn)
            return
        self.slots["requested_slot"] = nxt
        name = f"action_ask_{nxt}"
        if name in ASK_ACTIONS:
            tracker = Tracker(self.sender_id, dict(self.slots), {"text": ""}, [], False, None, {"name": form},
                              form)
            self._run(ASK_ACTIONS[name], tracker, turn)
        else:
            turn.replies.append(Reply(f"utter_ask_{nxt}", None, [], {}))

    def _finish(self, form: str, turn: Turn) -> None:
        self.active_loop = None
        self.slots["requested_slot"] = None
        action = AFTER[form]
        tracker = Tracker(self.sender_id, dict(self.slots), {"text": ""}, [], False, None, {}, form)
        followup = self._apply(self._run(action, tracker, turn), turn)
        if followup:
            self._activate(followup, {"text": "/affirm", "intent": {"name": "affirm", "confidence": 1.0},
                                      "entities": []}, turn)

    def _activate(self, form: str, message: dict[str, Any], turn: Turn) -> None:
        self.active_loop = form
        tracker = self._tracker(message, None, form)
        events = self._run(FORMS[form], tracker, turn)
        self._apply(events, turn)
        requested_by_action = any(e.get("event") == "slot" and e.get("name") == "requested_slot" for e in events)
        self._ask_next(form, turn, requested_by_action)

    def say(self, text: str, intent: str | None = None, confidence: float = 1.0,
            entities: list[dict[str, Any]] | None = None) -> Turn:
        """One user message: starts a form on its trigger intent, or answers the pending question."""
        message = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or []}
        turn = Turn([])
        if self.active_loop is None:
            form = {"give_feedback": "pakn_form", "check_feedback_status": "pakn_status_form"}.get(intent or "")
            if form is None:
                raise AssertionError(f"no PAKN rule for intent {intent!r} outside a form")
            start = Tracker(self.sender_id, dict(self.slots), message, [], False, None, {}, "action_listen")
            self._apply(self._run(BEFORE[form], start, turn), turn)
            self._activate(form, message, turn)
            return turn
        form = self.active_loop
        requested = self.slots.get("requested_slot")
        tracker = self._tracker(message, (requested, text), form)
        events = self._run(FORMS[form], tracker, turn)
        self._apply(events, turn)
        if turn.rejected:
            return turn  # Rasa now runs the digression rule, then the form asks again
        requested_by_action = any(e.get("event") == "slot" and e.get("name") == "requested_slot" for e in events)
        self._ask_next(form, turn, requested_by_action)
        return turn

    def resume(self) -> Turn:
        """The form's run after a digression was answered: no validation, ask the pending slot again."""
        turn = Turn([])
        assert self.active_loop is not None
        self.slots["requested_slot"] = None
        self._ask_next(self.active_loop, turn, requested_by_action=False)
        return turn
