"""Qui écrit (victime, proche, professionnel) et si la personne concernée est mineure."""

from __future__ import annotations

import re

from knowledge.regles.enfant import dit_etre_mineur, urgence_enfant
from knowledge.texte import LONGUEUR_LUE, normaliser

_METIERS = (
    r"(?:infirmiere?|medecin|generaliste|sage femme|psychologue|gynecologue|pediatre|puericultrice|urgentiste"
    r"|cadre de sante|pharmacien\w*|enseignante?|professeure?|institutrice|instituteur|principale?|proviseure?|cpe"
    r"|directrice|directeur|educat(?:eur|rice)\w*|educ|assistante? sociale?|travailleu(?:r|se) social\w*"
    r"|conseillere? en economie|intervenante? sociale?|iscg|as (?:en|au|a la|de) (?:mdcs|mds|ccas|secteur|polyvalence)"
    r"|mdcs|ccas|policiere?|gendarme|agent d accueil|je suis a l accueil|maire|adjointe? au maire"
    r"|elue? municipal\w*|secretaire de mairie|juriste|avocate?|animat(?:eur|rice)|aide soignante?|auxiliaire de vie"
    r"|aide a domicile|coordinat(?:eur|rice)\w*|referente?|chargee? de mission|cheffe? de service"
    r"|responsable (?:d un|du|de la|de l) (?:service|equipe|structure|etablissement|ehpad|ccas)"
    r"|benevole|volontaire|format(?:eur|rice))"
)
# Une phrase où la personne se présente (« Je suis intervenante sociale (ISCG). », « Coordinatrice CLSPD à
# Romorantin. ») : le dispositif qu'elle y nomme est son métier, pas ce qu'elle demande.
_PRESENTATION = re.compile(
    r"^(?:bonjour |bonsoir )?(?:je suis|en tant que|je travaille|je coordonne|je dirige|je pilote|je preside"
    rf"|j anime|je m occupe|{_METIERS})\b"
)
_PROFESSIONNEL = re.compile(
    r"\b(je suis|en tant que|je travaille) (un |une )?(professionnel|professionnelle|infirmier|infirmiere|medecin|"
    r"enseignant|enseignante|professeur|professeure|prof|assistant social|assistante sociale|travailleur social|"
    r"travailleuse sociale|educateur|educatrice|cpe|gendarme|policier|policiere|maire|elu|elue|juriste|"
    r"intervenant social|intervenante sociale|aide soignant|aide soignante|directeur|directrice|secretaire de mairie)\b"
    r"|\b(une patiente|un patient|un eleve|une eleve|une usagere|un usager|une famille suivie|orienter une victime"
    r"|ma patiente|mon patient|mes patients|mes patientes|mon eleve|mes eleves"
    r"|a l accueil d (?:un|une|du|de la) (?:commissariat|gendarmerie|brigade|mairie|hopital|ccas|mdcs|mds)"
    r"|que (?:j|nous) (?:accompagne|accompagnons"
    r"|suis|suivons|accueille|accueillons)|une personne accompagnee|nos usagers|une beneficiaire|un beneficiaire)\b"
    # Le métier dit en tête du message : « Infirmière scolaire dans un collège : … », « Maire d'une commune… »
    rf"|^(?:bonjour |bonsoir |madame |monsieur )?(?!ma |mon |mes |sa |son |ses )(?:\w+ ){{0,2}}{_METIERS}\b"
)
_PROCHE = re.compile(
    r"\b(ma|mon|une|notre|son|sa) (voisine?|amie?|copine|copain|soeur|frere|cousine?|collegue|fille|fils|mere|pere|"
    r"tante|oncle|niece|neveu|grand mere|grand pere|petite fille|petit fils|mamie|papi|belle soeur|beau frere)\b"
    r".{0,40}\b(se fait|subit|vit avec|s est fait|est (?:\w+ )?(?:battue?|frappee?|victime|maltraitee?|harcelee?"
    r"|violee?|menacee?|en danger|tapee?|insultee?|sous emprise)|a ete (?:\w+ )?(?:battue?|frappee?|victime|violee?"
    r"|agressee?|menacee?|maltraitee?)|a peur de (?:lui|son|sa|rentrer)|a des (?:bleus|marques)|sort avec"
    r"|est avec (?:un|une) (?:homme|type|mec|femme) (?:violent|violente|jaloux|jalouse|dangereux))\b"
    # « ma collègue m'a dit que son mari la frappe »
    r"|\b(?:ma|mon|une|un|notre) (?:voisine?|amie?|copine|copain|soeur|frere|cousine?|collegue|fille|fils|mere"
    r"|pere|tante|niece|eleve|patiente?) .{0,60}\b(?:son|sa) (?:mari|copain|compagnon|conjoint|ex|femme|copine"
    r"|pere|mere|beau pere) (?:la|le|les|l) ?(?:frappe|bat|tape|menace|viole|insulte|enferme|cogne|etrangle)\b"
    r"|\bcomment (l |la |le )?aider\b"
)


_SUBIT = re.compile(
    r"\b(?:mon|ma|mn) (?:mari|conjoint|conjointe|compagnon|compagne|copain|copine|mec|ex|femme|pere|mere|beau pere"
    r"|frere|fils|chef|patron|collegue) (?:\w+ ){0,3}(?:me|m) (?:frappe|bat|tape|cogne|menace|viole|insulte|harcele"
    r"|etrangle|humilie|enferme|a frappee?|a battue?|a violee?|a menacee?|a etranglee?)\b"
)


def est_mineur(texte: str) -> bool:
    """La personne qui écrit (ou dont on parle) dit avoir moins de 18 ans, ou un enfant raconte des
    violences chez lui (« papa tape maman »)."""
    normalise = normaliser((texte or "")[:LONGUEUR_LUE])
    return dit_etre_mineur(normalise) or urgence_enfant(normalise)


def se_presente(phrase: str) -> bool:
    """La phrase présente la personne qui écrit (son métier, sa fonction)."""
    return bool(_PRESENTATION.search(normaliser(phrase or "")))


def detecter_profil(texte: str) -> str:
    """victime, proche ou professionnel, d'après les tournures du message (« je suis infirmière et mon mari
    me frappe » : une victime, même si elle dit son métier)."""
    normalise = normaliser(texte or "")
    if _SUBIT.search(normalise):
        return "victime"
    if _PROFESSIONNEL.search(normalise):
        return "professionnel"
    if _PROCHE.search(normalise):
        return "proche"
    return "victime"


_MINEUR_DONT_ON_PARLE = re.compile(
    r"\b(?:ma|mon|notre|sa|son|une|un|la|le) (?:fille|fils|enfant|petite fille|petit fils|niece|neveu|eleve|"
    r"ado|adolescente?|soeur|frere|petite soeur|petit frere|belle fille|beau fils|cousine?|jeune|gamin|gamine|garcon"
    r"|gosse|petit|petite|bebe|nourrisson|apprentie?|stagiaire|collegienne?|lyceenne?) (?:de |d )?"
    r"(?:[1-9]|1[0-7]) ans\b"
    r"|\b(?:mineure?s?|ma petite|mon petit|j ai fugue|je fugue|fuguer)\b"
    r"|\b(?:je suis|jsuis|j suis) (?:encore |toujours )?(?:au college|au lycee|en primaire|a l ecole primaire)\b"
    r"|\b(?:un|une|mon|ma|mes|nos|cet|cette) eleves?\b"
    r"|\b(?:en|de) (?:cp|ce1|ce2|cm1|cm2|6e|6eme|5e|5eme|4e|4eme|3e|3eme)\b"
)


def parle_d_un_mineur(texte: str) -> bool:
    """Le message parle d'un enfant ou d'un adolescent (« ma fille de 14 ans »), qu'il écrive ou non."""
    return bool(_MINEUR_DONT_ON_PARLE.search(normaliser((texte or "")[:LONGUEUR_LUE])))
