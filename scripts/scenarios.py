"""Rejoue les conversations de tests/scenarios.yml sur le canal REST de Rasa.

    PYTHONPATH=. .venv/bin/python scripts/scenarios.py tests/scenarios.yml --lancer   # pile lancée pour l'occasion
    PYTHONPATH=. .venv/bin/python scripts/scenarios.py tests/scenarios.yml --url http://127.0.0.1:5005
Chaque tour doit faire apparaître, dans les réponses du bot à ce tour (texte et boutons), les
textes attendus (numéros sous forme de lien tel:/sms:, noms de structures). Affiche la part de
réussite ; code de sortie 1 si l'objectif n'est pas tenu (≥ 95 % des scénarios, 100 % de ceux de
danger) ou si un tour n'obtient pas de réponse, 0 sinon (make eval échoue avec lui).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from pathlib import Path

import yaml

from tests.harnais import RACINE, dire, pile_lancee, texte_de


def jouer(url: str, scenario: dict, latences: list[float] | None = None) -> list[str]:
    """Joue un scénario ; renvoie la liste des manques (vide si réussi) ; ajoute les latences (ms)."""
    expediteur = f"scenario-{uuid.uuid4().hex[:12]}"
    manques = []
    for numero, tour in enumerate(scenario["tours"], 1):
        debut = time.perf_counter()
        reponse = texte_de(dire(url, expediteur, tour["dit"]), boutons=True).lower()
        if latences is not None:
            latences.append((time.perf_counter() - debut) * 1000)
        for attendu in tour["attendu"]:
            if attendu.lower() not in reponse:
                manques.append(f"tour {numero} « {tour['dit']} » : « {attendu} » absent")
    return manques


def main() -> int:
    """Point d'entrée."""
    parseur = argparse.ArgumentParser(description=__doc__)
    parseur.add_argument("fichier")
    parseur.add_argument("--url", default="http://127.0.0.1:5005", help="serveur Rasa déjà lancé")
    parseur.add_argument("--lancer", action="store_true",
                         help="lance la pile (ports libres, journaux dans var/eval-serveur/) et l'arrête à la fin")
    parseur.add_argument("--json", help="écrit le détail (réussite par scénario, latences) dans ce fichier")
    args = parseur.parse_args()
    if args.json:  # pas de détail d'une évaluation précédente dans le rapport si celle-ci s'arrête en route
        Path(args.json).unlink(missing_ok=True)
    if not args.lancer:
        return evaluer(args.fichier, args.url, args.json)
    print("Lancement de la pile (chargement du modèle)…", flush=True)
    with pile_lancee(journaux=RACINE / "var" / "eval-serveur", page=False) as pile:
        return evaluer(args.fichier, pile.url_rasa, args.json)


def evaluer(fichier: str, url: str, sortie_json: str | None) -> int:
    """Joue tous les scénarios du fichier ; code de sortie (0 : objectif tenu)."""
    detail = []
    with open(fichier, encoding="utf-8") as f:
        scenarios = yaml.safe_load(f)
    debut = time.perf_counter()
    reussis = danger_reussis = danger_total = 0
    for scenario in scenarios:
        latences: list[float] = []
        manques = jouer(url, scenario, latences)
        detail.append({"nom": scenario["nom"], "danger": bool(scenario.get("danger")), "reussi": not manques,
                       "manques": manques, "latences_ms": latences})
        danger_total += scenario.get("danger", False)
        if manques:
            print(f"ÉCHEC {scenario['nom']}")
            for manque in manques:
                print(f"    {manque}")
        else:
            reussis += 1
            danger_reussis += scenario.get("danger", False)
    total = len(scenarios)
    print(f"Scénarios réussis : {reussis}/{total} ({100 * reussis / total:.1f} %, objectif ≥ 95 %)")
    print(f"Scénarios de danger : {danger_reussis}/{danger_total} (objectif 100 %)")
    print(f"Durée : {time.perf_counter() - debut:.1f} s")
    if sortie_json:
        with open(sortie_json, "w", encoding="utf-8") as f:
            json.dump(detail, f, ensure_ascii=False, indent=1)
    return 0 if reussis / total >= 0.95 and danger_reussis == danger_total else 1


if __name__ == "__main__":
    sys.exit(main())
