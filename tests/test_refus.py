"""Refus de donner sa commune (knowledge.regles.est_refus), lu par les actions du lieu."""

from __future__ import annotations

import pytest

from knowledge.regles import est_refus


@pytest.mark.parametrize("texte", ["je préfère ne pas le dire", "je ne veux pas dire", "pas envie de donner ma ville",
                                   "non je veux rester anonyme, pas de commune", "je prefererais pas repondre"])
def test_refus(texte):
    assert est_refus(texte)


@pytest.mark.parametrize("texte", ["Blois", "41000", "à Vendôme", "oui", ""])
def test_pas_un_refus(texte):
    assert not est_refus(texte)
