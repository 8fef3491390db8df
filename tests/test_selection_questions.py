"""Choix de la question fréquente la plus proche (knowledge.selection_questions, bot.composants.questions)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.composants.questions import SelectionQuestions
from knowledge.questions import questions
from knowledge.selection_questions import SelecteurQuestions, themes_nommes


@pytest.fixture(scope="module")
def selecteur() -> SelecteurQuestions:
    return SelecteurQuestions()


def test_chaque_variante_retrouve_sa_question(selecteur):
    for question in list(questions().values())[:40]:
        meilleur = selecteur.classer(question.variantes[0])[0]
        assert meilleur.question.id == question.id and meilleur.similarite > 0.99


@pytest.mark.parametrize(("texte", "attendue"), [
    ("comment on fait pour avoir le téléphone grave danger", "tgd_obtenir"),
    ("main courante ou plainte c'est quoi la différence", "plainte_ou_main_courante"),
    ("l'aide ménagère de mamie lui vide son compte", "vulnerable_abus_financier"),
    ("j'avais 9 ans quand mon grand-oncle m'a agressée, j'en ai 35, c'est prescrit ?", "prescription_enfance"),
    ("les voisins du rez-de-chaussée m'injurient dès que je passe, que faire ?", "harcelement_voisin"),
    ("nos engueulades c'est normal ou c'est déjà de la violence ? juste des disputes ?", "aide_dispute_ou_violence"),
    ("combien de temps j'ai pour demander à la CIVI de m'indemniser ?", "apres_plainte_civi_delai"),
    ("adjointe au maire : ai-je l'obligation de prévenir le procureur pour des coups entendus chez un voisin ?",
     "maire_obligation_signaler"),
    ("assistante sociale : une usagère et son fils doivent être mis à l'abri cette nuit, à qui m'adresser ?",
     "hebergement_pro_siao"),
    # les indices d'une question n'en capturent pas une autre
    ("mon neveu est harcelé au lycée depuis la rentrée, comment l'aider ?", "harcelement_scolaire"),
    ("ma collègue se fait harceler par notre chef, comment je peux l'aider ?", "harcelement_travail"),
    ("je suis médecin généraliste, puis-je alerter le procureur pour une patiente battue ?",
     "secret_medecin_signalement"),
])
def test_une_tournure_nouvelle(selecteur, texte, attendue):
    assert selecteur.classer(texte)[0].question.id == attendue


def test_texte_vide(selecteur):
    assert selecteur.classer("   ") == []


def test_composant_au_format_du_response_selector():
    message = Message(data={TEXT: "comment avoir un téléphone grave danger"})
    [resultat] = SelectionQuestions().process([message])
    reponse = resultat.get("response_selector")["faq"]["response"]
    assert reponse["intent_response_key"] == "faq/tgd_obtenir" and 0 < reponse["confidence"] <= 1.0


def test_tournures_tenues_a_part(selecteur):
    """Les 34 tournures tenues à part (jamais dans les variantes) : au moins 70 % retrouvent leur question."""
    import yaml

    from tests.harnais import RACINE

    tenues = yaml.safe_load((RACINE / "tests" / "nlu" / "questions_tenues_a_part.yml").read_text(encoding="utf-8"))
    justes = sum(selecteur.classer(q["texte"])[0].question.id == q["id"] for q in tenues["questions"])
    assert justes >= 0.7 * len(tenues["questions"]), justes


@pytest.mark.parametrize(("texte", "theme"), [
    ("est-ce que c'est prescrit après quinze ans ?", "prescription"),
    ("puis-je lever le secret médical pour une patiente ?", "secret-professionnel"),
    ("comment saisir la CIVI ?", "apres-plainte"),
    ("je veux partir, quel préavis pour mon bail ?", "hebergement"),
])
def test_un_mot_de_theme_oriente_le_choix(selecteur, texte, theme):
    assert theme in themes_nommes(texte)
    assert selecteur.classer(texte)[0].question.theme == theme
