"""Aucune donnée personnelle ni texte de message dans les journaux (Rasa en --debug, actions en --debug)."""

from __future__ import annotations

import re
import time

import socketio

MESSAGES = [
    "Bonjour je m'appelle Amandine Lefèvre, mon mari me frappe, j'habite 12 rue des Lilas à Blois, 06 12 34 56 78",
    "mon mail c'est amandine.lefevre@exemple.fr et mon fixe le 02.54.11.22.33, appelez moi",
    "Mme Koualou Nadège, 7 avenue de Verdun 41100 Vendôme, elle est battue par son fils Zébulon",
    "je prefere pas dire ma ville, mon voisin Trancheur Hyacinthe crie tous les soirs sur sa femme",
    "+33 6 98 76 54 32 c'est le numéro de ma soeur Philomène qui est maltraitée à Romorantin",
]
FRAGMENTS = ["Amandine", "Lefèvre", "Lefevre", "Lilas", "06 12 34 56 78", "0612345678", "amandine.lefevre",
             "exemple.fr", "02.54.11.22.33", "Koualou", "Nadège", "Verdun", "Zébulon", "Trancheur", "Hyacinthe",
             "Philomène", "98 76 54 32", "mon mari me frappe", "elle est battue", "crie tous les soirs", "maltraitée"]


def _parler_socketio(pile, texte: str) -> list[dict]:
    recus: list[dict] = []
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", lambda donnees: recus.append(donnees))
    client.connect(pile.url_rasa, headers={"Origin": pile.url_page}, transports=["polling"], wait_timeout=20)
    try:
        client.emit("session_request", {"session_id": "confidentialite-sio"})
        time.sleep(0.5)
        client.emit("user_uttered", {"message": texte, "session_id": "confidentialite-sio",
                                     "metadata": {"partenaire": "test", "email": "amandine.lefevre@exemple.fr"}})
        fin = time.monotonic() + 30
        while not recus and time.monotonic() < fin:
            time.sleep(0.2)
    finally:
        client.disconnect()
    return recus


def test_journaux_sans_donnees_personnelles(pile):
    for i, message in enumerate(MESSAGES):
        assert pile.parler(message, f"confidentialite-{i}"), message
    assert pile.parler("Blois", "confidentialite-3")  # réponse à la question de la commune
    assert _parler_socketio(pile, MESSAGES[0])
    time.sleep(1)  # laisser les journaux s'écrire
    for processus in (pile.rasa, pile.actions):
        journal = processus.texte_journal()
        assert len(journal.splitlines()) > 20, f"journal {processus.nom} trop court pour conclure"
        for fragment in FRAGMENTS:
            assert fragment.lower() not in journal.lower(), (processus.nom, fragment)
        # Aucune adresse IP de client (le client est en boucle locale) ni numéro à 10 chiffres.
        assert not re.search(r"\b0[1-9](?:[ .]?\d{2}){4}\b", journal), processus.nom
    # Les journaux restent utiles : on y voit le travail fait, pas ce qui a été dit.
    assert "[message]" in pile.rasa.texte_journal()
    assert "action_orienter" in pile.actions.texte_journal()


def test_le_client_n_est_pas_identifie_dans_le_journal(pile):
    """Ni adresse IP ni identifiant socket.io : le journal ne permet pas de retrouver une personne."""
    _parler_socketio(pile, "bonjour")
    journal = pile.rasa.texte_journal()
    lignes_client = [ligne for ligne in journal.splitlines() if "127.0.0.1" in ligne and "webhook" not in ligne]
    assert lignes_client == []
