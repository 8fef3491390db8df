"""Normalisation du texte saisi : casse, accents, tirets, abréviations."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import yaml

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_ABREVIATIONS = {
    "st": "saint",
    "ste": "sainte",
    "sts": "saints",
    "stes": "saintes",
}


def sans_accents(texte: str) -> str:
    """Retire les diacritiques (é → e, ç → c, œ → oe)."""
    texte = texte.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decompose = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decompose if not unicodedata.combining(c))


def normaliser(texte: str) -> str:
    """Forme de comparaison : minuscules, sans accents ni ponctuation, « st » → « saint »."""
    brut = _NON_ALNUM.sub(" ", sans_accents(texte).lower()).split()
    return " ".join(_ABREVIATIONS.get(mot, mot) for mot in brut)


FICHIER_SMS = Path(__file__).resolve().parent / "data" / "sms.yaml"


@cache
def _sms() -> tuple[dict[str, str], tuple[tuple[re.Pattern[str], str], ...]]:
    """Mots et groupes SMS (knowledge/data/sms.yaml), lus une fois."""
    with FICHIER_SMS.open(encoding="utf-8") as flux:
        donnees = yaml.safe_load(flux) or {}
    mots = {normaliser(k): normaliser(v) for k, v in (donnees.get("mots") or {}).items()}
    groupes = tuple((re.compile(rf"\b{re.escape(normaliser(k))}\b"), normaliser(v))
                    for k, v in (donnees.get("groupes") or {}).items())
    return mots, groupes


def deplier_sms(texte_normalise: str) -> str:
    """Déplie l'écriture SMS d'un texte déjà normalisé (« ma grd mer se fe vole » → « ma grand mere se fait vole »)."""
    mots, groupes = _sms()
    deplie = " ".join(mots.get(mot, mot) for mot in texte_normalise.split())
    for motif, remplacement in groupes:
        deplie = motif.sub(remplacement, deplie)
    return deplie


#: Longueur d'un message lue par les règles (un texte collé sans fin ne les ralentit pas).
LONGUEUR_LUE = 5000


def lire_message(texte: str | None) -> str:
    """Un message tel que les règles le lisent : tronqué à LONGUEUR_LUE, normalisé, écriture SMS dépliée."""
    return deplier_sms(normaliser((texte or "")[:LONGUEUR_LUE]))


def ngrammes(tokens: list[str], taille_max: int = 6) -> list[tuple[int, int, str]]:
    """Tous les n-grammes (début, fin, texte), les plus longs d'abord."""
    resultat: list[tuple[int, int, str]] = []
    for taille in range(min(taille_max, len(tokens)), 0, -1):
        for debut in range(0, len(tokens) - taille + 1):
            resultat.append((debut, debut + taille, " ".join(tokens[debut : debut + taille])))
    return resultat
