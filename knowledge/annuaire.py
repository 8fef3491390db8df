"""Requêtes de l'annuaire : orienter, retrouver une structure, reconnaître une commune."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from knowledge.db import (
    AliasLigne,
    ContactLigne,
    MetaLigne,
    SituationLigne,
    SituationStructureLigne,
    StructureLigne,
    TerritoireLigne,
    creer_moteur,
    fichier_sqlite,
)
from knowledge.formulations import formulations
from knowledge.horaires import Horaires
from knowledge.lieu import NOMS_ARRONDISSEMENTS
from knowledge.schema import chiffres, fin_de_periode
from knowledge.territoire import Commune, IndexTerritoire, Resolution
from knowledge.texte import ngrammes, normaliser

journal = logging.getLogger(__name__)
#: Sigle d'un dispositif : 2 à 6 capitales (TGD, CRIP, ISCG, THESEE).
_SIGLE = re.compile(r"\b[A-Z]{2,6}\b")
#: Un numéro court qui sert de nom à une ligne nationale (3919, 119, 116 006) ; pas « 17 » ni un âge.
_NUMERO_COURT = re.compile(r"\d{3}(?: ?\d{3})?|\d{4}")
#: Catégories dont le nom court en plusieurs mots (champ `sigle`) est reconnu comme un sigle.
_NOMS_COURTS_CHERCHES = {"dispositif", "instance"}
#: Sigles qui sont aussi des mots courants : reconnus seulement écrits en capitales.
SIGLES_MOTS_COURANTS = {"bar", "caf", "pad", "vif", "mer", "otv", "bpf", "ma"}
#: Mots en capitales dans un nom de fiche qui ne désignent jamais le dispositif (« Urgence 114 (SMS, …) »).
SIGLES_IGNORES = {"SMS"}
_SPECIFICITE = {"commune": 0, "arrondissement": 1, "departement": 2, "national": 3}


#: Situations dont la réponse donne toujours le commissariat ou la gendarmerie, quelle que soit la précision du lieu.
SITUATIONS_AVEC_FORCES = frozenset({"porter_plainte"})


def _accueil_forces(vue: StructureVue) -> bool:
    """Un commissariat ou une gendarmerie qui reçoit le public (pas une unité d'enquête spécialisée)."""
    return vue.categorie == "force_ordre" and vue.acces_mode == "direct" and vue.zone is not None


class SituationInconnue(ValueError):
    """La situation demandée n'existe pas dans l'annuaire."""


@dataclass(frozen=True)
class ContactVue:
    """Un contact prêt à afficher, avec le lien cliquable qui va avec et sa provenance."""

    type: str
    valeur: str
    libelle: str | None
    source: str
    consultee_le: date
    confirme_le: str | None = None  # AAAA, AAAA-MM ou AAAA-MM-JJ ; None : date de confirmation inconnue
    confirme_par: str = "page"
    confirme_qui: str | None = None

    @property
    def verifie_le(self) -> date:
        """Dernier jour couvert par la confirmation (date.min si elle est inconnue), pour comparer des
        fraîcheurs : jamais le jour où la page a été lue."""
        return fin_de_periode(self.confirme_le) if self.confirme_le else date.min

    @property
    def lien(self) -> str | None:
        """tel:, sms:, mailto: ou https: ; None pour une adresse postale."""
        if self.type == "telephone":
            return f"tel:{chiffres(self.valeur)}"
        if self.type == "sms":
            return f"sms:{chiffres(self.valeur)}"
        if self.type == "email":
            return f"mailto:{self.valeur}"
        if self.type in ("web", "tchat"):
            return self.valeur
        return None


@dataclass(frozen=True)
class StructureVue:
    """Une structure telle que la conversation l'utilise."""

    id: str
    nom: str
    sigle: str | None
    categorie: str
    description: str
    facile_a_lire: str
    publics: tuple[str, ...]
    reserve_a: str | None
    portee: str
    zone: str | None
    mailles: tuple[tuple[str, str], ...]
    acces_mode: str
    acces_explication: str
    contacts: tuple[ContactVue, ...]
    horaires: Horaires | None
    horaires_source: str | None
    sources: tuple[dict, ...]
    gratuit: bool | None
    anonyme: bool | None
    pdpd: str | None
    horaires_confirme_le: str | None = None
    horaires_confirme_par: str | None = None
    horaires_consultee_le: date | None = None
    territoire_note: str | None = None

    def contacts_de_type(self, *types: str) -> list[ContactVue]:
        """Contacts des types demandés, dans l'ordre du fichier."""
        return [c for c in self.contacts if c.type in types]

    def est_ouvert(self, moment: datetime) -> bool | None:
        """Ouvert à ce moment ? None quand les horaires ne sont pas connus."""
        return None if self.horaires is None else self.horaires.est_ouvert(moment)

    @property
    def joignabilite(self) -> int:
        """0 : téléphone ou SMS ; 1 : adresse, site ou courriel ; 2 : seulement par un intermédiaire."""
        if self.contacts_de_type("telephone", "sms"):
            return 0
        return 1 if self.contacts else 2

    @property
    def joignable_24h(self) -> bool:
        """Vrai si les horaires connus disent 24h/24, 7j/7."""
        return bool(self.horaires and self.horaires.permanent)


@dataclass(frozen=True)
class SituationVue:
    """Une situation de l'annuaire."""

    id: str
    libelle: str
    description: str
    lignes: tuple[str, ...]
    repli: str
    danger: bool
    violence: bool = False


@dataclass(frozen=True)
class Proposition:
    """Une structure proposée, et pourquoi."""

    structure: StructureVue
    raison: str
    rang: int
    ouvert: bool | None


@dataclass(frozen=True)
class Orientation:
    """Réponse de orient() : structures locales, lignes nationales, repli 24h/24."""

    situation: SituationVue
    lieu: Resolution | None
    locales: tuple[Proposition, ...]
    nationales: tuple[Proposition, ...]
    repli: Proposition | None

    @property
    def toutes(self) -> tuple[Proposition, ...]:
        """Locales, puis nationales, puis le repli éventuel."""
        return self.locales + self.nationales + ((self.repli,) if self.repli else ())


def _vue(ligne: StructureLigne) -> StructureVue:
    return StructureVue(
        id=ligne.id,
        nom=ligne.nom,
        sigle=ligne.sigle,
        categorie=ligne.categorie,
        description=ligne.description,
        facile_a_lire=ligne.facile_a_lire,
        publics=tuple(ligne.publics),
        reserve_a=ligne.reserve_a,
        portee=ligne.portee,
        zone=ligne.zone,
        mailles=tuple(sorted((t.maille, t.code) for t in ligne.territoires)),
        acces_mode=ligne.acces_mode,
        acces_explication=ligne.acces_explication,
        contacts=tuple(
            ContactVue(c.type, c.valeur, c.libelle, c.source, c.consultee_le, c.confirme_le, c.confirme_par,
                       c.confirme_qui)
            for c in ligne.contacts
        ),
        horaires=Horaires.depuis_dict(ligne.horaires),
        horaires_source=ligne.horaires_source,
        sources=tuple(ligne.sources),
        gratuit=ligne.gratuit,
        anonyme=ligne.anonyme,
        pdpd=ligne.pdpd,
        horaires_confirme_le=ligne.horaires_confirme_le,
        horaires_confirme_par=ligne.horaires_confirme_par,
        horaires_consultee_le=ligne.horaires_consultee_le,
        territoire_note=ligne.territoire_note,
    )


#: Au plus tant de structures quand un nom générique en désigne plusieurs à égalité.
EX_AEQUO_MAX = 10
_MOTS_VIDES = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "a", "au", "aux", "et", "en", "un", "une",
                         "numero", "contact", "comment", "quoi", "est", "c", "qui", "pour", "mon", "ma", "je"})


def _contenus_dans_un_nom(tokens: list[str], index: dict[str, tuple[str, ...]]) -> dict[str, float]:
    """Nom générique contenu, en mots entiers, dans les noms de plusieurs structures (« point justice »
    dans « point justice de vendome », « urgences » dans « urgences blois ») : le plus long morceau trouvé."""
    for _, _, morceau in ngrammes(tokens, 4):
        mots = morceau.split()
        if all(m in _MOTS_VIDES for m in mots) or len(morceau) < 3:
            continue
        trouves: dict[str, float] = {}
        for alias, identifiants in index.items():
            if f" {morceau} " in f" {alias} ":
                for structure_id in identifiants:
                    trouves[structure_id] = 90.0 + len(morceau)
        if trouves:
            return trouves
    return {}


def _raison(maille: str, code: str, situation: SituationVue, rang: int) -> str:
    """Pourquoi cette structure est proposée (formulations.yaml › raison)."""
    libelles = formulations()["raison"]
    portee = libelles[maille].format(arrondissement=NOMS_ARRONDISSEMENTS.get(code, code))
    recours = libelles["premier_recours"] if rang == 1 else libelles["recours_de_rang"].format(rang=rang)
    return libelles["phrase"].format(portee=portee, recours=recours, situation=situation.libelle)


@dataclass(frozen=True)
class Instantane:
    """Tout l'annuaire, lu en une fois : il est petit et ne change qu'à la reconstruction."""

    empreinte: str | None
    vues: dict[str, StructureVue]
    situations: dict[str, SituationVue]
    alias: dict[str, tuple[str, ...]]
    # situation -> (structure, rang, maille, code) pour chaque territoire couvert
    liens: dict[str, tuple[tuple[str, int, str, str], ...]]
    territoire: IndexTerritoire
    # (motif du sigle en capitales ou None, sigle en minuscules ou None si c'est un mot courant, structure)
    sigles: tuple[tuple[re.Pattern[str] | None, str | None, str], ...] = ()


def _index_sigles(vues: dict[str, StructureVue]) -> tuple[tuple[re.Pattern[str] | None, str | None, str], ...]:
    """Sigles (TGD, CRIP, ISCG…) tirés du sigle et du nom de chaque fiche, compilés une fois par instantané ; le nom
    court en plusieurs mots d'un dispositif ou d'une instance (cherché dans le texte normalisé)."""
    index = []
    for vue in vues.values():
        for sigle in dict.fromkeys(_SIGLE.findall(f"{vue.sigle or ''} {vue.nom}")):
            if sigle in SIGLES_IGNORES:
                continue
            minuscules = None if sigle.lower() in SIGLES_MOTS_COURANTS else sigle.lower()
            index.append((re.compile(rf"(?<!\w){sigle}(?!\w)"), minuscules, vue.id))
        if vue.sigle and _NUMERO_COURT.fullmatch(vue.sigle):  # « le 3919 », « le 116 006 » : le numéro est le nom
            chiffres = r" ?".join(vue.sigle.replace(" ", ""))
            index.append((re.compile(rf"(?<![\w.]){chiffres}(?![\w.])"), None, vue.id))
        elif vue.sigle and vue.categorie in _NOMS_COURTS_CHERCHES and len(normaliser(vue.sigle).split()) >= 2:
            # « Rappel à l'ordre », « Ordonnance de protection » : le nom court d'un dispositif, en toutes lettres
            index.append((None, normaliser(vue.sigle), vue.id))
    return tuple(index)


def lire_empreinte(moteur: Engine) -> str | None:
    """Empreinte des fichiers YAML dont la base a été construite (une requête légère)."""
    with moteur.connect() as connexion:
        return connexion.execute(select(MetaLigne.valeur).where(MetaLigne.cle == "empreinte")).scalar()


def lire_instantane(moteur: Engine) -> Instantane:
    """Charge tout l'annuaire en mémoire depuis la base (SQLite ou PostgreSQL)."""
    empreinte = lire_empreinte(moteur)
    with Session(moteur, future=True) as session:
        vues = {ligne.id: _vue(ligne) for ligne in session.execute(select(StructureLigne)).scalars().all()}
        situations = {
            s.id: SituationVue(s.id, s.libelle, s.description, tuple(s.lignes), s.repli, s.danger, s.violence)
            for s in session.execute(select(SituationLigne)).scalars()
        }
        alias: dict[str, list[str]] = {}
        for a in session.execute(select(AliasLigne)).scalars():
            alias.setdefault(a.alias_normalise, []).append(a.structure_id)
        liens: dict[str, list[tuple[str, int, str, str]]] = {}
        requete = (
            select(SituationStructureLigne.situation_id, SituationStructureLigne.structure_id,
                   SituationStructureLigne.rang, TerritoireLigne.maille, TerritoireLigne.code)
            .join(TerritoireLigne, TerritoireLigne.structure_id == SituationStructureLigne.structure_id)
        )
        for situation_id, structure_id, rang, maille, code in session.execute(requete):
            liens.setdefault(situation_id, []).append((structure_id, rang, maille, code))
    return Instantane(
        empreinte=empreinte,
        vues=vues,
        situations=situations,
        alias={k: tuple(sorted(v)) for k, v in alias.items()},
        liens={k: tuple(sorted(v)) for k, v in liens.items()},
        territoire=IndexTerritoire.depuis_base(moteur),
        sigles=_index_sigles(vues),
    )


class Annuaire:
    """Accès en lecture à l'annuaire construit en base, servi depuis un instantané en mémoire.

    L'instantané est chargé au premier usage. Au plus toutes les `verification` secondes, une
    requête légère compare l'empreinte en base : après une reconstruction réussie, le nouvel
    instantané remplace l'ancien d'un bloc. Si la base devient injoignable ou illisible, le service
    continue sur l'instantané déjà chargé (et le dit une fois dans le journal).
    """

    def __init__(self, moteur: Engine | None = None, verification: float | None = None) -> None:
        self.moteur = moteur or creer_moteur()
        self.verification = (
            float(os.environ.get("ANNUAIRE_VERIFICATION_S", "30")) if verification is None else verification
        )
        self._verrou = threading.Lock()
        self._instantane: Instantane | None = None
        self._verifie_a = 0.0
        self._panne_signalee = False

    def recharger(self) -> None:
        """Oublie l'instantané : le prochain appel relit la base."""
        with self._verrou:
            self._instantane = None

    def instantane(self) -> Instantane:
        """L'instantané courant ; lève SQLAlchemyError si la base n'a jamais pu être lue."""
        actuel = self._instantane
        if actuel is not None and time.monotonic() - self._verifie_a < self.verification:
            return actuel
        if actuel is None:
            self._verrou.acquire()
        elif not self._verrou.acquire(blocking=False):
            return actuel  # un autre fil vérifie ou recharge : on sert l'instantané en place, sans attendre
        try:
            actuel = self._instantane
            if actuel is not None and time.monotonic() - self._verifie_a < self.verification:
                return actuel
            if actuel is None:
                self._instantane = lire_instantane(self.moteur)
            else:
                try:
                    if lire_empreinte(self.moteur) != actuel.empreinte:
                        self._instantane = lire_instantane(self.moteur)
                        journal.info("Annuaire rechargé après une reconstruction.")
                    self._panne_signalee = False
                except SQLAlchemyError as erreur:
                    if not self._panne_signalee:
                        journal.warning("Base de l'annuaire illisible (%s) : le service garde les données "
                                        "déjà chargées.", type(erreur).__name__)
                        self._panne_signalee = True
            self._verifie_a = time.monotonic()
            return self._instantane
        finally:
            self._verrou.release()

    @property
    def territoire(self) -> IndexTerritoire:
        """Index des communes."""
        return self.instantane().territoire

    def situations(self) -> dict[str, SituationVue]:
        """Toutes les situations, par identifiant."""
        return self.instantane().situations

    def situation(self, identifiant: str) -> SituationVue:
        """Une situation par identifiant (SituationInconnue si elle n'existe pas)."""
        vue = self.situations().get(identifiant)
        if vue is None:
            raise SituationInconnue(identifiant)
        return vue

    def _toutes_les_vues(self) -> dict[str, StructureVue]:
        return self.instantane().vues

    def _index_alias(self) -> dict[str, tuple[str, ...]]:
        return self.instantane().alias

    def resolve_commune(self, texte: str) -> Resolution:
        """Reconnaît une commune, un code postal ou un département dans un texte."""
        return self.territoire.resoudre(texte)

    def commune(self, code: str) -> Commune | None:
        """Commune actuelle par code INSEE."""
        return self.territoire.communes.get(code)

    def structure(self, identifiant: str) -> StructureVue | None:
        """Une structure par identifiant."""
        return self._toutes_les_vues().get(identifiant)

    def toutes(self) -> list[StructureVue]:
        """Toutes les fiches, par identifiant."""
        return [vue for _, vue in sorted(self._toutes_les_vues().items())]

    def structures(self, identifiants: list[str] | tuple[str, ...]) -> list[StructureVue]:
        """Plusieurs structures, dans l'ordre demandé (les inconnues sont ignorées)."""
        vues = self._toutes_les_vues()
        return [vues[i] for i in identifiants if i in vues]

    def _lieu(self, commune: str | Resolution | None) -> Resolution | None:
        if commune is None or isinstance(commune, Resolution):
            return commune
        if commune in self.territoire.communes:
            trouvee = self.territoire.communes[commune]
            return Resolution("trouvee", commune=trouvee, arrondissement=trouvee.arrondissement)
        return self.resolve_commune(commune)

    def orient(
        self,
        situation: str,
        commune: str | Resolution | None = None,
        profile: str | None = None,
        at: datetime | None = None,
        limite: int = 3,
    ) -> Orientation:
        """Structures et lignes pour cette situation sur ce territoire, classées et expliquées.

        `commune` : code INSEE, texte libre ou Resolution ; `profile` : victime, proche ou
        professionnel ; `at` : moment pour dire ouvert/fermé (défaut : maintenant).
        """
        instantane = self.instantane()
        vue_situation = instantane.situations.get(situation)
        if vue_situation is None:
            raise SituationInconnue(situation)
        at = at or datetime.now().astimezone()
        lieu = self._lieu(commune)

        mailles: set[tuple[str, str]] = {("national", "FR")}
        if lieu is None or lieu.dans_le_41 or lieu.statut == "inconnue":
            mailles.add(("departement", "41"))
            if lieu is not None and lieu.arrondissement:
                mailles.add(("arrondissement", lieu.arrondissement))
            if lieu is not None and lieu.commune:
                mailles.add(("commune", lieu.commune.code))

        meilleure: dict[str, tuple[int, str, str]] = {}
        for structure_id, rang, maille, code in instantane.liens.get(situation, ()):
            if (maille, code) not in mailles:
                continue
            actuelle = meilleure.get(structure_id)
            if actuelle is None or _SPECIFICITE[maille] < _SPECIFICITE[actuelle[1]]:
                meilleure[structure_id] = (rang, maille, code)
        vues = instantane.vues

        zone = lieu.commune.zone if lieu is not None and lieu.commune else None
        candidates: list[tuple[tuple, Proposition]] = []
        for structure_id, (rang, maille, code) in meilleure.items():
            vue = vues[structure_id]
            if vue.portee == "national":
                continue
            if vue.reserve_a == "personnes_detenues":
                continue
            if vue.reserve_a == "professionnels" and profile != "professionnel":
                continue
            if vue.zone and vue.zone != zone:
                continue
            proposition = Proposition(vue, _raison(maille, code, vue_situation, rang), rang, vue.est_ouvert(at))
            candidates.append(((rang, vue.joignabilite, _SPECIFICITE[maille], vue.nom), proposition))
        candidates.sort(key=lambda c: c[0])
        locales = self._avec_unites_competentes([p for _, p in candidates], situation, lieu, at, limite)

        nationales = []
        for identifiant in vue_situation.lignes[:2]:
            vue = vues.get(identifiant)
            if vue is not None:
                rang = meilleure.get(identifiant, (1, "national", "FR"))[0]
                nationales.append(Proposition(vue, _raison("national", "FR", vue_situation, rang), rang,
                                              vue.est_ouvert(at)))
        repli = None
        if not any(p.ouvert for p in (*locales, *nationales)):
            vue = vues.get(vue_situation.repli)
            if vue is not None and vue.id not in {p.structure.id for p in nationales}:
                repli = Proposition(vue, formulations()["raison"]["repli"], 1, vue.est_ouvert(at))
        return Orientation(vue_situation, lieu, locales, tuple(nationales), repli)

    def unites_competentes(self, lieu: Resolution | None) -> list[StructureVue]:
        """Commissariat ou gendarmerie où porter plainte : pour une commune, l'unité la plus précise de sa
        zone (commissariat, brigade, sinon compagnie) ; pour un code postal ou un secteur, celles de ses
        communes ; sans lieu précis (département, lieu inconnu), police et gendarmerie. Hors 41 : aucune."""
        if lieu is not None and not lieu.dans_le_41 and lieu.statut != "inconnue":
            return []
        accueils = [v for v in self.instantane().vues.values() if _accueil_forces(v)]
        if lieu is not None and lieu.commune:
            communes = [lieu.commune]
        elif lieu is not None and lieu.candidats:
            communes = sorted(lieu.candidats, key=lambda c: c.code)
        elif lieu is not None and lieu.arrondissement:
            communes = sorted((c for c in self.territoire.communes.values() if c.arrondissement == lieu.arrondissement),
                              key=lambda c: c.code)
        else:
            communes = []
        if not communes:
            return sorted((v for v in accueils if v.portee == "departement"), key=lambda v: (v.zone != "police", v.nom))
        unites: list[StructureVue] = []
        for commune in communes:
            ici = {("commune", commune.code), ("arrondissement", commune.arrondissement), ("departement", "41")}
            possibles = [v for v in accueils if v.zone == commune.zone and ici & set(v.mailles)]
            meilleure = min(possibles, key=lambda v: (_SPECIFICITE[v.mailles[0][0]], v.nom), default=None)
            if meilleure is not None and meilleure not in unites:
                unites.append(meilleure)
        return sorted(unites, key=lambda v: (_SPECIFICITE[v.mailles[0][0]], v.zone != "police", v.nom))

    def _avec_unites_competentes(self, propositions: list[Proposition], situation: str, lieu: Resolution | None,
                                 at: datetime, limite: int) -> tuple[Proposition, ...]:
        """Remplace l'entrée générale « police » ou « gendarmerie » par l'unité compétente pour le lieu ;
        pour porter plainte, la donne toujours, même quand le lieu est imprécis (limite dépassée au besoin)."""
        position = next((i for i, p in enumerate(propositions) if _accueil_forces(p.structure)), None)
        if position is None and situation not in SITUATIONS_AVEC_FORCES:
            return tuple(propositions[:limite])
        unites = self.unites_competentes(lieu)
        if not unites:
            return tuple(propositions[:limite])
        rang = propositions[position].rang if position is not None else 1
        autres = [p for p in propositions if not _accueil_forces(p.structure)]
        position = sum(1 for p in propositions[:position or 0] if not _accueil_forces(p.structure))
        raison = ("commissariat ou gendarmerie compétent pour votre commune" if lieu is not None and lieu.commune
                  else "commissariat ou gendarmerie selon votre commune exacte")
        propres = [Proposition(v, raison, rang, v.est_ouvert(at)) for v in unites]
        return tuple((autres[:position] + propres + autres[position:])[:max(limite, position + len(propres))])

    def find_structure(
        self, texte: str, commune: str | Resolution | None = None, limite: int = 3
    ) -> list[StructureVue]:
        """Retrouve une structure citée par un professionnel (« la CTAF de Romorantin »)."""
        return [vue for vue, _ in self.find_structure_scores(texte, commune, limite)]

    def dispositifs_nommes(self, texte: str) -> list[StructureVue]:
        """Structures dont le sigle (TGD, CRIP, ISCG, CTAF…) est écrit dans le texte, dans l'ordre du texte.

        Un sigle qui est aussi un mot courant (« bar », « caf ») ne compte qu'écrit en capitales.
        """
        texte = texte[:2000]
        minuscules = f" {normaliser(texte)} "
        instantane = self.instantane()
        positions: dict[str, int] = {}
        for motif, sigle_minuscule, identifiant in instantane.sigles:
            capitales = motif.search(texte) if motif is not None else None
            position = capitales.start() if capitales else (
                minuscules.find(f" {sigle_minuscule} ") if sigle_minuscule else -1)
            if position >= 0 and position < positions.get(identifiant, len(minuscules) + 1):
                positions[identifiant] = position
        return [instantane.vues[i] for i in sorted(positions, key=lambda i: (positions[i], i))]

    def find_structure_scores(
        self, texte: str, commune: str | Resolution | None = None, limite: int = 3
    ) -> list[tuple[StructureVue, float]]:
        """Comme find_structure, avec le score (ex æquo : plusieurs structures portent le même nom court)."""
        index = self._index_alias()
        tokens = normaliser(texte[:300]).split()
        scores: dict[str, float] = {}
        for _, _, morceau in ngrammes(tokens, 8):
            for structure_id in index.get(morceau, ()):
                scores[structure_id] = max(scores.get(structure_id, 0.0), 100.0 + len(morceau))
        mots = [t for t in tokens if not t.isdigit()]  # « 25 000 euros » ne désigne pas le 116 000
        if not scores:
            scores = _contenus_dans_un_nom(mots, index)
        if not scores:
            essais = [m for _, _, m in ngrammes(mots, 5) if len(m) >= 5]
            for essai in essais:
                for alias, score, _ in process.extract(essai, list(index), scorer=fuzz.ratio, score_cutoff=88, limit=3):
                    for structure_id in index[alias]:
                        scores[structure_id] = max(scores.get(structure_id, 0.0), score)
        if not scores:
            return []
        vues = {v.id: v for v in self.structures(list(scores))}
        lieu = self._lieu(commune) if commune is not None else self.territoire.chercher_dans_phrase(tokens)
        mailles_lieu: set[tuple[str, str]] = set()
        if lieu is not None and lieu.commune:
            mailles_lieu = {("commune", lieu.commune.code), ("arrondissement", lieu.commune.arrondissement)}
        elif lieu is not None and lieu.arrondissement:
            mailles_lieu = {("arrondissement", lieu.arrondissement)}

        def cle(structure_id: str) -> tuple:
            vue = vues[structure_id]
            local = bool(mailles_lieu & set(vue.mailles))
            return (-scores[structure_id], not local, vue.nom)

        ordre = sorted(vues, key=cle)
        ex_aequo = sum(1 for i in ordre if scores[i] == scores[ordre[0]])
        # Un nom générique porté par plusieurs structures (« point-justice », « CTAF ») : toutes, pas trois.
        retenues = ordre[:max(limite, min(ex_aequo, EX_AEQUO_MAX))]
        return [(vues[i], scores[i] + (1.0 if mailles_lieu & set(vues[i].mailles) else 0.0)) for i in retenues]

    def contacts_sans_source(self) -> list[tuple[str, str]]:
        """Contrôle d'intégrité : contacts sans source (doit rester vide)."""
        with Session(self.moteur, future=True) as session:
            lignes = session.execute(
                select(ContactLigne.structure_id, ContactLigne.valeur).where(
                    (ContactLigne.source.is_(None)) | (ContactLigne.source == "")
                )
            ).all()
        return [tuple(x) for x in lignes]


_par_defaut: Annuaire | None = None
_verrou_defaut = threading.Lock()


def annuaire() -> Annuaire:
    """L'annuaire du processus (un moteur par processus)."""
    global _par_defaut
    if _par_defaut is None:
        with _verrou_defaut:
            if _par_defaut is None:
                _par_defaut = Annuaire()
    return _par_defaut


def precharger() -> bool:
    """Lit l'annuaire du processus tout de suite (démarrage du serveur d'actions) : la première
    personne n'attend pas la lecture de la base. Sans effet si la base SQLite n'est pas encore
    construite ; si la base est injoignable, la lecture sera retentée à la première demande."""
    fichier = fichier_sqlite()
    if fichier is not None and not fichier.exists():
        return False
    try:
        instantane = annuaire().instantane()
    except SQLAlchemyError as erreur:
        journal.warning("Annuaire illisible au démarrage (%s) : nouvel essai à la première demande.",
                        type(erreur).__name__)
        return False
    journal.info("Annuaire chargé au démarrage (%d structures).", len(instantane.vues))
    return True


def orient(situation: str, commune: str | None = None, profile: str | None = None,
           at: datetime | None = None) -> Orientation:
    """Raccourci vers Annuaire.orient sur l'annuaire du processus."""
    return annuaire().orient(situation, commune, profile, at)


def find_structure(texte: str, commune: str | None = None) -> list[StructureVue]:
    """Raccourci vers Annuaire.find_structure."""
    return annuaire().find_structure(texte, commune)


def resolve_commune(texte: str) -> Resolution:
    """Raccourci vers Annuaire.resolve_commune."""
    return annuaire().resolve_commune(texte)
