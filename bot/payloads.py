"""The one builder of Rasa button payloads: `/intent{"entity":"value",…}`, JSON by `json.dumps`."""

from __future__ import annotations

import json


def intent_payload(intent: str, **entities: str) -> str:
    """`/ask_fee{"procedure":"ho_chieu","province":"ha_noi"}`; `/affirm` without entities.

    Values are JSON-escaped (quotes, backslashes), so a payload always parses as the intent plus
    exactly these entities, whatever the ids contain.
    """
    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(entities, ensure_ascii=False, separators=(',', ':'))}"
