"""Rasa component that scores how much a whole message reads as a complaint, trained at `rasa train`.

Why a second opinion: the intent classifier learns real messages through their question sentence (a
whole story made DIET's training four times slower), so a complaint told as a story and closed with a
question ("Tôi vừa nộp hồ sơ… bị thu phí 100.000 đồng… họ đã tự ý thu. Vậy…?") reads as a question about
fees. This model reads the whole message: the same folded word and character n-grams and linear model as
the procedure ranker, two labels (`complaint`: the `give_feedback` messages of the real training questions,
train and dev splits; `other`: the rest of them). Only real messages teach it: with the NLU data's short
written complaints added, its out-of-fold AUC fell from 0.964 to 0.947. The turn logic uses the score
(vi_text.turn_thresholds.Thresholds `complaint_model`, `sure_complaint`, `no_complaint`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from vi_nlu.linear_component import LinearModelComponent
from vi_nlu.ranker_model import ProcedureRankerModel, json_lines

logger = logging.getLogger(__name__)
SCORE_KEY = "complaint_score"
COMPLAINT, OTHER = "complaint", "other"
PROJECT_DIR = Path(__file__).resolve().parent.parent  # rasa_project/


def complaint_pairs(paths: List[Path]) -> List[tuple[str, str]]:
    """(whole message, complaint | other) from JSON-lines files of real-corpus items."""
    pairs: List[tuple[str, str]] = []
    for item in (row for path in paths for row in json_lines(path)):
        text = str(item.get("text") or "").strip()
        if text and item.get("intent"):
            pairs.append((text, COMPLAINT if item["intent"] == "give_feedback" else OTHER))
    return pairs


def complaint_probability(model: ProcedureRankerModel, text: str) -> float:
    """The model's probability that `text` is a complaint."""
    return float(model.probabilities([text])[0][model.classes.index(COMPLAINT)])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class ComplaintScorer(LinearModelComponent):
    """Adds `complaint_score` (0–1) to each parsed message; nothing when no model was trained."""

    WITHOUT_MODEL = "messages get no complaint score"

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The real-message files it learns from, and the linear model's settings.

        5-fold CV over train+dev pages (out of fold): C 1.0 with fully balanced class weights caught
        0.735 of complaints at 10 false alarms of 565 (score ≥ 0.7); C 0.5 with square-root weights 0.684
        at 9, C 0.2 0.658 at 7."""
        return {"real_files": ["../eval/real_questions/splits/train.jsonl", "../eval/real_questions/splits/dev.jsonl"],
                "c": 1.0, "scale": 8.0, "class_weighting": "balanced"}

    @classmethod
    def real_paths(cls, config: Dict[str, Any]) -> List[Path]:
        """The training files of this configuration (a relative name is under rasa_project/)."""
        return [PROJECT_DIR / str(name) for name in {**cls.get_default_config(), **config}["real_files"]]

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> str | None:
        """The training files' content and the model code: Rasa's cache sees neither."""
        here = Path(__file__).resolve()
        return cls.files_digest([*cls.real_paths(config), here, here.with_name("ranker_model.py")])

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on the real messages (the NLU data is not used, see the module docstring); persist."""
        paths = [path for path in self.real_paths(self._config) if path.exists()]
        pairs = complaint_pairs(paths)
        if {label for _, label in pairs} != {COMPLAINT, OTHER}:
            logger.warning("ComplaintScorer: %s hold no complaints and other messages to learn from; "
                           "messages get no score", [str(p) for p in self.real_paths(self._config)])
            return self._resource
        model = ProcedureRankerModel.fit([t for t, _ in pairs], [label for _, label in pairs], c=float(self._config["c"]),
                                         scale=float(self._config["scale"]),
                                         weighting=str(self._config["class_weighting"]))
        logger.info("ComplaintScorer trained on %d real messages", len(pairs))
        return self._persist(model)

    def process(self, messages: List[Message]) -> List[Message]:
        """Set `complaint_score` on each message with text; none without a model (the turn logic then reads
        the message as it did before the model existed)."""
        if self._model is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            if text.strip() and not text.startswith("/"):
                message.set(SCORE_KEY, round(complaint_probability(self._model, text), 4), add_to_output=True)
        return messages
