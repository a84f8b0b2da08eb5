"""Plumbing shared by the NLU components that train and persist a linear model (ranker, complaint scorer)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Dict

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

from vi_nlu.ranker_model import ProcedureRankerModel

logger = logging.getLogger(__name__)


class LinearModelComponent(GraphComponent):
    """Holds the configuration (defaults first) and the trained `ProcedureRankerModel`, if any; persists it as
    JSON and NumPy arrays in the component's resource, and loads it back."""

    # What the component does without a model, for the one warning `load` logs then.
    WITHOUT_MODEL = "it does nothing"

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """No settings of its own; subclasses list theirs."""
        return {}

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: ProcedureRankerModel | None = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @staticmethod
    def files_digest(paths: Iterable[Path]) -> str:
        """A digest of the files' contents (a missing file counts as such): for `fingerprint_addon`, since
        Rasa's cache sees the graph's inputs only, not the files a component reads at training time."""
        digest = hashlib.sha256()
        for path in paths:
            content = path.read_bytes() if path.exists() else b"<missing>"
            digest.update(len(content).to_bytes(8, "big") + content)
        return digest.hexdigest()

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LinearModelComponent:
        """Create an untrained component."""
        return cls(config, model_storage, resource)

    def _persist(self, model: ProcedureRankerModel) -> Resource:
        """Keep `model` and write it to the component's resource."""
        self._model = model
        with self._model_storage.write_to(self._resource) as folder:
            model.save(Path(folder))
        return self._resource

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LinearModelComponent:
        """Load the persisted model; without one the component runs without it and says so once."""
        try:
            with model_storage.read_from(resource) as folder:
                model: ProcedureRankerModel | None = ProcedureRankerModel.load(Path(folder))
        except (ValueError, FileNotFoundError, KeyError):
            logger.warning("%s: no trained model in this package; %s.", cls.__name__, cls.WITHOUT_MODEL)
            model = None
        return cls(config, model_storage, resource, model)
