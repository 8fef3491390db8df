"""Rapport d'évaluation (make eval) : reports/evaluation.md et ses images.

- matrice de confusion des intentions sur le jeu tenu à part (produite par `rasa test nlu`) ;
- réussite des scénarios REST par thème ;
- distribution des latences d'un tour pendant les scénarios.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from tests.harnais import RACINE, centile

RAPPORTS = RACINE / "reports"
THEMES = {"VC": "violences conjugales", "VIF": "violences intrafamiliales", "VS": "violences sexuelles",
          "pro": "professionnels"}


def theme(scenario: dict) -> str:
    if scenario["danger"]:
        return "danger"
    premier = scenario["nom"].split()[0]
    return THEMES.get(premier, premier.lower())


def macro_f1(chemin: Path) -> float | None:
    if not chemin.exists():
        return None
    return json.loads(chemin.read_text(encoding="utf-8"))["macro avg"]["f1-score"]


def main() -> int:
    RAPPORTS.mkdir(exist_ok=True)
    lignes = [f"# Évaluation ({time.strftime('%Y-%m-%d %H:%M')})", "", "Commande : `make eval`.", ""]
    matrice = RACINE / "results" / "nlu" / "intent_confusion_matrix.png"
    notre, defaut = macro_f1(RACINE / "results/nlu/intent_report.json"), macro_f1(
        RACINE / "results/nlu-defaut/intent_report.json")
    lignes += ["## NLU (jeu tenu à part)", ""]
    if notre is not None:
        lignes.append(f"- spaCy `fr_core_news_md` + DIET : macro-F1 **{notre:.3f}** (seuil de `make test` : 0,90)")
    if defaut is not None:
        lignes.append(f"- pipeline par défaut de Rasa (sans spaCy) : macro-F1 {defaut:.3f}")
    if matrice.exists():
        shutil.copy(matrice, RAPPORTS / "matrice-confusion-intentions.png")
        lignes += ["", "![Matrice de confusion des intentions](matrice-confusion-intentions.png)"]
    detail_chemin = RACINE / "results" / "scenarios.json"
    if detail_chemin.exists():
        detail = json.loads(detail_chemin.read_text(encoding="utf-8"))
        par_theme: dict[str, list[bool]] = defaultdict(list)
        for s in detail:
            par_theme[theme(s)].append(s["reussi"])
        reussis = sum(s["reussi"] for s in detail)
        lignes += ["", "## Scénarios REST", "",
                   f"{reussis}/{len(detail)} réussis ({100 * reussis / len(detail):.1f} %) ; danger "
                   f"{sum(par_theme['danger'])}/{len(par_theme['danger'])}.", "",
                   "| thème | réussis |", "|---|---|"]
        lignes += [f"| {t} | {sum(v)}/{len(v)} |" for t, v in sorted(par_theme.items())]
        echecs = [s for s in detail if not s["reussi"]]
        if echecs:
            lignes += ["", "Échecs :"] + [f"- {s['nom']} : {'; '.join(s['manques'])}" for s in echecs]
        fig, axe = plt.subplots(figsize=(8, 0.35 * len(par_theme) + 1.2))
        noms = sorted(par_theme)
        axe.barh(noms, [100 * sum(par_theme[n]) / len(par_theme[n]) for n in noms], color="#5b2a86")
        axe.axvline(95, color="#c33", linestyle="--", linewidth=1, label="objectif 95 %")
        axe.set_xlim(0, 100)
        axe.set_xlabel("scénarios réussis (%)")
        axe.legend(fontsize=8, loc="lower right")
        fig.tight_layout()
        fig.savefig(RAPPORTS / "orientation-par-theme.png", dpi=110)
        lignes += ["", "![Réussite par thème](orientation-par-theme.png)"]
        latences = [x for s in detail for x in s["latences_ms"]]
        if latences:
            fig, axe = plt.subplots(figsize=(8, 3.5))
            axe.hist(latences, bins=40, color="#5b2a86")
            axe.axvline(centile(latences, 95), color="#c33", linestyle="--", linewidth=1,
                        label=f"p95 = {centile(latences, 95):.0f} ms")
            axe.set_xlabel("latence d'un tour, REST, une conversation à la fois (ms)")
            axe.set_ylabel("tours")
            axe.legend(fontsize=8)
            fig.tight_layout()
            fig.savefig(RAPPORTS / "latence-scenarios.png", dpi=110)
            lignes += ["", "## Latence pendant les scénarios", "",
                       f"{len(latences)} tours : p50 {centile(latences, 50):.0f} ms, "
                       f"p95 {centile(latences, 95):.0f} ms, max {max(latences):.0f} ms.", "",
                       "![Latences](latence-scenarios.png)"]
    (RAPPORTS / "evaluation.md").write_text("\n".join(lignes) + "\n", encoding="utf-8")
    print(f"Rapport : {RAPPORTS / 'evaluation.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
