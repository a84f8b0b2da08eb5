"""Rasa tokenizer that folds Vietnamese tokens (no diacritics, expanded abbreviations)."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from vi_text.text import ABBREVIATIONS, fold


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class VietnameseTokenizer(WhitespaceTokenizer):
    """Whitespace tokens whose text is folded; each abbreviation becomes its expansion's words.

    Offsets stay those of the original token, so entities keep pointing at what the citizen typed,
    while every featurizer downstream sees the same form with or without diacritics.
    """

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Same options as the whitespace tokenizer, plus abbreviation expansion."""
        return {**WhitespaceTokenizer.get_default_config(), "expand_abbreviations": True}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> VietnameseTokenizer:
        """Create the component from its configuration."""
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        """Tokenize like the whitespace tokenizer, then fold and expand each token."""
        expand = bool(self._config.get("expand_abbreviations", True))
        out: List[Token] = []
        for token in super().tokenize(message, attribute):
            folded = fold(token.text).strip(".,!?;:'\"()[]{}")
            if not folded:
                folded = fold(token.text) or token.text
            expansion = ABBREVIATIONS.get(folded) if expand else None
            for word in expansion.split() if expansion else [folded]:
                out.append(Token(word, token.start, token.end, lemma=word))
        return out
