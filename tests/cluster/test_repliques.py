"""Deux répliques Rasa (tracker store PostgreSQL, lock store Redis), deux serveurs d'actions,
nginx devant : démarrés pour de vrai par scripts/cluster.sh (`make test-cluster`)."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
import uuid

import pytest

from tests.harnais import RACINE, dire, env_propre, port_libre, texte_de

DOSSIER = RACINE / "var" / "cluster"
# Ports libres, passés à scripts/cluster.sh : rien de commun avec un `make cluster` (8080) ou une
# autre grappe déjà lancée sur la machine.
PORTS_RASA = [port_libre(), port_libre()]
PORTS = {"PORT_FRONT": str(port_libre()), "PORT_ACTIONS_LB": str(port_libre()), "PORT_REDIS": str(port_libre()),
         "PORTS_RASA": " ".join(map(str, PORTS_RASA)), "PORTS_ACTIONS": f"{port_libre()} {port_libre()}"}
FRONT = f"http://127.0.0.1:{PORTS['PORT_FRONT']}"
REPLIQUES = [f"http://127.0.0.1:{p}" for p in PORTS_RASA]


def _cluster(commande: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([str(RACINE / "scripts" / "cluster.sh"), commande], cwd=RACINE,
                          env={**env_propre(), **PORTS}, **options)


@pytest.fixture(scope="module")
def grappe():
    _cluster("start", check=True, timeout=900)
    try:
        yield
    finally:
        _cluster("stop", timeout=120)


def dire_texte(url: str, conversation: str, texte: str) -> str:
    return texte_de(dire(url, conversation, texte))


def test_une_conversation_sur_deux_repliques(grappe):
    """Situation dite à la réplique A, commune à la réplique B : l'orientation est la bonne."""
    for essai in range(3):
        conversation = f"alterne-{uuid.uuid4().hex[:8]}"
        a, b = REPLIQUES if essai % 2 == 0 else REPLIQUES[::-1]
        question = dire_texte(a, conversation, "mon mari me frappe depuis des mois")
        assert "commune" in question  # la commune est demandée (ou proposée), sur la réplique A
        orientation = dire_texte(b, conversation, "Vendôme")
        assert "Vendôme" in orientation and "tel:3919" in orientation, orientation
        suite = dire_texte(a, conversation, "Autres possibilités")
        assert suite and "Désolé" not in suite


def _conversation_complete(url: str, resultats: dict, cle: str) -> None:
    try:
        question = dire_texte(url, cle, "je suis victime de violences de mon conjoint")
        time.sleep(0.5)
        orientation = dire_texte(url, cle, "Romorantin")
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
            pid = int((DOSSIER / f"rasa-{PORTS_RASA[0]}.pid").read_text())
            os.killpg(pid, signal.SIGKILL)
        time.sleep(0.1)
    for fil in fils:
        fil.join(timeout=180)
    assert len(resultats) == 20
    echecs = {k: v for k, v in resultats.items() if v != (True, True)}
    assert echecs == {}
    # Et les conversations continuent sur la réplique restante avec leur historique.
    for cle in list(resultats)[:5]:
        suite = dire_texte(REPLIQUES[1], cle, "Autres possibilités")
        assert suite and "Désolé" not in suite
