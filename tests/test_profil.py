"""Entités `role` et `mineur` ajoutées par bot.composants.profil."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.composants.profil import ExtracteurProfil, entites


@pytest.mark.parametrize(("texte", "attendu"), [
    ("ma voisine se fait frapper par son mari", {"role": "proche"}),
    ("comment l'aider, ma sœur est battue", {"role": "proche"}),
    ("je suis infirmière, une patiente me dit être battue", {"role": "professionnel"}),
    ("j'ai 14 ans et mon père me frappe", {"mineur": "oui"}),
    ("je suis au collège et mes parents me tapent", {"mineur": "oui"}),
    ("mon fils de 30 ans me frappe pour avoir de l'argent", {}),
    ("mon mari me frappe", {}),
])
def test_entites(texte, attendu):
    assert {e["entity"]: e["value"] for e in entites(texte)} == attendu


def test_composant_ajoute_sans_effacer_les_autres_entites():
    message = Message(data={"text": "ma copine est frappée par son ex à Blois",
                            "entities": [{"entity": "commune", "value": "Blois", "start": 36, "end": 41}]})
    ExtracteurProfil().process([message])
    noms = [e["entity"] for e in message.get("entities")]
    assert noms == ["commune", "role"]
    assert message.get("entities")[1]["extractor"] == "ExtracteurProfil"
