"""What the scale benchmark checks: answers, stored order, lost and duplicated turns, replica of each turn."""

from __future__ import annotations

import itertools
import json
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text

from bench.rasa_load import percentile_ms
from bot.topology import Topology
from connectors.core import texts


@dataclass
class Turn:
    """One question and what came back."""

    question: str
    expected: str
    status: int
    answer: str
    seconds: float

    @property
    def answered(self) -> bool:
        """A real answer (not an error, an apology or the no-answer notice)."""
        return self.status == 200 and bool(self.answer) and texts.APOLOGY_UNAVAILABLE not in self.answer \
            and texts.NO_REPLY not in self.answer


@dataclass
class Conversation:
    """One simulated citizen: its address, web-chat session and turns."""

    address: str
    session: str = ""
    turns: list[Turn] = field(default_factory=list)

    @property
    def sender(self) -> str:
        """Rasa's conversation id of this web-chat session."""
        return f"webchat:{self.session}"

    def record(self, question: str, expected: str, status: int, answer: str, seconds: float) -> None:
        """Add one turn."""
        self.turns.append(Turn(question, expected, status, answer, seconds))


@dataclass
class Phase:
    """One run: its conversations, duration and what happened (kills)."""

    name: str
    conversations: list[Conversation] = field(default_factory=list)
    start: float = 0.0
    seconds: float = 0.0
    events: list[str] = field(default_factory=list)


def stored_user_turns(tracker_url: str) -> dict[str, list[tuple[str, str]]]:
    """Every conversation's stored (event type, user text) sequence from the PostgreSQL tracker store."""
    engine = create_engine(tracker_url)
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT sender_id, type_name, data FROM events "
                                     "WHERE type_name IN ('user', 'bot') ORDER BY id"))
            for sender, kind, data in rows:
                out[sender].append((kind, json.loads(data).get("text") or "" if kind == "user" else ""))
    finally:
        engine.dispose()
    return out


def replicas_by_turn(topo: Topology) -> dict[tuple[str, str], str]:
    """(sender, message) → the Rasa replica that answered it, from nginx's request log."""
    by_port = {port: name for name, port in topo.ports.items() if name.startswith("rasa-")}
    served: dict[tuple[str, str], str] = {}
    log = topo.nginx_dir / "rasa-requests.log"
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []:
        try:
            entry = json.loads(line)
            body = json.loads(entry["body"])
        except (ValueError, KeyError):
            continue
        last = entry.get("up", "").split(",")[-1].strip()
        port = int(last.rsplit(":", 1)[-1]) if ":" in last else 0
        served[(body.get("sender", ""), body.get("message", ""))] = by_port.get(port, "?")
    return served


def report(phase: Phase, stored: dict[str, list[tuple[str, str]]], served_by: dict[tuple[str, str], str]) -> str:
    """The printed figures of one phase."""
    turns = [t for c in phase.conversations for t in c.turns]
    answered = [t for t in turns if t.answered]
    latencies = [t.seconds for t in turns if t.status == 200]
    errors = sum(t.status != 200 for t in turns)
    lost = out_of_order = interleaved = duplicated = 0
    follow_other = follow_other_kept = follow_kept = follow_total = 0
    for conv in phase.conversations:
        events = stored.get(conv.sender, [])
        users = [t for kind, t in events if kind == "user"]
        seen: list[str] = []
        for u in users:
            if u in seen:
                duplicated += 1
            else:
                seen.append(u)
        sent = [t.question for t in conv.turns]
        lost += sum(1 for t in conv.turns if not t.answered or t.question not in seen)
        if seen != [q for q in sent if q in seen]:
            out_of_order += 1
        kinds = [kind for kind, _ in events]
        if any(a == b == "user" for a, b in itertools.pairwise(kinds)):
            interleaved += 1
        for prev, turn in itertools.pairwise(conv.turns):
            follow_total += 1
            kept = turn.answered and turn.expected in turn.answer
            follow_kept += kept
            a, b = served_by.get((conv.sender, prev.question)), served_by.get((conv.sender, turn.question))
            if a and b and a != b:
                follow_other += 1
                follow_other_kept += kept
    rate = len(answered) / phase.seconds if phase.seconds else 0.0
    med = 1000 * statistics.median(latencies) if latencies else float("nan")
    lines = [
        f"== {phase.name}: {len(phase.conversations)} conversations, {len(turns)} messages in {phase.seconds:.0f} s",
        f"   {rate:.1f} msg/s answered   p50 {med:.0f} ms   p95 {percentile_ms(latencies, 95):.0f} ms   "
        f"p99 {percentile_ms(latencies, 99):.0f} ms   max {percentile_ms(latencies, 100):.0f} ms",
        f"   errors (HTTP != 200): {errors}   lost messages: {lost}   out-of-order conversations: {out_of_order}   "
        f"interleaved turns: {interleaved}   duplicated turns: {duplicated}",
        f"   follow-ups that kept the procedure: {follow_kept}/{follow_total}; served by the other Rasa replica: "
        f"{follow_other}, of which kept the procedure: {follow_other_kept}/{follow_other}",
    ]
    lines += [f"   {event}" for event in phase.events]
    return "\n".join(lines)
