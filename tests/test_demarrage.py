"""Chargement rapide des modèles TensorFlow : installé avec les composants du pipeline."""

from __future__ import annotations

from rasa.utils.tensorflow.models import RasaModel

import bot.composants  # noqa: F401  (installe le chargement rapide, comme le fait Rasa en chargeant le modèle)
from bot import demarrage


def test_installe_par_les_composants_du_pipeline():
    assert RasaModel.load.__func__ is demarrage._charger


def test_reentrainement_fin_garde_le_chemin_de_rasa(monkeypatch):
    appels = []
    monkeypatch.setattr(demarrage, "_load_origine", lambda *a, **k: appels.append(a) or "modele")
    assert RasaModel.load("poids", None, None, True) == "modele"
    assert appels and appels[0][4] is True
