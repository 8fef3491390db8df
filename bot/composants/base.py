"""Socle des composants NLU à règles : rien à entraîner, construits tels quels au chargement."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


class ComposantSansEntrainement(GraphComponent):
    """Un composant sans paramètre ni entraînement : `create` construit l'instance (`__init__`)."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls()
