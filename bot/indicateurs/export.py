"""Exports pour le rapport annuel : CSV (séparateur « ; », UTF-8 avec BOM, pour un tableur
français) et XLSX (openpyxl), avec exactement les règles de la page (bot.indicateurs.publication)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy.engine import Engine

from bot.indicateurs import publication as pub
from bot.indicateurs.publication import Publication, libelle

if TYPE_CHECKING:
    from knowledge.annuaire import Annuaire

ENTETES_CSV = ("periode", "tableau", "code", "libelle", "valeur")
FEUILLES = {
    "situation": "Situations", "arrondissement": "Arrondissements", "profil": "Qui écrit",
    "tranche": "Tranches horaires", "issue": "Issues", "echec": "Échecs", "danger": "Danger",
    "premier": "Premiers échanges", "partenaire": "Partenaires", "proposees": "Structures proposées",
}
LISEZ_MOI = (
    "Indicateurs d'activité de l'assistant Aide aux victimes 41",
    "",
    "Un événement = une orientation, une réponse à une question, un message non compris ou une demande hors "
    "du champ de l'assistant. Ce ne sont pas des personnes : une conversation peut en compter plusieurs "
    "(« premiers échanges » ≈ conversations).",
    "Rien d'autre n'est enregistré que : jour, tranche de 4 heures, arrondissement (jamais la commune), "
    "situation, qui écrit, chemin du danger emprunté juste avant, structures proposées, issue, site partenaire.",
    "",
    "Petits effectifs (k = 5) : chaque tableau porte sur une seule dimension d'un mois ; les catégories de moins "
    "de 5 événements sont regroupées dans « Autres (petits effectifs regroupés) », sans être nommées, et ce "
    "groupe fait toujours au moins 5. Un mois de moins de 5 événements est publié « < 5 », sans détail.",
    "Une case vide : catégorie absente ou regroupée ce mois-là. La colonne « Total » additionne les chiffres "
    "publiés des mois : une catégorie regroupée un mois n'y est pas comptée.",
    "Taux d'échec : part des événements du mois ; « non publié » quand la cellule est regroupée.",
    "Seuls les mois terminés et entiers (36 mois de conservation) sont publiés : leurs chiffres ne changent plus.",
)


def _valeur_taux(valeur: float | None) -> str:
    return "non publié" if valeur is None else f"{100 * valeur:.1f} %".replace(".", ",")


def lignes_csv(publication: Publication, periode: str | None, index: Annuaire | None) -> Iterator[tuple[str, ...]]:
    """(période, tableau, code, libellé, valeur) : chaque mois, puis la somme de la période."""
    for mois in publication.mois:
        yield (mois.mois, "total", "", "Événements du mois", str(mois.total) if mois.total is not None else "< 5")
        if mois.total is None:
            continue
        for dimension in pub.DIMENSIONS:
            for code, effectif in mois.tableaux[dimension].lignes(dimension):
                yield (mois.mois, dimension, code, libelle(dimension, code, index), str(effectif))
        for cause, taux in mois.taux_echec().items():
            yield (mois.mois, "taux_echec", cause,
                   "Échecs (total)" if cause == "total" else libelle("echec", cause, index), _valeur_taux(taux))
    if periode and len(publication.mois) > 1:
        yield (periode, "total", "", "Événements des mois publiés", str(publication.total))
        for dimension in pub.DIMENSIONS:
            for code, effectif in publication.cumul(dimension).lignes(dimension):
                yield (periode, dimension, code, libelle(dimension, code, index), str(effectif))


def ecrire_csv(publication: Publication, chemin: Path, periode: str | None, index: Annuaire | None) -> None:
    with chemin.open("w", encoding="utf-8-sig", newline="") as fichier:
        ecrivain = csv.writer(fichier, delimiter=";")
        ecrivain.writerow(ENTETES_CSV)
        ecrivain.writerows(lignes_csv(publication, periode, index))


def ecrire_xlsx(publication: Publication, chemin: Path, index: Annuaire | None) -> None:
    classeur = Workbook()
    lisez_moi = classeur.active
    lisez_moi.title = "Lisez-moi"
    for ligne in LISEZ_MOI:
        lisez_moi.append([ligne])
    lisez_moi["A1"].font = Font(bold=True, size=13)
    lisez_moi.column_dimensions["A"].width = 130
    for cellule in lisez_moi["A"]:
        cellule.alignment = Alignment(wrap_text=True, vertical="top")

    noms = [m.mois for m in publication.mois]
    feuille = classeur.create_sheet("Mois")
    feuille.append(["Mois", "Événements", "Échecs (total)", *(libelle("echec", e) for e in pub.ECHECS_PUBLIES)])
    for mois in publication.mois:
        taux = mois.taux_echec()
        feuille.append([mois.mois, mois.total if mois.total is not None else "< 5",
                        *(_valeur_taux(taux[c]) for c in ("total", *pub.ECHECS_PUBLIES))])
    _mettre_en_forme(feuille)

    plusieurs = len(publication.mois) > 1
    for dimension in pub.DIMENSIONS:
        feuille = classeur.create_sheet(FEUILLES[dimension])
        feuille.append([pub.TITRES[dimension], *noms, *(["Total des mois publiés"] if plusieurs else [])])
        cumul = publication.cumul(dimension)
        for code, total in cumul.lignes(dimension):
            valeurs = []
            for mois in publication.mois:
                tableau = mois.tableaux.get(dimension)
                if mois.total is None:
                    valeurs.append("< 5")
                elif code == pub.REGROUPES:
                    valeurs.append(tableau.regroupe or None)
                else:
                    valeurs.append(tableau.cellules.get(code))
            feuille.append([libelle(dimension, code, index), *valeurs, *([total] if plusieurs else [])])
        _mettre_en_forme(feuille)
    classeur.save(chemin)


def _mettre_en_forme(feuille) -> None:
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    feuille.freeze_panes = "B2"
    feuille.column_dimensions["A"].width = 48
    for colonne in range(2, feuille.max_column + 1):
        feuille.column_dimensions[get_column_letter(colonne)].width = 14


def exporter(moteur: Engine, mois: list[str], dossier: Path, nom: str, index: Annuaire | None = None,
             aujourd_hui: date | None = None) -> list[Path]:
    """Écrit indicateurs-<nom>.csv et .xlsx dans `dossier` ; MoisNonPubliable si un mois ne l'est pas."""
    publication = pub.publier(moteur, mois, aujourd_hui)
    dossier.mkdir(parents=True, exist_ok=True)
    csv_ = dossier / f"indicateurs-{nom}.csv"
    xlsx = dossier / f"indicateurs-{nom}.xlsx"
    ecrire_csv(publication, csv_, nom, index)
    ecrire_xlsx(publication, xlsx, index)
    return [csv_, xlsx]
