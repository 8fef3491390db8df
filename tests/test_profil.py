"""Profil (knowledge.regles) et son adaptateur NLU : entités `role` et `mineur` (bot.composants.profil)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.composants.profil import ExtracteurProfil, entites
from knowledge.regles import detecter_profil, est_mineur, parle_d_un_mineur


@pytest.mark.parametrize(("texte", "attendu"), [
    ("ma voisine se fait frapper par son mari", "proche"),
    ("comment l'aider, ma sœur est battue", "proche"),
    ("je suis infirmière, une patiente me dit être battue", "professionnel"),
    ("en tant que CPE je dois signaler quoi ?", "professionnel"),
    ("mon mari me frappe", "victime"),
    ("", "victime"),
])
def test_profil(texte, attendu):
    assert detecter_profil(texte) == attendu


@pytest.mark.parametrize(("texte", "attendu"), [
    ("j'ai 14 ans et mon père me frappe", True),
    ("je suis au collège et mes parents me tapent", True),
    ("jai 12 ans", True),
    ("papa tape maman", True),
    ("mon fils de 30 ans me frappe pour avoir de l'argent", False),
    ("j'ai 40 ans", False),
    ("le papa de mes enfants me frappe", False),
])
def test_mineur(texte, attendu):
    assert est_mineur(texte) is attendu


@pytest.mark.parametrize(("texte", "attendu"), [
    ("ma voisine se fait frapper par son mari", {"role": "proche"}),
    ("comment l'aider, ma sœur est battue", {"role": "proche"}),
    ("je suis infirmière, une patiente me dit être battue", {"role": "professionnel"}),
    ("j'ai 14 ans et mon père me frappe", {"mineur": "oui"}),
    ("je suis au collège et mes parents me tapent", {"mineur": "oui"}),
    ("mon beau-père frappe ma mère", {"mineur": "oui"}),
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


@pytest.mark.parametrize(("texte", "profil"), [
    ("Infirmière scolaire dans un collège : une élève m'a confié des violences", "professionnel"),
    ("Maire d'une petite commune : une habitante est venue me voir", "professionnel"),
    ("Éducatrice en foyer, une jeune que nous accueillons fugue", "professionnel"),
    ("mon copain est gendarme et il me frappe", "victime"),  # le compagnon n'est pas un proche à aider
    ("ma sœur est battue par son mari", "proche"),
])
def test_profil_session_5(texte, profil):
    assert detecter_profil(texte) == profil


def test_un_eleve_est_un_mineur():
    assert parle_d_un_mineur("une élève de 6e m'a parlé de son oncle")


@pytest.mark.parametrize("texte", ["ma collègue m'a dit que son mari la frappe", "ma sœur est avec un homme violent",
                                   "mon amie a peur de rentrer chez elle"])
def test_un_proche_qui_rapporte(texte):
    assert detecter_profil(texte) == "proche"


@pytest.mark.parametrize("texte", ["AS en MDCS : pour un enfant de 6 ans qui arrive sans manger…",
                                   "je suis à l'accueil d'un commissariat, une femme est repartie sans plainte"])
def test_professionnel_session_5_suite(texte):
    assert detecter_profil(texte) == "professionnel"


@pytest.mark.parametrize("texte", ["tu as vu ce qu'il m'a fait ?", "t'as un numéro ?"])
def test_tu_as_n_est_pas_un_metier(texte):
    assert detecter_profil(texte) != "professionnel"


@pytest.mark.parametrize("texte", ["je suis infirmière et mon mari me frappe",
                                   "Enseignante, mon conjoint m'a frappée hier"])
def test_une_professionnelle_victime_est_une_victime(texte):
    assert detecter_profil(texte) == "victime"
