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

from knowledge.regles import parle_d_un_mineur
from knowledge.texte import lire_message

FICHIER = Path(__file__).resolve().parent / "data" / "recits.yaml"
#: Confiance du classifieur au-dessus de laquelle son intention tient même quand le texte n'en porte
#: aucun motif ; en dessous, une situation que le récit nomme l'emporte (« escort » rangé en couple à 0,42).
CONFIANCE_CLASSIFIEUR_SURE = 0.9
#: Un motif `fort` pèse plus qu'un `ensemble` de deux expressions (« en 5e, ma mère me tape » : enfant).
POIDS_FORT = 3


@dataclass(frozen=True)
class _Regles:
    motifs: dict[str, tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]]
    non_secondaires: frozenset[str]
    priorites: dict[str, int]
    exclusions: dict[str, frozenset[str]]
    indices: dict[str, tuple[re.Pattern[str], ...]]


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
    return _Regles(
        motifs,
        frozenset(s for s, regles in donnees.items() if regles.get("secondaire") is False),
        {s: int(regles.get("priorite") or 0) for s, regles in donnees.items()},
        {s: frozenset(regles.get("exclut") or ()) for s, regles in donnees.items()},
        {s: tuple(re.compile(m) for m in regles["indices"]) for s, regles in donnees.items() if regles.get("indices")},
    )


def peut_s_ajouter(situation: str) -> bool:
    """Cette situation peut-elle compléter une autre dans la même réponse ?"""
    return situation not in _regles().non_secondaires


def situations_du_texte(texte: str) -> list[str]:
    """Situations reconnues dans le texte, les plus marquées d'abord (liste vide si aucune)."""
    return _lire(lire_message(texte))[0]


def _lire(normalise: str) -> tuple[list[str], set[str]]:
    """Situations lues (sans celles qu'une autre exclut), et les exclues."""
    scores: dict[str, int] = {}
    for situation, (forts, groupes) in _regles().motifs.items():
        score = POIDS_FORT * sum(1 for m in forts if m.search(normalise))
        if groupes and all(g.search(normalise) for g in groupes):
            score += len(groupes)
        if score:
            scores[situation] = score
    priorites = _regles().priorites
    lues = sorted(scores, key=lambda s: (-scores[s], -priorites.get(s, 0)))
    exclues = {e for s in lues for e in _regles().exclusions.get(s, ())}
    return [s for s in lues if s not in exclues], exclues


def _plausible(situation: str, normalise: str) -> bool:
    """La situation a au moins un mot qui la rend possible (`indices` de recits.yaml), ou n'en exige pas."""
    indices = _regles().indices.get(situation)
    if not indices or not normalise:
        return True
    return any(m.search(normalise) for m in indices)


#: Violences au foyer : l'une après l'autre n'ajoute aucune ligne utile.
_FOYER = frozenset({"violences_conjugales", "violences_intrafamiliales"})
#: Des violences au foyer commises devant un enfant : l'enfant témoin s'ajoute (le 119 avec le 3919).
_ENFANT_TEMOIN = re.compile(
    r"\b(?:devant|sous les yeux de) (?:ma|mon|mes|notre|nos|leur|leurs|la|le|les|sa|son|ses) (?:fille|fils|enfants?"
    r"|petits?|petite|bebe|filles|gosses|gamins?)\b"
    r"|\b(?:nos|mes|les|leurs) (?:enfants|filles|fils|petits|gosses) (?:\w+ ){0,5}"
    r"(?:voient|voyaient|entendent|assistent) (?:tout|a tout|a tout ca|aux disputes|aux cris|aux coups)\b"
)


def situations_retenues(situation: str | None, texte: str, mineur: bool = False, confiance: float = 1.0) -> list[str]:
    """La situation du classifieur, confrontée au récit puis complétée par lui (deux au plus).

    Le classifieur peu sûr cède la place à la situation que le texte nomme quand le texte ne dit
    rien de la sienne ; deux situations lues dans un même récit donnent l'union de leurs lignes.
    """
    normalise = lire_message(texte)
    lues, exclues = _lire(normalise)
    if situation is not None and not _plausible(situation, normalise):
        situation = None  # « est-ce que je peux donner l'alerte par SMS ? » rangé en arnaque : non
    principale = situation or (lues[0] if lues else None)
    if principale is None:
        return []
    if lues and (principale in exclues or (principale not in lues and confiance < CONFIANCE_CLASSIFIEUR_SURE)):
        principale = lues[0]
    if principale == "violences_intrafamiliales" and parle_d_un_mineur(texte):
        mineur = True  # « mon petit-fils de 8 ans, son beau-père l'enferme » : un enfant en danger
    if mineur and principale in ("violences_intrafamiliales", "violences_conjugales"):
        # Un mineur qui subit ou voit des violences à la maison : protection de l'enfance d'abord.
        return ["enfant_en_danger", principale]
    if principale in ("violences_sexuelles", "prostitution") and parle_d_un_mineur(texte):
        return [principale, "enfant_en_danger"]  # un enfant victime : le 119 aussi
    if principale == "hebergement_urgence" and (mineur or parle_d_un_mineur(texte)):
        return ["enfant_en_danger", principale]  # un mineur à la rue : la protection de l'enfance, pas le 115 seul
    autres = [s for s in lues if s != principale and peut_s_ajouter(s)]
    if principale in _FOYER and "enfant_en_danger" not in autres and _ENFANT_TEMOIN.search(normalise):
        autres.insert(0, "enfant_en_danger")
    if principale in _FOYER and "enfant_en_danger" in autres:
        autres = [s for s in autres if s not in _FOYER]  # couple et famille donnent les mêmes lignes ; l'enfant, le 119
    return [principale, *autres[:1]]
