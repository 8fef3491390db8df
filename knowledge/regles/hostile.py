"""Message hostile adressé au bot (insultes, provocations) : une réponse polie qui dit ce que fait le bot.

À n'appliquer qu'à un message où aucune situation n'a été lue : « mon mari me traite de salope »
est une victime qui parle, pas une insulte au bot.
"""

from __future__ import annotations

import re

from knowledge.texte import normaliser

_HOSTILE = re.compile(
    r"\b(?:connard\w*|connasse\w*|salope\w*|pute|putain de bot|nazi\w*|feminazi\w*|fachos?|propagande|ta gueule"
    r"|ferme (?:la|ta gueule)|nique|niquer|fdp|ntm|enfoire\w*|debile\w*|abruti\w*|cretin\w*|bouffon\w*"
    r"|bot de merde|sers a rien|servez a rien|vous vous en foutez|bande de \w+|tocard\w*|naze)\b"
)
_RECIT = re.compile(r"\b(?:me|m|la|le|nous) (?:traite|traitent|insulte|insultent|appelle|appellent)\b")


def est_hostile(texte: str) -> bool:
    """Le message insulte ou provoque le bot (et ne rapporte pas une insulte subie)."""
    normalise = normaliser(texte or "")
    return bool(_HOSTILE.search(normalise)) and not _RECIT.search(normalise)
