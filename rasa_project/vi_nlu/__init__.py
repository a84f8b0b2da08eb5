"""Vietnamese NLU helpers: stdlib-only text folding and matching, plus Rasa components."""
