"""Données NLU : volume par intention et étanchéité du jeu tenu à part."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

from tests.harnais import RACINE


def _exemples(chemin: Path) -> list[tuple[str, str]]:
    donnees = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    paires = []
    for bloc in donnees.get("nlu", []):
        if "intent" not in bloc:
            continue
        for ligne in bloc["examples"].splitlines():
            ligne = ligne.strip()
            if ligne.startswith("- "):
                texte = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", ligne[2:]).strip().lower()
                paires.append((bloc["intent"], texte))
    return paires


ENTRAINEMENT = [p for f in sorted((RACINE / "data" / "nlu").glob("*.yml")) for p in _exemples(f)]
TENU_A_PART = _exemples(RACINE / "tests" / "nlu" / "tenu_a_part.yml")
DOMAINE = yaml.safe_load((RACINE / "domain.yml").read_text(encoding="utf-8"))


def test_au_moins_25_exemples_par_intention():
    comptes = Counter(intention for intention, _ in ENTRAINEMENT)
    for intention in DOMAINE["intents"]:
        assert comptes[intention] >= 25, (intention, comptes[intention])


def test_jeu_tenu_a_part_suffisant_et_couvrant():
    assert len(TENU_A_PART) >= 300
    assert {i for i, _ in TENU_A_PART} == set(DOMAINE["intents"])


def test_aucune_phrase_du_jeu_tenu_a_part_dans_l_entrainement():
    assert not {t for _, t in TENU_A_PART} & {t for _, t in ENTRAINEMENT}


def test_boutons_du_domaine_compris_par_le_modele():
    """Les boutons envoient du texte : chaque charge utile est un exemple d'entraînement."""
    textes = {t for _, t in ENTRAINEMENT}
    for nom, variantes in DOMAINE["responses"].items():
        for variante in variantes:
            for bouton in variante.get("buttons", []):
                assert bouton["payload"].lower() in textes, (nom, bouton["payload"])
