"""Relecture de l'annuaire par les partenaires : un classeur XLSX (openpyxl) aller-retour.

    python -m knowledge export-revue revue.xlsx      # une ligne par affirmation (contact, horaires)
    python -m knowledge import-revue revue.xlsx      # valide, montre le diff, écrit les YAML
    python -m knowledge import-revue revue.xlsx --essai   # valide et montre le diff sans rien écrire

Chaque ligne dit la structure, le champ, la valeur, sa source et ses dates ; le partenaire remplit
« confirmé » (oui / non), « correction », « source », « qui (fonction) » et « date ». Une ligne
« ajouter un contact » par structure reçoit un contact nouveau sous la forme « telephone : 02 54 … ».
À l'import, toute ligne fautive est signalée (ligne, colonne) et rien n'est écrit ; sinon les
fichiers YAML sont réécrits en gardant leurs commentaires et leur ordre (ruamel.yaml), et le diff
est affiché : la relecture passe ensuite par git diff.
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Guillemets

from knowledge.chargement import DOSSIER_DONNEES, AnnuaireInvalide, charger
from knowledge.horaires import HorairesInvalides, analyser_heures, analyser_jours
from knowledge.schema import Contact, HorairesModele

COLONNES = ("clé", "structure", "nom", "champ", "type", "valeur", "source", "confirmé le", "par", "lu le",
            "confirmé", "correction", "source de la correction", "qui (fonction)", "date")
PREMIERE_COLONNE_PARTENAIRE = COLONNES.index("confirmé")
AJOUT = "ajouter un contact"
FEUILLE = "Affirmations"
_CONTACT = re.compile(r"^\s*(telephone|sms|email|adresse|web|tchat)\s*:\s*(.+?)\s*$", re.IGNORECASE)
_PLAGE = re.compile(r"^\s*(\S+)\s+(.+)$")


class RevueInvalide(Exception):
    """Le classeur contient des lignes fautives : rien n'a été écrit."""

    def __init__(self, erreurs: list[str]) -> None:
        self.erreurs = erreurs
        super().__init__("\n".join(erreurs))


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 100000
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda *_: True  # jamais d'ancres &id001 dans les fichiers
    return yaml


def _lire(chemin: Path) -> Any:
    return _yaml().load(chemin.read_text(encoding="utf-8"))


def _ecrire_texte(donnees: Any) -> str:
    """Même forme que les fichiers écrits à la main : liste de premier niveau sans retrait."""
    flux = io.StringIO()
    _yaml().dump(donnees, flux)
    return "\n".join(ligne[2:] if ligne.startswith("  ") else ligne for ligne in flux.getvalue().split("\n"))


def _texte_date(valeur: Any) -> str:
    if valeur is None or valeur == "":
        return ""
    return valeur.isoformat() if isinstance(valeur, date) else str(valeur)


def _horaires_en_texte(horaires: dict) -> str:
    """« lundi-vendredi 09:00-12:00 13:30-17:00 ; samedi 09:00-12:00 » ou « 24h/24 »."""
    if horaires.get("permanent"):
        return "24h/24"
    morceaux = []
    for plage in horaires.get("plages") or []:
        jours = plage["jours"] if isinstance(plage["jours"], str) else ",".join(plage["jours"])
        morceaux.append(f"{jours} {' '.join(plage['heures'])}")
    return " ; ".join(morceaux)


def _plages(texte: str) -> dict:
    """L'inverse de _horaires_en_texte ; lève HorairesInvalides si le texte ne se lit pas."""
    if texte.strip().lower() in ("24h/24", "24h/24, 7j/7", "permanent"):
        return {"permanent": True}
    plages = []
    for morceau in texte.split(";"):
        correspondance = _PLAGE.match(morceau)
        if not correspondance:
            raise HorairesInvalides(f"plage illisible : {morceau.strip()!r} (attendu « lundi-vendredi 09:00-12:00 »)")
        jours_texte, heures_texte = correspondance.groups()
        jours = jours_texte.split(",") if "," in jours_texte else jours_texte
        analyser_jours(jours)
        heures = heures_texte.split()
        for heure in heures:
            analyser_heures(heure)
        plage = CommentedMap(jours=jours if isinstance(jours, str) else CommentedSeq(jours),
                             heures=CommentedSeq(Guillemets(h) for h in heures))
        plage.fa.set_flow_style()
        plage["heures"].fa.set_flow_style()
        plages.append(plage)
    liste = CommentedSeq(plages)
    liste.fa.set_flow_style()
    return {"plages": liste}


@dataclass(frozen=True)
class Affirmation:
    """Une ligne du classeur avant relecture."""

    structure: str
    nom: str
    champ: str
    type: str
    valeur: str
    source: str
    confirme_le: str
    par: str
    lu_le: str

    @property
    def cle(self) -> str:
        return f"{self.structure}|{self.champ}"


def affirmations(dossier: Path = DOSSIER_DONNEES) -> list[Affirmation]:
    """Toutes les affirmations relisibles : chaque contact, les horaires, et une ligne d'ajout par structure."""
    charger(dossier)  # refuse d'exporter des fichiers invalides
    lignes: list[Affirmation] = []
    for chemin in sorted((dossier / "structures").glob("*.yaml")):
        for structure in _lire(chemin) or []:
            ident, nom = str(structure["id"]), str(structure["nom"])
            for i, contact in enumerate(structure.get("contacts") or []):
                lignes.append(Affirmation(
                    ident, nom, f"contacts[{i}]", str(contact["type"]), str(contact["valeur"]), str(contact["source"]),
                    _texte_date(contact.get("confirme_le")), str(contact.get("confirme_par", "page")),
                    _texte_date(contact["consultee_le"])))
            if structure.get("horaires"):
                horaires = structure["horaires"]
                lignes.append(Affirmation(ident, nom, "horaires", "horaires", _horaires_en_texte(horaires),
                                          str(horaires["source"]), _texte_date(horaires.get("confirme_le")),
                                          str(horaires.get("confirme_par", "page")),
                                          _texte_date(horaires["consultee_le"])))
            lignes.append(Affirmation(ident, nom, AJOUT, "", "", "", "", "", ""))
    return lignes


def exporter(chemin: Path, dossier: Path = DOSSIER_DONNEES) -> int:
    """Écrit le classeur de relecture ; renvoie le nombre d'affirmations."""
    classeur = Workbook()
    lisez_moi = classeur.active
    lisez_moi.title = "Lisez-moi"
    for ligne in (
        "Relecture de l'annuaire de l'assistant (Loir-et-Cher).",
        f"Feuille « {FEUILLE} » : une ligne par contact ou horaire, avec sa source et ses dates.",
        "Colonnes à remplir (en jaune) : confirmé (oui ou non), correction,",
        "source de la correction (lien, facultatif ; obligatoire pour un contact ajouté),",
        "qui (votre fonction, obligatoire), date (AAAA-MM-JJ, obligatoire).",
        "Horaires : « lundi-vendredi 09:00-12:00 13:30-17:00 ; samedi 09:00-12:00 » ou « 24h/24 ».",
        f"Ligne « {AJOUT} » : « telephone : 02 54 00 00 00 » (ou sms, email, adresse, web, tchat).",
        "Ne modifiez pas la colonne « clé » : elle relie la ligne à l'annuaire.",
    ):
        lisez_moi.append([ligne])
    lisez_moi.column_dimensions["A"].width = 120
    feuille = classeur.create_sheet(FEUILLE)
    feuille.append(list(COLONNES))
    lignes = affirmations(dossier)
    for a in lignes:
        feuille.append([a.cle, a.structure, a.nom, a.champ, a.type, a.valeur, a.source, a.confirme_le, a.par,
                        a.lu_le, "", "", "", "", ""])
    jaune = PatternFill("solid", fgColor="FFF2CC")
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    largeurs = (8, 24, 36, 16, 10, 40, 40, 12, 10, 12, 10, 40, 30, 24, 12)
    for colonne, largeur in zip("ABCDEFGHIJKLMNO", largeurs, strict=True):
        feuille.column_dimensions[colonne].width = largeur
    for ligne in feuille.iter_rows(min_row=2, min_col=PREMIERE_COLONNE_PARTENAIRE + 1, max_col=len(COLONNES)):
        for cellule in ligne:
            cellule.fill = jaune
            cellule.alignment = Alignment(wrap_text=True)
    feuille.column_dimensions["A"].hidden = True
    feuille.freeze_panes = "C2"
    choix = DataValidation(type="list", formula1='"oui,non"', allow_blank=True)
    feuille.add_data_validation(choix)
    choix.add(f"K2:K{len(lignes) + 1}")
    classeur.save(chemin)
    return len(lignes)


@dataclass
class Changement:
    """Ce qu'une ligne relue fait à une structure."""

    ligne: int
    structure: str
    champ: str
    confirme: bool
    correction: str
    source: str
    qui: str
    jour: date


@dataclass
class Resultat:
    """Lignes relues, fichiers modifiés et leur diff."""

    changements: list[Changement] = field(default_factory=list)
    diff: str = ""
    fichiers: list[str] = field(default_factory=list)


def _cellule_date(valeur: Any) -> date | None:
    if isinstance(valeur, datetime):
        return valeur.date()
    if isinstance(valeur, date):
        return valeur
    if isinstance(valeur, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", valeur.strip()):
        return date.fromisoformat(valeur.strip())
    return None


def _lire_classeur(chemin: Path, aujourd_hui: date) -> tuple[list[Changement], list[str]]:
    try:
        classeur = load_workbook(chemin, data_only=True)
    except Exception as erreur:  # fichier absent, corrompu ou d'un autre format
        raise RevueInvalide([f"{chemin} : classeur illisible ({type(erreur).__name__}: {erreur})"]) from erreur
    if FEUILLE not in classeur.sheetnames:
        raise RevueInvalide([f"{chemin} : feuille « {FEUILLE} » absente"])
    feuille = classeur[FEUILLE]
    entete = [str(c.value or "").strip() for c in feuille[1]]
    if tuple(entete[: len(COLONNES)]) != COLONNES:
        raise RevueInvalide([f"{chemin} › {FEUILLE} › ligne 1 : en-têtes modifiés (attendu {', '.join(COLONNES)})"])
    lettre = {nom: chr(ord("A") + i) for i, nom in enumerate(COLONNES)}
    changements, erreurs = [], []
    for numero, ligne in enumerate(feuille.iter_rows(min_row=2, values_only=True), start=2):
        avant = len(erreurs)
        valeurs = dict(zip(COLONNES, ligne[: len(COLONNES)], strict=False))
        partenaire = [valeurs.get(c) for c in COLONNES[PREMIERE_COLONNE_PARTENAIRE:]]
        if all(v is None or str(v).strip() == "" for v in partenaire):
            continue

        def erreur(colonne: str, message: str, numero: int = numero) -> None:
            erreurs.append(f"{FEUILLE} › ligne {numero}, colonne {lettre[colonne]} ({colonne}) : {message}")

        cle = str(valeurs.get("clé") or "")
        structure, _, champ = cle.partition("|")
        if not structure or not champ:
            erreur("clé", "clé absente ou modifiée : la ligne ne peut pas être reliée à l'annuaire")
            continue
        confirme = str(valeurs.get("confirmé") or "").strip().lower()
        correction = str(valeurs.get("correction") or "").strip()
        source = str(valeurs.get("source de la correction") or "").strip()
        qui = str(valeurs.get("qui (fonction)") or "").strip()
        jour = _cellule_date(valeurs.get("date"))
        if confirme not in ("", "oui", "non"):
            erreur("confirmé", f"« oui » ou « non » attendu, pas {confirme!r}")
        if confirme == "non" and not correction:
            erreur("correction", "« non » sans correction : donnez la bonne valeur")
        if champ == AJOUT and confirme == "oui" and not correction:
            erreur("correction", "rien à confirmer sur une ligne d'ajout : écrivez le contact à ajouter")
        if not confirme and not correction:
            erreur("confirmé", "ligne remplie sans « oui », « non » ni correction")
        if not qui:
            erreur("qui (fonction)", "la fonction de la personne qui confirme est obligatoire")
        if jour is None:
            erreur("date", "date AAAA-MM-JJ obligatoire")
        elif jour > aujourd_hui:
            erreur("date", f"date dans le futur : {jour.isoformat()}")
        if source and not re.match(r"^https?://\S+$", source):
            erreur("source de la correction", f"un lien http(s) est attendu : {source!r}")
        if len(erreurs) == avant:
            changements.append(Changement(numero, structure, champ, confirme == "oui", correction, source, qui,
                                          jour or aujourd_hui))
    return changements, erreurs


def _ordonner(ancien: CommentedMap, valeurs: dict[str, Any], ordre: tuple[str, ...]) -> CommentedMap:
    """Le même mapping, champs de provenance dans l'ordre des fichiers, style (fluide ou bloc) conservé."""
    nouveau = CommentedMap()
    for cle, valeur in ancien.items():
        if cle not in ordre:
            nouveau[cle] = valeur
    for cle in ordre:
        if valeurs.get(cle) is not None:
            nouveau[cle] = valeurs[cle]
    if ancien.fa.flow_style():
        nouveau.fa.set_flow_style()
    nouveau.ca.items.update(ancien.ca.items)
    return nouveau


PROVENANCE = ("source", "confirme_le", "confirme_par", "confirme_qui", "consultee_le")


def _appliquer(structure: CommentedMap, changement: Changement, aujourd_hui: date) -> str | None:
    """Applique une ligne à la structure ; renvoie un message d'erreur ou None."""
    provenance = {"confirme_le": changement.jour, "confirme_par": "structure",
                  "confirme_qui": Guillemets(changement.qui), "consultee_le": aujourd_hui}
    if changement.champ == AJOUT:
        correspondance = _CONTACT.match(changement.correction)
        if not correspondance:
            return "contact à ajouter illisible (attendu « telephone : 02 54 00 00 00 »)"
        if not changement.source:
            return "un nouveau contact doit citer un lien (source de la correction) en plus de la personne"
        nouveau = CommentedMap()
        nouveau["type"] = correspondance.group(1).lower()
        nouveau["valeur"] = Guillemets(correspondance.group(2))
        nouveau.fa.set_flow_style()
        nouveau = _ordonner(nouveau, provenance | {"source": Guillemets(changement.source)}, PROVENANCE)
        if "contacts" not in structure:
            structure.insert(list(structure).index("sources"), "contacts", CommentedSeq())
        structure["contacts"].append(nouveau)
        return _verifier(Contact, nouveau)
    correspondance = re.match(r"^contacts\[(\d+)\]$", changement.champ)
    if correspondance:
        contacts = structure.get("contacts") or []
        indice = int(correspondance.group(1))
        if indice >= len(contacts):
            return f"le contact n° {indice} n'existe plus"
        contact = contacts[indice]
        if changement.correction:
            contact["valeur"] = Guillemets(changement.correction)
        valeurs = dict(contact) | provenance | ({"source": Guillemets(changement.source)} if changement.source else {})
        contacts[indice] = _ordonner(contact, valeurs, PROVENANCE)
        return _verifier(Contact, contacts[indice])
    if changement.champ == "horaires":
        horaires = structure.get("horaires")
        if horaires is None:
            return "la structure n'a plus d'horaires"
        if changement.correction:
            try:
                plages = _plages(changement.correction)
            except HorairesInvalides as erreur:
                return str(erreur)
            for cle in ("permanent", "plages"):
                horaires.pop(cle, None)
            for i, (cle, valeur) in enumerate(plages.items()):
                horaires.insert(i, cle, valeur)
        valeurs = dict(horaires) | provenance | ({"source": Guillemets(changement.source)} if changement.source else {})
        structure["horaires"] = _ordonner(horaires, valeurs, PROVENANCE)
        return _verifier(HorairesModele, structure["horaires"])
    return f"champ inconnu : {changement.champ!r}"


def _verifier(modele, valeur: Any) -> str | None:
    try:
        modele.parse_obj(_en_python(valeur))
    except ValidationError as erreur:
        return "; ".join(str(e["msg"]) for e in erreur.errors())
    return None


def _en_python(valeur: Any) -> Any:
    if isinstance(valeur, dict):
        return {str(k): _en_python(v) for k, v in valeur.items()}
    if isinstance(valeur, list):
        return [_en_python(v) for v in valeur]
    return valeur


def importer(chemin: Path, dossier: Path = DOSSIER_DONNEES, ecrire: bool = True,
             aujourd_hui: date | None = None) -> Resultat:
    """Valide le classeur, applique les lignes relues sur une copie, revalide tout l'annuaire, montre le
    diff, puis (si `ecrire`) remplace les fichiers. Lève RevueInvalide sans rien écrire à la moindre faute."""
    aujourd_hui = aujourd_hui or date.today()
    changements, erreurs = _lire_classeur(chemin, aujourd_hui)
    fichiers: dict[Path, Any] = {p: _lire(p) for p in sorted((dossier / "structures").glob("*.yaml"))}
    par_id = {str(s["id"]): (p, s) for p, donnees in fichiers.items() for s in donnees or []}
    touches: set[Path] = set()
    for changement in changements:
        if changement.structure not in par_id:
            erreurs.append(f"{FEUILLE} › ligne {changement.ligne}, colonne A (clé) : "
                           f"structure inconnue : {changement.structure!r}")
            continue
        fichier, structure = par_id[changement.structure]
        message = _appliquer(structure, changement, aujourd_hui)
        if message:
            colonne = "L (correction)" if changement.correction else "K (confirmé)"
            erreurs.append(f"{FEUILLE} › ligne {changement.ligne}, colonne {colonne} : {message}")
        touches.add(fichier)
    if erreurs:
        raise RevueInvalide(erreurs)
    resultat = Resultat(changements=changements)
    with tempfile.TemporaryDirectory() as temporaire:
        copie = Path(temporaire) / "data"
        shutil.copytree(dossier, copie)
        diffs = []
        for fichier in sorted(touches):
            avant = fichier.read_text(encoding="utf-8")
            apres = _ecrire_texte(fichiers[fichier])
            (copie / fichier.relative_to(dossier)).write_text(apres, encoding="utf-8")
            nom = str(fichier.relative_to(dossier.parent))
            diffs += difflib.unified_diff(avant.splitlines(True), apres.splitlines(True), f"a/{nom}", f"b/{nom}")
        try:
            charger(copie)
        except AnnuaireInvalide as erreur:
            raise RevueInvalide([f"annuaire invalide après import : {e}" for e in erreur.erreurs]) from erreur
        resultat.diff = "".join(diffs)
        resultat.fichiers = [str(f.relative_to(dossier.parent)) for f in sorted(touches)]
        if ecrire:
            for fichier in sorted(touches):
                shutil.copyfile(copie / fichier.relative_to(dossier), fichier)
    return resultat
