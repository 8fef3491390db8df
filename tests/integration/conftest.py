"""La vraie pile, lancée une fois pour ces tests : serveur d'actions, Rasa (REST + socket.io),
page de démonstration, annuaire dans un vrai PostgreSQL. Les pannes sont provoquées en tuant
les processus, jamais en les simulant. Journaux : var/integration/*.log.

Lancer par `make test-integration` (démarre PostgreSQL et fournit TEST_POSTGRES_URL).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

RACINE = Path(__file__).resolve().parents[2]
VENV = RACINE / ".venv" / "bin"
JOURNAUX = RACINE / "var" / "integration"
MODELE = RACINE / "models" / "orientation-41.tar.gz"


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Processus:
    """Un processus de la pile, journal dans un fichier (ajouté à chaque redémarrage)."""

    nom: str
    commande: list[str]
    env: dict[str, str]
    popen: subprocess.Popen | None = None

    @property
    def journal(self) -> Path:
        return JOURNAUX / f"{self.nom}.log"

    def demarrer(self, **env: str) -> None:
        self.env.update(env)
        with self.journal.open("ab") as sortie:
            self.popen = subprocess.Popen(self.commande, cwd=RACINE, env=self.env, stdout=sortie,
                                          stderr=subprocess.STDOUT, start_new_session=True)

    def tuer(self) -> None:
        """SIGKILL sur tout le groupe : une vraie panne, pas un arrêt poli."""
        if self.popen is not None and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=30)

    def texte_journal(self) -> str:
        return self.journal.read_text(encoding="utf-8", errors="replace") if self.journal.exists() else ""


def attendre(url: str, delai: float, processus: Processus | None = None) -> None:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if processus is not None and processus.popen is not None and processus.popen.poll() is not None:
            raise RuntimeError(f"{processus.nom} s'est arrêté :\n{processus.texte_journal()[-3000:]}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.5)
    raise TimeoutError(url)


@dataclass
class Pile:
    """Les processus et de quoi leur parler."""

    url_rasa: str
    url_page: str
    url_postgres: str
    actions: Processus
    rasa: Processus
    page: Processus
    port_actions: int
    extras: dict[str, Any] = field(default_factory=dict)

    def parler(self, texte: Any, conversation: str, **corps: Any) -> list[dict]:
        """Un message sur le canal REST ; la réponse JSON (liste des messages du bot)."""
        reponse = requests.post(f"{self.url_rasa}/webhooks/rest/webhook",
                                json={"sender": conversation, "message": texte, **corps}, timeout=60)
        assert reponse.status_code == 200, (reponse.status_code, reponse.text[:300])
        return reponse.json()

    def textes(self, texte: Any, conversation: str) -> str:
        return "\n".join(m.get("text", "") for m in self.parler(texte, conversation))

    def redemarrer_actions(self, **env: str) -> None:
        self.actions.tuer()
        self.actions.demarrer(**env)
        attendre(f"http://127.0.0.1:{self.port_actions}/health", 60, self.actions)


def _construire_annuaire(url: str) -> None:
    env = {**os.environ, "ANNUAIRE_DB_URL": url, "PYTHONPATH": str(RACINE)}
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
    port_rasa, port_actions, port_page = port_libre(), port_libre(), port_libre()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ORIGINES_", "ANNUAIRE_", "SANIC_"))}
    base.update(PYTHONPATH=str(RACINE), RASA_TELEMETRY_ENABLED="false", PYTHONUNBUFFERED="1")
    endpoints = JOURNAUX / "endpoints.yml"
    endpoints.write_text(
        (RACINE / "endpoints.yml").read_text(encoding="utf-8").replace("127.0.0.1:5055", f"127.0.0.1:{port_actions}"),
        encoding="utf-8")
    actions = Processus("actions", [str(VENV / "rasa"), "run", "actions", "--port", str(port_actions), "--debug"],
                        {**base, "SANIC_HOST": "127.0.0.1", "ANNUAIRE_DB_URL": url_postgres,
                         "ANNUAIRE_VERIFICATION_S": "1"})
    page_origine = f"http://127.0.0.1:{port_page}"
    # Journal en mode --debug : le plus bavard, donc le test de confidentialité le plus exigeant.
    rasa = Processus("rasa", [str(VENV / "rasa"), "run", "--model", str(MODELE), "--endpoints", str(endpoints),
                              "--credentials", "credentials.yml", "--interface", "127.0.0.1",
                              "--port", str(port_rasa), "--debug"],
                     {**base, "ORIGINES_PARTENAIRES": page_origine, "SANIC_REQUEST_MAX_SIZE": "2000000"})
    page = Processus("page", [str(VENV / "python"), "-m", "bot.page_demo", "--port", str(port_page),
                              "--serveur", f"http://127.0.0.1:{port_rasa}"], dict(base))
    pile = Pile(f"http://127.0.0.1:{port_rasa}", page_origine, url_postgres, actions, rasa, page, port_actions)
    try:
        actions.demarrer()
        rasa.demarrer()
        page.demarrer()
        attendre(f"http://127.0.0.1:{port_actions}/health", 60, actions)
        attendre(f"{pile.url_page}/", 30, page)
        attendre(f"{pile.url_rasa}/", 300, rasa)
        yield pile
    finally:
        for processus in (page, rasa, actions):
            processus.tuer()
