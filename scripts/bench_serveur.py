"""Mesures du serveur : chargement du modèle, mémoire (RSS), latence d'un tour pour une conversation.

    PYTHONPATH=. .venv/bin/python scripts/bench_serveur.py [--tours 120] [--entrainement]   (make bench)

Lance pour de vrai le serveur d'actions et `rasa run` (harnais commun, comme `make run`), chronomètre le temps
jusqu'à la première réponse HTTP, lit le RSS dans /proc, puis rejoue des conversations réalistes
une par une sur le canal REST. `--entrainement` mesure aussi un entraînement complet (`--force`).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
import uuid
from pathlib import Path

from charge.conversations import CONVERSATIONS  # mêmes conversations que le test de charge
from tests.harnais import RACINE, VENV, centile, dire, env_propre, pile_lancee


def rss_mo(pid: int) -> float:
    """RSS du processus et de ses enfants, en Mo (lu dans /proc)."""
    total = 0
    pids = [pid]
    try:
        enfants = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        pids += [int(p) for p in enfants]
    except FileNotFoundError:
        pass
    for p in pids:
        try:
            for ligne in Path(f"/proc/{p}/status").read_text().splitlines():
                if ligne.startswith("VmRSS:"):
                    total += int(ligne.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def main() -> int:
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("--tours", type=int, default=120)
    parseur.add_argument("--entrainement", action="store_true")
    args = parseur.parse_args()
    print(f"Machine : {platform.node()} · {os.cpu_count()} cœurs · Python {platform.python_version()} · "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    if args.entrainement:
        debut = time.monotonic()
        subprocess.run([str(VENV / "rasa"), "train", "--force", "--fixed-model-name", "orientation-41",
                        "--out", "models", "--quiet"], cwd=RACINE, env=env_propre(), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"Entraînement complet (--force) : {time.monotonic() - debut:.0f} s")
    # Serveur neuf : ni tour de chauffe ni page, on mesure le chargement et les premiers tours tels quels.
    with pile_lancee(journaux=RACINE / "var" / "bench", page=False, tour_de_chauffe=False, delai_rasa=600) as pile:
        rss_repos = rss_mo(pile.rasa.popen.pid)
        latences: list[float] = []
        n = 0
        while n < args.tours:
            for conversation in CONVERSATIONS[:6]:
                sender = f"bench-{uuid.uuid4().hex[:8]}"
                for texte in conversation:
                    t = time.perf_counter()
                    dire(pile.url_rasa, sender, texte)
                    latences.append((time.perf_counter() - t) * 1000)
                    n += 1
        rss_charge = rss_mo(pile.rasa.popen.pid)
    print(f"Chargement du modèle (lancement -> première réponse HTTP) : {pile.chargement_s:.1f} s  (objectif ≤ 25 s)")
    print(f"RSS Rasa au repos : {rss_repos:.0f} Mo ; après {n} tours : {rss_charge:.0f} Mo  (objectif ≤ 1536 Mo)")
    print(f"Latence d'un tour, une conversation à la fois ({len(latences)} tours, tous comptés) :"
          f" p50 {centile(latences, 50):.0f} ms · p95 {centile(latences, 95):.0f} ms ·"
          f" p99 {centile(latences, 99):.0f} ms · max {max(latences):.0f} ms  (objectif p95 ≤ 150 ms)")
    print("Première conversation dès que le serveur répond (serveur neuf) : "
          + " · ".join(f"{x:.0f}" for x in latences[:len(CONVERSATIONS[0])]) + " ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
