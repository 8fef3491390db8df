"""Des coûts de Rasa 3.6 (par message et au chargement), retirés sans changer ce que le bot comprend ni répond.

Mesurés au profileur (py-spy) sur un serveur sous 50 conversations (BENCHMARKS.md) :

- **Validation des réponses du serveur d'actions : 52 % du processeur de Rasa.**
  `RemoteAction._validate_action_result` appelle `jsonschema.validate`, qui revalide le *schéma*
  contre le métaschéma à chaque appel avant de valider la réponse. Le schéma est constant : on le
  vérifie une fois et on garde le validateur. La réponse reste validée entièrement, avec la même
  erreur (`best_match`) et le même message que Rasa quand elle est invalide.
- **spaCy chargé deux fois** par Rasa (deux nœuds SpacyNLP dans le graphe) : une seule fois ici.
- **Reconnaissance d'entités nommées de spaCy : 4 ms sur 6 par message.** Rasa charge
  `fr_core_news_md` sans l'analyseur syntaxique mais avec le NER, dont aucun composant du pipeline
  ne se sert (pas de SpacyEntityExtractor). Jetons, lemmes, étiquettes et vecteurs sont identiques
  sans lui (testé) : le modèle entraîné n'a pas à changer.
"""

from __future__ import annotations

import functools
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.constants import DOCS_BASE_URL

#: Composants de spaCy dont aucun composant du pipeline ne lit le résultat.
COMPOSANTS_SPACY_INUTILES = ("parser", "ner")

#: Fonctions d'origine de Rasa (bot.surcharges.ORIGINAUX).
CHARGER_SPACY_DE_RASA = SpacyNLP.load_model
VALIDER_DE_RASA = RemoteAction._validate_action_result


@functools.lru_cache(maxsize=1)
def validateur_reponse_action() -> Any:
    """Validateur du format de réponse d'un serveur d'actions, schéma vérifié une seule fois."""
    schema = RemoteAction.action_response_format_spec()
    classe = jsonschema.validators.validator_for(schema)
    classe.check_schema(schema)
    return classe(schema)


def valider_reponse_action(self: RemoteAction, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result : même erreur que Rasa, schéma vérifié une seule fois."""
    erreur = best_match(validateur_reponse_action().iter_errors(result))
    if erreur is None:
        return True
    erreur.message += (
        ". Failed to validate Action server response from API, make sure your response from the "
        f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise erreur


@functools.lru_cache(maxsize=4)
def charger_spacy(spacy_model_name: str) -> SpacyModel:
    """SpacyNLP.load_model de Rasa (mêmes vérifications, mêmes erreurs), une fois par processus —
    Rasa crée SpacyNLP deux fois (nœud fournisseur et nœud de traitement) et chargeait donc deux fois
    le modèle — et sans les composants inutiles, retirés du pipeline."""
    modele = CHARGER_SPACY_DE_RASA(spacy_model_name)
    for nom in COMPOSANTS_SPACY_INUTILES:
        if nom in modele.model.component_names:
            modele.model.remove_pipe(nom)
    return modele

