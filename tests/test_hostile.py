"""Messages hostiles adressés au bot (knowledge/regles/hostile.py)."""

from __future__ import annotations

import pytest

from knowledge.regles import est_hostile


@pytest.mark.parametrize("texte", ["bande de nazis", "t'es un bot de merde", "ta gueule", "vous êtes des abrutis",
                                   "propagande féministe, vous vous en foutez des hommes"])
def test_hostile(texte):
    assert est_hostile(texte)


@pytest.mark.parametrize("texte", ["mon mari me traite de salope devant les enfants", "il m'insulte de connasse",
                                   "bonjour", "j'ai besoin d'aide"])
def test_pas_hostile(texte):
    assert not est_hostile(texte)
