"""Message hostile ou détourné (insultes, provocations, consignes au bot) : une réponse polie qui dit ce que
fait le bot.

À n'appliquer qu'à un message où aucune situation n'a été lue : « mon mari me traite de salope »
est une victime qui parle, pas une insulte au bot.
"""

from __future__ import annotations

import re

from knowledge.texte import normaliser

# Insultes et provocations : seulement adressées au bot (« t'es un… », « bande de… » au bot), jamais
# rapportées (« une bande de filles me harcèle », « il me traite de débile »).
_INSULTE = re.compile(
    r"\b(?:connard\w*|connasse\w*|salope\w*|pute|nazi\w*|feminazi\w*|fachos?|propagande|ta gueule"
    r"|ferme (?:la|ta gueule)|nique|niquer|fdp|ntm|enfoire\w*|debile\w*|abruti\w*|cretin\w*|bouffon\w*"
    r"|de merde|feministes?|toutes les meufs mentent|toutes des menteuses|sers a rien|servez a rien"
    r"|vous vous en foutez|tocard\w*|naze|nul|nulle)\b"
)
_AU_BOT = re.compile(
    r"\b(?:t es|tu es|tes|t|ta|ton|vous etes|espece de|bande de|toi|vous|bot|robot|chatbot|ia|machine|site"
    r"|appli|truc)\b"
)
# Demandes qu'on ne sert pas (arme, drogue, explosif) et consignes adressées au bot.
_DETOURNEMENT = re.compile(
    r"\bcomment (?:on |je |faire pour )?(?:fabrique\w*|construire|faire|acheter|avoir|obtenir) "
    r"(?:une |un |des |de la )?(?:armes?|flingue|pistolet|fusil|bombe|explosif|poison|drogue)\b"
    r"|\b(?:traduis|traduire|traduisez|ecris moi (?:un|une|des) (?:poeme|histoire|texte|chanson|lettre|code|recette"
    r"|dissertation|blague)|resume moi|raconte moi une"
    # à l'impératif, pas au passé (« j'ai inventé une histoire de chat », « j'ai rédigé une main courante »)
    r"|(?<!\bai )(?<!\ba )(?<!\bont )(?<!\bavait )(?<!\bavais )(?<!\bavons )(?<!\bj )(?<!\bje )(?<!\bil )(?<!\belle )"
    r"(?<!\bon )"
    r"(?:redige|redigez|invente|inventez|chante|chantez) (?:moi |nous )?(?:un|une|des|le|la)"
    r"|ignore (?:tes|les|vos|toutes) \w*|oublie (?:toutes |tout )?(?:tes|les|vos) (?:instructions|consignes|regles)"
    r"|tu es maintenant|fais semblant d etre|joue le role|ton prompt|tes instructions|system prompt)\b"
)
_RECIT = re.compile(r"\b(?:me|m|la|le|nous|les) (?:traite|traitent|traitait|insulte|insultent|appelle|appellent"
                    r"|harcele\w*|frappe\w*|menace\w*)\b")


def est_hostile(texte: str) -> bool:
    """Le message insulte le bot ou cherche à le détourner (et ne rapporte pas des faits subis)."""
    normalise = normaliser(texte or "")
    if _RECIT.search(normalise):
        return False
    return bool(_DETOURNEMENT.search(normalise)) or bool(_INSULTE.search(normalise) and _AU_BOT.search(normalise))


_PERSONNE = (r"(?:ma femme|ma compagne|mon ex|ma copine|mes enfants|mes gosses|mes petits|ma fille|mon fils|la victime"
             r"|cette femme|mon epouse|ma conjointe|mon mari|mon conjoint|ma soeur)")
_ADRESSE_D_UNE_PERSONNE = re.compile(
    rf"\badresse (?:de |d |du (?:foyer|refuge|centre|lieu)\w* (?:ou|de|qui) )(?:\w+ ){{0,3}}{_PERSONNE}\b"
    rf"|\bou (?:est|sont|se trouve|se trouvent|habite|vit|loge|logent|se cache|se cachent|est partie?|sont partis)"
    rf" (?:\w+ ){{0,3}}{_PERSONNE}\b"
    rf"|\b(?:localiser|retrouver|geolocaliser|trouver ou est) {_PERSONNE}\b"
    rf"|\b(?:foyer|refuge|centre|hebergement)\w* (?:\w+ ){{0,2}}ou (?:est|sont|se trouve|se trouvent|est partie?"
    rf"|sont partis) (?:\w+ ){{0,3}}{_PERSONNE}\b"
    # la liste des adresses des foyers pour femmes : confidentielles, comme celle d'une personne
    r"|\badresses? (?:exactes? )?(?:des|de vos|de tous les|du|de ce|de votre) "
    r"(?:foyers?|refuges?|centres? d hebergement"
    r"|lieux d accueil|hebergements?|maisons? (?:des|pour) femmes)\b(?! d urgence\b(?! pour))"
)


_PERSONNE_NOMMEE = re.compile(rf"\b{_PERSONNE}\b")


def demande_l_adresse_d_une_personne(normalise: str) -> bool:
    """La demande nomme une personne (« où est ma femme »), pas seulement un lieu d'accueil (texte normalisé)."""
    return bool(_PERSONNE_NOMMEE.search(normalise))


def demande_une_adresse(texte: str) -> bool:
    """On demande où se trouve une personne (ou le foyer qui l'accueille) : le bot ne le dit jamais."""
    return bool(_ADRESSE_D_UNE_PERSONNE.search(normaliser(texte or "")))
