"""Adaptateur NLU des entités `role` (proche, professionnel) et `mineur` (règles dans knowledge.regles).

Qui écrit (la victime, un proche, un professionnel) et si la personne concernée est mineure se
disent par des tournures (« ma voisine se fait frapper », « je suis infirmière », « j'ai 14 ans »,
« papa tape maman ») plus que par un mot qu'on pourrait annoter. Ce composant expose les règles
comme entités Rasa, avec leur extracteur, pour que le dialogue (slot `mineur`, variante de
utter_urgence) et les actions les lisent. Sans entité `role`, la personne est traitée comme la victime.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.composants.base import ComposantSansEntrainement
from knowledge.regles import detecter_profil, est_mineur

NOM = "ExtracteurProfil"


def entites(texte: str) -> list[dict[str, Any]]:
    """Entités `role` et `mineur` d'un texte (liste vide si rien n'est reconnu)."""
    trouvees: list[dict[str, Any]] = []
    role = detecter_profil(texte)
    if role != "victime":
        trouvees.append({"entity": "role", "value": role, "start": 0, "end": len(texte), "extractor": NOM,
                         "confidence_entity": 1.0})
    if est_mineur(texte):
        trouvees.append({"entity": "mineur", "value": "oui", "start": 0, "end": len(texte), "extractor": NOM,
                         "confidence_entity": 1.0})
    return trouvees


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ExtracteurProfil(ComposantSansEntrainement):
    """Ajoute les entités `role` et `mineur` aux messages."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            nouvelles = entites((message.get(TEXT) or "")[:5000])
            if nouvelles:
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), *nouvelles], add_to_output=True)
        return messages
