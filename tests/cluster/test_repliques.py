"""Deux répliques Rasa (tracker store PostgreSQL, lock store Redis), deux serveurs d'actions,
nginx devant : démarrés pour de vrai par scripts/cluster.sh (`make test-cluster`)."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

RACINE = Path(__file__).resolve().parents[2]
DOSSIER = RACINE / "var" / "cluster"
FRONT = "http://127.0.0.1:8080"
REPLIQUES = ["http://127.0.0.1:5205", "http://127.0.0.1:5206"]


@pytest.fixture(scope="module")
def grappe():
    subprocess.run([str(RACINE / "scripts" / "cluster.sh"), "start"], cwd=RACINE, check=True, timeout=900)
    try:
        yield
    finally:
        subprocess.run([str(RACINE / "scripts" / "cluster.sh"), "stop"], cwd=RACINE, timeout=120)


def dire(url: str, conversation: str, texte: str) -> str:
    reponse = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": conversation, "message": texte},
                            timeout=60)
    assert reponse.status_code == 200, reponse.text[:300]
    return "\n".join(m.get("text") or "" for m in reponse.json())


def test_une_conversation_sur_deux_repliques(grappe):
    """Situation dite à la réplique A, commune à la réplique B : l'orientation est la bonne."""
    for essai in range(3):
        conversation = f"alterne-{uuid.uuid4().hex[:8]}"
        a, b = REPLIQUES if essai % 2 == 0 else REPLIQUES[::-1]
        question = dire(a, conversation, "mon mari me frappe depuis des mois")
        assert "Dans quelle commune" in question
        orientation = dire(b, conversation, "Vendôme")
        assert "Vendôme" in orientation and "tel:3919" in orientation, orientation
        suite = dire(a, conversation, "Autres possibilités")
        assert suite and "Désolé" not in suite


def _conversation_complete(url: str, resultats: dict, cle: str) -> None:
    try:
        question = dire(url, cle, "je suis victime de violences de mon conjoint")
        time.sleep(0.5)
        orientation = dire(url, cle, "Romorantin")
        resultats[cle] = ("commune" in question, "Romorantin" in orientation and "tel:" in orientation)
    except Exception as erreur:
        resultats[cle] = (False, repr(erreur))


def test_une_replique_tuee_en_pleine_charge(grappe):
    """20 conversations en parallèle par nginx ; la réplique A est tuée au milieu : aucune n'est perdue."""
    resultats: dict[str, tuple] = {}
    fils = [threading.Thread(target=_conversation_complete,
                             args=(FRONT, resultats, f"charge-{i}-{uuid.uuid4().hex[:6]}")) for i in range(20)]
    for i, fil in enumerate(fils):
        fil.start()
        if i == 10:
            pid = int((DOSSIER / "rasa-5205.pid").read_text())
            os.killpg(pid, signal.SIGKILL)
        time.sleep(0.1)
    for fil in fils:
        fil.join(timeout=180)
    assert len(resultats) == 20
    echecs = {k: v for k, v in resultats.items() if v != (True, True)}
    assert echecs == {}
    # Et les conversations continuent sur la réplique restante avec leur historique.
    for cle in list(resultats)[:5]:
        suite = dire(REPLIQUES[1], cle, "Autres possibilités")
        assert suite and "Désolé" not in suite
