"""Adaptateur NLU du détecteur de danger immédiat (règles dans knowledge.regles.danger).

Un message qui porte un signe de danger reçoit l'intention `urgence` ou `idees_suicidaires` avec
une confiance de 1, quoi qu'ait prédit DIET. Le chemin d'urgence repose ensuite sur des règles et
des réponses du domaine : il ne dépend ni du serveur d'actions ni de la base.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.composants.base import ComposantSansEntrainement
from knowledge.regles import detecter_danger
from knowledge.regles.danger import neutraliser


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DetecteurDanger(ComposantSansEntrainement):
    """Composant NLU : force l'intention d'urgence quand un signe de danger est reconnu."""

    def __init__(self) -> None:
        neutraliser("")  # noms de dispositifs lus au chargement du modèle, pas au premier message

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intention = detecter_danger(message.get(TEXT) or "")
            if intention is not None:
                forcer_intention(message, intention)
        return messages


def forcer_intention(message: Message, intention: str) -> None:
    """Donne au message l'intention de danger avec une confiance de 1."""
    # Les autres intentions passent sous la moitié : aucune ne peut plus sembler « aussi
    # probable » que le danger (le FallbackClassifier y verrait une ambiguïté).
    classement = [{**i, "confidence": min(float(i.get("confidence") or 0.0), 1.0) * 0.5}
                  for i in (message.get(INTENT_RANKING_KEY) or [])
                  if i.get("name") not in (intention, "nlu_fallback")]
    message.set(INTENT, {"name": intention, "confidence": 1.0}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": intention, "confidence": 1.0}, *classement],
                add_to_output=True)
