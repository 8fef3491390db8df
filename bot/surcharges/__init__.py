"""Surcharges de Rasa 3.6.21 : tout ce qui remplace ou recopie du code de Rasa est ici.

- `demarrage` : `RasaModel.load` (modèles TensorFlow reconstruits sans graphe d'entraînement) ;
- `performance` : `RemoteAction._validate_action_result` (schéma vérifié une fois) et
  `SpacyNLP.load_model` (spaCy chargé une fois, sans NER ni analyseur) ;
- `verrous` : `VerrouRedis`, le `RedisLockStore` de Rasa corrigé (endpoints.yml) ;
- `prechauffage` : écouteur Sanic posé par les canaux (`bot.garde.canaux`), lit l'agent de Rasa.

Les trois remplacements de méthodes ne se posent que par `installer()`, appelé explicitement :
par `bot.composants` (Rasa importe ce paquet, nommé dans config.yml, à l'entraînement et avant de
charger le modèle : c'est le seul point d'entrée que Rasa offre avant `SpacyNLP` et DIET) et par les
tests. `installer()` refuse toute autre version de Rasa que `VERSION_RASA` : ces surcharges
recopient du code de Rasa, il faut les relire contre le nouveau code avant de changer cette
constante. Les fonctions d'origine de Rasa restent accessibles par `remplacements.ORIGINAUX`
(et `remplacements.retirees()`), pour les tests d'équivalence.
"""

from __future__ import annotations

import importlib.metadata

import rasa

#: La version de Rasa dont ces surcharges recopient le code.
VERSION_RASA = "3.6.21"


class VersionRasaNonPriseEnCharge(RuntimeError):
    """Les surcharges ont été écrites pour une autre version de Rasa."""


def version_rasa() -> str:
    """Version de Rasa importée ; les deux sources (module, paquet installé) doivent s'accorder."""
    installee = importlib.metadata.version("rasa")
    if rasa.__version__ != installee:
        return f"{rasa.__version__} (paquet installé : {installee})"
    return installee


def verifier_version() -> None:
    """Lève `VersionRasaNonPriseEnCharge` si Rasa n'est pas en version `VERSION_RASA`."""
    version = version_rasa()
    if version != VERSION_RASA:
        raise VersionRasaNonPriseEnCharge(
            f"Les surcharges de bot.surcharges recopient du code de Rasa {VERSION_RASA}, or Rasa {version} est "
            "installé. Relire chaque surcharge contre le code de cette version, repasser les tests d'équivalence "
            "(tests/test_surcharges.py, tests/integration/test_chargement_modele.py), puis changer VERSION_RASA."
        )


def installer() -> None:
    """Pose les remplacements de méthodes de Rasa (idempotent), après avoir vérifié la version."""
    verifier_version()
    # Importé ici : TensorFlow et spaCy ne se chargent pas pour `verrous` ou `prechauffage` seuls.
    from bot.surcharges.remplacements import REMPLACEMENTS

    for remplacement in REMPLACEMENTS:
        remplacement.poser()
