"""Latence de l'annuaire : orient() et resolve_commune() sur SQLite et PostgreSQL (p50/p95).

    python scripts/bench_annuaire.py [--postgres URL] [--repetitions 2000]
Objectifs : p95 ≤ 5 ms pour orient, ≤ 2 ms pour resolve_commune.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from datetime import datetime
from itertools import cycle
from pathlib import Path

from sqlalchemy import text

from knowledge.annuaire import Annuaire
from knowledge.construction import construire
from knowledge.db import creer_moteur
from tests.harnais import centile

REQUETES_ORIENT = [
    ("violences_conjugales", "41018", "victime"),
    ("violences_conjugales", "Vendôme", "proche"),
    ("enfant_en_danger", None, "professionnel"),
    ("escroquerie", "41194", None),
    ("porter_plainte", "Mer", "victime"),
    ("droits_conseil_juridique", "Salbris", None),
    ("hebergement_urgence", "41000", None),
    ("harcelement_scolaire", "Tours", None),
]
TEXTES_COMMUNE = ["Blois", "st aignan", "romorentin", "41120", "41000", "j'habite à Salbris", "Onzain",
                  "Tours", "je suis a vendome", "la chaussee saint victor", "Mondoubleaux", "xyz"]


def centiles(durees: list[float]) -> tuple[float, float]:
    """p50 et p95 en millisecondes (formule du harnais commun)."""
    return centile(durees, 50) * 1000, centile(durees, 95) * 1000


def mesurer(annuaire: Annuaire, repetitions: int) -> dict[str, tuple[float, float]]:
    """Chauffe les index puis mesure chaque requête `repetitions` fois (mélange réaliste)."""
    annuaire.resolve_commune("Blois")
    annuaire.orient("violences_conjugales", "Blois")
    moment = datetime(2026, 12, 1, 10, 0).astimezone()
    resultats = {}
    durees = []
    for situation, lieu, profil in [next(c) for c in [cycle(REQUETES_ORIENT)] for _ in range(repetitions)]:
        debut = time.perf_counter()
        annuaire.orient(situation, lieu, profil, moment)
        durees.append(time.perf_counter() - debut)
    resultats["orient"] = centiles(durees)
    durees = []
    for texte in [next(c) for c in [cycle(TEXTES_COMMUNE)] for _ in range(repetitions)]:
        debut = time.perf_counter()
        annuaire.resolve_commune(texte)
        durees.append(time.perf_counter() - debut)
    resultats["resolve_commune"] = centiles(durees)
    return resultats


def main() -> None:
    """Construit une base par moteur, mesure, affiche un tableau."""
    parseur = argparse.ArgumentParser(description=__doc__)
    parseur.add_argument("--postgres", help="URL PostgreSQL (base jetable : elle est vidée)")
    parseur.add_argument("--repetitions", type=int, default=2000)
    args = parseur.parse_args()
    moteurs = {"SQLite": creer_moteur(f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite'}")}
    if args.postgres:
        moteur = creer_moteur(args.postgres)
        with moteur.begin() as connexion:
            connexion.execute(text("DROP SCHEMA public CASCADE"))
            connexion.execute(text("CREATE SCHEMA public"))
        moteurs["PostgreSQL"] = moteur
    print(f"Machine : {platform.machine()}, Python {platform.python_version()}, {args.repetitions} requêtes par mesure")
    print(f"{'base':12} {'requête':17} {'p50 (ms)':>9} {'p95 (ms)':>9}  objectif p95")
    for nom, moteur in moteurs.items():
        construire(moteur)
        for requete, (p50, p95) in mesurer(Annuaire(moteur), args.repetitions).items():
            objectif = 5.0 if requete == "orient" else 2.0
            etat = "OK" if p95 <= objectif else "MANQUÉ"
            print(f"{nom:12} {requete:17} {p50:9.2f} {p95:9.2f}  ≤ {objectif:.0f} ms {etat}")


if __name__ == "__main__":
    main()
