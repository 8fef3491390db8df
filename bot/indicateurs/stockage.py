"""La table des événements anonymes, dans la base de l'annuaire (SQLAlchemy 1.4, style 2.0).

Une ligne = un événement (une orientation, une réponse, une incompréhension, un hors-sujet), jamais
une conversation. Chaque colonne prend ses valeurs dans une liste fermée (codes d'arrondissement,
situations et structures de l'annuaire, partenaires déclarés) ou est une date : aucun texte libre,
aucun identifiant de conversation, aucune commune, aucune heure exacte. La table n'a pas de clé
(pas d'identifiant de ligne) et n'appartient pas aux tables de l'annuaire : la reconstruction de
l'annuaire (`python -m knowledge build`) n'y touche pas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Index,
    MetaData,
    SmallInteger,
    String,
    Table,
    delete,
    insert,
    select,
)
from sqlalchemy.engine import Engine

from knowledge.provenance import mois_avant

#: Durée de conservation des événements, en mois.
CONSERVATION_MOIS = 36

metadonnees = MetaData()

evenements = Table(
    "indicateur_evenement",
    metadonnees,
    Column("jour", Date, nullable=False),
    # Heure de début de la tranche de 4 heures : 0, 4, 8, 12, 16 ou 20.
    Column("tranche", SmallInteger, nullable=False),
    # 411, 412, 413, « 41 » (Loir-et-Cher sans arrondissement), « hors_41 », « non_precise ».
    Column("arrondissement", String(12), nullable=False),
    Column("situation", String(60), nullable=False),
    Column("profil", String(20), nullable=False),
    Column("danger", Boolean, nullable=False),
    Column("issue", String(20), nullable=False),
    Column("echec", String(30), nullable=False),
    # Identifiants des structures et lignes de l'annuaire proposées (liste, dans l'ordre d'envoi).
    Column("proposees", JSON, nullable=False),
    Column("partenaire", String(64), nullable=False),
    Column("premier", Boolean, nullable=False),
    Index("ix_indicateur_evenement_jour", "jour"),
)

#: Colonnes de la table, dans l'ordre (un test vérifie qu'aucune autre n'apparaît).
COLONNES = tuple(c.name for c in evenements.columns)


def creer_table(moteur: Engine) -> None:
    """Crée la table si elle manque (sans toucher aux tables de l'annuaire)."""
    metadonnees.create_all(moteur, checkfirst=True)


def ecrire(moteur: Engine, lignes: Iterable[Mapping[str, Any]]) -> int:
    """Ajoute des événements en une transaction ; nombre de lignes écrites."""
    lignes = [dict(ligne) for ligne in lignes]
    if not lignes:
        return 0
    with moteur.begin() as connexion:
        connexion.execute(insert(evenements), lignes)
    return len(lignes)


def lire(moteur: Engine, debut: date, fin: date) -> list[dict[str, Any]]:
    """Les événements du `debut` inclus à la `fin` exclue."""
    requete = select(evenements).where(evenements.c.jour >= debut, evenements.c.jour < fin)
    with moteur.connect() as connexion:
        return [dict(ligne._mapping) for ligne in connexion.execute(requete)]


def limite_conservation(aujourd_hui: date | None = None, mois: int = CONSERVATION_MOIS) -> date:
    """Premier jour gardé : tout événement d'avant a plus de `mois` mois."""
    return mois_avant(aujourd_hui or date.today(), mois)


def purger(moteur: Engine, mois: int = CONSERVATION_MOIS, aujourd_hui: date | None = None) -> int:
    """Supprime les événements de plus de `mois` mois ; nombre de lignes ôtées."""
    if mois <= 0:
        raise ValueError("La durée de conservation doit être positive.")
    creer_table(moteur)
    limite = limite_conservation(aujourd_hui, mois)
    with moteur.begin() as connexion:
        return connexion.execute(delete(evenements).where(evenements.c.jour < limite)).rowcount
