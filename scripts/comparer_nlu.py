"""Affiche côte à côte la macro-F1 des intentions de deux rapports `rasa test nlu`.

    python scripts/comparer_nlu.py NOM=rapport.json NOM=rapport.json
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    """Un tableau : pipeline, macro-F1, exactitude."""
    print(f"{'pipeline':32} {'macro-F1':>9} {'exactitude':>11}")
    for argument in sys.argv[1:]:
        nom, chemin = argument.split("=", 1)
        rapport = json.loads(open(chemin, encoding="utf-8").read())
        print(f"{nom:32} {rapport['macro avg']['f1-score']:9.3f} {rapport['accuracy']:11.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
