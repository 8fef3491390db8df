"""Adaptateur NLU : la question fréquente la plus proche (knowledge.selection_questions).

Le résultat prend la forme de celui du ResponseSelector de Rasa (`response_selector.faq`), que
les actions lisent : clé `faq/<id>` et confiance (la similarité). Les questions sont lues dans la
base de connaissances au chargement du modèle.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from knowledge.questions import INTENTION
from knowledge.selection_questions import SelecteurQuestions

CLE = "response_selector"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SelectionQuestions(GraphComponent):
    """Ajoute à chaque message la question fréquente la plus proche et sa similarité."""

    def __init__(self) -> None:
        self.selecteur = SelecteurQuestions()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SelectionQuestions:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            choix = self.selecteur.classer(message.get(TEXT) or "")
            if not choix:
                continue
            classement = [{"intent_response_key": c.question.cle, "confidence": c.similarite}
                          for c in choix]
            selection = {**(message.get(CLE) or {}),
                         INTENTION: {"response": classement[0], "ranking": classement}}
            message.set(CLE, selection, add_to_output=True)
        return messages
