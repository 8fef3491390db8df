"""Le harnais commun des tests et des mesures (tests/harnais.py), sans Rasa : ports, attente,
tour REST, centiles."""

from __future__ import annotations

import http.server
import json
import socket
import statistics
import threading
from collections.abc import Iterator

import pytest

from tests.harnais import (
    ReponseInattendue,
    _plage_ephemere,
    attendre,
    attendre_port,
    centile,
    dire,
    endpoints_pour,
    port_libre,
    texte_de,
)


def test_centile_interpolation_lineaire():
    valeurs = [float(x) for x in (7, 1, 3, 10, 4, 2, 8, 5, 9, 6, 12, 30)]
    assert centile(valeurs, 50) == statistics.median(valeurs)
    quantiles = statistics.quantiles(valeurs, n=100, method="inclusive")
    for q in (5, 25, 90, 95, 99):
        assert centile(valeurs, q) == pytest.approx(quantiles[q - 1])
    assert centile(valeurs, 0) == 1 and centile(valeurs, 100) == 30
    assert centile([42.0], 95) == 42.0
    with pytest.raises(ValueError):
        centile([], 95)


def test_ports_libres_distincts_et_hors_de_la_plage_ephemere():
    bas, haut = _plage_ephemere()
    ports = [port_libre() for _ in range(30)]
    assert len(set(ports)) == len(ports)
    assert not any(bas <= p <= haut for p in ports)
    for port in ports[:3]:
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))


class _Rasa(http.server.BaseHTTPRequestHandler):
    """Un faux canal REST : renvoie le message reçu, refuse « 500 »."""

    def do_GET(self) -> None:
        self.send_error(404)

    def do_POST(self) -> None:
        corps = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if corps["message"] == "500":
            self.send_error(500)
            return
        reponse = json.dumps([{"recipient_id": corps["sender"], "text": f"reçu : {corps['message']}",
                               "buttons": [{"title": "Oui", "payload": "oui"}]}, {"image": "x.png"}]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reponse)))
        self.end_headers()
        self.wfile.write(reponse)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def faux_rasa() -> Iterator[str]:
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", port_libre()), _Rasa)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    yield f"http://127.0.0.1:{serveur.server_address[1]}"
    serveur.shutdown()
    serveur.server_close()


def test_dire_et_texte_de(faux_rasa):
    messages = dire(faux_rasa, "conv", "bonjour")
    assert messages[0]["recipient_id"] == "conv"
    assert texte_de(messages) == "reçu : bonjour\n"
    assert texte_de(messages, boutons=True) == "reçu : bonjour\nOui\n"
    with pytest.raises(ReponseInattendue):
        dire(faux_rasa, "conv", "500")


def test_attendre(faux_rasa):
    attendre(f"{faux_rasa}/", 5)  # un 404 est une réponse
    with pytest.raises(TimeoutError):
        attendre(f"http://127.0.0.1:{port_libre()}/", 0.5)


def test_attendre_port(faux_rasa):
    attendre_port(int(faux_rasa.rsplit(":", 1)[1]), 5)
    with pytest.raises(TimeoutError):
        attendre_port(port_libre(), 0.3)


def test_endpoints_pour_un_autre_port():
    texte = endpoints_pour(23456)
    assert "127.0.0.1:23456/webhook" in texte and "5055" not in texte
