"""Lecture et validation des fichiers de l'annuaire (YAML et données de territoire).

Toutes les erreurs sont rassemblées avant d'écrire quoi que ce soit ; chacune nomme le
fichier, l'entrée et le champ fautifs.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.schema import (
    AliasCommune,
    CommuneModele,
    Situation,
    Structure,
    ZonePolice,
)

DOSSIER_DONNEES = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class ErreurDonnee:
    """Une erreur située : fichier, entrée, champ."""

    fichier: str
    entree: str
    champ: str
    message: str

    def __str__(self) -> str:
        return f"{self.fichier} › {self.entree} › {self.champ} : {self.message}"


class AnnuaireInvalide(Exception):
    """Les fichiers ne passent pas la validation ; rien n'a été écrit."""

    def __init__(self, erreurs: list[ErreurDonnee]) -> None:
        self.erreurs = erreurs
        super().__init__("\n".join(str(e) for e in erreurs))


@dataclass
class DonneesAnnuaire:
    """Tout le contenu validé de l'annuaire, prêt à être chargé en base."""

    situations: list[Situation] = field(default_factory=list)
    structures: list[tuple[str, Structure]] = field(default_factory=list)
    communes: list[CommuneModele] = field(default_factory=list)
    alias_communes: list[AliasCommune] = field(default_factory=list)
    zones_police: ZonePolice | None = None
    communes_externes: dict[str, list[str]] = field(default_factory=dict)
    departements: list[dict[str, str]] = field(default_factory=list)
    origine_territoire: str = ""


def _lire_yaml(chemin: Path, racine: Path, erreurs: list[ErreurDonnee]) -> object:
    nom = str(chemin.relative_to(racine))
    try:
        return yaml.safe_load(chemin.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as erreur:
        erreurs.append(ErreurDonnee(nom, "(fichier)", "(syntaxe)", str(erreur).replace("\n", " ")))
        return None


def _valider(modele, brut: object, fichier: str, entree: str, erreurs: list[ErreurDonnee]):
    if not isinstance(brut, dict):
        erreurs.append(ErreurDonnee(fichier, entree, "(entrée)", "un dictionnaire est attendu"))
        return None
    try:
        return modele.parse_obj(brut)
    except ValidationError as erreur:
        for detail in erreur.errors():
            champ = ".".join(str(x) for x in detail["loc"] if x != "__root__") or "(entrée)"
            erreurs.append(ErreurDonnee(fichier, entree, champ, detail["msg"]))
        return None


def _liste(brut: object, fichier: str, erreurs: list[ErreurDonnee]) -> list:
    if brut is None:
        return []
    if not isinstance(brut, list):
        erreurs.append(ErreurDonnee(fichier, "(fichier)", "(racine)", "une liste d'entrées est attendue"))
        return []
    return brut


def charger(dossier: Path = DOSSIER_DONNEES) -> DonneesAnnuaire:
    """Lit et valide tous les fichiers ; lève AnnuaireInvalide avec la liste des erreurs."""
    erreurs: list[ErreurDonnee] = []
    donnees = DonneesAnnuaire()

    fichier_situations = dossier / "situations.yaml"
    for i, brut in enumerate(_liste(_lire_yaml(fichier_situations, dossier, erreurs), "situations.yaml", erreurs)):
        entree = brut.get("id", f"#{i + 1}") if isinstance(brut, dict) else f"#{i + 1}"
        situation = _valider(Situation, brut, "situations.yaml", str(entree), erreurs)
        if situation:
            donnees.situations.append(situation)

    for chemin in sorted((dossier / "structures").glob("*.yaml")):
        nom = str(chemin.relative_to(dossier))
        for i, brut in enumerate(_liste(_lire_yaml(chemin, dossier, erreurs), nom, erreurs)):
            entree = brut.get("id", f"#{i + 1}") if isinstance(brut, dict) else f"#{i + 1}"
            structure = _valider(Structure, brut, nom, str(entree), erreurs)
            if structure:
                donnees.structures.append((nom, structure))

    territoire = dossier / "territoire"
    communes = json.loads((territoire / "communes-41.json").read_text(encoding="utf-8"))
    donnees.origine_territoire = communes["source"]
    for brut in communes["communes"]:
        commune = _valider(CommuneModele, brut, "territoire/communes-41.json", brut.get("code", "?"), erreurs)
        if commune:
            donnees.communes.append(commune)
    for i, brut in enumerate(
        _liste(
            _lire_yaml(territoire / "alias-communes.yaml", dossier, erreurs), "territoire/alias-communes.yaml", erreurs
        )
    ):
        alias = _valider(AliasCommune, brut, "territoire/alias-communes.yaml", f"#{i + 1}", erreurs)
        if alias:
            donnees.alias_communes.append(alias)
    donnees.zones_police = _valider(
        ZonePolice,
        _lire_yaml(territoire / "zones-police.yaml", dossier, erreurs),
        "territoire/zones-police.yaml",
        "(fichier)",
        erreurs,
    )
    with gzip.open(territoire / "communes-hors-41.json.gz", "rt", encoding="utf-8") as f:
        donnees.communes_externes = json.load(f)["noms"]
    donnees.departements = json.loads((territoire / "departements.json").read_text(encoding="utf-8"))[
        "departements"
    ]

    erreurs.extend(_coherence(donnees))
    if erreurs:
        raise AnnuaireInvalide(erreurs)
    return donnees


def _coherence(donnees: DonneesAnnuaire) -> list[ErreurDonnee]:
    """Contrôles entre fichiers : identifiants uniques, renvois existants."""
    erreurs: list[ErreurDonnee] = []
    vus: dict[str, str] = {}
    for fichier, structure in donnees.structures:
        if structure.id in vus:
            erreurs.append(
                ErreurDonnee(fichier, structure.id, "id", f"identifiant déjà utilisé dans {vus[structure.id]}")
            )
        vus[structure.id] = fichier
    situations = {s.id for s in donnees.situations}
    if len(situations) != len(donnees.situations):
        erreurs.append(ErreurDonnee("situations.yaml", "(fichier)", "id", "identifiant de situation en double"))
    actuelles = {c.code for c in donnees.communes if c.type == "commune-actuelle"}
    for fichier, structure in donnees.structures:
        for situation in structure.situations:
            if situation not in situations:
                erreurs.append(ErreurDonnee(fichier, structure.id, "situations", f"situation inconnue : {situation!r}"))
        for code in structure.territoire.communes:
            if code not in actuelles:
                erreurs.append(ErreurDonnee(fichier, structure.id, "territoire.communes", f"commune inconnue : {code}"))
    for situation in donnees.situations:
        for ligne in [*situation.lignes, situation.repli]:
            if ligne not in vus:
                erreurs.append(
                    ErreurDonnee("situations.yaml", situation.id, "lignes", f"structure inconnue : {ligne!r}")
                )
    for alias in donnees.alias_communes:
        if alias.code not in actuelles:
            erreurs.append(
                ErreurDonnee("territoire/alias-communes.yaml", alias.alias, "code", f"commune inconnue : {alias.code}")
            )
    if donnees.zones_police:
        for nom, codes in donnees.zones_police.circonscriptions.items():
            for code in codes:
                if code not in actuelles:
                    erreurs.append(
                        ErreurDonnee(
                            "territoire/zones-police.yaml", nom, "circonscriptions", f"commune inconnue : {code}"
                        )
                    )
    return erreurs
