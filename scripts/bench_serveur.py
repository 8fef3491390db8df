"""Mesures du serveur : chargement du modèle, mémoire (RSS), latence d'un tour pour une conversation.

    .venv/bin/python scripts/bench_serveur.py [--tours 120] [--entrainement]

Lance pour de vrai le serveur d'actions et `rasa run` (comme `make run`), chronomètre le temps
jusqu'à la première réponse HTTP, lit le RSS dans /proc, puis rejoue des conversations réalistes
une par une sur le canal REST. `--entrainement` mesure aussi un entraînement complet (`--force`).
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

RACINE = Path(__file__).resolve().parent.parent
VENV = RACINE / ".venv" / "bin"
sys.path.insert(0, str(RACINE))
from charge.conversations import CONVERSATIONS  # noqa: E402  (mêmes conversations que le test de charge)


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def centile(valeurs: list[float], q: float) -> float:
    valeurs = sorted(valeurs)
    return valeurs[min(len(valeurs) - 1, round(q / 100 * (len(valeurs) - 1)))]


def main() -> int:
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("--tours", type=int, default=120)
    parseur.add_argument("--entrainement", action="store_true")
    args = parseur.parse_args()
    env = {**os.environ, "PYTHONPATH": str(RACINE), "RASA_TELEMETRY_ENABLED": "false"}
    print(f"Machine : {platform.node()} · {os.cpu_count()} cœurs · Python {platform.python_version()} · "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    if args.entrainement:
        debut = time.monotonic()
        subprocess.run([str(VENV / "rasa"), "train", "--force", "--fixed-model-name", "orientation-41",
                        "--out", "models", "--quiet"], cwd=RACINE, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"Entraînement complet (--force) : {time.monotonic() - debut:.0f} s")
    port_rasa, port_actions = port_libre(), port_libre()
    endpoints = RACINE / "var" / "endpoints.bench.yml"
    endpoints.parent.mkdir(exist_ok=True)
    endpoints.write_text((RACINE / "endpoints.yml").read_text(encoding="utf-8")
                         .replace("127.0.0.1:5055", f"127.0.0.1:{port_actions}"), encoding="utf-8")
    actions = subprocess.Popen([str(VENV / "rasa"), "run", "actions", "--port", str(port_actions), "--quiet"],
                               cwd=RACINE, env={**env, "SANIC_HOST": "127.0.0.1"}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    debut = time.monotonic()
    rasa = subprocess.Popen([str(VENV / "rasa"), "run", "--model", "models/orientation-41.tar.gz", "--endpoints",
                             str(endpoints), "--credentials", "credentials.yml", "--interface", "127.0.0.1",
                             "--port", str(port_rasa), "--quiet"], cwd=RACINE, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port_rasa}"
    try:
        while True:
            try:
                requests.get(url, timeout=1)
                break
            except requests.RequestException:
                if rasa.poll() is not None or time.monotonic() - debut > 600:
                    print("Rasa n'a pas démarré.", file=sys.stderr)
                    return 1
                time.sleep(0.2)
        chargement = time.monotonic() - debut
        rss_repos = rss_mo(rasa.pid)
        latences: list[float] = []
        n = 0
        while n < args.tours:
            for conversation in CONVERSATIONS[:6]:
                sender = f"bench-{uuid.uuid4().hex[:8]}"
                for texte in conversation:
                    t = time.perf_counter()
                    r = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": texte},
                                      timeout=60)
                    r.raise_for_status()
                    latences.append((time.perf_counter() - t) * 1000)
                    n += 1
        rss_charge = rss_mo(rasa.pid)
        print(f"Chargement du modèle (lancement -> première réponse HTTP) : {chargement:.1f} s  (objectif ≤ 25 s)")
        print(f"RSS Rasa au repos : {rss_repos:.0f} Mo ; après {n} tours : {rss_charge:.0f} Mo  (objectif ≤ 1536 Mo)")
        print(f"Latence d'un tour, une conversation à la fois ({len(latences)} tours, tous comptés) :"
              f" p50 {statistics.median(latences):.0f} ms · p95 {centile(latences, 95):.0f} ms ·"
              f" p99 {centile(latences, 99):.0f} ms · max {max(latences):.0f} ms  (objectif p95 ≤ 150 ms)")
        print("Première conversation dès que le serveur répond (serveur neuf) : "
              + " · ".join(f"{x:.0f}" for x in latences[:len(CONVERSATIONS[0])]) + " ms")
    finally:
        for processus in (rasa, actions):
            try:
                os.killpg(processus.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
