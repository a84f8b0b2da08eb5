"""Conversation analytics fed by what Rasa already stores: its SQL tracker store's `events` table.

`ingest` reads the events added since the last call (a cursor on the event id), cuts them into turns
(a user message and what followed it), classifies each turn as the outcome evaluation does
(common.turn_outcome) and keeps one row per turn without text or sender. Rasa saves a conversation's
new events together at the end of each message's turn; events younger than `settle_seconds` are left
for the next call (a slower turn may still be committing rows with smaller ids). When a batch is cut,
each conversation's last turn in it may continue past the cut: those turns are read again next time
(the unique event id keeps them once). The pages then run small GROUP BY queries over those rows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from common.turn_outcome import analytics_outcome, read_turn
from common.vntime import VN_TZ
from console.exceptions import AnalyticsUnavailable
from console.models import AnalyticsCursor, AnalyticsTurn

ASPECT_INTENTS = ("ask_procedure_overview", "ask_documents", "ask_fee", "ask_processing_time", "ask_where",
                  "ask_online_submission")
BATCH_ROWS = 5000


@dataclass(frozen=True)
class TurnRow:
    """One classified turn, ready to store."""

    event_id: int
    day: dt.date
    channel: str
    intent: str
    procedure: str | None
    outcome: str


def turns_of(rows: Iterable[tuple[int, str, str]]) -> tuple[list[TurnRow], dict[str, int]]:
    """Turns from (event id, sender id, event JSON) rows in id order, and each sender's last turn start.

    Events before a sender's first user message in the rows (session start, the tail of a turn read
    before) belong to no turn."""
    by_sender: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for event_id, sender, data in rows:
        try:
            event = json.loads(data)
        except (TypeError, ValueError):
            continue
        if isinstance(event, dict):
            by_sender[sender].append((event_id, event))
    turns: list[TurnRow] = []
    last_starts: dict[str, int] = {}
    for sender, events in by_sender.items():
        starts = [i for i, (_, e) in enumerate(events) if e.get("event") == "user"]
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(events)
            turns.append(_turn(sender, events[start:end]))
        if starts:
            last_starts[sender] = events[starts[-1]][0]
    return turns, last_starts


def _turn(sender: str, events: list[tuple[int, dict[str, Any]]]) -> TurnRow:
    event_id, user = events[0]
    parse = user.get("parse_data") or {}
    intent = str((parse.get("intent") or {}).get("name") or "")
    reading = read_turn([e for _, e in events])
    procedure = reading.procedure
    if procedure is None:
        slots = {e.get("name"): e.get("value") for _, e in events if e.get("event") == "slot"}
        entities = [e.get("value") for e in parse.get("entities") or [] if e.get("entity") == "procedure"]
        procedure = str(slots.get("procedure") or (entities[0] if entities else "")) or None
    stamp = float(user.get("timestamp") or 0.0)
    day = dt.datetime.fromtimestamp(stamp, dt.timezone.utc).astimezone(VN_TZ).date()
    channel = sender.split(":", 1)[0] if ":" in sender else str(user.get("input_channel") or "rest")
    return TurnRow(event_id, day, channel[:16], intent[:64], procedure[:64] if procedure else None,
                   analytics_outcome(reading, intent))


class ConversationAnalytics:
    """Reads Rasa's tracker store (read-only) into the console's analytics rows, and sums them up."""

    def __init__(self, tracker_engine: Engine, factory: sessionmaker[Session], source: str = "rasa",
                 settle_seconds: float = 30.0) -> None:
        self._tracker = tracker_engine
        self._factory = factory
        self._source = source
        self._settle = settle_seconds

    @property
    def tracker_engine(self) -> Engine:
        """The tracker store's engine (read only)."""
        return self._tracker

    def ingest(self, max_batches: int = 200) -> int:
        """Read the events added since the last call; the number of turns stored."""
        stored = 0
        for _ in range(max_batches):
            with self._factory() as session:
                cursor = session.get(AnalyticsCursor, self._source)
                last = cursor.last_event_id if cursor else 0
                rows, turns, upto = self._next_turns(last)
                if not rows:
                    return stored
                known = set(session.scalars(select(AnalyticsTurn.event_id).where(
                    AnalyticsTurn.event_id > last, AnalyticsTurn.event_id <= upto)))
                new = [t for t in turns if t.event_id not in known]
                session.add_all(AnalyticsTurn(**t.__dict__) for t in new)
                if cursor is None:
                    session.add(AnalyticsCursor(source=self._source, last_event_id=upto))
                else:
                    cursor.last_event_id = upto
                session.commit()
                stored += len(new)
        return stored

    def _next_turns(self, last: int) -> tuple[list[tuple[int, str, str]], list[TurnRow], int]:
        """The next rows, the whole turns among them, and the id up to which they are read."""
        limit = BATCH_ROWS
        while True:
            rows = self._read_after(last, limit)
            turns, last_starts = turns_of(rows)
            if len(rows) < limit or not last_starts:
                return rows, turns, rows[-1][0] if rows else last
            cut = min(last_starts.values())  # each sender's last turn may go on past the batch
            if cut > rows[0][0]:
                return rows, [t for t in turns if t.event_id < cut], cut - 1
            limit *= 2  # one turn longer than the batch: read more at once

    def _read_after(self, last: int, limit: int) -> list[tuple[int, str, str]]:
        """The next batch of settled events after `last`, in id order."""
        query = text("SELECT id, sender_id, data FROM events WHERE id > :last AND timestamp < :settled "
                     "ORDER BY id LIMIT :limit")
        settled = dt.datetime.now(dt.timezone.utc).timestamp() - self._settle
        try:
            with self._tracker.connect() as conn:
                result = conn.execute(query, {"last": last, "settled": settled, "limit": limit})
                return [(int(r[0]), str(r[1]), str(r[2])) for r in result]
        except SQLAlchemyError as exc:
            raise AnalyticsUnavailable(f"Rasa's tracker store cannot be read: {exc.__class__.__name__}") from exc

    def summary(self, since: dt.date, until: dt.date) -> AnalyticsSummary:
        """The figures of the pages, for days in [since, until]."""
        with self._factory() as session:
            where = (AnalyticsTurn.day >= since, AnalyticsTurn.day <= until)
            per_day = session.execute(select(AnalyticsTurn.day, func.count()).where(*where)
                                      .group_by(AnalyticsTurn.day).order_by(AnalyticsTurn.day)).all()
            outcomes = session.execute(select(AnalyticsTurn.outcome, func.count()).where(*where)
                                       .group_by(AnalyticsTurn.outcome)).all()
            procedures = session.execute(
                select(AnalyticsTurn.procedure, func.count()).where(*where, AnalyticsTurn.procedure.is_not(None))
                .group_by(AnalyticsTurn.procedure).order_by(func.count().desc()).limit(20)).all()
            aspects = session.execute(
                select(AnalyticsTurn.intent, func.count()).where(*where, AnalyticsTurn.intent.in_(ASPECT_INTENTS))
                .group_by(AnalyticsTurn.intent).order_by(func.count().desc())).all()
            channels = session.execute(select(AnalyticsTurn.channel, func.count()).where(*where)
                                       .group_by(AnalyticsTurn.channel)).all()
        return AnalyticsSummary(
            per_day=[(d, int(n)) for d, n in per_day],
            outcomes=Counter({str(o): int(n) for o, n in outcomes}),
            procedures=[(str(p), int(n)) for p, n in procedures],
            aspects=[(str(a), int(n)) for a, n in aspects],
            channels=Counter({str(c): int(n) for c, n in channels}),
        )


@dataclass(frozen=True)
class AnalyticsSummary:
    """Turns per day, outcome counts, top procedures and aspects, channels."""

    per_day: list[tuple[dt.date, int]]
    outcomes: Counter[str]
    procedures: list[tuple[str, int]]
    aspects: list[tuple[str, int]]
    channels: Counter[str]

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())

    def rate(self, outcome: str) -> float:
        return self.outcomes[outcome] / self.total if self.total else 0.0
