"""Tables de l'annuaire (SQLAlchemy 1.4, API de style 2.0) et accès au moteur."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import declarative_base, relationship

RACINE = Path(__file__).resolve().parent.parent
URL_PAR_DEFAUT = f"sqlite:///{RACINE / 'var' / 'annuaire.sqlite'}"
VARIABLE_URL = "ANNUAIRE_DB_URL"

Base = declarative_base()


class StructureLigne(Base):
    """Une structure, un dispositif ou une ligne nationale."""

    __tablename__ = "structure"

    id = Column(String(80), primary_key=True)
    nom = Column(Text, nullable=False)
    sigle = Column(String(80))
    categorie = Column(String(40), nullable=False)
    description = Column(Text, nullable=False)
    facile_a_lire = Column(Text, nullable=False)
    publics = Column(JSON, nullable=False)
    reserve_a = Column(String(40))
    portee = Column(String(20), nullable=False)
    zone = Column(String(20))
    territoire_note = Column(Text)
    acces_mode = Column(String(40), nullable=False)
    acces_explication = Column(Text, nullable=False)
    horaires = Column(JSON)
    horaires_source = Column(Text)
    horaires_consultee_le = Column(Date)
    horaires_confirme_le = Column(String(10))
    horaires_confirme_par = Column(String(20))
    horaires_confirme_qui = Column(Text)
    sources = Column(JSON, nullable=False)
    pdpd = Column(Text)
    gratuit = Column(Boolean)
    anonyme = Column(Boolean)
    fichier = Column(Text, nullable=False)

    contacts = relationship(
        "ContactLigne", order_by="ContactLigne.ordre", lazy="selectin", cascade="all, delete-orphan"
    )
    territoires = relationship("TerritoireLigne", lazy="selectin", cascade="all, delete-orphan")
    situations = relationship("SituationStructureLigne", lazy="selectin", cascade="all, delete-orphan")
    alias = relationship("AliasLigne", lazy="selectin", cascade="all, delete-orphan")


class ContactLigne(Base):
    """Un contact d'une structure : sa source, le jour où elle a été lue, quand et par quoi il a été confirmé."""

    __tablename__ = "contact"

    id = Column(Integer, primary_key=True, autoincrement=True)
    structure_id = Column(String(80), ForeignKey("structure.id", ondelete="CASCADE"), nullable=False)
    ordre = Column(Integer, nullable=False)
    type = Column(String(20), nullable=False)
    valeur = Column(Text, nullable=False)
    libelle = Column(Text)
    source = Column(Text, nullable=False)
    consultee_le = Column(Date, nullable=False)
    confirme_le = Column(String(10))  # AAAA, AAAA-MM ou AAAA-MM-JJ ; NULL : date inconnue
    confirme_par = Column(String(20), nullable=False)
    confirme_qui = Column(Text)


class TerritoireLigne(Base):
    """Une maille du territoire servi : « departement:41 », « arrondissement:411 », « commune:41018 »."""

    __tablename__ = "structure_territoire"

    structure_id = Column(String(80), ForeignKey("structure.id", ondelete="CASCADE"), primary_key=True)
    maille = Column(String(20), primary_key=True)
    code = Column(String(10), primary_key=True)

    __table_args__ = (Index("ix_territoire_maille_code", "maille", "code"),)


class SituationStructureLigne(Base):
    """Lien structure ↔ situation, avec le rang (1 = premier recours)."""

    __tablename__ = "structure_situation"

    structure_id = Column(String(80), ForeignKey("structure.id", ondelete="CASCADE"), primary_key=True)
    situation_id = Column(String(60), ForeignKey("situation.id"), primary_key=True)
    rang = Column(Integer, nullable=False)

    __table_args__ = (Index("ix_situation_rang", "situation_id", "rang"),)


class AliasLigne(Base):
    """Nom, sigle ou surnom d'une structure, sous forme normalisée."""

    __tablename__ = "structure_alias"

    structure_id = Column(String(80), ForeignKey("structure.id", ondelete="CASCADE"), primary_key=True)
    alias_normalise = Column(String(200), primary_key=True)
    alias = Column(Text, nullable=False)


class SituationLigne(Base):
    """Une situation et les lignes nationales qui y répondent."""

    __tablename__ = "situation"

    id = Column(String(60), primary_key=True)
    libelle = Column(Text, nullable=False)
    description = Column(Text, nullable=False)
    lignes = Column(JSON, nullable=False)
    repli = Column(String(80), nullable=False)
    danger = Column(Boolean, nullable=False, default=False)
    violence = Column(Boolean, nullable=False, default=False)


class CommuneLigne(Base):
    """Une commune de Loir-et-Cher (actuelle, déléguée ou associée)."""

    __tablename__ = "commune"

    code = Column(String(5), primary_key=True)
    nom = Column(Text, nullable=False)
    type = Column(String(20), nullable=False)
    arrondissement = Column(String(3), nullable=False)
    chef_lieu = Column(String(5))
    epci = Column(String(9))
    epci_nom = Column(Text)
    zone = Column(String(20), nullable=False)
    circonscription_police = Column(Text)
    population = Column(Integer)
    codes_postaux = Column(JSON, nullable=False)


class NomCommuneLigne(Base):
    """Un nom sous lequel on désigne une commune (officiel, ancien, usuel)."""

    __tablename__ = "commune_nom"

    nom_normalise = Column(String(120), primary_key=True)
    code = Column(String(5), ForeignKey("commune.code"), primary_key=True)
    origine = Column(String(20), nullable=False)


class CodePostalLigne(Base):
    """Code postal → commune actuelle."""

    __tablename__ = "code_postal"

    code_postal = Column(String(5), primary_key=True)
    code = Column(String(5), ForeignKey("commune.code"), primary_key=True)


class CommuneExterneLigne(Base):
    """Nom normalisé d'une commune hors Loir-et-Cher et ses départements."""

    __tablename__ = "commune_externe"

    nom_normalise = Column(String(120), primary_key=True)
    departements = Column(JSON, nullable=False)


class DepartementLigne(Base):
    """Un département français (pour reconnaître « Indre-et-Loire », « 37 »)."""

    __tablename__ = "departement"

    code = Column(String(3), primary_key=True)
    nom = Column(Text, nullable=False)
    nom_normalise = Column(String(80), nullable=False, index=True)


class MetaLigne(Base):
    """Informations sur la construction de la base (date, sources, empreinte)."""

    __tablename__ = "meta"

    cle = Column(String(40), primary_key=True)
    valeur = Column(Text, nullable=False)


def url_base(url: str | None = None) -> str:
    """URL de la base : argument, variable ANNUAIRE_DB_URL, ou fichier SQLite local."""
    return url or os.environ.get(VARIABLE_URL) or URL_PAR_DEFAUT


def fichier_sqlite(url: str | None = None) -> Path | None:
    """Le fichier d'une base SQLite (None pour PostgreSQL ou une base SQLite en mémoire)."""
    url = url_base(url)
    if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
        return Path(url.removeprefix("sqlite:///"))
    return None


def creer_moteur(url: str | None = None) -> Engine:
    """Un moteur par processus : SQLite en fichier ou PostgreSQL (psycopg2)."""
    url = url_base(url)
    if url.startswith("sqlite"):
        if (fichier := fichier_sqlite(url)) is not None:
            fichier.parent.mkdir(parents=True, exist_ok=True)
        moteur = create_engine(url, future=True, connect_args={"check_same_thread": False})

        @event.listens_for(moteur, "connect")
        def _cles_etrangeres(connexion, _enregistrement) -> None:  # pragma: no cover - trivial
            curseur = connexion.cursor()
            curseur.execute("PRAGMA foreign_keys=ON")
            curseur.close()

        return moteur
    return create_engine(url, future=True, pool_pre_ping=True, pool_size=5, max_overflow=5)
