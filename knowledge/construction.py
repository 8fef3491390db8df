"""Construction de la base : validation complète, puis écriture en une seule transaction.

Un fichier invalide lève AnnuaireInvalide avant toute écriture ; une erreur pendant l'écriture
annule la transaction : dans les deux cas la base précédente reste intacte.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import delete, insert, inspect
from sqlalchemy.engine import Connection, Engine

from knowledge.chargement import DOSSIER_DONNEES, DonneesAnnuaire, charger
from knowledge.db import (
    AliasLigne,
    Base,
    CodePostalLigne,
    CommuneExterneLigne,
    CommuneLigne,
    ContactLigne,
    DepartementLigne,
    MetaLigne,
    NomCommuneLigne,
    SituationLigne,
    SituationStructureLigne,
    StructureLigne,
    TerritoireLigne,
    creer_moteur,
)
from knowledge.texte import normaliser


@dataclass(frozen=True)
class Rapport:
    """Ce qui a été chargé."""

    structures: int
    contacts: int
    situations: int
    communes: int
    empreinte: str


def empreinte_donnees(dossier: Path = DOSSIER_DONNEES) -> str:
    """Empreinte SHA-256 des fichiers sources (sert à savoir si la base est à jour)."""
    h = hashlib.sha256()
    for chemin in sorted(p for p in dossier.rglob("*") if p.is_file()):
        h.update(str(chemin.relative_to(dossier)).encode())
        h.update(chemin.read_bytes())
    return h.hexdigest()


def _lignes(donnees: DonneesAnnuaire) -> dict[type, list[dict]]:
    """Toutes les lignes à insérer, table par table."""
    structures, contacts, territoires, situations_liens, alias = [], [], [], [], []
    for fichier, s in donnees.structures:
        horaires = s.horaires
        structures.append(
            {
                "id": s.id,
                "nom": s.nom,
                "sigle": s.sigle,
                "categorie": s.categorie,
                "description": s.description,
                "facile_a_lire": s.facile_a_lire,
                "publics": s.publics,
                "reserve_a": s.reserve_a,
                "portee": s.territoire.portee,
                "zone": s.territoire.zone,
                "territoire_note": s.territoire.note,
                "acces_mode": s.acces.mode,
                "acces_explication": s.acces.explication,
                "horaires": horaires.en_dict() if horaires else None,
                "horaires_source": horaires.source if horaires else None,
                "horaires_consultee_le": horaires.consultee_le if horaires else None,
                "horaires_confirme_le": horaires.confirme_le if horaires else None,
                "horaires_confirme_par": horaires.confirme_par if horaires else None,
                "horaires_confirme_qui": horaires.confirme_qui if horaires else None,
                "sources": [src.dict() | {"consultee_le": src.consultee_le.isoformat()} for src in s.sources],
                "pdpd": s.pdpd,
                "gratuit": s.gratuit,
                "anonyme": s.anonyme,
                "fichier": fichier,
            }
        )
        for ordre, c in enumerate(s.contacts):
            contacts.append(
                {
                    "structure_id": s.id,
                    "ordre": ordre,
                    "type": c.type,
                    "valeur": c.valeur,
                    "libelle": c.libelle,
                    "source": c.source,
                    "consultee_le": c.consultee_le,
                    "confirme_le": c.confirme_le,
                    "confirme_par": c.confirme_par,
                    "confirme_qui": c.confirme_qui,
                }
            )
        t = s.territoire
        if t.portee == "national":
            mailles = [("national", "FR")]
        elif t.portee == "departement":
            mailles = [("departement", "41")]
        elif t.portee == "arrondissements":
            mailles = [("arrondissement", a) for a in t.arrondissements]
        else:
            mailles = [("commune", c) for c in t.communes]
        territoires += [{"structure_id": s.id, "maille": m, "code": c} for m, c in mailles]
        situations_liens += [
            {"structure_id": s.id, "situation_id": sit, "rang": rang} for sit, rang in s.situations.items()
        ]
        noms = {normaliser(n): n for n in [s.nom, *( [s.sigle] if s.sigle else []), *s.alias] if normaliser(n)}
        alias += [{"structure_id": s.id, "alias_normalise": n, "alias": brut} for n, brut in noms.items()]

    police: dict[str, str] = {}
    if donnees.zones_police:
        for circonscription, codes in donnees.zones_police.circonscriptions.items():
            police.update({code: circonscription for code in codes})
    communes, noms_communes, codes_postaux = [], {}, []
    for c in donnees.communes:
        if c.type == "commune-actuelle":
            communes.append(
                {
                    "code": c.code,
                    "nom": c.nom,
                    "type": c.type,
                    "arrondissement": c.arrondissement,
                    "chef_lieu": None,
                    "epci": c.epci,
                    "epci_nom": c.epci_nom,
                    "zone": "police" if c.code in police else "gendarmerie",
                    "circonscription_police": police.get(c.code),
                    "population": c.population,
                    "codes_postaux": c.codes_postaux,
                }
            )
            noms_communes[(normaliser(c.nom), c.code)] = "officiel"
            codes_postaux += [{"code_postal": cp, "code": c.code} for cp in c.codes_postaux]
    for c in donnees.communes:
        if c.type != "commune-actuelle" and c.chef_lieu:
            noms_communes.setdefault((normaliser(c.nom), c.chef_lieu), "ancien")
    for a in donnees.alias_communes:
        noms_communes.setdefault((normaliser(a.alias), a.code), "usuel")

    return {
        SituationLigne: [
            {
                "id": s.id,
                "libelle": s.libelle,
                "description": s.description,
                "lignes": s.lignes,
                "repli": s.repli,
                "danger": s.danger,
                "violence": s.violence,
            }
            for s in donnees.situations
        ],
        StructureLigne: structures,
        ContactLigne: contacts,
        TerritoireLigne: territoires,
        SituationStructureLigne: situations_liens,
        AliasLigne: alias,
        CommuneLigne: communes,
        NomCommuneLigne: [
            {"nom_normalise": nom, "code": code, "origine": origine} for (nom, code), origine in noms_communes.items()
        ],
        CodePostalLigne: codes_postaux,
        CommuneExterneLigne: [
            {"nom_normalise": nom, "departements": deps} for nom, deps in donnees.communes_externes.items()
        ],
        DepartementLigne: [
            {"code": d["code"], "nom": d["nom"], "nom_normalise": normaliser(d["nom"])} for d in donnees.departements
        ],
    }


ORDRE_SUPPRESSION = (
    ContactLigne,
    TerritoireLigne,
    SituationStructureLigne,
    AliasLigne,
    StructureLigne,
    SituationLigne,
    NomCommuneLigne,
    CodePostalLigne,
    CommuneLigne,
    CommuneExterneLigne,
    DepartementLigne,
    MetaLigne,
)


def _colonnes_manquantes(connexion: Connection) -> bool:
    """Une table existante n'a pas toutes les colonnes du schéma (colonne ajoutée depuis sa création)."""
    inspecteur = inspect(connexion)
    for table in Base.metadata.sorted_tables:
        if inspecteur.has_table(table.name):
            presentes = {colonne["name"] for colonne in inspecteur.get_columns(table.name)}
            if {colonne.name for colonne in table.columns} - presentes:
                return True
    return False


def construire(moteur: Engine | None = None, dossier: Path = DOSSIER_DONNEES) -> Rapport:
    """Valide les fichiers puis remplace le contenu de la base en une transaction."""
    donnees = charger(dossier)  # lève AnnuaireInvalide avant toute écriture
    lignes = _lignes(donnees)
    empreinte = empreinte_donnees(dossier)
    moteur = moteur or creer_moteur()
    Base.metadata.create_all(moteur)
    with moteur.begin() as connexion:
        if _colonnes_manquantes(connexion):
            # Base construite par une version plus ancienne du schéma : tables recréées (contenu remplacé).
            Base.metadata.drop_all(connexion)
            Base.metadata.create_all(connexion)
        for table in ORDRE_SUPPRESSION:
            connexion.execute(delete(table))
        for table, valeurs in lignes.items():
            if valeurs:
                connexion.execute(insert(table), valeurs)
        connexion.execute(
            insert(MetaLigne),
            [
                {"cle": "empreinte", "valeur": empreinte},
                {"cle": "construite_le", "valeur": datetime.now(timezone.utc).isoformat(timespec="seconds")},
                {"cle": "territoire", "valeur": donnees.origine_territoire},
            ],
        )
    return Rapport(
        structures=len(lignes[StructureLigne]),
        contacts=len(lignes[ContactLigne]),
        situations=len(lignes[SituationLigne]),
        communes=len(lignes[CommuneLigne]),
        empreinte=empreinte,
    )
