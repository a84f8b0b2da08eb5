"""Labels of the procedure ranker besides KB ids (stdlib only, shared with the turn logic and the actions)."""

from __future__ import annotations

NONE_LABEL = "none"  # the message names no procedure (chit-chat, feedback without a procedure, …)
OUTSIDE_PREFIX = "outside:"  # a procedure of the national catalogue that has no full KB entry


def is_kb_label(label: str) -> bool:
    """The label names a KB procedure (not `none`, not an outside entry)."""
    return label != NONE_LABEL and not label.startswith(OUTSIDE_PREFIX)


def corpus_label(procedure: object) -> str:
    """The ranker label of a real-corpus `procedure` field (a KB id, "<id> (outside KB)" or null)."""
    if not procedure:
        return NONE_LABEL
    value = str(procedure).strip()
    if value.endswith("(outside KB)"):
        return OUTSIDE_PREFIX + value.removesuffix("(outside KB)").strip()
    return value


def in_catalogue(label: str, kb_ids: set[str] | frozenset[str]) -> str:
    """`outside:<id>` becomes `<id>` once the KB holds a full entry for it; other labels are unchanged."""
    inner = label.removeprefix(OUTSIDE_PREFIX)
    return inner if label.startswith(OUTSIDE_PREFIX) and inner in kb_ids else label
