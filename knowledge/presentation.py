"""Mise en forme des réponses tirées de l'annuaire (texte court, liens tel:, sms:, https:).

Aucune dépendance à Rasa : les actions ne font qu'appeler ces fonctions et envoyer le résultat.
Tout contact affiché vient de l'annuaire, toute formulation de knowledge/data/formulations.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from knowledge.annuaire import Orientation, StructureVue
from knowledge.formulations import dire, formulations
from knowledge.horaires import FUSEAU
from knowledge.provenance import mention_datee


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


def _datee(confirme_le: str | None, aujourd_hui: date | None) -> str:
    """« (information de janvier 2024) » quand la confirmation a plus de 12 mois, sinon rien."""
    mois = mention_datee(confirme_le, aujourd_hui) if aujourd_hui else None
    return f" {dire('information_datee', mois=mois)}" if mois else ""


def ligne_contacts(structure: StructureVue, detaillee: bool = True, aujourd_hui: date | None = None) -> str:
    """« Téléphone : [3919](tel:3919) », une ligne par contact (datée si sa confirmation est ancienne)."""
    morceaux = []
    for contact in structure.contacts if detaillee else contacts_essentiels(structure):
        libelle = formulations()["contact"].get(contact.type, contact.type)
        if contact.libelle:
            libelle = f"{libelle} ({contact.libelle})"
        valeur = contact.valeur
        if contact.type in ("web", "tchat"):
            valeur = re.sub(r"^https://(www\.)?", "", contact.valeur).rstrip("/")
        morceaux.append(f"{libelle} : {_lien(valeur, contact.lien)}{_datee(contact.confirme_le, aujourd_hui)}")
    return "\n".join(morceaux)


def ligne_horaires(structure: StructureVue, moment: datetime) -> str | None:
    """« Ouvert en ce moment (…) », « Fermé en ce moment — horaires : … » ou None si inconnu."""
    if structure.horaires is None:
        return None
    en_clair = structure.horaires.en_clair()
    datee = _datee(structure.horaires_confirme_le, moment.date())
    if structure.horaires.permanent:
        return dire("joignable_24h") + datee
    if structure.est_ouvert(moment):
        return dire("ouvert", horaires=en_clair) + datee
    return dire("ferme", horaires=en_clair) + datee


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
    contacts = ligne_contacts(structure, detaillee, moment.date())
    if contacts:
        lignes.append(contacts)
    horaires = ligne_horaires(structure, moment)
    if horaires:
        lignes.append(horaires)
    if detaillee and structure.horaires and structure.horaires.note:
        lignes.append(structure.horaires.note)
    return "\n".join(lignes)


def messages_orientation(orientation: Orientation, moment: datetime) -> list[Message]:
    """Une bulle par structure proposée (locales, puis nationales, puis le repli 24h/24)."""
    return [Message(fiche(p.structure, moment)) for p in orientation.toutes]
