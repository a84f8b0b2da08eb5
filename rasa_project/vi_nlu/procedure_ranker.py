"""Rasa component that ranks procedures for a message with a linear model trained at `rasa train`."""

from __future__ import annotations

import logging
from collections.abc import Collection
from pathlib import Path
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from vi_nlu.linear_component import LinearModelComponent
from vi_nlu.ranker_model import ProcedureRankerModel, Ranked, read_examples
from vi_text.cues import find_cue
from vi_text.intent_examples import example_forms
from vi_text.question_reading import question_part
from vi_text.ranker_labels import NONE_LABEL, in_catalogue
from vi_text.text import normalize

logger = logging.getLogger(__name__)
RANKING_KEY = "procedure_ranking"
PROJECT_DIR = Path(__file__).resolve().parent.parent  # rasa_project/
CUE_CONFIDENCE = 0.75  # a paper-and-event cue (vi_text.cues) outranks the model and a neighbour's alias (0.6)
RANKING_LENGTH = 5  # labels a message's ranking keeps (the turn logic reads the first three)


def rank_message(model: ProcedureRankerModel, text: str, limit: int) -> List[Ranked]:
    """The model's ranking, with the procedure a paper-and-event cue names put first."""
    cue = find_cue(text)
    # an `outside:` cue names the KB id once the KB holds a full entry for it (the model's class then)
    label = None if cue is None else in_catalogue(cue.procedure, frozenset(model.classes))
    if cue is None or label not in model.classes:
        return model.rank(text, limit)
    ranked = model.rank(text, len(model.classes))
    before = next(r.confidence for r in ranked if r.label == label)
    first = max(before, CUE_CONFIDENCE)
    rest_scale = (1.0 - first) / max(1.0 - before, 1e-9)
    rest = [Ranked(r.label, round(r.confidence * rest_scale, 4)) for r in ranked if r.label != label]
    logger.debug("ProcedureRanker: cue %r puts %s first", cue.evidence, label)
    return [Ranked(label, round(first, 4)), *rest][:limit]


def training_pairs(training_data: TrainingData, entity: str, extra_files: List[Path],
                   real_files: Collection[Path] = (), real_repeat: int = 1) -> List[tuple[str, str]]:
    """(text, label) pairs: annotated NLU examples, KB synonyms, and the extra JSON-lines files.

    A message whose intent is not a procedure question and that names no procedure teaches `none`;
    a real-corpus label "<id> (outside KB)" becomes the KB id once the KB holds that procedure.
    The extra files among `real_files` hold real citizens' messages; each counts `real_repeat` times.
    """
    kb_ids = set(training_data.entity_synonyms.values())
    pairs: List[tuple[str, str]] = [(alias, pid) for alias, pid in training_data.entity_synonyms.items()]
    extra: List[tuple[str, str]] = []
    for path in extra_files:
        if not path.exists():
            logger.warning("ProcedureRanker: training file %s not found; skipped", path)
            continue
        extra.extend(labelled_examples(list(read_examples(path)), kb_ids, real_repeat if path in real_files else 1))
    # Real questions are also intent examples (their question sentences, see bench.real_corpus): their
    # procedure label comes from the extra file, never `none` from the NLU data.
    labelled_elsewhere = {form for text, _ in extra for form in example_forms(text)}
    for message in training_data.intent_examples:
        if normalize(message.get(TEXT)) in labelled_elsewhere:
            continue
        values = [str(e.get("value")) for e in message.get(ENTITIES, []) if e.get("entity") == entity]
        known = [v for v in values if v in kb_ids]
        if known:
            pairs.append((message.get(TEXT), known[0]))
        elif not str(message.get(INTENT)).startswith("ask_") or not values:
            pairs.append((message.get(TEXT), NONE_LABEL))
    return pairs + extra


def labelled_examples(raw: List[tuple[str, str]], kb_ids: set[str], repeat: int = 1) -> List[tuple[str, str]]:
    """Extra (text, label) pairs as the ranker learns them: an outside label of a procedure the KB now
    holds becomes its KB id, and each long message adds its question sentence (see `question_parts`);
    the whole counts `repeat` times (real citizens' messages, see `real_repeat`).
    Training and the cross-validation of `bench.ranker_eval` both go through here."""
    pairs = [(text, in_catalogue(label, kb_ids)) for text, label in raw]
    return (pairs + question_parts(pairs)) * repeat


def encoder_settings(config: Dict[str, Any]) -> Dict[str, Any]:
    """The `ProcedureRankerModel.fit` arguments of the sentence-encoder blend in a ranker configuration (defaults
    first); the training texts' vectors come through the encoder's disk cache."""
    settings = {**ProcedureRanker.get_default_config(), **config}
    weight = float(settings["encoder_weight"])
    if weight <= 0:
        return {}
    from vi_nlu.sentence_encoder import shared_encoder

    return {"encoder_weight": weight, "encoder_factor": float(settings["encoder_factor"]),
            "encoder_below": float(settings["encoder_below"]), "embed": shared_encoder().embed_cached,
            "restore_diacritics": bool(settings["restore_diacritics"])}


def training_code() -> List[Path]:
    """The modules whose code shapes what the ranker learns (see `ProcedureRanker.fingerprint_addon`)."""
    here = Path(__file__).resolve()
    model_code = [here.with_name(f"{name}.py") for name in ("ranker_model", "phrase_features", "encoder_head",
                                                             "sentence_encoder")]
    return [here, *model_code, *sorted((PROJECT_DIR.parent / "vi_text").glob("*.py"))]


def question_parts(pairs: List[tuple[str, str]]) -> List[tuple[str, str]]:
    """The question sentence(s) of each long labelled message, as one more example of its procedure.

    A real message tells a story and then asks; the question sentence alone ("Vậy thủ tục làm lại
    CCCD gắn chip thế nào?") teaches which of its words point to the procedure. Cross-validated over
    the train+dev pages (`bench.ranker_eval --cv 5`): top-1 0.608 → 0.654; each sentence instead 0.633,
    halves of the message 0.631. Messages that name no procedure add nothing (`none` is large already)."""
    added: List[tuple[str, str]] = []
    for text, label in pairs:
        part = question_part(text)
        if label != NONE_LABEL and part != text:
            added.append((part, label))
    return added


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class ProcedureRanker(LinearModelComponent):
    """Adds `procedure_ranking` (label, confidence; best first) to each parsed message.

    Labels are KB procedure ids, `outside:<id>` for procedures of the national catalogue without a
    full entry, and `none`. The turn interpreter combines it with the alias matcher and the intent.
    """

    WITHOUT_MODEL = "ranking nothing"

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Entity whose annotations label the NLU examples, extra training files, C, ranking size."""
        return {
            "entity": "procedure",
            # ranker/reviewed.jsonl: unanswered turns labelled by staff (python -m console export-labels)
            # ranker/written_messages.jsonl: messages in citizens' style written by the team (never real
            # questions, never evaluated on; see rasa_project/ranker/README.md)
            "extra_files": ["ranker/kb_texts.jsonl", "ranker/written_messages.jsonl",
                            "../eval/real_questions/splits/train.jsonl",
                            "../eval/real_questions/splits/dev.jsonl", "ranker/reviewed.jsonl"],
            # the extra files of real citizens' messages, and how many times each counts. Counting them twice
            # was tried (bench.ranker_eval --cv 5 --real-repeat 2): top-1 0.662 → 0.667, but the ranker grew
            # surer of KB procedures on questions outside the catalogue (KB cards at ≥ 0.4 for 15 of 82
            # instead of 12), so once it is.
            "real_files": ["../eval/real_questions/splits/train.jsonl", "../eval/real_questions/splits/dev.jsonl",
                           "ranker/reviewed.jsonl"],
            "real_repeat": 1,
            "c": 0.5,
            "scale": 8.0,
            "class_weighting": "sqrt_balanced",
            # known short phrases as their own feature block (ranker_model.PhraseFeatures); cross-validated
            # over train+dev pages (bench.ranker_eval --cv 5): top-1 0.438 without, 0.455 at 0.3, 0.468 at
            # 0.5, 0.461 at 0.7, 0.458 at 1.0. Re-measured with the 79-procedure KB, 731 questions (2026-11-30):
            # top-1 0.670 at 0.5, 0.681 at 0.3; and end to end out of fold (every reading out of fold, the turn
            # logic replayed, 776 questions): covered right / wrong 345 / 35 at 0.5, 347 / 34 at 0.4, 347 / 31 at
            # 0.3, 341 / 27 at 0.2, 332 / 28 without; outside honest / wrong 50 / 15, 50 / 14, 49 / 13, 49 / 12,
            # 45 / 13. A phrase of a neighbour's name in a long story weighs less, so fewer wrong cards
            "phrase_weight": 0.3,
            # a linear SVM over sentence vectors (vi_nlu.sentence_encoder) blended into the margins of messages the
            # n-gram model gives less than `encoder_below` (encoder_head.EncoderHead); 0 turns it off. Chosen end to
            # end out of fold (bench.encoder_blend, 806 train+dev questions, every reading out of fold, 2026-12-01),
            # covered right / clarify / miss / wrong; outside honest / wrong; out-of-scope wrong cards:
            #   without:          367 / 57 / 29 / 30;  63 / 9;  6
            #   w 1, k 0.6:       378 / 50 / 25 / 30;  64 / 11; 8
            #   w 1, k 0.58:      377 / 55 / 24 / 27;  64 / 11; 7   ← shipped: ten more right answers, as many wrong cards
            #   w 1, k 0.52:      366 / 70 / 24 / 23;  62 / 10; 6   (a smaller k makes fewer, surer cards: menus)
            #   w 1.5, k 0.5:     383 / 44 / 25 / 31;  62 / 15; 7
            # below 0.5 or 0.9 instead of 0.7 moves one or two answers; at 0.7 half of the real messages (the long,
            # unsure ones) call the encoder and the rest cost nothing more. Ranker alone, cv5 top-1 0.689 → 0.713.
            "encoder_weight": 1.0,
            "encoder_factor": 0.58,
            "encoder_below": 0.7,
            # the encoder reads a message typed without diacritics with its diacritics restored (vi_text.diacritics,
            # learnt from the ranker's own texts) instead of not at all. 5-fold over the 814 train+dev questions with
            # a procedure (2026-12-01, batch 20 in), ranker alone, top-1 / top-3: as written 0.575 / 0.674; typed
            # without diacritics 0.553 / 0.655 without restoring, 0.568 / 0.676 with it
            "restore_diacritics": True,
            "ranking_length": RANKING_LENGTH,
        }

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> str | None:
        """The extra files' contents: Rasa's cache sees only the graph's inputs, so without this a changed
        train split or staff export would leave a stale ranker restored from the cache."""
        # their names are in the config, which Rasa fingerprints itself; the code that turns them into a
        # model is not seen either: a change to it (features, examples) must retrain the ranker too
        return cls.files_digest([*cls.extra_paths(config), *training_code()])

    @classmethod
    def extra_paths(cls, config: Dict[str, Any]) -> List[Path]:
        """The extra training files of this configuration (relative names are under rasa_project/)."""
        return cls._paths(config, "extra_files")

    @classmethod
    def real_paths(cls, config: Dict[str, Any]) -> List[Path]:
        """The extra files that hold real citizens' messages (see `real_repeat`)."""
        return cls._paths(config, "real_files")

    @classmethod
    def _paths(cls, config: Dict[str, Any], key: str) -> List[Path]:
        return [PROJECT_DIR / name for name in {**cls.get_default_config(), **config}[key]]

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the model on the NLU data and the extra files; persist it."""
        pairs = training_pairs(training_data, self._config["entity"], self.extra_paths(self._config),
                               self.real_paths(self._config), int(self._config["real_repeat"]))
        texts, labels = [t for t, _ in pairs], [lab for _, lab in pairs]
        model = ProcedureRankerModel.fit(texts, labels, c=float(self._config["c"]), scale=float(self._config["scale"]),
                                         weighting=str(self._config["class_weighting"]),
                                         phrase_weight=float(self._config["phrase_weight"]),
                                         **encoder_settings(self._config))
        logger.info("ProcedureRanker trained on %d texts, %d labels", len(texts), len(set(labels)))
        return self._persist(model)

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> ProcedureRanker:
        """Load the persisted model and its sentence encoder now, so that the first unsure message does not wait."""
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        if component._model is not None:
            component._model.embedder()
        return component  # type: ignore[return-value]

    def process(self, messages: List[Message]) -> List[Message]:
        """Set `procedure_ranking` on each message with text."""
        for message in messages:
            text = message.get(TEXT) or ""
            ranking: List[Dict[str, Any]] = []
            if self._model is not None and text.strip() and not text.startswith("/"):
                ranking = [{"name": r.label, "confidence": r.confidence}
                           for r in rank_message(self._model, text, int(self._config["ranking_length"]))]
            message.set(RANKING_KEY, ranking, add_to_output=True)
        return messages
