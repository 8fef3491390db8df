"""Échoue si la macro-F1 des intentions (rapport de `rasa test nlu`) est sous le seuil.

    python scripts/seuil_nlu.py results/nlu/intent_report.json 0.90
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    """Lit le rapport, affiche les intentions faibles et la macro-F1."""
    chemin, seuil = sys.argv[1], float(sys.argv[2])
    rapport = json.loads(open(chemin, encoding="utf-8").read())
    macro = rapport["macro avg"]["f1-score"]
    faibles = sorted(
        (v["f1-score"], k) for k, v in rapport.items()
        if isinstance(v, dict) and "f1-score" in v and k not in ("macro avg", "weighted avg", "micro avg")
        and v["f1-score"] < 0.9
    )
    for f1, intention in faibles:
        print(f"  {intention:45} F1 {f1:.2f}")
    print(f"Macro-F1 des intentions (jeu tenu à part) : {macro:.3f} (seuil {seuil:.2f})")
    return 0 if macro >= seuil else 1


if __name__ == "__main__":
    sys.exit(main())
