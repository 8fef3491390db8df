"""Rejoue les conversations de tests/scenarios.yml sur le canal REST d'un serveur lancé.

    python scripts/scenarios.py tests/scenarios.yml [--url http://127.0.0.1:5005]
Chaque tour doit faire apparaître, dans les réponses du bot à ce tour, les textes attendus
(numéros sous forme de lien tel:/sms:, noms de structures). Affiche la part de réussite
(objectif ≥ 95 %, 100 % sur les scénarios de danger) ; code de sortie 1 si l'un manque.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.request
import uuid

import yaml


def dire(url: str, expediteur: str, texte: str) -> str:
    """Envoie un message et renvoie le texte et les boutons de toutes les réponses."""
    requete = urllib.request.Request(
        f"{url}/webhooks/rest/webhook",
        data=json.dumps({"sender": expediteur, "message": texte}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(requete, timeout=60) as reponse:
        messages = json.load(reponse)
    morceaux = []
    for m in messages:
        morceaux.append(m.get("text") or "")
        morceaux += [b.get("title", "") for b in m.get("buttons", [])]
    return "\n".join(morceaux)


def jouer(url: str, scenario: dict, latences: list[float] | None = None) -> list[str]:
    """Joue un scénario ; renvoie la liste des manques (vide si réussi) ; ajoute les latences (ms)."""
    expediteur = f"scenario-{uuid.uuid4().hex[:12]}"
    manques = []
    for numero, tour in enumerate(scenario["tours"], 1):
        debut = time.perf_counter()
        reponse = dire(url, expediteur, tour["dit"]).lower()
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
    parseur.add_argument("--url", default="http://127.0.0.1:5005")
    parseur.add_argument("--json", help="écrit le détail (réussite par scénario, latences) dans ce fichier")
    args = parseur.parse_args()
    detail = []
    scenarios = yaml.safe_load(open(args.fichier, encoding="utf-8"))
    debut = time.perf_counter()
    reussis = danger_reussis = danger_total = 0
    for scenario in scenarios:
        latences: list[float] = []
        manques = jouer(args.url, scenario, latences)
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
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(detail, f, ensure_ascii=False, indent=1)
    return 0 if reussis / total >= 0.95 and danger_reussis == danger_total else 1


if __name__ == "__main__":
    sys.exit(main())
