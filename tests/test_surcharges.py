"""Surcharges de Rasa (bot.surcharges) : un installateur explicite, pour Rasa 3.6.21 seulement."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest
import rasa
from rasa.core.actions.action import RemoteAction
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.utils.tensorflow.models import RasaModel

from bot import surcharges
from bot.surcharges import demarrage, performance
from bot.surcharges.remplacements import ORIGINAUX, REMPLACEMENTS, retirees


@pytest.fixture(autouse=True)
def installees():
    surcharges.installer()


def test_chaque_surcharge_en_place_apres_installation():
    assert RasaModel.load.__func__ is demarrage.charger_modele
    assert RemoteAction._validate_action_result is performance.valider_reponse_action
    assert SpacyNLP.load_model is performance.charger_spacy
    assert {r.nom for r in REMPLACEMENTS} == set(ORIGINAUX)
    assert all(r.en_place() for r in REMPLACEMENTS)


def test_les_originaux_sont_ceux_de_rasa():
    for remplacement in REMPLACEMENTS:
        original = ORIGINAUX[remplacement.nom]
        assert original is not remplacement.nouvelle
        assert original.__module__.startswith("rasa.")
        assert original.__qualname__ == remplacement.nom


def test_retirees_rend_les_fonctions_de_rasa_le_temps_du_bloc():
    with retirees():
        assert RasaModel.load.__func__ is ORIGINAUX["RasaModel.load"]
        assert SpacyNLP.load_model is ORIGINAUX["SpacyNLP.load_model"]
        assert not any(r.en_place() for r in REMPLACEMENTS)
    assert all(r.en_place() for r in REMPLACEMENTS)


@pytest.mark.parametrize("version", ["3.6.20", "3.7.0", "4.0.0"])
def test_installateur_refuse_une_autre_version_de_rasa(monkeypatch, version):
    with retirees():
        monkeypatch.setattr(rasa, "__version__", version)
        with pytest.raises(surcharges.VersionRasaNonPriseEnCharge, match=re.escape(version)):
            surcharges.installer()
        assert not any(r.en_place() for r in REMPLACEMENTS)  # rien n'a été posé


def test_installateur_refuse_un_paquet_installe_d_une_autre_version(monkeypatch):
    monkeypatch.setattr(importlib.metadata, "version", lambda nom: "3.7.1")
    with pytest.raises(surcharges.VersionRasaNonPriseEnCharge, match=re.escape("3.7.1")):
        surcharges.installer()


def test_version_prise_en_charge_celle_installee():
    assert surcharges.version_rasa() == surcharges.VERSION_RASA == "3.6.21"


def test_verrou_redis_refuse_une_autre_version(monkeypatch):
    from bot.surcharges.verrous import VerrouRedis

    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    with pytest.raises(surcharges.VersionRasaNonPriseEnCharge):
        VerrouRedis(host="127.0.0.1", port=1)


def test_importer_le_paquet_ne_remplace_rien():
    """Seul `installer()` pose les surcharges : ni l'import du paquet, ni celui de ses modules."""
    code = ("import bot.surcharges, bot.surcharges.remplacements, bot.surcharges.verrous, "
            "bot.surcharges.prechauffage\n"
            "from bot.surcharges.remplacements import REMPLACEMENTS\n"
            "assert not any(r.en_place() for r in REMPLACEMENTS)\n"
            "bot.surcharges.installer()\n"
            "assert all(r.en_place() for r in REMPLACEMENTS)\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300, cwd=Path(__file__).parents[1])


def test_reentrainement_fin_garde_le_chemin_de_rasa(monkeypatch):
    appels = []
    monkeypatch.setattr(demarrage, "CHARGER_DE_RASA", lambda *a, **k: appels.append(a) or "modele")
    assert RasaModel.load("poids", None, None, True) == "modele"
    assert appels and appels[0][4] is True
