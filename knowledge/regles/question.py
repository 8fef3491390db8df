"""Le message est-il une question (plutôt qu'un récit) ? Sert à départager réponse et orientation."""

from __future__ import annotations

import re

from knowledge.texte import normaliser

_QUESTION = re.compile(
    r"^(?:comment|pourquoi|quand|ou|qui|quel|quelle|quels|quelles|combien|est ce|c est quoi|c koi|ckoi|"
    r"a qui|aupres de qui|peut on|puis je|dois je|faut il|existe t il|y a t il|ai je|suis je|est il|"
    r"que dois|que faire|que se passe|qu est ce|quoi faire|quelle est|quels sont)\b"
    r"|^(?:donne moi|donnez moi|dis moi|dites moi|je voudrais savoir|je veux savoir|je cherche)\b"
    r"|\b(?:je me demande si|je voudrais savoir si|j aimerais savoir|je ne sais pas si|je sais pas si)\b"
    r"|\b(?:que faire|quoi faire|je fais quoi|on fait quoi|je dois faire quoi|comment faire|comment on|"
    r"est ce que|est ce qu|c est quoi|c est qui|a qui|ai je le droit|a t on le droit|combien de temps|"
    r"jusqu a quand|quel delai|que se passe t il|qu est ce qui se passe|que risque|vers qui|ou (?:aller|porter|trouver|"
    r"s adresser|deposer))\b"
)


def est_question(texte: str) -> bool:
    """Une question (« comment obtenir… », « est-ce que… », un point d'interrogation)."""
    return "?" in texte or bool(_QUESTION.search(normaliser(texte[:2000])))
