"""Mise en forme des réponses tirées de l'annuaire (texte court, liens tel:, sms:, https:).

Aucune dépendance à Rasa : les actions ne font qu'appeler ces fonctions et envoyer le résultat.
Tout contact affiché vient de l'annuaire, toute formulation de knowledge/data/formulations.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from knowledge.annuaire import Orientation, Proposition, StructureVue
from knowledge.formulations import dire, formulations
from knowledge.horaires import FUSEAU
from knowledge.texte import normaliser


@dataclass
class Message:
    """Un message à envoyer : texte et boutons éventuels (titre, charge utile)."""

    texte: str
    boutons: list[tuple[str, str]] = field(default_factory=list)


def maintenant() -> datetime:
    """L'heure de Paris."""
    return datetime.now(FUSEAU)


def _lien(texte: str, url: str | None) -> str:
    return f"[{texte}]({url})" if url else texte


def contacts_essentiels(structure: StructureVue) -> list:
    """Pour une réponse courte : un contact par type utile, le courriel seulement sans téléphone."""
    retenus, vus = [], set()
    telephone = bool(structure.contacts_de_type("telephone", "sms"))
    for contact in structure.contacts:
        if contact.type in vus or (contact.type == "email" and telephone):
            continue
        vus.add(contact.type)
        retenus.append(contact)
    return retenus[:3]


def ligne_contacts(structure: StructureVue, detaillee: bool = True) -> str:
    """« Téléphone : [3919](tel:3919) », une ligne par contact."""
    morceaux = []
    for contact in structure.contacts if detaillee else contacts_essentiels(structure):
        libelle = formulations()["contact"].get(contact.type, contact.type)
        if contact.libelle:
            libelle = f"{libelle} ({contact.libelle})"
        valeur = contact.valeur
        if contact.type in ("web", "tchat"):
            valeur = re.sub(r"^https://(www\.)?", "", contact.valeur).rstrip("/")
        morceaux.append(f"{libelle} : {_lien(valeur, contact.lien)}")
    return "\n".join(morceaux)


def ligne_horaires(structure: StructureVue, moment: datetime) -> str | None:
    """« Ouvert en ce moment (…) », « Fermé en ce moment — horaires : … » ou None si inconnu."""
    if structure.horaires is None:
        return None
    en_clair = structure.horaires.en_clair()
    if structure.horaires.permanent:
        return dire("joignable_24h")
    if structure.est_ouvert(moment):
        return dire("ouvert", horaires=en_clair)
    return dire("ferme", horaires=en_clair)


def fiche(structure: StructureVue, moment: datetime, detaillee: bool = False) -> str:
    """Texte d'une structure : nom, ce qu'elle fait, comment la joindre, ouverte ou non."""
    titre = structure.nom
    sigle = structure.sigle or ""
    if sigle and sigle.lower() not in titre.lower() and any(c.isalpha() for c in sigle):
        titre = f"{titre} ({sigle})"
    lignes = [titre]
    lignes.append(structure.description if detaillee else structure.facile_a_lire)
    # Sans téléphone ni SMS (une adresse, un site), la fiche dit toujours comment y aller ou la joindre.
    if detaillee or structure.joignabilite > 0 or structure.acces_mode != "direct":
        lignes.append(dire("comment_joindre", explication=structure.acces_explication))
    contacts = ligne_contacts(structure, detaillee)
    if contacts:
        lignes.append(contacts)
    horaires = ligne_horaires(structure, moment)
    if horaires:
        lignes.append(horaires)
    if detaillee and structure.horaires and structure.horaires.note:
        lignes.append(structure.horaires.note)
    return "\n".join(lignes)


_PROFESSIONNEL = re.compile(
    r"\b(je suis|en tant que|je travaille) (un |une )?(professionnel|professionnelle|infirmier|infirmiere|medecin|"
    r"enseignant|enseignante|professeur|professeure|prof|assistant social|assistante sociale|travailleur social|"
    r"travailleuse sociale|educateur|educatrice|cpe|gendarme|policier|policiere|maire|elu|elue|juriste|"
    r"intervenant social|intervenante sociale|aide soignant|aide soignante|directeur|directrice|secretaire de mairie)\b"
    r"|\b(une patiente|un patient|un eleve|une eleve|une usagere|un usager|une famille suivie|orienter une victime)\b"
)
_PROCHE = re.compile(
    r"\b(ma|mon|une|notre|son|sa) (voisine?|amie?|copine|copain|soeur|frere|cousine?|collegue|fille|fils|mere|pere|"
    r"tante|oncle|niece|neveu|grand mere|grand pere|petite fille|petit fils|mamie|papi|belle soeur|beau frere)\b"
    r".{0,40}\b(se fait|est|subit|a ete|vit avec|s est fait)\b"
    r"|\bcomment (l |la |le )?aider\b"
)


_MINEUR = re.compile(
    r"\b(?:j ?ai|il a|elle a) (?:[5-9]|1[0-7]) ans\b|\bje suis (?:mineur|mineure|au college|en [3-6]e)\b"
)


def est_mineur(texte: str) -> bool:
    """La personne qui écrit (ou dont on parle) dit avoir moins de 18 ans."""
    return bool(_MINEUR.search(normaliser(texte or "")))


def detecter_profil(texte: str) -> str:
    """victime, proche ou professionnel, d'après les tournures du message."""
    normalise = normaliser(texte or "")
    if _PROFESSIONNEL.search(normalise):
        return "professionnel"
    if _PROCHE.search(normalise):
        return "proche"
    return "victime"


def messages_orientation(orientation: Orientation, moment: datetime, debut: int = 0) -> list[Message]:
    """Une bulle par structure proposée (locales, puis nationales, puis le repli 24h/24)."""
    propositions: list[Proposition] = list(orientation.locales[debut:])
    if debut == 0:
        propositions += list(orientation.nationales)
        if orientation.repli:
            propositions.append(orientation.repli)
    return [Message(fiche(p.structure, moment)) for p in propositions]
