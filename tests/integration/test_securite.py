"""Réglages de sécurité de `make run`, vérifiés sur les vrais processus."""

from __future__ import annotations

import socket
import subprocess

import pytest
import requests

from tests.harnais import RACINE, commande_rasa, env_propre, port_libre


def test_api_http_de_rasa_fermee(pile):
    for methode, chemin in [("GET", "/status"), ("GET", "/version"), ("POST", "/model/parse"),
                            ("GET", "/conversations/x/tracker"), ("PUT", "/model")]:
        reponse = requests.request(methode, pile.url_rasa + chemin, json={"text": "x"}, timeout=10)
        assert reponse.status_code in (404, 405), chemin


def test_rest_sans_cors(pile):
    reponse = requests.post(f"{pile.url_rasa}/webhooks/rest/webhook", json={"sender": "cors", "message": "bonjour"},
                            headers={"Origin": "https://site-malveillant.example"}, timeout=30)
    assert "Access-Control-Allow-Origin" not in reponse.headers


@pytest.mark.parametrize(("origine", "admise"), [(None, True), ("https://site-malveillant.example", False)])
def test_socketio_origines_limitees(pile, origine, admise):
    entetes = {"Origin": origine or pile.url_page}
    reponse = requests.get(f"{pile.url_rasa}/socket.io/?EIO=4&transport=polling", headers=entetes, timeout=10)
    assert (reponse.status_code == 200) is admise, reponse.text[:200]
    if admise:
        assert reponse.headers.get("Access-Control-Allow-Origin") == pile.url_page
        assert "set-cookie" not in {k.lower() for k in reponse.headers}


@pytest.mark.parametrize(("origine", "admise"), [(None, True), ("https://site-malveillant.example", False)])
def test_websocket_origines_limitees(pile, origine, admise):
    """Les navigateurs n'appliquent pas le CORS au websocket : c'est le serveur qui refuse."""
    import socketio

    client = socketio.Client(reconnection=False, websocket_extra_options={"origin": origine or pile.url_page})
    try:
        client.connect(pile.url_rasa, transports=["websocket"], wait_timeout=10)
        connecte = client.transport() == "websocket"
        client.disconnect()
    except socketio.exceptions.ConnectionError:
        connecte = False
    assert connecte is admise


def _adresse_non_locale() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # aucun paquet envoyé : choisit l'interface de sortie
            adresse = s.getsockname()[0]
        except OSError:
            return None
    return None if adresse.startswith("127.") else adresse


def test_serveurs_en_boucle_locale_seulement(pile):
    adresse = _adresse_non_locale()
    if adresse is None:
        pytest.skip("aucune interface réseau autre que la boucle locale")
    for port in (pile.port_actions, int(pile.url_rasa.rsplit(":", 1)[1])):
        with socket.socket() as s:
            s.settimeout(2)
            assert s.connect_ex((adresse, port)) != 0, port


def test_origine_etoile_refusee_hors_developpement():
    """`rasa run` avec ORIGINES_PARTENAIRES=* s'arrête avant de servir, avec un message clair."""
    env = {**env_propre(), "ORIGINES_PARTENAIRES": "*"}
    env.pop("ORIENTATION41_MODE", None)
    resultat = subprocess.run(commande_rasa(port_libre(), niveau=None), cwd=RACINE, env=env, capture_output=True,
                              text=True, timeout=300)
    assert resultat.returncode != 0
    assert "refusée" in resultat.stdout + resultat.stderr
