"""Outils communs aux règles : motif (et second motif exigé), négation juste avant, récit ancien."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Une négation juste avant le motif l'annule (« il n'a pas de couteau », « pas en danger »)…
_NEGATIONS = frozenset({"pas", "plus", "jamais", "aucun", "aucune", "sans", "ni"})
# … sauf si une autre proposition commence entre les deux (« je sais pas, il a un couteau »).
_DEBUTS = frozenset({
    "je", "j", "jsuis", "il", "elle", "on", "ils", "elles", "nous", "vous", "tu", "que", "qu", "mais", "et", "si",
    "car", "quand", "alors", "puis", "ou", "donc", "parce",
})
# Un groupe nominal sujet ouvre une nouvelle proposition (la ponctuation est perdue à la normalisation).
_SUJETS_NOMINAUX = frozenset({"mon", "ma", "mes", "son", "sa", "ses", "notre", "nos", "leur", "leurs"})
# Un récit ancien (« il y a dix ans », « quand j'étais petite »)…
_NOMBRE = (r"(?:\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize"
           r"|vingt|trente|quarante|quelques|plusieurs|des|bien des)")
_ANCIEN = re.compile(
    r"\bil y a (?:presque |pres de |environ |plus de |bientot |deja )?"
    rf"(?:{_NOMBRE} (?:ans?|annees?)|(?:[2-9]|\d\d+|deux|trois|quatre|cinq|six|quelques|plusieurs|des) mois"
    r"|(?:tres )?longtemps)\b"
    r"|\b(?:l an dernier|l annee derniere|l an passe|quand j etais (?:petit|petite|enfant|jeune|ado|gamin|gamine)"
    r"|dans mon enfance|a l epoque|autrefois|(?:en|depuis) (?:19|20)\d\d"
    r"|pendant (?:des|\d+|plusieurs) (?:ans|annees))\b"
)
# Un fait récent (« il y a deux semaines », « la semaine dernière ») raconté pour demander une démarche
# (« est-ce que je peux porter plainte ? ») est lui aussi un récit, pas un appel.
_RECENT = re.compile(
    r"\bil y a (?:\d+|deux|trois|quatre|cinq|six|dix|quinze|quelques|plusieurs) (?:jours|semaines)\b"
    r"|\b(?:la semaine|le mois|le week end) (?:derniere?|passee?)\b"
    r"|\b(?:en|au mois de) (?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre"
    r"|decembre)\b"
)
_DEMARCHE = re.compile(
    r"\b(?:porter plainte|deposer plainte|main courante|ordonnance de protection"
    r"|que (?:je )?(?:peux|puis|dois) (?:je )?"
    r"faire|ce que je (?:peux|dois) faire|quelles? (?:demarches?|recours|droits)|est ce que je peux|avocat|divorce\w*"
    r"|prescription|delai|quoi faire|que faire|comment (?:on|je|faire)|j aurais du|je me demande"
    r"|sortie du territoire|garde des enfants|droit de visite)\b"
)

#: Celui ou celle qui frappe ou menace, tel que la personne qui écrit le nomme (règles de danger.py, faisceau).
AUTEUR = (
    r"(?:il|elle|ils|mon ex|son ex|l ex|mon ex (?:mari|compagnon|conjoint|copain|femme)|mon mari|mon conjoint"
    r"|mon compagnon|mon copain|mon mec|ma femme|ma compagne|mon agresseur|l agresseur|le pere de (?:mes|des) enfants"
    r"|mon oncle|mon fils|mon frere|mon neveu|son fils|son petit fils|mon petit fils|mon voisin"
    r"|mon pere|mon beau pere|ce type|cet homme|ce mec|un homme|quelqu un)"
)

#: Le présent immédiat, commun aux règles : un récit ancien qui le contient n'est plus ancien, un cas décrit
#: par un professionnel ou une scène de film qui le contiennent se jouent peut-être maintenant.
PRESENT_IMMEDIAT = (
    r"maintenant|la maintenant|en ce moment|a l instant|ce soir|cette nuit"
    r"|depuis (?:\d+|une|deux|trois|cinq|dix|quinze|vingt|trente|quarante) (?:heures?|minutes?)"
)
_ACTUEL = re.compile(
    rf"\b(?:{PRESENT_IMMEDIAT}|actuellement|ce matin|cet apres midi|hier"
    r"|tout a l heure|encore(?! (?:porter plainte|possible|le droit|temps|agir|faire quelque chose|le coup|la peine"
    r"|des cauchemars|peur|mal|du mal|honte|des sequelles|souvent|parfois))"
    r"|toujours|revenu|revenue|revient|reviens|(?<!si ca )(?<!s il )recommence|a nouveau|de nouveau"
    r"|vien(?:t|s|nent) (?:de|d)(?! (?:retrouver|recevoir|lire|relire|voir|revoir|apprendre|decouvrir|tomber"
    r"|penser|repenser|comprendre|realiser|parler|raconter|finir)\b)"
    r"|cette semaine|ce week end|en bas|devant chez moi|la prochaine fois)\b"
)
# Une habitude (« souvent », « tous les soirs ») n'est pas un danger en cours, pour certains motifs.
_HABITUDE = re.compile(
    r"\b(?:souvent|parfois|regulierement|de temps en temps|des fois|tout le temps|sans arret|certains (?:soirs|jours)"
    r"|tous les (?:jours|soirs|matins|week ends|samedis|dimanches|lundis|mardis|mercredis|jeudis|vendredis|nuits)"
    r"|tous les (?:samedis|dimanches|vendredis) soirs|toutes les (?:nuits|semaines)"
    r"|chaque (?:jour|soir|nuit|fois|semaine)"
    r"|depuis des (?:mois|annees|semaines)|m a deja|a deja"
    r"|quand (?:il|elle|ils|elles|on) (?:recoi\w*|a bu|boi\w*|s enerve\w*|pleure\w*|rentre\w* (?:tard|saoul|soul|ivre"
    r"|bourre)|sort\w*|a pas sa dose|n a pas sa dose|est en manque)"
    r"|quand je (?:lui |leur )?(?:reponds|desobeis|dis non|refuse|fais une betise|fais des betises|rentre tard"
    r"|pleure))\b"
)


@dataclass(frozen=True)
class Regle:
    """Un signe : un motif, éventuellement un second motif exigé ailleurs dans le message."""

    nom: str
    motif: re.Pattern[str]
    avec: re.Pattern[str] | None = None
    sauf: re.Pattern[str] | None = None  # motif qui annule la règle dans tout le message
    ancien: bool = True  # un récit ancien sans signe actuel annule la règle
    habitude: bool = False  # une habitude annule la règle


def regle(nom: str, motif: str, avec: str | None = None, sauf: str | None = None, *, ancien: bool = True,
          habitude: bool = False) -> Regle:
    """Compile une règle."""
    return Regle(nom, re.compile(motif), re.compile(avec) if avec else None, re.compile(sauf) if sauf else None,
                 ancien, habitude)


def niee(texte: str, trouve: re.Match[str]) -> bool:
    """Une négation précède le motif dans la même proposition."""
    if trouve.group(0).split(" ", 1)[0] in _DEBUTS | _SUJETS_NOMINAUX:
        return False  # « … je ne peux pas appeler. Mon compagnon me frappe » : une autre proposition
    for mot in reversed(texte[: trouve.start()].split()[-3:]):
        if mot in _NEGATIONS:
            return True
        if mot in _DEBUTS:
            return False
    return False


def present(motif: re.Pattern[str], texte: str) -> bool:
    """Le motif est dans le texte, au moins une fois sans négation juste avant."""
    return any(not niee(texte, trouve) for trouve in motif.finditer(texte))


def recit_ancien(texte: str) -> bool:
    """Le message raconte des faits anciens (ou récents, pour demander une démarche), sans signe que la
    menace est actuelle."""
    passe = bool(_ANCIEN.search(texte)) or bool(_RECENT.search(texte) and _DEMARCHE.search(texte))
    return passe and not _ACTUEL.search(texte)


def a_une_habitude(texte: str) -> bool:
    """Le message raconte une habitude (« souvent », « quand il a bu »)."""
    return bool(_HABITUDE.search(texte))


def premiere(regles: list[Regle], texte: str) -> Regle | None:
    """La première règle qui s'applique au texte normalisé, ou None."""
    ancien = recit_ancien(texte)
    habitude = a_une_habitude(texte)
    for r in regles:
        if (r.ancien and ancien) or (r.habitude and habitude) or (r.sauf is not None and r.sauf.search(texte)):
            continue
        if present(r.motif, texte) and (r.avec is None or present(r.avec, texte)):
            return r
    return None
