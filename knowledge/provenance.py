"""Provenance des fiches : ce qui est ancien, ce qui ne repose que sur le plan, ce qui manque.

Les dates viennent des fichiers : `publiee_le` d'une source (date de publication ou de mise à jour
qu'elle indique), `confirme_le` d'un contact ou d'horaires (date de la page qui les confirme, d'un
appel ou de la réponse de la structure). Une date inconnue reste inconnue : elle est signalée, jamais
remplacée par le jour où la page a été lue (`consultee_le`).
"""

from __future__ import annotations

import csv
from calendar import monthrange
from dataclasses import astuple, dataclass, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.schema import en_clair, fin_de_periode

if TYPE_CHECKING:
    from knowledge.annuaire import StructureVue

#: Au-delà, la fiche dit « information de <mois année> » à côté du contact.
MOIS_AFFICHAGE = 12


def mois_avant(jour: date, mois: int) -> date:
    """Le même jour, `mois` mois plus tôt (fin de mois si ce jour n'existe pas)."""
    annee, numero = divmod(jour.year * 12 + jour.month - 1 - mois, 12)
    return date(annee, numero + 1, min(jour.day, monthrange(annee, numero + 1)[1]))


def plus_ancienne_que(date_partielle: str | None, aujourd_hui: date, mois: int) -> bool:
    """Vrai si la date (AAAA, AAAA-MM ou AAAA-MM-JJ) est plus vieille que `mois` mois ; faux si inconnue."""
    return date_partielle is not None and fin_de_periode(date_partielle) < mois_avant(aujourd_hui, mois)


def mention_datee(date_partielle: str | None, aujourd_hui: date, mois: int = MOIS_AFFICHAGE) -> str | None:
    """« janvier 2026 » quand la confirmation est plus vieille que `mois` mois, sinon None."""
    return en_clair(date_partielle) if date_partielle and plus_ancienne_que(date_partielle, aujourd_hui, mois) else None


def repose_sur_le_plan(structure: StructureVue) -> bool:
    """Aucune source publique : seulement le PDPD 2021-2024 (échu), et aucun contact."""
    return not structure.contacts and all(s["url"].startswith("PDPD ") for s in structure.sources)


@dataclass(frozen=True)
class Lacune:
    """Une ligne du rapport : quelle fiche, quel élément, quel problème, quelle date."""

    structure: str
    nom: str
    element: str
    probleme: str
    date: str
    par: str
    source: str


def lacunes(fiches: list[StructureVue], aujourd_hui: date, mois: int = 12) -> list[Lacune]:
    """Tout ce qui est plus vieux que `mois` mois, de date inconnue, seulement tiré du plan ou sans contact."""
    resultat: list[Lacune] = []
    ancien = f"plus de {mois} mois"
    for vue in fiches:
        def ajouter(element: str, probleme: str, quand: str | None = None, par: str = "", source: str = "",
                    vue: StructureVue = vue) -> None:
            resultat.append(Lacune(vue.id, vue.nom, element, probleme, quand or "", par, source))

        if repose_sur_le_plan(vue):
            ajouter("fiche", "repose seulement sur le plan (PDPD 2021-2024, échu)", "2021", "plan")
        if not vue.contacts:
            ajouter("fiche", "aucun contact")
        elif not vue.contacts_de_type("telephone", "sms"):
            ajouter("fiche", "pas de téléphone")
        rangs: dict[str, int] = {}
        for contact in vue.contacts:
            # Le contact est désigné par son type et son rang dans la fiche, jamais par sa valeur : les
            # numéros n'ont qu'une source, l'annuaire (`python -m knowledge show ID` les affiche).
            rangs[contact.type] = rangs.get(contact.type, 0) + 1
            element = f"{contact.type} n°{rangs[contact.type]}"
            if contact.confirme_le is None:
                ajouter(element, "date de confirmation inconnue", None, contact.confirme_par, contact.source)
            elif plus_ancienne_que(contact.confirme_le, aujourd_hui, mois):
                ajouter(element, f"confirmé il y a {ancien}", contact.confirme_le, contact.confirme_par, contact.source)
        if vue.horaires is not None:
            if vue.horaires_confirme_le is None:
                ajouter("horaires", "date de confirmation inconnue", None, vue.horaires_confirme_par or "",
                        vue.horaires_source or "")
            elif plus_ancienne_que(vue.horaires_confirme_le, aujourd_hui, mois):
                ajouter("horaires", f"confirmés il y a {ancien}", vue.horaires_confirme_le,
                        vue.horaires_confirme_par or "", vue.horaires_source or "")
        for source in vue.sources:
            if not source["url"].startswith("PDPD ") and plus_ancienne_que(source.get("publiee_le"), aujourd_hui, mois):
                ajouter("source", f"publiée il y a {ancien}", source["publiee_le"], "page", source["url"])
    return resultat


def ecrire_csv(lignes: list[Lacune], chemin: Path) -> None:
    """Le rapport en CSV (UTF-8, une ligne par lacune)."""
    with chemin.open("w", newline="", encoding="utf-8") as flux:
        ecrivain = csv.writer(flux)
        ecrivain.writerow([f.name for f in fields(Lacune)])
        ecrivain.writerows(astuple(ligne) for ligne in lignes)


def tableau(lignes: list[Lacune], fiches: int, aujourd_hui: date, mois: int) -> str:
    """Le rapport en texte : un tableau aligné, puis un décompte par problème."""
    colonnes = ("structure", "element", "probleme", "date", "par")
    largeurs = {c: min(45, max([len(c)] + [len(getattr(ligne, c)) for ligne in lignes])) for c in colonnes}
    sortie = [f"Lacunes de l'annuaire au {aujourd_hui.isoformat()} (ancien : plus de {mois} mois)", ""]
    sortie.append("  ".join(c.ljust(largeurs[c]) for c in colonnes).rstrip())
    sortie.append("  ".join("-" * largeurs[c] for c in colonnes))
    for ligne in lignes:
        sortie.append("  ".join(getattr(ligne, c)[:45].ljust(largeurs[c]) for c in colonnes).rstrip())
    sortie.append("")
    decompte: dict[str, set[str]] = {}
    for ligne in lignes:
        decompte.setdefault(ligne.probleme, set()).add(ligne.structure)
    for probleme, structures in sorted(decompte.items()):
        nombre = sum(1 for ligne in lignes if ligne.probleme == probleme)
        sortie.append(f"{probleme} : {nombre} élément(s), {len(structures)} fiche(s)")
    touchees = len({ligne.structure for ligne in lignes})
    sortie.append(f"{touchees} fiche(s) à compléter ou à revérifier sur {fiches}")
    return "\n".join(sortie) + "\n"
