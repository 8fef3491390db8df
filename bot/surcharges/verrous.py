"""Lock store Redis de Rasa, corrigé pour qu'une réplique tuée ne bloque pas une conversation.

Mesuré (tests/cluster, et tests/test_verrous.py) : quand une réplique meurt en tenant le verrou
d'une conversation, la réplique qui reprend le message attend que le ticket mort expire. Mais son
propre ticket, pris presque au même moment, expire dans la même seconde ; RedisLockStore de Rasa
3.6 continue alors d'attendre un ticket qui n'existe plus, jusqu'à ce que le client abandonne.
Ici, un ticket expiré pendant l'attente est simplement repris. Le reste est le code de Rasa.

endpoints.yml :
  lock_store:
    type: bot.surcharges.verrous.VerrouRedis
    url: 127.0.0.1
    port: 6379
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.surcharges import verifier_version


class VerrouRedis(RedisLockStore):
    """RedisLockStore dont l'attente survit à l'expiration de son propre ticket."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        verifier_version()  # la boucle d'attente recopie celle de Rasa 3.6.21
        if endpoint_config is not None:
            reglages = dict(endpoint_config.kwargs)
            reglages.pop("type", None)
            kwargs = {**reglages, **kwargs}
            if endpoint_config.url:
                kwargs.setdefault("host", endpoint_config.url)
        super().__init__(**kwargs)

    @asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncGenerator[TicketLock, None]:
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            while True:
                verrou = self.get_lock(conversation_id)
                if not verrou:
                    raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
                if not verrou.is_locked(ticket):
                    break
                if verrou._ticket_for_ticket_number(ticket) is None:
                    # Notre ticket a expiré pendant l'attente : en reprendre un.
                    ticket = self.issue_ticket(conversation_id, lock_lifetime)
                    continue
                await asyncio.sleep(wait_time_in_seconds)
                self.update_lock(conversation_id)
            yield verrou
        finally:
            self.cleanup(conversation_id, ticket)
