"""Refus de donner sa commune : « je préfère ne pas le dire », « pas envie de donner ma ville »…"""

from __future__ import annotations

import re

from knowledge.texte import normaliser

_REFUS = re.compile(
    r"\b(pas|prefere|prefererais|veux pas|non|anonyme|personnel)\b.*\b(dire|donner|preciser|repondre|ville|commune)\b"
)


def est_refus(texte: str) -> bool:
    """La personne refuse de dire où elle est."""
    return bool(_REFUS.search(normaliser(texte or "")))
