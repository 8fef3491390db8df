"""Le chargement allégé (bot.demarrage, bot.performance) ne change rien à ce que le bot comprend
ni à ce qu'il décide : le même modèle, chargé par le code d'origine de Rasa puis par le nôtre,
donne les mêmes intentions, confiances, entités et actions prédites."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.agent import Agent
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.tensorflow.models import RasaModel

import bot.composants  # noqa: F401  (installe les allègements)
from bot import demarrage, performance

from .conftest import MODELE

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
    """Le modèle chargé par le code d'origine de Rasa (patchs retirés le temps du chargement)."""
    if not MODELE.exists():
        pytest.fail("Modèle absent : `make train` d'abord.")
    with pytest.MonkeyPatch.context() as m:
        m.setattr(RasaModel, "load", classmethod(demarrage._load_origine))
        m.setattr(SpacyNLP, "load_model", staticmethod(performance._charger_spacy_origine))
        return Agent.load(str(MODELE))


def test_memes_comprehensions_et_decisions_qu_avec_le_chargement_de_rasa(agent_rasa):
    nous = Agent.load(str(MODELE))
    assert _lire(nous) == _lire(agent_rasa)
