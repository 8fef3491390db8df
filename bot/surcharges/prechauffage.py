"""Préchauffage du serveur Rasa : quelques messages types passent dans la NLU et les politiques
dès le démarrage, pour que la première personne n'attende pas.

Mesuré (BENCHMARKS.md) : sur un serveur neuf, la première inférence de DIET coûte ≈ 450 ms de
TensorFlow de plus que les suivantes, même après celle que Rasa fait au chargement. Les messages du
préchauffage sont fixes (aucune donnée de personne) et aucune conversation n'est enregistrée : le
suivi de conversation est construit en mémoire puis jeté.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

journal = logging.getLogger(__name__)

#: Une salutation, une situation, une commune, une question de professionnel.
MESSAGES = (
    "bonjour",
    "mon conjoint me frappe depuis des mois",
    "j'habite à Blois",
    "je suis assistante sociale, comment faire une information préoccupante ?",
)


async def prechauffer(agent: Any) -> float | None:
    """Fait passer les messages types ; renvoie la durée en secondes (None si pas de modèle)."""
    if agent is None or not agent.is_ready():
        return None
    debut = time.perf_counter()
    for texte in MESSAGES:
        analyse = await agent.parse_message(texte)
        suivi = DialogueStateTracker.from_events(
            "prechauffage",
            [ActionExecuted(ACTION_LISTEN_NAME), UserUttered(texte, analyse.get("intent"), analyse.get("entities"),
                                                             analyse)],
            slots=agent.domain.slots,
        )
        agent.processor.predict_next_with_tracker(suivi)
    duree = time.perf_counter() - debut
    journal.info("Serveur préchauffé en %.1f s.", duree)
    return duree


async def au_demarrage(app: Any, _boucle: Any) -> None:
    """Écouteur Sanic `after_server_start` (posé par chaque canal, exécuté une fois) : le modèle
    est chargé, on le préchauffe."""
    if getattr(app.ctx, "prechauffage_fait", False):
        return
    app.ctx.prechauffage_fait = True
    try:
        await prechauffer(getattr(app.ctx, "agent", None))
    except Exception as erreur:  # le préchauffage ne doit jamais empêcher de servir
        journal.warning("Préchauffage impossible (%s) : le serveur répond quand même.", type(erreur).__name__)
