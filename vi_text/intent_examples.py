"""Real citizens' messages as intent-training examples: what of a message the intent classifier learns from."""

from __future__ import annotations

from vi_text.question_reading import question_part
from vi_text.text import normalize

DIET_MAX_WORDS = 40


def question_example(text: str) -> str:
    """A real message as an intent-training example: its question sentence(s), at most 40 words, one
    line, no brackets (Rasa reads them as entity annotations). DIET's training time grows with
    sequence length: whole stories took it from 3 to over 11 minutes."""
    return _example(question_part(text))


def story_example(text: str) -> str:
    """A real complaint as an intent-training example: the end of the whole message, at most 40 words.

    A complaint is no question: its "question sentence" was often a question quoted from the counter ('Tôi
    hỏi tiếp: "Công chứng tại phường nào cũng được hả chị?"'), which taught the classifier that asking where
    to go is feedback."""
    return _example(text)


def intent_example(text: str, intent: str) -> str:
    """The intent-training example of a real message: `story_example` for a complaint, else `question_example`."""
    return story_example(text) if intent == "give_feedback" else question_example(text)


def example_forms(text: str) -> set[str]:
    """Every form a real message can take among the NLU examples, normalize()d: the whole message and both
    examples (its label does not matter: a message may stand under another intent in another corpus file)."""
    return {normalize(text), normalize(question_example(text)), normalize(story_example(text))}


def _example(text: str) -> str:
    flat = " ".join(text.split()[-DIET_MAX_WORDS:])
    return flat.replace("[", "(").replace("]", ")").replace("{", "(").replace("}", ")")
