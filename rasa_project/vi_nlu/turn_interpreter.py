"""Rasa component: the final reading of a message from intent, alias match and procedure ranking."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from vi_nlu.complaint_scorer import SCORE_KEY
from vi_nlu.procedure_extractor import QUESTION_ALIAS_KEY, WORD_MATCH_KEY
from vi_nlu.procedure_ranker import RANKING_KEY
from vi_text.turn_logic import Thresholds, decide

logger = logging.getLogger(__name__)
OUTSIDE_ENTITY = "catalogue_entry"
EXTRACTOR = "TurnInterpreter"


def _score(value: Any) -> float | None:
    """The complaint scorer's score, or None when the message has none."""
    return float(value) if isinstance(value, (int, float)) else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TurnInterpreter(GraphComponent):
    """Runs last, after the classifier, the aspect booster, the alias extractor, the ranker, the complaint
    scorer and the fallback classifier (whose low-confidence verdict it may overrule): a message about a clear procedure becomes a question about it (see
    vi_text.turn_logic). It adds the `procedure` entity from the ranker when the aliases found none,
    and a `catalogue_entry` entity for procedures outside the catalogue."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """The ranker thresholds (see vi_text.turn_thresholds.Thresholds)."""
        defaults = Thresholds()
        return {"entity": "procedure", "procedure": defaults.procedure, "override_alias": defaults.override_alias,
                "outside": defaults.outside, "keep_flow": defaults.keep_flow,
                "alias_max_words": defaults.alias_max_words}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = {**self.get_default_config(), **config}
        self._thresholds = Thresholds(
            **{k: float(self._config[k]) for k in ("procedure", "override_alias", "outside", "keep_flow")},
            alias_max_words=int(self._config["alias_max_words"]))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> TurnInterpreter:
        """Create the component (nothing to train)."""
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        """Re-read each message; leave it as it is when no procedure is clear."""
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        intent = message.get(INTENT) or {}
        entity = self._config["entity"]
        entities = list(message.get(ENTITIES) or [])
        aliases = [e for e in entities if e.get("entity") == entity]
        ranking = [(str(r["name"]), float(r["confidence"])) for r in message.get(RANKING_KEY) or []]
        predicted = intent
        if intent.get("name") == "nlu_fallback":  # runs after the fallback classifier: read beneath it
            below = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != "nlu_fallback"]
            predicted = below[0] if below else intent
        decision = decide(text, str(predicted.get("name") or ""), float(predicted.get("confidence") or 0.0),
                          str(aliases[0]["value"]) if aliases else None, ranking, self._thresholds,
                          question_alias=message.get(QUESTION_ALIAS_KEY), word_match=message.get(WORD_MATCH_KEY),
                          complaint_score=_score(message.get(SCORE_KEY)))
        if decision is None:
            return
        if decision.procedure is None or (aliases and aliases[0]["value"] != decision.procedure):
            entities = [e for e in entities if e.get("entity") != entity]
        if decision.procedure is not None and not any(e.get("entity") == entity for e in entities):
            entities.append({"entity": entity, "value": decision.procedure, "start": 0, "end": len(text),
                             "confidence_entity": round(decision.confidence, 3), "extractor": EXTRACTOR})
        if decision.outside is not None:
            entities.append({"entity": OUTSIDE_ENTITY, "value": decision.outside, "start": 0, "end": len(text),
                             "confidence_entity": round(decision.confidence, 3), "extractor": EXTRACTOR})
        message.set(ENTITIES, entities, add_to_output=True)
        if decision.intent != intent.get("name") or decision.confidence != intent.get("confidence"):
            ranking_out = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != decision.intent]
            chosen = {"name": decision.intent, "confidence": round(decision.confidence, 4)}
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen, *ranking_out], add_to_output=True)
            logger.debug("TurnInterpreter: %s → %s (%s)", intent.get("name"), decision.intent, decision.reason)
