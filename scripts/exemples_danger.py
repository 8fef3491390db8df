#!/usr/bin/env python3
"""(Ré)écrit data/danger/exemples.yml, les exemples du classifieur appris du danger, depuis des jeux de
développement déjà lus (tests/dev/jeuN) : chaque tour y est un message étiqueté par son attente (`urgence`
vraie → `urgence`, ou `idees_suicidaires` si la ligne attendue est le 3114 ; sinon `sans_danger`).
Jamais le jeu aveugle de tests/eval/, ni un jeu neuf avant sa première mesure ; un tour trop proche d'une phrase
du jeu aveugle (la règle de tests/proximite.py) est écarté sans être affiché.

Usage (depuis la racine) : PYTHONPATH=. .venv/bin/python scripts/exemples_danger.py jeu1 jeu2 ...
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from tests.proximite import normaliser, phrases_aveugles, trop_proche

RACINE = Path(__file__).resolve().parent.parent
SORTIE = RACINE / "data" / "danger" / "exemples.yml"
ENTETE = """\
# Exemples du classifieur appris du danger (knowledge/regles/danger_appris.py, entraîné par rasa train avec
# les intentions urgence et idees_suicidaires de la NLU). Écrit par scripts/exemples_danger.py depuis les
# tours des jeux de développement lus (sources) ; à compléter à la main. Jamais une phrase du jeu aveugle.
"""


def etiquette(attendu: dict) -> str:
    if attendu.get("urgence") is not True:
        return "sans_danger"
    lignes = {str(x) for groupe in attendu.get("essentiels") or [] for x in groupe}
    return "idees_suicidaires" if "3114" in lignes else "urgence"


def main(jeux: list[str]) -> None:
    if not jeux:
        sys.exit(__doc__)
    exemples: dict[str, list[str]] = {"urgence": [], "idees_suicidaires": [], "sans_danger": []}
    vus: set[str] = set()
    aveugles, ecartes = phrases_aveugles(longueur_minimale=0), 0  # plus strict que le test : toutes ses phrases
    for jeu in jeux:
        if "eval" in jeu:
            sys.exit("le jeu aveugle ne sert jamais d'exemples")
        donnees = yaml.safe_load((RACINE / "tests" / "dev" / jeu / "conversations.yml").read_text(encoding="utf-8"))
        for conversation in donnees["conversations"]:
            for tour in conversation["tours"]:
                texte = " ".join(str(tour["texte"]).split())
                if texte.lower() in vus:
                    continue
                vus.add(texte.lower())
                if trop_proche(normaliser(texte), aveugles):
                    ecartes += 1
                else:
                    exemples[etiquette(tour.get("attendu") or {})].append(texte)
    contenu = {"version": 1, "sources": [f"tests/dev/{j}/conversations.yml" for j in jeux], **exemples}
    SORTIE.parent.mkdir(parents=True, exist_ok=True)
    SORTIE.write_text(ENTETE + yaml.safe_dump(contenu, allow_unicode=True, sort_keys=False, width=1000),
                      encoding="utf-8")
    print(f"{SORTIE.relative_to(RACINE)} : " + ", ".join(f"{k} {len(v)}" for k, v in exemples.items())
          + f" ; {ecartes} écarté(s), trop proches du jeu aveugle")


if __name__ == "__main__":
    main(sys.argv[1:])
