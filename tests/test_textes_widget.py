"""Les textes du widget sont écrits une fois : phrases dans le domaine, numéros d'urgence dans
l'annuaire ; widget.js n'en porte qu'une copie générée, à jour (bot/textes_widget.py)."""

from __future__ import annotations

import re

import yaml

from bot import textes_widget as tw

SOURCE = tw.WIDGET.read_text(encoding="utf-8")
HORS_BLOC = tw._BLOC.sub("", SOURCE)


def test_copie_dans_le_widget_a_jour():
    assert tw.a_jour(SOURCE) == SOURCE, "widget.js n'est pas à jour : python -m bot.textes_widget"


def test_numeros_d_urgence_tires_de_l_annuaire():
    structures = tw.structures_d_urgence()
    assert [s.id for s in structures] == ["urgence-17", "urgence-112", "urgence-114"]
    for cle, texte in tw.textes().items():
        liens = re.findall(r"\]\(((?:tel|sms):[^)]+)\)", texte)
        assert liens == ["tel:17", "tel:112", "sms:114"], cle
        for structure in structures:
            numero, url = tw.lien(structure)
            assert f"[{numero}]({url})" in texte, (cle, structure.id)


def test_ligne_urgence_lie_le_numero_de_la_fiche():
    (sms,) = [s for s in tw.structures_d_urgence() if s.id == "urgence-114"]
    assert tw.lien(sms) == ("114", "sms:114")
    assert tw.ligne_urgence(sms) == sms.facile_a_lire.replace("114", "[114](sms:114)", 1)


def test_numeros_ecrits_nulle_part_ailleurs():
    """Ni le domaine (réponses du widget) ni le code du widget n'écrivent un numéro d'urgence."""
    reponses = yaml.safe_load(tw.DOMAINE.read_text(encoding="utf-8"))["responses"]
    for nom in tw.REPONSES:
        texte = reponses[nom][0]["text"]
        assert "{urgences}" in texte and not re.search(r"\d{2,}|tel:|sms:", texte.replace("24 h", "")), nom
    assert not re.search(r"\b(?:15|17|18|112|114|115|119|3114|3919)\b|(?:tel|sms):\+?\d", HORS_BLOC)


def test_bloc_est_du_json_valide():
    (bloc,) = tw._BLOC.findall(SOURCE)
    assert bloc.count("var TEXTES = ") == 1 and set(tw.textes()) == {"accueil", "indisponible"}
