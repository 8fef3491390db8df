"""Lock store Redis : une réplique tuée en tenant un verrou ne bloque pas la conversation (vrai Redis)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time

import pytest
from rasa.core.lock_store import RedisLockStore

from bot.surcharges.verrous import VerrouRedis
from tests.harnais import attendre_port, port_libre

DUREE = 2.0  # durée de vie d'un ticket (TICKET_LOCK_LIFETIME), courte pour le test


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory):
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server absent : `make unit` l'installe (paquet Debian redis-server).")
        pytest.skip("redis-server absent")
    port = port_libre()
    dossier = tmp_path_factory.mktemp("redis")
    processus = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no", "--dir", str(dossier)], stdout=subprocess.DEVNULL)
    attendre_port(port, 10)
    yield port
    processus.terminate()
    processus.wait()


async def _attendre_verrou(store, conversation: str, delai: float) -> float | None:
    debut = time.monotonic()

    async def prendre() -> None:
        async with store.lock(conversation, lock_lifetime=DUREE, wait_time_in_seconds=0.2):
            pass

    try:
        await asyncio.wait_for(prendre(), delai)
    except asyncio.TimeoutError:
        return None
    return time.monotonic() - debut


def _replique_morte(store, conversation: str) -> None:
    """Une réplique prend un ticket puis meurt (pas de nettoyage)."""
    store.issue_ticket(conversation, DUREE)


def test_verrou_d_une_replique_morte_repris(redis_port):
    store = VerrouRedis(host="127.0.0.1", port=redis_port, key_prefix="test-ok")
    _replique_morte(store, "conv")
    attente = asyncio.run(_attendre_verrou(store, "conv", 4 * DUREE))
    assert attente is not None and DUREE * 0.5 <= attente <= DUREE + 1.5
    # Et le message suivant passe tout de suite : aucun ticket orphelin.
    assert asyncio.run(_attendre_verrou(store, "conv", 1)) < 0.5


def test_le_lock_store_de_rasa_reste_bloque(redis_port):
    """Le défaut corrigé, constaté sur RedisLockStore de Rasa 3.6.21."""
    store = RedisLockStore(host="127.0.0.1", port=redis_port, key_prefix="test-rasa")
    _replique_morte(store, "conv")
    assert asyncio.run(_attendre_verrou(store, "conv", 4 * DUREE)) is None


def test_deux_messages_de_la_meme_conversation_passent_l_un_apres_l_autre(redis_port):
    store = VerrouRedis(host="127.0.0.1", port=redis_port, key_prefix="test-ordre")
    ordre: list[str] = []

    async def message(nom: str, duree: float) -> None:
        async with store.lock("conv", lock_lifetime=DUREE, wait_time_in_seconds=0.05):
            ordre.append(f"{nom}+")
            await asyncio.sleep(duree)
            ordre.append(f"{nom}-")

    async def deux() -> None:
        await asyncio.gather(message("a", 0.3), message("b", 0.1))

    asyncio.run(deux())
    assert ordre in (["a+", "a-", "b+", "b-"], ["b+", "b-", "a+", "a-"])
