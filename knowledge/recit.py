"""Lire la ou les situations d'un récit, en complément du classifieur (knowledge/data/recits.yaml).

Le classifieur donne une intention par message ; un récit de six phrases peut en porter deux
(« mon mari me frappe et les enfants voient tout »), et un long message peut le dérouter. Ces
motifs, tenus dans les données, donnent les situations reconnues, de la plus marquée à la moins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from knowledge.texte import normaliser

FICHIER = Path(__file__).resolve().parent / "data" / "recits.yaml"


@dataclass(frozen=True)
class _Regles:
    motifs: dict[str, tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]]
    non_secondaires: frozenset[str]


@cache
def _regles() -> _Regles:
    """recits.yaml, lu et compilé une fois par processus."""
    with FICHIER.open(encoding="utf-8") as flux:
        donnees = yaml.safe_load(flux)
    motifs = {
        situation: (tuple(re.compile(m) for m in regles.get("fort") or ()),
                    tuple(re.compile(m) for m in regles.get("ensemble") or ()))
        for situation, regles in donnees.items()
    }
    return _Regles(motifs, frozenset(s for s, regles in donnees.items() if regles.get("secondaire") is False))


def peut_s_ajouter(situation: str) -> bool:
    """Cette situation peut-elle compléter une autre dans la même réponse ?"""
    return situation not in _regles().non_secondaires


def situations_du_texte(texte: str) -> list[str]:
    """Situations reconnues dans le texte, les plus marquées d'abord (liste vide si aucune)."""
    normalise = normaliser(texte[:5000])
    scores: dict[str, int] = {}
    for situation, (forts, groupes) in _regles().motifs.items():
        score = 2 * sum(1 for m in forts if m.search(normalise))
        if groupes and all(g.search(normalise) for g in groupes):
            score += len(groupes)
        if score:
            scores[situation] = score
    return sorted(scores, key=lambda s: -scores[s])
