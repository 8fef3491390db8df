"""Allègements par message (bot.surcharges.performance) : mêmes résultats que Rasa, moins de calcul."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import spacy
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.nlu.utils.spacy_utils import SpacyNLP

from bot import surcharges
from bot.surcharges import performance
from bot.surcharges.remplacements import ORIGINAUX

surcharges.installer()

# Réponse type du serveur d'actions : événements de créneaux et bulles (tirée d'un vrai échange).
REPONSE = {
    "events": [
        {"event": "slot", "timestamp": None, "name": "situation", "value": "violences_conjugales"},
        {"event": "slot", "timestamp": None, "name": "commune", "value": "Vendôme"},
        {"event": "followup", "timestamp": None, "name": "action_listen"},
    ],
    "responses": [
        {
            "text": "Voici qui peut vous aider à Vendôme.",
            "buttons": [],
            "elements": [],
            "custom": {},
            "template": None,
            "response": None,
            "image": None,
            "attachment": None,
        },
        {"response": "utter_urgence_rappel"},
    ],
}


def _invalides() -> list[dict]:
    sans_nom = copy.deepcopy(REPONSE)
    del sans_nom["events"][0]["event"]
    evenement_inconnu = copy.deepcopy(REPONSE)
    evenement_inconnu["events"][1]["event"] = "pas_un_evenement"
    return [
        {"events": "pas une liste"},
        {"events": [], "responses": {"text": "x"}},
        sans_nom,
        evenement_inconnu,
        {"events": [{"event": "slot", "name": 3}]},
    ]


def test_reponse_valide_acceptee():
    assert RemoteAction("action_orienter", None)._validate_action_result(REPONSE)


@pytest.mark.parametrize("reponse", _invalides())
def test_reponse_invalide_refusee_avec_la_meme_erreur_que_rasa(reponse):
    action = RemoteAction("action_orienter", None)
    with pytest.raises(ValidationError) as attendu:
        ORIGINAUX["RemoteAction._validate_action_result"](action, copy.deepcopy(reponse))
    with pytest.raises(ValidationError) as obtenu:
        action._validate_action_result(copy.deepcopy(reponse))
    assert obtenu.value.message == attendu.value.message
    assert list(obtenu.value.absolute_path) == list(attendu.value.absolute_path)


def test_validateur_construit_une_fois():
    assert performance.validateur_reponse_action() is performance.validateur_reponse_action()


PHRASES = [
    "mon mari me frappe depuis des mois et j'ai peur pour mes enfants",
    "jhabite a vendome",
    "Je suis assistante sociale à Blois : comment saisir la CRIP ?",
    "oui",
    "Mme Durand, 12 rue du Pont",
]


def test_spacy_sans_ner_donne_les_memes_traits():
    allege = SpacyNLP.load_model("fr_core_news_md").model
    assert "ner" not in allege.pipe_names and "parser" not in allege.pipe_names
    complet = spacy.load("fr_core_news_md")
    for phrase in PHRASES:
        a, c = allege(phrase), complet(phrase)
        assert [(t.text, t.idx, t.lemma_, t.pos_, t.tag_) for t in a] == [
            (t.text, t.idx, t.lemma_, t.pos_, t.tag_) for t in c
        ]
        assert np.array_equal(a.vector, c.vector)
        assert all(np.array_equal(x.vector, y.vector) for x, y in zip(a, c, strict=True))


def test_modele_spacy_absent_garde_le_message_de_rasa():
    from rasa.nlu.model import InvalidModelError

    with pytest.raises(InvalidModelError, match="available spaCy model"):
        SpacyNLP.load_model("xx_modele_absent")
