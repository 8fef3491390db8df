"""Adaptateur NLU du classifieur appris du danger (knowledge.regles.danger_appris).

Entraîné par `rasa train` sur les intentions `urgence` et `idees_suicidaires` de la NLU (le reste :
sans danger) et sur les messages étiquetés de `data/danger/exemples.yml` ; sauvé dans le modèle. Au-dessus
du seuil, il force l'intention comme le détecteur à règles (placé juste avant lui : les règles ont le dernier
mot) ; il retire aussi l'alerte que DIET donnerait à un message que les règles disent hors danger
(fiction, hyperbole, scène finie) ou que le modèle juge presque sûrement sans danger (sous `veto`). Le
chemin d'urgence reste fait de règles et de réponses du domaine, sans serveur d'actions ni base.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.composants.detecteur_danger import forcer_intention
from knowledge.regles.danger_appris import (
    INTENTIONS,
    REGULARISATION,
    SANS_DANGER,
    SEUIL,
    VETO,
    Exemple,
    ModeleDanger,
    lire_exemples,
)

RACINE = Path(__file__).resolve().parents[2]
FICHIER = "modele_danger.joblib"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class ClassifieurDanger(GraphComponent):
    """Composant NLU : le danger que les règles ne connaissent pas, appris des exemples."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"exemples": "data/danger/exemples.yml", "seuil": SEUIL, "veto": VETO, "regularisation": REGULARISATION}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Le fichier d'exemples n'est pas une donnée d'entraînement de Rasa : son contenu entre dans
        l'empreinte, pour que `rasa train` réentraîne le composant quand il change."""
        chemin = RACINE / {**cls.get_default_config(), **config}["exemples"]  # la config reçue ici est partielle
        return hashlib.sha256(chemin.read_bytes()).hexdigest() if chemin.exists() else None

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 modele: ModeleDanger | None = None) -> None:
        self.config = config
        self.model_storage = model_storage
        self.resource = resource
        self.modele = modele

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ClassifieurDanger:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        exemples = [Exemple(m.get(TEXT), m.get(INTENT) if m.get(INTENT) in INTENTIONS else SANS_DANGER)
                    for m in training_data.intent_examples if m.get(TEXT)]
        exemples += lire_exemples(RACINE / self.config["exemples"])
        self.modele = ModeleDanger.entrainer(exemples, self.config["regularisation"])
        with self.model_storage.write_to(self.resource) as dossier:
            joblib.dump(self.modele.pipeline, dossier / FICHIER)
        return self.resource

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> ClassifieurDanger:
        with model_storage.read_from(resource) as dossier:
            modele = ModeleDanger(joblib.load(dossier / FICHIER))
        return cls(config, model_storage, resource, modele)

    def process(self, messages: list[Message]) -> list[Message]:
        if self.modele is None:
            return messages
        for message in messages:
            texte = message.get(TEXT) or ""
            if (message.get(INTENT) or {}).get("name") in INTENTIONS:
                # DIET alerte sur « mdr je vais tuer mon frère », ou sur ce que le modèle appris juge sans danger :
                # non (les règles, après, ont le dernier mot)
                if self.modele.alerte_a_retirer(texte, self.config["veto"]):
                    retirer_le_danger(message)
                continue
            intention = self.modele.intention(texte, self.config["seuil"])
            if intention is not None:
                forcer_intention(message, intention)
        return messages


def retirer_le_danger(message: Message) -> None:
    """L'intention suivante du classement remplace celle du danger (le repli s'il n'y en a pas)."""
    classement = [i for i in message.get(INTENT_RANKING_KEY) or [] if i.get("name") not in INTENTIONS]
    message.set(INTENT, classement[0] if classement else {"name": "nlu_fallback", "confidence": 1.0},
                add_to_output=True)
    message.set(INTENT_RANKING_KEY, classement, add_to_output=True)
