"""Question ou récit (knowledge/regles/question.py)."""

from __future__ import annotations

import pytest

from knowledge.regles import est_question


@pytest.mark.parametrize("texte", [
    "comment on obtient un TGD", "c koi une main courante", "est-ce que je peux partir avec mes enfants",
    "je suis prof, un élève a des bleus, je dois faire quoi", "à qui envoyer une information préoccupante",
    "Quel délai pour porter plainte après un viol", "ou porter plainte a blois", "ma plainte a été classée ?",
    "tout va bien aujourd'hui, mais je me demande si je pourrais encore porter plainte contre lui.",
])
def test_questions(texte):
    assert est_question(texte)


@pytest.mark.parametrize("texte", [
    "mon mari me frappe depuis des mois", "j'habite à Mer et mon voisin me harcèle",
    "Depuis la naissance de notre fils mon compagnon a changé, il crie, il casse",
    "ma fille se fait insulter au collège", "Vendôme",
])
def test_recits(texte):
    assert not est_question(texte)
