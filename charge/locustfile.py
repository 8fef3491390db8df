"""Test de charge Locust : conversations réalistes à plusieurs tours, en REST et en socket.io.

Chaque utilisateur Locust est une personne qui converse : une conversation neuve (identifiant
aléatoire), des tours séparés par un temps de lecture/écriture, puis une autre conversation.
Lancé par scripts/mesure_charge.py (headless, borné en utilisateurs et en durée, boucle locale seulement).
"""

from __future__ import annotations

import random
import threading
import time
import uuid

import socketio
from locust import HttpUser, User, between, events, task

from charge.conversations import CONVERSATIONS  # PYTHONPATH = racine du dépôt (scripts/mesure_charge.py)

PENSEE = between(1.0, 2.5)  # temps de lecture et d'écriture entre deux tours


class ConversationRest(HttpUser):
    """Une personne sur le canal REST."""

    wait_time = PENSEE
    weight = 1

    @task
    def converser(self) -> None:
        conversation = f"charge-{uuid.uuid4().hex[:12]}"
        for texte in random.choice(CONVERSATIONS):
            with self.client.post("/webhooks/rest/webhook", json={"sender": conversation, "message": texte},
                                  name="REST", catch_response=True) as reponse:
                if reponse.status_code != 200 or not reponse.json():
                    reponse.failure(f"réponse vide ou HTTP {reponse.status_code}")
            time.sleep(self.wait_time())


class ConversationSocketIO(User):
    """Une personne sur le widget : client socket.io officiel de Python, transport websocket."""

    wait_time = PENSEE
    weight = 1

    def _tour(self, client: socketio.Client, recus: list, arrivee: threading.Event, session: str, texte: str,
              nom: str) -> None:
        avant = len(recus)
        arrivee.clear()
        debut = time.perf_counter()
        client.emit("user_uttered", {"message": texte, "session_id": session, "metadata": {"partenaire": "charge"}})
        exception = None
        # Attente sans boucle active (sous Locust, threading est celui de gevent).
        if not arrivee.wait(30) and len(recus) == avant:
            exception = TimeoutError("pas de réponse en 30 s")
        # Premier message du bot : c'est ce que la personne attend.
        events.request.fire(request_type="socketio", name=nom, response_time=(time.perf_counter() - debut) * 1000,
                            response_length=sum(len(str(r)) for r in recus[avant:]), exception=exception,
                            context={})
        time.sleep(0.3)  # laisser arriver les bulles suivantes du même tour

    @task
    def converser(self) -> None:
        recus: list = []
        arrivee = threading.Event()
        origine = self.environment.parsed_options.origine if self.environment.parsed_options else self.host
        # L'en-tête Origin du websocket, comme l'enverrait le navigateur sur le site partenaire.
        client = socketio.Client(reconnection=False, websocket_extra_options={"origin": origine})

        def recevoir(message: dict) -> None:
            recus.append(message)
            arrivee.set()

        client.on("bot_uttered", recevoir)
        session = uuid.uuid4().hex
        try:
            client.connect(self.host, transports=["websocket"], wait_timeout=20)
            client.emit("session_request", {"session_id": session})
            time.sleep(0.2)
            for texte in random.choice(CONVERSATIONS):
                self._tour(client, recus, arrivee, session, texte, "socket.io")
                time.sleep(self.wait_time())
        except Exception as erreur:  # connexion refusée, coupure : compté comme une erreur
            events.request.fire(request_type="socketio", name="connexion", response_time=0, response_length=0,
                                exception=erreur, context={})
            time.sleep(1)
        finally:
            client.disconnect()


@events.init_command_line_parser.add_listener
def _options(parser) -> None:
    parser.add_argument("--origine", default="http://127.0.0.1:8000", help="en-tête Origin du widget simulé")
