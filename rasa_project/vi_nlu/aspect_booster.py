"""Rasa component: correct the question intent when the words name the aspect unambiguously."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from vi_text.aspects import boosted_intent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class AspectIntentBooster(GraphComponent):
    """After the classifier: among the six question intents, the aspect named in the words wins.

    Only re-labels a message the classifier already judged to be a procedure question, so it never
    turns small talk or out-of-scope messages into questions. Multi-aspect messages keep the
    classifier's choice when it is one of the named aspects (the action answers all of them).
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Confidence given to a corrected intent."""
        return {"confidence": 0.9}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = {**self.get_default_config(), **config}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "AspectIntentBooster":
        """Create the component (nothing to train)."""
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        """Re-label question intents whose aspect the words contradict."""
        for message in messages:
            intent = message.get(INTENT) or {}
            predicted = intent.get("name")
            text = message.get(TEXT) or ""
            new = boosted_intent(text, predicted) if predicted and text else None
            if new is None:
                continue
            confidence = max(float(self._config["confidence"]), float(intent.get("confidence") or 0.0))
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != new]
            message.set(INTENT, {"name": new, "confidence": confidence}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [{"name": new, "confidence": confidence}, *ranking],
                        add_to_output=True)
        return messages
