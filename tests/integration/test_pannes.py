"""Pannes réelles : processus tués, PostgreSQL arrêté brutalement, base corrompue, YAML cassé.
La personne reçoit toujours le message d'urgence et les lignes nationales ; la panne est écrite
une fois dans le journal, pas à chaque message."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid

import pytest

from bot.garde.canaux import reponses_du_domaine
from tests.harnais import RACINE, VENV

REPONSES = reponses_du_domaine()
EXCUSE = REPONSES["utter_service_indisponible"]
DANGER = "il a un couteau, il dit qu'il va me tuer"
ORIENTATION = ["mon conjoint me frappe", "Blois"]


def _conv() -> str:
    return f"panne-{uuid.uuid4().hex[:12]}"


def _orienter(pile) -> str:
    conversation = _conv()
    return "\n".join(pile.textes(m, conversation) for m in ORIENTATION)


def _postgres(commande: str) -> None:
    subprocess.run([str(RACINE / "scripts" / "postgres-test.sh"), commande], cwd=RACINE, check=True)


def test_serveur_d_actions_tue(pile):
    assert "tel:" in _orienter(pile)
    pile.actions.tuer()
    debut = len(pile.rasa.texte_journal().splitlines())
    try:
        for _ in range(3):
            assert "tel:17" in pile.textes(DANGER, _conv())  # règle + réponse du domaine, sans actions
            reponse = _orienter(pile)
            assert EXCUSE in reponse
            for numero in ("tel:17", "tel:112", "sms:114", "tel:3919", "tel:116006"):
                assert numero in reponse
        nouvelles = pile.rasa.texte_journal().splitlines()[debut:]
        pannes = [ligne for ligne in nouvelles if " ERROR " in ligne or " WARNING " in ligne]
        secours = [ligne for ligne in pannes if "Réponse de secours" in ligne]
        assert len(secours) == 1, pannes
        # Chaque forme de panne une seule fois malgré trois conversations.
        formes = [ligne.split(" - ", 1)[-1][:60] for ligne in pannes]
        assert len(formes) == len(set(formes)), pannes
    finally:
        pile.redemarrer_actions()
    assert "Désolé" not in _orienter(pile)


def test_postgresql_arrete_avant_le_premier_chargement(pile):
    """Serveur d'actions qui démarre alors que la base est injoignable : excuse, puis retour à la normale."""
    _postgres("suspendre")
    try:
        pile.redemarrer_actions()
        assert "tel:17" in pile.textes(DANGER, _conv())
        assert EXCUSE in _orienter(pile)
    finally:
        _postgres("reprendre")
    time.sleep(1.5)
    reponse = _orienter(pile)
    assert "Désolé" not in reponse and "tel:" in reponse


def test_postgresql_arrete_apres_chargement_le_service_continue(pile):
    avant = _orienter(pile)
    _postgres("suspendre")
    try:
        time.sleep(1.5)  # au-delà de ANNUAIRE_VERIFICATION_S : la vérification échoue
        assert _orienter(pile) == avant
    finally:
        _postgres("reprendre")
    journal = pile.actions.texte_journal().splitlines()
    avertissements = [ligne for ligne in journal if "garde les données déjà chargées" in ligne]
    assert len(avertissements) == 1


def test_base_sqlite_corrompue(pile, tmp_path):
    corrompue = tmp_path / "annuaire.sqlite"
    corrompue.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    try:
        pile.redemarrer_actions(ANNUAIRE_DB_URL=f"sqlite:///{corrompue}")
        assert "tel:17" in pile.textes(DANGER, _conv())
        assert EXCUSE in _orienter(pile)
    finally:
        pile.redemarrer_actions(ANNUAIRE_DB_URL=pile.url_postgres)


def test_reconstruction_cassee_refusee_le_service_garde_ses_donnees(pile, tmp_path):
    avant = _orienter(pile)
    dossier = tmp_path / "data"
    shutil.copytree(RACINE / "knowledge" / "data", dossier)
    fichier = dossier / "structures" / "violences-intrafamiliales.yaml"
    fichier.write_text(fichier.read_text(encoding="utf-8") + "\n- id: [cassé\n", encoding="utf-8")
    env = {**os.environ, "ANNUAIRE_DB_URL": pile.url_postgres, "PYTHONPATH": str(RACINE)}
    resultat = subprocess.run([str(VENV / "python"), "-m", "knowledge", "build", "--dossier", str(dossier)],
                              cwd=RACINE, env=env, capture_output=True, text=True)
    assert resultat.returncode == 2
    assert "violences-intrafamiliales.yaml" in resultat.stderr and "pas été modifiée" in resultat.stderr
    time.sleep(1.5)
    assert _orienter(pile) == avant


@pytest.mark.parametrize("processus", ["rasa"])
def test_aucun_processus_n_est_mort(pile, processus):
    assert getattr(pile, processus).popen.poll() is None
