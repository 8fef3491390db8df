"""Le chargement allégé (bot.surcharges : demarrage, performance) ne change rien à ce que le bot comprend
ni à ce qu'il décide : le même modèle, chargé par le code d'origine de Rasa puis par le nôtre,
donne les mêmes intentions, confiances, entités et actions prédites."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.agent import Agent
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

# Rasa importe bot.composants en chargeant le modèle, ce qui pose les surcharges : importé d'abord
# ici, pour que `retirees()` les retire vraiment pendant le chargement par le code de Rasa.
import bot.composants  # noqa: F401
from bot.surcharges.remplacements import REMPLACEMENTS, retirees
from tests.harnais import MODELE

MESSAGES = [
    "bonjour", "mon conjoint me frappe", "j'habite à Romorantin", "41200", "merci beaucoup",
    "je suis infirmière, je voudrais signaler une personne âgée maltraitée", "c'est quoi le 3919 ?",
    "ma voisine se fait frapper par son mari tous les soirs", "oui", "non merci",
    "arnaque sur internet on m'a volé 2000 euros", "il a un couteau il va me tuer", "jhabite a vendome",
    "mon fils de 15 ans est harcelé sur snap", "comment saisir la CRIP ?", "je veux porter plainte",
]


def _lire(agent: Agent) -> list:
    async def lire() -> list:
        resultats = []
        for texte in MESSAGES:
            analyse = await agent.parse_message(texte)
            suivi = DialogueStateTracker.from_events(
                "equivalence", [ActionExecuted(ACTION_LISTEN_NAME),
                                UserUttered(texte, analyse["intent"], analyse["entities"], analyse)],
                slots=agent.domain.slots)
            prediction = agent.processor.predict_next_with_tracker(suivi)
            meilleure = max(prediction["scores"], key=lambda s: s["score"])
            resultats.append((
                analyse["intent"]["name"], round(analyse["intent"]["confidence"], 4),
                sorted((e["entity"], str(e["value"])) for e in analyse["entities"]),
                [(r["name"], round(r["confidence"], 4)) for r in analyse["intent_ranking"][:3]],
                meilleure["action"], prediction["policy"], round(meilleure["score"], 4)))
        return resultats

    return asyncio.run(lire())


@pytest.fixture(scope="module")
def agent_rasa():
    """Le modèle chargé par le code d'origine de Rasa (ORIGINAUX posés le temps du chargement)."""
    if not MODELE.exists():
        pytest.fail("Modèle absent : `make train` d'abord.")
    with retirees():
        agent = Agent.load(str(MODELE))
        assert not any(r.en_place() for r in REMPLACEMENTS)
    return agent


def test_memes_comprehensions_et_decisions_qu_avec_le_chargement_de_rasa(agent_rasa):
    nous = Agent.load(str(MODELE))
    assert all(r.en_place() for r in REMPLACEMENTS)
    assert _lire(nous) == _lire(agent_rasa)
