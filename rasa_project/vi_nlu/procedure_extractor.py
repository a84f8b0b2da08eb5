"""Rasa entity extractor for `procedure`: KB-generated aliases, diacritic-insensitive, typo-tolerant."""

from __future__ import annotations

import logging
from typing import Any, Dict, List

import rasa.shared.utils.io
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from vi_text.matcher import PhraseMatcher, best_of
from vi_text.question_reading import question_part

logger = logging.getLogger(__name__)
ALIASES_FILE = "procedure_aliases.json"
QUESTION_ALIAS_KEY = "question_alias"  # the procedure named in the question sentence(s) of a long message
WORD_MATCH_KEY = "word_match"  # the procedure the alias matcher scores highest, whole alias or not


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class ProcedureEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Finds the procedure a message names and returns its KB id as the entity value.

    Aliases come from the synonyms generated from the KB (data/nlu/procedure_lookup.yml) and from
    the annotated training examples, so the extractor and the KB cannot drift apart silently.
    """

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Entity name and the minimum phrase score to report a match."""
        return {"entity": "procedure", "min_score": 1.0}

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        aliases: List[List[str]] | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._aliases: List[List[str]] = aliases or []
        self._matcher = PhraseMatcher((a, k) for a, k in self._aliases)

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ProcedureEntityExtractor:
        """Create an untrained component."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Collect (alias, id) pairs from KB synonyms and annotated examples; persist them."""
        entity = self._config["entity"]
        ids = set(training_data.entity_synonyms.values())
        pairs = {(alias, value) for alias, value in training_data.entity_synonyms.items()}
        for message in training_data.entity_examples:
            for ent in message.get(ENTITIES, []):
                if ent.get("entity") != entity:
                    continue
                text = message.get(TEXT)[ent["start"] : ent["end"]]
                value = str(ent.get("value", text))
                if value in ids:
                    pairs.add((text, value))
        self._aliases = sorted([a, v] for a, v in pairs if v in ids)
        self._matcher = PhraseMatcher((a, k) for a, k in self._aliases)
        if not self._aliases:
            rasa.shared.utils.io.raise_warning("ProcedureEntityExtractor found no procedure synonyms.")
        with self._model_storage.write_to(self._resource) as path:
            rasa.shared.utils.io.dump_obj_as_json_to_file(path / ALIASES_FILE, self._aliases)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> ProcedureEntityExtractor:
        """Load the persisted alias table."""
        try:
            with model_storage.read_from(resource) as path:
                aliases = rasa.shared.utils.io.read_json_file(path / ALIASES_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("ProcedureEntityExtractor: no persisted aliases; extracting nothing.")
            aliases = []
        return cls(config, model_storage, resource, aliases)

    def process(self, messages: List[Message]) -> List[Message]:
        """Add the best procedure match (if any) to each message's entities."""
        for message in messages:
            text = message.get(TEXT) or ""
            ranked = self._matcher.rank(text, limit=1) if text else []
            match = best_of(ranked, self._config["min_score"])
            found: List[Dict[str, Any]] = []
            if match is not None:
                found.append(
                    {
                        "entity": self._config["entity"],
                        "start": match.start,
                        "end": match.end,
                        "value": match.key,
                        "confidence_entity": round(min(1.0, match.score / 8.0), 3),
                    }
                )
            found = self.add_extractor_name(found)
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
            message.set(QUESTION_ALIAS_KEY, self._question_alias(text))
            message.set(WORD_MATCH_KEY, ranked[0].key if ranked else None)
        return messages

    def _question_alias(self, text: str) -> str | None:
        """The procedure an alias names in the question sentence(s) of a message that tells a story
        first ("…có đăng ký tạm trú ở đó. … có đủ điều kiện đăng ký thường trú hay không?"), where the
        best match of the whole message may come from the story; None when the message is one sentence."""
        part = question_part(text) if text else text
        if part == text:
            return None
        match = self._matcher.best(part, self._config["min_score"])
        return match.key if match is not None else None
