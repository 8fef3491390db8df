"""La vraie pile, lancée une fois pour ces tests : serveur d'actions, Rasa (REST + socket.io),
page de démonstration, annuaire dans un vrai PostgreSQL. Les pannes sont provoquées en tuant
les processus, jamais en les simulant. Journaux : var/integration/*.log.

Lancer par `make test-integration` (démarre PostgreSQL, fournit TEST_POSTGRES_URL et choisit
le marqueur `integration`). La pile vient du harnais commun (tests/harnais.py).
"""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.harnais import MODELE, RACINE, VENV, Pile, env_propre, pile_lancee

JOURNAUX = RACINE / "var" / "integration"

__all__ = ["JOURNAUX", "MODELE", "RACINE", "VENV"]


def _construire_annuaire(url: str) -> None:
    env = {**env_propre(), "ANNUAIRE_DB_URL": url}
    subprocess.run([str(VENV / "python"), "-m", "knowledge", "build"], cwd=RACINE, env=env, check=True,
                   stdout=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def pile() -> Pile:
    url_postgres = os.environ.get("TEST_POSTGRES_URL")
    if not url_postgres:
        pytest.fail("TEST_POSTGRES_URL absent : lancez `make test-integration`.")
    if not MODELE.exists():
        pytest.fail("Modèle absent : `make train` d'abord.")
    JOURNAUX.mkdir(parents=True, exist_ok=True)
    for ancien in JOURNAUX.glob("*.log"):
        ancien.unlink()
    _construire_annuaire(url_postgres)
    # Journaux en mode --debug : les plus bavards, donc le test de confidentialité le plus exigeant.
    with pile_lancee(journaux=JOURNAUX, bavard=True, annuaire_url=url_postgres,
                     env_actions={"ANNUAIRE_VERIFICATION_S": "1"}) as pile:
        yield pile
