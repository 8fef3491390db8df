"""Faisceau d'indices : un danger dit avec des mots imprévus réunit plusieurs familles d'indices.

Les règles de `danger.py` reconnaissent des tournures ; elles manquent ce qui est dit autrement. Le
faisceau compte les familles d'indices présentes dans un message (l'agresseur qui agit, la peur, la
personne cachée ou coincée, un objet qui blesse, le présent) : assez de familles, dont le présent ou
le fait d'être coincée, disent le danger. Les familles et le seuil sont des données
(`knowledge/data/faisceau_danger.yaml`) ; si le fichier est illisible, le faisceau ne dit rien et
les règles restent seules.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from knowledge.regles.motifs import AUTEUR, a_une_habitude, present, recit_ancien

journal = logging.getLogger(__name__)
FICHIER = Path(__file__).resolve().parent.parent / "data" / "faisceau_danger.yaml"


@dataclass(frozen=True)
class Faisceau:
    """Familles d'indices compilées, expressions neutres, familles exigées (l'une d'elles), familles actives
    (l'une d'elles : ce qui arrive) et seuil."""

    familles: dict[str, tuple[re.Pattern[str], ...]]
    neutres: re.Pattern[str] | None
    exigees: frozenset[str]
    seuil: int
    actives: frozenset[str] = frozenset()


def _compiler(motif: str, auteur: str) -> re.Pattern[str]:
    # Chaque expression tient sur une ligne du fichier (un YAML replié mettrait des espaces dans les alternatives).
    return re.compile(motif.replace("{auteur}", auteur))


@cache
def faisceau() -> Faisceau | None:
    """Le faisceau des données, lu une fois ; None s'il est illisible."""
    try:
        donnees = yaml.safe_load(FICHIER.read_text("utf-8")) or {}
        en_plus = [str(a) for a in donnees.get("auteur_en_plus") or []]
        auteur = f"(?:{'|'.join([AUTEUR, *en_plus])})"
        familles = {nom: tuple(_compiler(m, auteur) for m in motifs)
                    for nom, motifs in (donnees.get("familles") or {}).items()}
        neutres = [_compiler(m, auteur).pattern for m in donnees.get("neutres") or []]
        return Faisceau(familles, re.compile("|".join(neutres)) if neutres else None,
                        frozenset(donnees.get("exigees") or ()), int(donnees.get("seuil") or 3),
                        frozenset(donnees.get("actives") or ()))
    except (OSError, yaml.YAMLError, re.error, TypeError, ValueError, AttributeError) as erreur:
        journal.warning("Faisceau d'indices illisible, ignoré : %s", erreur)
        return None


def familles_presentes(normalise: str) -> set[str]:
    """Les familles d'indices présentes (sans négation juste avant) dans un texte normalisé."""
    donnees = faisceau()
    if donnees is None:
        return set()
    if donnees.neutres is not None:
        normalise = donnees.neutres.sub(" ", normalise)
    return {nom for nom, motifs in donnees.familles.items() if any(present(m, normalise) for m in motifs)}


def faisceau_de_danger(normalise: str) -> bool:
    """Assez d'indices réunis, dont une famille exigée et une active, hors récit ancien et habitude racontée."""
    donnees = faisceau()
    if donnees is None or recit_ancien(normalise) or a_une_habitude(normalise):
        return False
    trouvees = familles_presentes(normalise)
    actives = not donnees.actives or bool(trouvees & donnees.actives)
    return len(trouvees) >= donnees.seuil and bool(trouvees & donnees.exigees) and actives
