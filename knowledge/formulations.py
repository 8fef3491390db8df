"""Formulations des réponses composées (knowledge/data/formulations.yaml), lues une fois."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

FICHIER = Path(__file__).resolve().parent / "data" / "formulations.yaml"


@cache
def formulations() -> dict[str, Any]:
    """Tout le fichier, tel quel."""
    with FICHIER.open(encoding="utf-8") as flux:
        return yaml.safe_load(flux)


def dire(cle: str, **valeurs: str) -> str:
    """Une formulation, variables remplies (`dire("ouvert", horaires="9h-17h")`)."""
    return str(formulations()[cle]).format(**valeurs)


def premiers_pas(situation: str) -> str | None:
    """Ce qu'on peut faire tout de suite dans cette situation."""
    return formulations()["premiers_pas"].get(situation)
