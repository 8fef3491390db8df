"""La règle qui garde le jeu aveugle (tests/eval/) : aucune phrase d'entraînement trop proche d'une des siennes.

Écrite une fois, pour le test qui la vérifie (tests/test_jeu_aveugle.py) et pour les scripts qui écrivent des
données d'entraînement (scripts/exemples_danger.py). Les phrases du jeu ne sont jamais affichées.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

JEU = Path(__file__).resolve().parent / "eval"
#: Ratio (rapidfuzz) à partir duquel deux phrases normalisées sont trop proches.
SEUIL_PROXIMITE = 90
#: Plus courtes, les phrases du jeu ne sont pas comparées par le test (« merci », « Blois »).
LONGUEUR_MINIMALE = 20


def normaliser(texte: str) -> str:
    """Minuscules, sans accents, espaces réduits."""
    sans = "".join(c for c in unicodedata.normalize("NFKD", texte) if not unicodedata.combining(c))
    return " ".join(sans.lower().split())


def phrases_aveugles(longueur_minimale: int = LONGUEUR_MINIMALE) -> list[str]:
    """Les messages des conversations et les questions du jeu aveugle, normalisés."""
    conversations = yaml.safe_load((JEU / "conversations.yml").read_text(encoding="utf-8"))
    questions = yaml.safe_load((JEU / "questions.yml").read_text(encoding="utf-8"))
    textes = [t["texte"] for c in conversations["conversations"] for t in c["tours"]]
    textes += [q["texte"] for q in questions["questions"]]
    return [p for p in map(normaliser, textes) if len(p) > longueur_minimale]


def trop_proche(phrase: str, parmi: list[str]) -> bool:
    """La phrase (normalisée) a une voisine dans `parmi` (des phrases normalisées)."""
    return process.extractOne(phrase, parmi, scorer=fuzz.ratio, score_cutoff=SEUIL_PROXIMITE) is not None
