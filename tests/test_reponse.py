"""Répondre d'abord : ce que reçoit la personne à la première réponse (knowledge/reponse.py)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from knowledge.horaires import FUSEAU
from knowledge.lieu import Lieu
from knowledge.reponse import FICHES_MAX, composer, ligne_danger

MARDI_MIDI = datetime(2026, 12, 1, 12, 0, tzinfo=FUSEAU)
DIMANCHE_3H = datetime(2026, 11, 29, 3, 0, tzinfo=FUSEAU)
SITUATIONS = ["violences_conjugales", "violences_intrafamiliales", "violences_sexuelles", "harcelement_scolaire",
              "cyberharcelement", "harcelement_travail", "enfant_en_danger", "maltraitance_personne_vulnerable",
              "escroquerie", "discrimination", "prostitution", "auteur_violences", "hebergement_urgence",
              "droits_conseil_juridique", "porter_plainte", "addiction_jeune"]


def _texte(reponse):
    return "\n".join(m.texte for m in reponse.messages)


def _fiches(reponse):
    """Les messages qui sont des fiches (un lien tel:, sms: ou https: et pas le premier message)."""
    return [m for m in reponse.messages[1:] if re.search(r"\]\((?:tel|sms|https):", m.texte)]


@pytest.mark.parametrize("situation", SITUATIONS)
def test_sans_commune_la_premiere_reponse_aide_deja(annuaire_sqlite, situation):
    reponse = composer(annuaire_sqlite, [situation], None, "victime", MARDI_MIDI)
    premiere_ligne = annuaire_sqlite.situations()[situation].lignes[0]
    numero = annuaire_sqlite.structure(premiere_ligne).contacts[0].valeur
    assert numero in _texte(reponse), "la ligne essentielle de la situation est dans la première réponse"
    assert len(reponse.messages[0].texte.split("\n")) >= 2, "ce qu'on peut faire maintenant vient d'abord"
    assert reponse.demander_lieu and "commune" in reponse.messages[-1].texte, "la commune est proposée ensuite"
    assert 1 <= len(_fiches(reponse)) <= FICHES_MAX


@pytest.mark.parametrize("situation", SITUATIONS)
def test_au_plus_trois_fiches_avec_commune(annuaire_sqlite, situation):
    reponse = composer(annuaire_sqlite, [situation], Lieu.lire("41018"), "victime", MARDI_MIDI)
    assert len(_fiches(reponse)) <= FICHES_MAX
    assert not reponse.demander_lieu


def test_couple_la_ligne_24h_avant_les_structures_locales_sans_contact(annuaire_sqlite):
    reponse = composer(annuaire_sqlite, ["violences_conjugales"], Lieu.lire("41018"), "victime", DIMANCHE_3H)
    fiches = _fiches(reponse)
    assert fiches[0].texte.startswith("Violences Femmes Info (3919)")
    sans_contact = "Maison de justice" not in "\n".join(f.texte for f in fiches)
    assert sans_contact, "sans contact direct : une ligne, pas une fiche"


def test_rappel_du_danger_tire_de_l_annuaire(annuaire_sqlite):
    ligne = ligne_danger(annuaire_sqlite)
    assert "[17](tel:17)" in ligne and "[112](tel:112)" in ligne and "[114](sms:114)" in ligne
    reponse = composer(annuaire_sqlite, ["violences_conjugales"], None, "victime", MARDI_MIDI)
    assert ligne in reponse.messages[0].texte
    arnaque = composer(annuaire_sqlite, ["escroquerie"], None, "victime", MARDI_MIDI)
    assert "tel:17)" not in arnaque.messages[0].texte


def test_deux_situations_donnent_l_union_des_lignes_essentielles(annuaire_sqlite):
    reponse = composer(annuaire_sqlite, ["enfant_en_danger", "violences_conjugales"], None, "victime", MARDI_MIDI)
    texte = _texte(reponse)
    assert "[119](tel:119)" in texte and "[3919](tel:3919)" in texte and "[17](tel:17)" in texte
    reponse = composer(annuaire_sqlite, ["maltraitance_personne_vulnerable", "escroquerie"], None, "proche",
                       MARDI_MIDI)
    texte = _texte(reponse)
    assert "3977" in texte and "17cyber" in texte


def test_apres_la_commune_pas_de_repetition(annuaire_sqlite):
    premiere = composer(annuaire_sqlite, ["enfant_en_danger"], None, "victime", MARDI_MIDI)
    seconde = composer(annuaire_sqlite, ["enfant_en_danger"], Lieu.lire("41269"), "victime", MARDI_MIDI, True)
    assert premiere.messages[0].texte != seconde.messages[0].texte
    assert "à Vendôme" in seconde.messages[0].texte
    assert len(seconde.messages[0].texte.split("\n")) == 1
    assert "CRIP" in _texte(seconde)


def test_hors_41_que_du_national(annuaire_sqlite):
    reponse = composer(annuaire_sqlite, ["escroquerie"], Lieu.lire("hors:37"), "victime", MARDI_MIDI)
    assert "17cyber" in _texte(reponse) and "Commissariat" not in _texte(reponse)


def test_tous_les_liens_sont_surs(annuaire_sqlite):
    for situation in SITUATIONS:
        for lieu in (None, Lieu.lire("41269"), Lieu.lire("41194")):
            reponse = composer(annuaire_sqlite, [situation], lieu, "victime", DIMANCHE_3H)
            for lien in re.findall(r"\]\(([^)]+)\)", _texte(reponse)):
                assert re.match(r"^(tel:\+?\d+|sms:\d+|mailto:\S+@\S+|https://\S+)$", lien), lien


def test_un_professionnel_n_est_pas_traite_comme_la_victime(annuaire_sqlite):
    reponse = composer(annuaire_sqlite, ["violences_conjugales"], Lieu.lire("41018"), "professionnel", MARDI_MIDI)
    premier = reponse.messages[0].texte
    assert premier.startswith("Pour une personne que vous accompagnez") and "à Blois" in premier
    assert "Ce que vous vivez" not in premier


def test_un_proche_recoit_un_conseil_pour_l_entourage(annuaire_sqlite):
    premier = composer(annuaire_sqlite, ["violences_sexuelles"], None, "proche", MARDI_MIDI).messages[0].texte
    assert "entourage" in premier and "Ce qui vous est arrivé" not in premier
