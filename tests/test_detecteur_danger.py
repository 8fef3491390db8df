"""Détecteur de danger : les signes de danger immédiat l'emportent sur le classifieur."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.composants.detecteur_danger import DetecteurDanger, detecter


@pytest.mark.parametrize(
    "texte",
    [
        "il a un couteau",
        "Il va me tuer",
        "il m a menacée de mort hier soir",
        "il est en train de me frapper",
        "IL ME FRAPPE LA",
        "je suis enfermée dans la salle de bain",
        "il défonce la porte",
        "ma voisine se fait frapper là maintenant",
        "au secours",
        "il a essayé de m'étrangler",
        "je suis en danger",
        "jsuis en danger il est la",
        "mon voisin est en train de frapper sa femme j'entends des cris",
        "il m'a violée cette nuit et il est encore là",
        "il m'a frappée, il est toujours à la maison",
        "ma fille a avalé des médicaments",
        "mon fils a avalé toute la boîte de cachets",
        "je saigne beaucoup",
        "elle est inconsciente",
        "il a mis le feu à l'appartement",
        "mon ex m'a dit qu'il allait me tuer ce soir",
        "il va venir me tuer",
        "j'ai peur qu'il me tue",
        "il a dit qu'il finirait par nous buter",
    ],
)
def test_urgence(texte):
    assert detecter(texte) == "urgence"


@pytest.mark.parametrize("texte", ["je veux en finir", "j'ai envie de mourir", "je pense au suicide",
                                   "ma fille veut se suicider", "je vais me foutre en l'air",
                                   "j'ai envie de me tuer", "je pense souvent à me tuer",
                                   "parfois j'ai des idées de me tuer"])
def test_idees_suicidaires(texte):
    assert detecter(texte) == "idees_suicidaires"


@pytest.mark.parametrize(
    "texte",
    [
        "mon mari me frappe depuis des années",
        "je veux porter plainte",
        "ma fille est harcelée au collège",
        "je ne suis pas en danger immédiat",
        "on m'a volé ma carte bancaire",
        "bonjour",
        "c'est quoi le téléphone grave danger",
        "le CIDFF est encore là le samedi ?",
        "il m'a frappée l'an dernier, je suis partie depuis",
        "j'ai avalé ma salive de travers",
        "je saigne du nez parfois",
        "il est toujours là pour moi",
        "ce travail me tue",
        "ça me tue de voir ça",
    ],
)
def test_pas_d_urgence(texte):
    assert detecter(texte) is None


def test_composant_remplace_l_intention():
    composant = DetecteurDanger()
    message = Message(data={TEXT: "il a un couteau dans la main"})
    message.set(INTENT, {"name": "situation_violences_conjugales", "confidence": 0.8})
    message.set(INTENT_RANKING_KEY, [{"name": "situation_violences_conjugales", "confidence": 0.8},
                                     {"name": "urgence", "confidence": 0.1}])
    [resultat] = composant.process([message])
    assert resultat.get(INTENT) == {"name": "urgence", "confidence": 1.0}
    classement = [i["name"] for i in resultat.get(INTENT_RANKING_KEY)]
    assert classement[0] == "urgence" and classement.count("urgence") == 1


def test_composant_laisse_le_reste():
    message = Message(data={TEXT: "je veux divorcer"})
    message.set(INTENT, {"name": "situation_droits_conseil_juridique", "confidence": 0.9})
    [resultat] = DetecteurDanger().process([message])
    assert resultat.get(INTENT)["name"] == "situation_droits_conseil_juridique"


def test_texte_geant():
    assert detecter("a" * 1_000_000 + " il va me tuer") is None  # au-delà de 5 000 caractères : non lu
    assert detecter("il va me tuer " + "a" * 1_000_000) == "urgence"
