"""Rasa components of the Vietnamese NLU pipeline; the plain text logic lives in `vi_text`."""
