"""Fixtures : l'annuaire construit pour de vrai, en SQLite et sur un vrai PostgreSQL."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from knowledge.annuaire import Annuaire
from knowledge.construction import construire
from knowledge.db import creer_moteur

URL_POSTGRES = os.environ.get("TEST_POSTGRES_URL")
# Les tests donnent eux-mêmes son annuaire à chaque action : pas de lecture de la base locale à l'import.
os.environ.setdefault("ANNUAIRE_PRECHARGE", "0")


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


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def annuaire(request) -> Annuaire:
    """L'annuaire sur chacune des deux bases."""
    moteur = request.getfixturevalue("moteur_sqlite" if request.param == "sqlite" else "moteur_postgres")
    return Annuaire(moteur)


@pytest.fixture(scope="session")
def annuaire_sqlite(moteur_sqlite) -> Annuaire:
    """L'annuaire SQLite seul (tests de conversation, plus rapides)."""
    return Annuaire(moteur_sqlite)
