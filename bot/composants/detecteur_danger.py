"""Détecteur de danger immédiat : règles déterministes qui priment sur le classifieur.

Un message qui parle d'arme, de menace de mort, de violences en cours ou d'agresseur encore là,
d'enfermement, de blessure grave, de médicaments avalés, d'incendie ou d'idées suicidaires
reçoit l'intention `urgence` ou `idees_suicidaires` avec une confiance de 1, quoi qu'ait prédit
DIET. Le chemin d'urgence repose ensuite sur des règles et des réponses du domaine : il ne
dépend ni du serveur d'actions ni de la base.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from knowledge.texte import normaliser

_PRONOM = r"(?:me|m|la|l|le|nous|les|te|t|lui|ma|mon|mes)"
MOTIFS_URGENCE = [
    rf"\b(?:va|vas|veut|voulait|vont|menace de|menace|menacee? de|essaie de|essaye de|a essaye de) {_PRONOM} ?"
    r"(?:tuer|egorger|etrangler|buter|cramer)\b",
    # Toute tournure « … me/la/nous tuer » (« il allait me tuer », « il va venir me tuer ») et
    # « peur qu'il me tue » : le classifieur ne doit pas être seul à les reconnaître.
    rf"\b{_PRONOM} ?(?:tuer|egorger|buter|tuera|tuerait)\b",
    rf"\bqu (?:il|elle|ils) {_PRONOM} ?tue(?:nt)?\b",
    r"\bmenace(?:e|es|s|r)? de mort\b",
    r"\bmenace(?:e|s)? (?:avec|d) (?:un|une) (?:couteau|arme|fusil|pistolet|hache|marteau)\b",
    r"\b(?:couteau|fusil|pistolet|revolver|carabine|arme a feu|une arme|son arme|hache)\b",
    rf"\b(?:en train de|continue de) (?:{_PRONOM} ?)?"
    r"(?:frapper|battre|taper|tabasser|etrangler|violer|cogner)\b",
    rf"\b(?:il|elle|ils|on) {_PRONOM} (?:frappe|bat|tape|etrangle|viole|cogne) (?:la|maintenant|en ce moment|encore)\b",
    r"\b(?:defonce|enfonce|casse|tape a|frappe a) la porte\b",
    r"\b(?:enfermee?s?|sequestree?s?|sequestration|bloquee? dans)\b",
    r"\bm empeche de sortir\b",
    r"\b(?:je suis|jsuis|j suis|chui|on est|nous sommes|je me sens) en danger\b",
    r"\b(?:au secours|aidez moi vite|a l aide vite|sos)\b",
    r"\b(?:il|elle) (?:arrive|revient|est devant|est la) (?:et|il|elle)? ?(?:va|veut) ",
    r"\b(?:etrangle|etranglee|strangule)\b",
    r"\bse (?:fait|font|faire) (?:frapper|battre|taper|tabasser|etrangler|violer|cogner) "
    r"(?:la|maintenant|en ce moment)\b",
    r"\b(?:enfant|bebe|fils|fille|petit|petite) .{0,40}\b(?:frappe|battu|battue|secoue|secouee) "
    r"(?:la|maintenant|en ce moment)\b",
    # Urgence médicale (la réponse d'urgence donne le 15) et incendie (le 112).
    r"\bsaigne(?:s|nt)? (?:beaucoup|abondamment|enormement|de partout|fort)\b",
    r"\b(?:perd|perds|perdu) beaucoup de sang\b|\bhemorragie\b",
    r"\bavale (?:\w+ ){0,5}(?:medicaments|medocs|cachets|comprimes|pilules)\b",
    r"\b(?:overdose|inconsciente?|ne respire plus|perdu connaissance|ne se reveille pas)\b",
    r"\b(?:a mis|met|mettre) le feu\b",
]
# Agresseur encore présent, dit dans le même message que des violences (« il m'a violée, il est
# encore là ») : l'un sans l'autre ne suffit pas.
_PRESENCE = re.compile(
    r"\b(?:il|elle|ils) (?:est|sont) (?:encore|toujours) (?:la|a la maison|dans la maison|chez moi)\b")
_VIOLENCE = re.compile(r"\b(?:viol\w*|frapp\w*|battu\w*|coups?|tape\w*|cogn\w*|agress\w*|tabass\w*)\b")
MOTIFS_SUICIDE = [
    r"\b(?:me|se|te) suicider\b",
    r"\bsuicid",
    r"\ben finir\b",
    r"\bmettre fin a (?:mes jours|ma vie|ses jours|sa vie)\b",
    r"\b(?:envie|idee|idees|pense|penser) (?:de|a) mourir\b",
    r"\bplus envie de vivre\b",
    r"\bje (?:vais|veux) me (?:tuer|foutre en l air|jeter)\b",
    # La personne parle d'elle (« j'ai envie de me tuer ») : 3114, pas la réponse aux violences.
    r"\b(?:je|j) (?:\w+ ){0,4}me (?:tuer|pendre|jeter sous)\b",
    r"\b(?:envie|idee|idees|pense|penser|besoin) (?:de|a) me tuer\b",
    r"\bme foutre en l air\b",
]
_URGENCE = re.compile("|".join(MOTIFS_URGENCE))
_SUICIDE = re.compile("|".join(MOTIFS_SUICIDE))


def detecter(texte: str) -> Optional[str]:
    """`idees_suicidaires`, `urgence` ou None selon les signes de danger du message."""
    normalise = normaliser(texte[:5000])
    if _SUICIDE.search(normalise):
        return "idees_suicidaires"
    if _URGENCE.search(normalise) or (_PRESENCE.search(normalise) and _VIOLENCE.search(normalise)):
        return "urgence"
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DetecteurDanger(GraphComponent):
    """Composant NLU : force l'intention d'urgence quand un motif de danger est reconnu."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DetecteurDanger:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intention = detecter(message.get(TEXT) or "")
            if intention is None:
                continue
            classement = [i for i in (message.get(INTENT_RANKING_KEY) or []) if i.get("name") != intention]
            message.set(INTENT, {"name": intention, "confidence": 1.0}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [{"name": intention, "confidence": 1.0}, *classement],
                        add_to_output=True)
        return messages
