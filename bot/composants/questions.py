"""Adaptateur NLU : la question fréquente la plus proche (knowledge.selection_questions).

Le résultat prend la forme de celui du ResponseSelector de Rasa (`response_selector.faq`), que
les actions lisent : clé `faq/<id>` et confiance (la similarité). Les questions sont lues dans la
base de connaissances au chargement du modèle.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.composants.base import ComposantSansEntrainement
from knowledge.questions import INTENTION
from knowledge.selection_questions import SelecteurQuestions

CLE = "response_selector"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SelectionQuestions(ComposantSansEntrainement):
    """Ajoute à chaque message la question fréquente la plus proche et sa similarité."""

    def __init__(self) -> None:
        self.selecteur = SelecteurQuestions()

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
