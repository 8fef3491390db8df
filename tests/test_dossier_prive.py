"""Un clone rangé dans un dossier privé (chmod 700, comme /root ou un $HOME) fait tourner le
PostgreSQL jetable des tests. En root, le serveur tourne sous le compte « postgres », qui ne peut
pas entrer dans ce dossier : ses données doivent vivre ailleurs (scripts/postgres-test.sh).

Le test clone le dépôt (`git clone --local`, avec par-dessus la copie de travail des fichiers
exercés, pour tester ce qu'on s'apprête à committer) dans un dossier 700, puis y fait ce que font
`make unit`, `make test-integration` et la grappe : démarrer, écrire et relire, panne brutale
(`suspendre`) puis `reprendre`, arrêter ; le dossier de données doit alors avoir disparu.
Quelques secondes (initdb compris)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from tests.harnais import RACINE

pytestmark = pytest.mark.postgres
EXERCES = ["scripts/postgres-test.sh", "scripts/paquet-debian.sh", "tests/harnais.py"]


def _script(depot: Path, commande: str, env: dict[str, str]) -> str:
    resultat = subprocess.run([str(depot / "scripts" / "postgres-test.sh"), commande], cwd=depot, env=env,
                              capture_output=True, text=True, timeout=300)
    assert resultat.returncode == 0, (commande, resultat.stderr[-2000:])
    return resultat.stdout.strip()


def _lire(url: str) -> list[str]:
    moteur = create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with moteur.connect() as connexion:
            return list(connexion.execute(text("SELECT texte FROM essai ORDER BY id")).scalars())
    finally:
        moteur.dispose()


def test_postgres_jetable_depuis_un_clone_dans_un_dossier_prive(tmp_path):
    prive = tmp_path / "prive"
    prive.mkdir(mode=0o700)
    prive.chmod(0o700)  # quel que soit l'umask
    depot = prive / "depot"
    subprocess.run(["git", "clone", "--quiet", "--local", str(RACINE), str(depot)], check=True, timeout=120)
    for fichier in EXERCES:
        shutil.copy2(RACINE / fichier, depot / fichier)
    env = {k: v for k, v in os.environ.items() if k not in ("PG_ETAT", "PG_DATA", "PGPORT_TEST")}

    url = _script(depot, "start", env)
    etat = dict(ligne.split("=", 1) for ligne in (depot / "var" / "pgtest.etat").read_text().splitlines())
    donnees = Path(etat["DATA"])
    try:
        assert url.startswith("postgresql://")
        assert donnees.is_dir() and not donnees.resolve().is_relative_to(prive.resolve())
        moteur = create_engine(url)
        with moteur.begin() as connexion:
            connexion.execute(text("CREATE TABLE essai (id serial PRIMARY KEY, texte text)"))
            connexion.execute(text("INSERT INTO essai (texte) VALUES ('aller'), ('retour')"))
        moteur.dispose()
        assert _lire(url) == ["aller", "retour"]
        assert _script(depot, "start", env) == url  # déjà démarré : même serveur, même URL

        _script(depot, "suspendre", env)
        with pytest.raises(OperationalError):
            _lire(url)
        _script(depot, "reprendre", env)
        assert _lire(url) == ["aller", "retour"]
    finally:
        _script(depot, "stop", env)
    assert not donnees.exists()
    assert not (depot / "var" / "pgtest.etat").exists()
