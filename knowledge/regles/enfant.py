"""Un enfant parle : âge dit, et violences à la maison racontées avec des mots d'enfant.

Commun à `profil` (entité `mineur`) et à `danger` (urgence) : un enfant qui raconte des violences
chez lui (« papa tape maman », « mon beau-père frappe ma mère », « j'ai peur de rentrer chez moi il
va me frapper ») reçoit la réponse d'urgence, dans sa variante qui donne aussi le 119.
"""

from __future__ import annotations

import re

from knowledge.regles.motifs import Regle, premiere, regle

# « le papa de mes enfants » : un adulte qui parle de son ex. Pas de déterminant devant.
_SANS_DETERMINANT = "".join(
    rf"(?<!\b{d} )" for d in ("le", "la", "du", "au", "son", "sa", "ton", "ta", "leur", "un", "une", "de", "d")
)
_PARENT = (
    rf"(?:{_SANS_DETERMINANT}\b(?:papa|maman)|mon papa|ma maman|mon pere|ma mere|mon beau pere|ma belle mere"
    r"|mon daron|ma daronne|le (?:copain|mari|cheri) de (?:ma mere|maman)|la (?:copine|femme) de (?:mon pere|papa))"
)
_COUPS = (
    r"(?:tape|tapent|tappe|frappe|frappent|frape|bat|battent|cogne|cognent|tabasse|gifle|giffle|etrangle|secoue"
    r"|pousse|fait mal a)"
)
_CIBLE = (
    r"(?:maman|papa|ma mere|ma maman|mon pere|moi|nous|le bebe|mon (?:petit |grand )?frere"
    r"|ma (?:petite |grande )?soeur|mes (?:petits |grands )?(?:freres|soeurs))"
)
AGE_MINEUR = re.compile(
    r"\b(?:j ?ai|g|il a|elle a) (?:[5-9]|1[0-7]) ans\b|\bje suis (?:mineur|mineure|au college|en [3-6]e)\b"
    r"|\b(?:ma|mon) (?:prof principale?|professeure? principale?|maitresse|cpe)\b"
)
REGLES_ENFANT: list[Regle] = [
    # Un parent frappe l'autre parent, un frère, une sœur, sous les yeux de l'enfant.
    regle("parent_frappe",
          rf"\b{_PARENT} (?:il |elle )?(?:encore |toujours |souvent |tout le temps )?{_COUPS} {_CIBLE}\b",
          # une grand-mère rapporte ce que les enfants lui ont dit : pas l'enfant qui écrit, pas maintenant
          sauf=r"\b(?:m ont|m a|nous ont|lui ont) (?:dit|raconte|confie)\w*\b"
               r"(?!.*\b(?:maintenant|en ce moment|la maintenant|ce soir|en train)\b)"),
    # « papa me tape », « maman m'a frappé » : le registre d'un enfant (« mon père me frappe » ne suffit pas).
    regle("papa_me_frappe", rf"(?:{_SANS_DETERMINANT}\b(?:papa|maman)|mon papa|ma maman) (?:il |elle )?(?:me|m|nous) "
          r"(?:tape|frappe|bat|cogne|tabasse|gifle|secoue|a (?:tape|frappe|battu|cogne|gifle|tabasse))\b"),
    regle(
        "peur_de_rentrer",
        r"\b(?:peur de|veux pas|veut pas|ose pas|peux pas) (?:\w+ )?rentrer"
        r" (?:chez moi|a la maison|chez nous|ce soir)\b",
        avec=r"\b(?:va|vont|vas|risque de) (?:encore )?(?:me|m) ?"
        r"(?:frapper|taper|battre|cogner|tuer|tabasser|defoncer)\b|\b(?:me|m) (?:frappe|tape|bat|cogne|tabasse)\b",
    ),
]


def urgence_enfant(normalise: str) -> bool:
    """Un enfant raconte des violences à la maison (texte déjà normalisé)."""
    return premiere(REGLES_ENFANT, normalise) is not None


def dit_etre_mineur(normalise: str) -> bool:
    """La personne dit avoir moins de 18 ans, ou être au collège (texte déjà normalisé)."""
    return bool(AGE_MINEUR.search(normalise))
