"""Purge de rétention sur le vrai tracker store de Rasa (SQLTrackerStore) et un vrai PostgreSQL."""

from __future__ import annotations

import asyncio
import time

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.stockage.retention import principal, purger

HEURE = 3600.0


@pytest.fixture()
def store(moteur_postgres):
    """Le tracker store de Rasa sur la base PostgreSQL de test (table events vidée)."""
    url = make_url(str(moteur_postgres.url))
    store = SQLTrackerStore(Domain.empty(), dialect="postgresql", host=url.host, port=url.port,
                            db=url.database, username=url.username)
    with store.engine.begin() as connexion:
        connexion.execute(text("DELETE FROM events"))
    return store


def _conversation(store: SQLTrackerStore, sender: str, age_heures: float) -> None:
    debut = time.time() - age_heures * HEURE
    tracker = DialogueStateTracker(sender, slots=[])
    for i, evenement in enumerate([ActionExecuted("action_listen"), UserUttered("il me menace, j'habite à Blois"),
                                   BotUttered("Je suis là pour vous aider.")]):
        evenement.timestamp = debut + i
        tracker.update(evenement)
    asyncio.run(store.save(tracker))


def _senders(store: SQLTrackerStore) -> set[str]:
    with store.engine.connect() as connexion:
        return set(connexion.execute(text("SELECT DISTINCT sender_id FROM events")).scalars())


def test_purge_supprime_les_conversations_inactives_en_entier(store):
    _conversation(store, "ancienne", 30)
    _conversation(store, "recente", 2)
    _conversation(store, "limite", 23.9)
    assert _senders(store) == {"ancienne", "recente", "limite"}
    supprimes = purger(store.engine, 24)
    assert supprimes == 3
    assert _senders(store) == {"recente", "limite"}
    assert asyncio.run(store.retrieve("ancienne")) is None
    assert [e.text for e in asyncio.run(store.retrieve("recente")).events if isinstance(e, UserUttered)]


def test_purge_duree_configurable_et_commande(store, capsys):
    _conversation(store, "a", 3)
    _conversation(store, "b", 0.5)
    assert principal(["--url", str(store.engine.url), "--heures", "1"]) == 0
    assert "3 événement(s) supprimé(s)" in capsys.readouterr().out
    assert _senders(store) == {"b"}
    with pytest.raises(ValueError):
        purger(create_engine(str(store.engine.url), future=True), 0)


def test_memoire_ephemere_oublie_les_conversations_inactives():
    from bot.stockage.memoire import MemoireEphemere

    store = MemoireEphemere(Domain.empty(), retention_heures=1, conversations_max=3)
    for sender in ("a", "b", "c", "d"):
        asyncio.run(store.save(DialogueStateTracker(sender, slots=[])))
    assert set(store.store) == {"b", "c", "d"}  # au plus conversations_max
    assert store.oublier_inactives(time.time() + 2 * HEURE) == 3
    assert store.store == {}
