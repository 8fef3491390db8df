"""Schéma des fichiers YAML de l'annuaire (validation, messages d'erreur précis)."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
from typing import Literal

from pydantic import BaseModel, Extra, Field, root_validator, validator

from knowledge.horaires import Horaires, HorairesInvalides

IDENTIFIANT = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$")
_HTTPS = re.compile(r"^https://[^\s/$.?#].[^\s]*$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_NUMEROS_COURTS = re.compile(r"^(15|17|18|112|114|115|119|3\d{3}|116\d{3})$")
_NUMERO_LONG = re.compile(r"^0[1-9]\d{8}$")
_NUMERO_INTERNATIONAL = re.compile(r"^\+33[1-9]\d{8}$")
_CODE_INSEE_41 = re.compile(r"^41\d{3}$")
_CODE_POSTAL = re.compile(r"^\d{5}$")

TypeContact = Literal["telephone", "sms", "email", "adresse", "web", "tchat"]
ModeAcces = Literal[
    "direct",
    "rendez_vous",
    "en_ligne",
    "via_115",
    "via_forces_ordre",
    "via_procureur",
    "via_autorite_judiciaire",
    "via_professionnel",
]
Categorie = Literal[
    "urgence",
    "ligne_nationale",
    "plateforme_en_ligne",
    "association",
    "service_public",
    "dispositif",
    "instance",
    "force_ordre",
    "justice",
    "sante",
]
Profil = Literal["victime", "proche", "professionnel"]
#: Par quoi une information a été confirmée : une page publique, un appel téléphonique, la réponse écrite
#: de la structure elle-même (relecture d'un partenaire, courriel).
ConfirmePar = Literal["page", "appel", "structure"]
_DATE_PARTIELLE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")


def chiffres(numero: str) -> str:
    """Le numéro sans espaces ni points ni tirets (garde un « + » initial)."""
    return re.sub(r"[\s.\-]", "", numero)


def numero_bien_forme(numero: str) -> bool:
    """Numéro français joignable : court (17, 3919, 116 006), à 10 chiffres ou en +33."""
    brut = chiffres(numero)
    return bool(
        _NUMEROS_COURTS.match(brut) or _NUMERO_LONG.match(brut) or _NUMERO_INTERNATIONAL.match(brut)
    )


def date_partielle(valeur: object) -> str | None:
    """Date telle qu'une source la donne : « 2021 », « 2026-01 » ou « 2026-03-07 » (None si absente)."""
    if valeur is None or valeur == "":
        return None
    texte = valeur.isoformat() if isinstance(valeur, date) else str(valeur).strip()
    if not _DATE_PARTIELLE.match(texte):
        raise ValueError(f"date attendue sous la forme AAAA, AAAA-MM ou AAAA-MM-JJ : {valeur!r}")
    if len(texte) == 10:
        date.fromisoformat(texte)  # 2026-02-30 refusé
    return texte


def fin_de_periode(valeur: str) -> date:
    """Dernier jour que couvre une date partielle (« 2021 » → 31/12/2021) : on ne vieillit rien à tort."""
    parties = [int(x) for x in valeur.split("-")]
    if len(parties) == 3:
        return date(*parties)
    if len(parties) == 2:
        return date(parties[0], parties[1], monthrange(parties[0], parties[1])[1])
    return date(parties[0], 12, 31)


def en_clair(valeur: str) -> str:
    """« 2026-01 » → « janvier 2026 », « 2021 » → « 2021 » (le jour n'est pas dit)."""
    parties = valeur.split("-")
    return parties[0] if len(parties) == 1 else f"{MOIS[int(parties[1]) - 1]} {parties[0]}"


def source_valide(source: str) -> bool:
    """Une source est une URL, ou une référence au PDPD (document d'origine du produit)."""
    return bool(_URL.match(source)) or source.startswith("PDPD ")


class Strict(BaseModel):
    """Refuse les champs inconnus : une faute de frappe dans le YAML est une erreur."""

    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True


class Source(Strict):
    """Une source : quand elle a été publiée ou mise à jour (si elle le dit) et quand nous l'avons lue."""

    url: str
    consultee_le: date
    publiee_le: str | None = None
    note: str | None = None

    _publiee = validator("publiee_le", pre=True, allow_reuse=True)(date_partielle)

    @validator("url")
    def _url(cls, valeur: str) -> str:
        if not source_valide(valeur):
            raise ValueError("doit être une URL http(s) ou une référence « PDPD … »")
        return valeur

    @root_validator(skip_on_failure=True)
    def _ordre(cls, champs: dict) -> dict:
        if champs["publiee_le"] and champs["publiee_le"] > champs["consultee_le"].isoformat():
            raise ValueError("publiée après avoir été consultée")
        return champs


class AvecSource(Strict):
    """Donnée publique : sa source, le jour où nous l'avons lue, et quand et par quoi elle a été confirmée
    pour la dernière fois (date de la page, d'un appel, de la réponse de la structure ; None : inconnue)."""

    source: str
    consultee_le: date
    confirme_le: str | None = None
    confirme_par: ConfirmePar = "page"
    confirme_qui: str | None = None

    _confirme = validator("confirme_le", pre=True, allow_reuse=True)(date_partielle)

    @validator("source")
    def _source(cls, valeur: str) -> str:
        if not _URL.match(valeur):
            raise ValueError("la source doit être une URL http(s)")
        return valeur

    @root_validator(skip_on_failure=True)
    def _confirmation(cls, champs: dict) -> dict:
        confirme_le = champs.get("confirme_le")
        if confirme_le and confirme_le > champs["consultee_le"].isoformat():
            raise ValueError("confirmée après avoir été consultée")
        if champs["confirme_par"] != "page" and not (confirme_le and champs.get("confirme_qui")):
            raise ValueError("un appel ou une réponse de la structure porte sa date (confirme_le) "
                             "et la fonction de la personne (confirme_qui)")
        return champs


class Contact(AvecSource):
    """Un moyen de joindre une structure, toujours avec sa source et sa date de vérification."""

    type: TypeContact
    valeur: str = Field(..., min_length=1)
    libelle: str | None = None

    @root_validator(skip_on_failure=True)
    def _forme(cls, champs: dict) -> dict:
        type_, valeur = champs["type"], champs["valeur"]
        if type_ in ("telephone", "sms") and not numero_bien_forme(valeur):
            raise ValueError(f"numéro mal formé : {valeur!r}")
        if type_ == "email" and not _EMAIL.match(valeur):
            raise ValueError(f"adresse électronique mal formée : {valeur!r}")
        if type_ in ("web", "tchat") and not _HTTPS.match(valeur):
            raise ValueError(f"un lien doit commencer par https:// : {valeur!r}")
        if type_ == "adresse" and not re.search(r"\b\d{5}\b", valeur):
            raise ValueError(f"une adresse doit porter un code postal : {valeur!r}")
        return champs


class PlageModele(Strict):
    """Plage hebdomadaire : jours et heures."""

    jours: object
    heures: list[str]


class HorairesModele(AvecSource):
    """Horaires structurés, avec leur source."""

    permanent: bool = False
    plages: list[PlageModele] = []
    note: str | None = None

    @staticmethod
    def _dict_horaires(permanent: bool, plages: list, note: str | None) -> dict:
        return {"permanent": permanent, "plages": [p.dict() for p in plages], "note": note}

    @root_validator(skip_on_failure=True)
    def _analysables(cls, champs: dict) -> dict:
        try:
            Horaires.depuis_dict(cls._dict_horaires(champs["permanent"], champs["plages"], champs.get("note")))
        except HorairesInvalides as erreur:
            raise ValueError(str(erreur)) from erreur
        return champs

    def en_dict(self) -> dict:
        """Forme stockée en base (sans la source, rangée à part)."""
        return self._dict_horaires(self.permanent, self.plages, self.note)

    def vers_horaires(self) -> Horaires:
        """Horaires exploitables (ouvert / fermé, rendu en clair)."""
        horaires = Horaires.depuis_dict(self.en_dict())
        assert horaires is not None
        return horaires


class Territoire(Strict):
    """Territoire servi : national, département, arrondissements, communes ou zone."""

    portee: Literal["national", "departement", "arrondissements", "communes"]
    arrondissements: list[Literal["411", "412", "413"]] = []
    communes: list[str] = []
    zone: Literal["police", "gendarmerie"] | None = None
    note: str | None = None

    @validator("communes", each_item=True)
    def _insee(cls, code: str) -> str:
        if not _CODE_INSEE_41.match(code):
            raise ValueError(f"code INSEE de Loir-et-Cher attendu : {code!r}")
        return code

    @root_validator(skip_on_failure=True)
    def _coherent(cls, champs: dict) -> dict:
        portee = champs["portee"]
        if portee == "arrondissements" and not champs["arrondissements"]:
            raise ValueError("portée « arrondissements » sans arrondissement")
        if portee == "communes" and not champs["communes"]:
            raise ValueError("portée « communes » sans commune")
        if portee in ("national", "departement") and (champs["arrondissements"] or champs["communes"]):
            raise ValueError(f"portée « {portee} » : ni arrondissements ni communes")
        return champs


class Acces(Strict):
    """Comment on y accède : directement, par le 115, par les forces de l'ordre…"""

    mode: ModeAcces
    explication: str = Field(..., min_length=10)


class Structure(Strict):
    """Une structure, un dispositif ou une ligne nationale."""

    id: str = Field(..., regex=IDENTIFIANT)
    nom: str = Field(..., min_length=3)
    sigle: str | None = None
    alias: list[str] = []
    categorie: Categorie
    description: str = Field(..., min_length=20)
    facile_a_lire: str = Field(..., min_length=10)
    publics: list[str] = Field(..., min_items=1)
    reserve_a: Literal["professionnels", "personnes_detenues"] | None = None
    situations: dict[str, int] = {}
    territoire: Territoire
    acces: Acces
    contacts: list[Contact] = []
    horaires: HorairesModele | None = None
    sources: list[Source] = Field(..., min_items=1)
    pdpd: str | None = None
    gratuit: bool | None = None
    anonyme: bool | None = None

    @validator("situations")
    def _rangs(cls, situations: dict[str, int]) -> dict[str, int]:
        for situation, rang in situations.items():
            if not 1 <= rang <= 9:
                raise ValueError(f"rang hors de 1..9 pour {situation!r}")
        return situations


class Situation(Strict):
    """Une situation vécue, et les lignes nationales qui lui répondent."""

    id: str = Field(..., regex=r"^[a-z_]+$")
    libelle: str
    description: str
    lignes: list[str] = Field(..., min_items=1)
    repli: str
    danger: bool = False
    violence: bool = False  # des violences sont en jeu : conseils aux proches pour aider sans exposer la victime


class AliasCommune(Strict):
    """Nom usuel d'une commune (« Romorantin »)."""

    alias: str
    code: str

    @validator("code")
    def _insee(cls, code: str) -> str:
        if not _CODE_INSEE_41.match(code):
            raise ValueError(f"code INSEE de Loir-et-Cher attendu : {code!r}")
        return code


class ZonePolice(Strict):
    """Communes en zone police (le reste du département est en zone gendarmerie)."""

    source: Source
    circonscriptions: dict[str, list[str]]


class CommuneModele(Strict):
    """Une commune (actuelle, déléguée ou associée) issue du découpage administratif."""

    code: str
    nom: str
    type: Literal["commune-actuelle", "commune-deleguee", "commune-associee"]
    arrondissement: Literal["411", "412", "413"]
    codes_postaux: list[str] = []
    chef_lieu: str | None = None
    epci: str | None = None
    epci_nom: str | None = None
    population: int | None = None

    @validator("codes_postaux", each_item=True)
    def _cp(cls, code: str) -> str:
        if not _CODE_POSTAL.match(code):
            raise ValueError(f"code postal mal formé : {code!r}")
        return code
