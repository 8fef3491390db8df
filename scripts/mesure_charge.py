"""Test de charge (`make charge`) : 1, 10 et 50 conversations simultanées (REST + socket.io), sur une machine
(un serveur Rasa, comme `make run`) puis sur la grappe native (2 répliques derrière nginx).

    PYTHONPATH=. .venv/bin/python scripts/mesure_charge.py [--duree 40] [--paliers 1 10 50] [--cibles seule grappe]

Locust en mode headless, borné en utilisateurs et en durée, sur la boucle locale. Écrit
reports/charge.md, reports/charge.json et reports/latence-charge.png.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import subprocess
import sys
import time
from collections.abc import Iterator

from tests.harnais import RACINE, VENV, env_propre, pile_lancee, port_libre

RAPPORTS = RACINE / "reports"
TRAVAIL = RACINE / "var" / "charge"
CIBLES = ("seule", "grappe")


@contextlib.contextmanager
def cible_lancee(cible: str) -> Iterator[dict[str, str]]:
    """La cible démarrée sur des ports libres ; rend son URL et l'origine admise pour socket.io."""
    if cible == "seule":
        with pile_lancee(journaux=TRAVAIL / "seule") as pile:
            yield {"url": pile.url_rasa, "origine": pile.url_page}
        return
    ports = {"PORT_FRONT": str(port_libre()), "PORT_ACTIONS_LB": str(port_libre()), "PORT_REDIS": str(port_libre()),
             "PORTS_RASA": f"{port_libre()} {port_libre()}", "PORTS_ACTIONS": f"{port_libre()} {port_libre()}"}
    env = {**env_propre(), **ports}
    front = f"http://127.0.0.1:{ports['PORT_FRONT']}"
    subprocess.run([str(RACINE / "scripts" / "cluster.sh"), "start"], cwd=RACINE, env=env, check=True)
    try:
        yield {"url": front, "origine": front}
    finally:
        subprocess.run([str(RACINE / "scripts" / "cluster.sh"), "stop"], cwd=RACINE, env=env)


def locust(cible: str, adresses: dict[str, str], utilisateurs: int, duree: int) -> dict:
    prefixe = TRAVAIL / f"{cible}-{utilisateurs}"
    subprocess.run(
        [str(VENV / "locust"), "-f", str(RACINE / "charge" / "locustfile.py"), "--headless", "--only-summary",
         "-u", str(utilisateurs), "-r", str(max(1, utilisateurs // 5)), "-t", f"{duree}s", "--stop-timeout", "35",
         "--host", adresses["url"], "--origine", adresses["origine"], "--csv", str(prefixe),
         "--loglevel", "WARNING"],
        cwd=RACINE, env=env_propre(), check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    resultat = {"cible": cible, "conversations": utilisateurs, "duree_s": duree, "types": {}}
    with open(f"{prefixe}_stats.csv", encoding="utf-8") as f:
        for ligne in csv.DictReader(f):
            nom = "total" if ligne["Name"] == "Aggregated" else ligne["Name"]
            resultat["types"][nom] = {
                "tours": int(ligne["Request Count"]), "erreurs": int(ligne["Failure Count"]),
                "tours_par_s": float(ligne["Requests/s"]), "p50": float(ligne["50%"] or 0),
                "p95": float(ligne["95%"] or 0), "p99": float(ligne["99%"] or 0)}
    return resultat


def rapport(resultats: list[dict]) -> None:
    RAPPORTS.mkdir(exist_ok=True)
    (RAPPORTS / "charge.json").write_text(json.dumps(resultats, indent=2, ensure_ascii=False), encoding="utf-8")
    lignes = ["| cible | conversations | canal | tours | tours/s | p50 ms | p95 ms | p99 ms | erreurs |",
              "|---|---|---|---|---|---|---|---|---|"]
    for r in resultats:
        for nom, t in r["types"].items():
            lignes.append(f"| {r['cible']} | {r['conversations']} | {nom} | {t['tours']} | {t['tours_par_s']:.1f} | "
                          f"{t['p50']:.0f} | {t['p95']:.0f} | {t['p99']:.0f} | {t['erreurs']} |")
    tableau = "\n".join(lignes)
    (RAPPORTS / "charge.md").write_text(
        f"# Test de charge ({time.strftime('%Y-%m-%d %H:%M')})\n\nCommande : `make charge`"
        f" (scripts/mesure_charge.py)\n\n{tableau}\n\n![Latences](latence-charge.png)\n", encoding="utf-8")
    print(tableau)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    totaux = [(f"{r['cible']}\n{r['conversations']} conv.", r["types"].get("total", {})) for r in resultats]
    fig, axe = plt.subplots(figsize=(8, 4))
    x = range(len(totaux))
    for decalage, cle, couleur in ((-0.25, "p50", "#9b7fc0"), (0, "p95", "#5b2a86"), (0.25, "p99", "#2d1045")):
        axe.bar([i + decalage for i in x], [t.get(cle, 0) for _, t in totaux], width=0.25, label=cle, color=couleur)
    axe.axhline(150, color="#2a7", linestyle="--", linewidth=1, label="objectif p95 à 1 conv. (150 ms)")
    axe.axhline(500, color="#c33", linestyle="--", linewidth=1, label="objectif p95 à 50 conv. (500 ms)")
    axe.set_xticks(list(x), [n for n, _ in totaux])
    axe.set_ylabel("latence d'un tour (ms)")
    axe.set_title("Latence d'un tour (REST et socket.io confondus)")
    axe.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(RAPPORTS / "latence-charge.png", dpi=110)


def main() -> int:
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("--duree", type=int, default=40)
    parseur.add_argument("--paliers", type=int, nargs="+", default=[1, 10, 50])
    parseur.add_argument("--cibles", nargs="+", default=list(CIBLES), choices=CIBLES)
    args = parseur.parse_args()
    TRAVAIL.mkdir(parents=True, exist_ok=True)
    resultats = []
    for cible in args.cibles:
        with cible_lancee(cible) as adresses:
            for n in args.paliers:
                resultats.append(locust(cible, adresses, n, args.duree))
                print(json.dumps(resultats[-1], ensure_ascii=False), flush=True)
    rapport(resultats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
