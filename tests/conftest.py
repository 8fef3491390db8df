"""Fixtures : l'annuaire construit pour de vrai, en SQLite et sur un vrai PostgreSQL ; marqueurs
des tests lourds (déclarés dans pyproject.toml, écartés d'un `pytest` nu)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from knowledge.annuaire import Annuaire
from knowledge.construction import construire
from knowledge.db import creer_moteur

URL_POSTGRES = os.environ.get("TEST_POSTGRES_URL")
# Les tests donnent eux-mêmes son annuaire à chaque action : pas de lecture de la base locale à l'import.
os.environ.setdefault("ANNUAIRE_PRECHARGE", "0")


TESTS = Path(__file__).resolve().parent
#: Dossier de tests -> marqueur de tous ses tests.
MARQUEURS_DOSSIER = {"integration": "integration", "cluster": "grappe"}
#: Fixture utilisée (même indirectement) -> marqueur du service qu'elle demande.
MARQUEURS_FIXTURE = {"moteur_postgres": "postgres", "redis_port": "redis"}


@pytest.hookimpl(tryfirst=True)  # avant la sélection par -m
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Pose les marqueurs d'après le dossier du test et les fixtures qu'il demande, pour qu'aucun
    fichier de test n'ait à s'en souvenir."""
    for item in items:
        chemin = Path(item.path).resolve()
        dossier = chemin.relative_to(TESTS).parts[0] if chemin.is_relative_to(TESTS) else ""
        marqueurs = {MARQUEURS_DOSSIER[dossier]} if dossier in MARQUEURS_DOSSIER else set()
        marqueurs |= {m for f, m in MARQUEURS_FIXTURE.items() if f in getattr(item, "fixturenames", ())}
        for marqueur in sorted(marqueurs):
            item.add_marker(marqueur)


@pytest.fixture(scope="session")
def moteur_sqlite(tmp_path_factory):
    """Base SQLite construite depuis les vrais fichiers de knowledge/data."""
    moteur = creer_moteur(f"sqlite:///{tmp_path_factory.mktemp('kb') / 'annuaire.sqlite'}")
    construire(moteur)
    return moteur


@pytest.fixture(scope="session")
def moteur_postgres():
    """PostgreSQL démarré par `make unit` (scripts/postgres-test.sh) ; obligatoire en CI."""
    if not URL_POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("TEST_POSTGRES_URL absent : en CI, PostgreSQL doit être démarré (make unit).")
        pytest.skip("TEST_POSTGRES_URL absent : lancez les tests par `make unit` pour inclure PostgreSQL.")
    moteur = creer_moteur(URL_POSTGRES)
    with moteur.begin() as connexion:
        connexion.execute(text("DROP SCHEMA public CASCADE"))
        connexion.execute(text("CREATE SCHEMA public"))
    construire(moteur)
    return moteur


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def annuaire(request) -> Annuaire:
    """L'annuaire sur chacune des deux bases."""
    moteur = request.getfixturevalue("moteur_sqlite" if request.param == "sqlite" else "moteur_postgres")
    return Annuaire(moteur)


@pytest.fixture(scope="session")
def annuaire_sqlite(moteur_sqlite) -> Annuaire:
    """L'annuaire SQLite seul (tests de conversation, plus rapides)."""
    return Annuaire(moteur_sqlite)
