"""Tracker store par défaut de `make run` : en mémoire (rien sur disque), borné dans le temps.

C'est l'InMemoryTrackerStore de Rasa, qui oublie les conversations inactives depuis plus de
`retention_heures` (24 par défaut) et n'en garde pas plus de `conversations_max`.
Production à plusieurs répliques : le SQLTrackerStore de Rasa sur PostgreSQL, purgé par
`python -m bot.stockage.retention` (voir README).
"""

from __future__ import annotations

import time
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


class MemoireEphemere(InMemoryTrackerStore):
    """InMemoryTrackerStore qui efface les conversations inactives."""

    def __init__(self, domain: Domain, event_broker: EventBroker | None = None,
                 retention_heures: float = 24, conversations_max: int = 50000, **kwargs: dict[str, Any]) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.retention = float(retention_heures) * 3600
        self.conversations_max = int(conversations_max)
        self._derniere_activite: dict[str, float] = {}

    def oublier_inactives(self, maintenant: float | None = None) -> int:
        """Efface les conversations inactives depuis plus que la rétention ; nombre effacé."""
        maintenant = time.time() if maintenant is None else maintenant
        anciennes = [s for s, t in self._derniere_activite.items() if maintenant - t > self.retention]
        surplus = len(self._derniere_activite) - len(anciennes) - self.conversations_max
        if surplus > 0:
            restantes = sorted((t, s) for s, t in self._derniere_activite.items() if s not in set(anciennes))
            anciennes += [s for _, s in restantes[:surplus]]
        for sender_id in anciennes:
            self.store.pop(sender_id, None)
            self._derniere_activite.pop(sender_id, None)
        return len(anciennes)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self._derniere_activite[tracker.sender_id] = time.time()
        self.oublier_inactives()
