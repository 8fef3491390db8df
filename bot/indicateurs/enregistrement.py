"""Enregistrement des événements anonymes par le serveur d'actions.

API : une ligne à la fin de chaque orientation, réponse ou incompréhension d'une action :

    from bot import indicateurs
    indicateurs.noter(tracker, dispatcher, "oriente", situation=situations[0], lieu=lieu, profil=profil)

`noter` ne bloque pas et ne lève jamais : il lit le tracker et les messages déjà préparés, puis
l'écriture part dans un fil à part (base de l'annuaire, table `indicateur_evenement`). Le bot
répond de la même façon que l'enregistrement soit actif, coupé ou en panne.

Ce qui n'est pas vu par le serveur d'actions est lu au tour suivant, dans le tracker :
- **le chemin du danger** n'utilise que des règles (ni serveur d'actions, ni base) et le reste :
  l'événement suivant de la conversation porte `danger = oui` si un message de danger
  (intention `urgence` ou `idees_suicidaires`) a eu lieu depuis l'événement précédent. Une
  personne qui repart après le message d'urgence, sans autre échange, n'est donc pas comptée ;
- **le hors-sujet** (`hors_sujet`, règles seulement) : un événement `hors_champ` par message
  hors sujet depuis l'événement précédent, écrit avec l'événement suivant (même limite).
Pour savoir où s'arrête « depuis l'événement précédent », le dernier message du bot de chaque
événement porte une marque sans contenu (`indicateur: true` dans ses métadonnées, jamais envoyée
au navigateur) ; elle vit dans le tracker, effacé avec lui (24 h).

Coupures : INDICATEURS=0 coupe tout ; INDICATEURS_PARTENAIRES_EXCLUS (identifiants séparés par
des espaces ou des virgules) coupe l'enregistrement des conversations venues de ces sites.
INDICATEURS_PARTENAIRES liste les identifiants de partenaires déclarés : un identifiant envoyé
par le navigateur qui n'y figure pas est écrit « autre » (le navigateur peut envoyer n'importe
quoi ; seule une valeur choisie par l'exploitant est écrite).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy.exc import SQLAlchemyError

from bot.indicateurs import stockage
from knowledge.horaires import FUSEAU
from knowledge.lieu import NOMS_ARRONDISSEMENTS, Lieu
from knowledge.provenance import plus_ancienne_que

if TYPE_CHECKING:
    from knowledge.annuaire import Annuaire, StructureVue

journal = logging.getLogger(__name__)

Issue = Literal["oriente", "question_repondue", "non_compris", "hors_champ"]
ISSUES: tuple[str, ...] = ("oriente", "question_repondue", "non_compris", "hors_champ")
PROFILS = ("victime", "proche", "professionnel")
ECHECS = ("aucun", "non_compris", "sans_structure_locale", "sans_contact_verifie")
ARRONDISSEMENTS = (*sorted(NOMS_ARRONDISSEMENTS), "41", "hors_41", "non_precise")
TRANCHES = (0, 4, 8, 12, 16, 20)
INTENTIONS_DANGER = frozenset({"urgence", "idees_suicidaires"})
INTENTION_HORS_SUJET = "hors_sujet"
#: Clé posée dans les métadonnées du dernier message du bot de chaque événement.
MARQUE = "indicateur"
#: Un contact est « vérifié » s'il a été confirmé depuis moins de 12 mois (comme `python -m knowledge gaps`).
MOIS_CONTACT_VERIFIE = 12
_SEPARATEURS = re.compile(r"[\s,]+")


# --- Réglages ------------------------------------------------------------------------------


def actif() -> bool:
    """Faux si l'exploitant a coupé l'enregistrement (INDICATEURS=0, non, false, off)."""
    return os.environ.get("INDICATEURS", "1").strip().lower() not in ("0", "non", "false", "off", "no")


def _liste(variable: str) -> frozenset[str]:
    return frozenset(v for v in _SEPARATEURS.split(os.environ.get(variable, "")) if v)


def partenaires_exclus() -> frozenset[str]:
    """Sites partenaires qui ont demandé à ne pas être comptés."""
    return _liste("INDICATEURS_PARTENAIRES_EXCLUS")


def partenaires_declares() -> frozenset[str]:
    """Identifiants de partenaires écrits tels quels (les autres deviennent « autre »)."""
    return _liste("INDICATEURS_PARTENAIRES")


# --- Lecture du tracker (dans la boucle du serveur d'actions : rapide, sans base) ---------------


@dataclass(frozen=True)
class Brouillon:
    """Ce qu'on sait d'un événement avant de consulter l'annuaire (gardé en mémoire seulement)."""

    moment: datetime
    issue: str
    situation: str | None
    lieu: str | None
    profil: str | None
    danger: bool
    premier: bool
    partenaire: str | None
    messages_du_bot: tuple[str, ...] = ()


def _intention(evenement: dict[str, Any]) -> str | None:
    return ((evenement.get("parse_data") or {}).get("intent") or {}).get("name")


def _partenaire(evenement: dict[str, Any] | None) -> str | None:
    valeur = ((evenement or {}).get("metadata") or {}).get("partenaire")
    return valeur if isinstance(valeur, str) and valeur else None


def tours_depuis_la_marque(evenements: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], bool]:
    """Messages de la personne depuis le dernier événement noté de cette session (ordre
    chronologique), et s'il y en a eu un avant (sinon c'est le premier de la conversation)."""
    tours: list[dict[str, Any]] = []
    marque = False
    for evenement in reversed(evenements):
        genre = evenement.get("event")
        if genre == "session_started":
            break
        if genre == "bot" and (evenement.get("metadata") or {}).get(MARQUE):
            marque = True
            break
        if genre == "user":
            tours.append(evenement)
    tours.reverse()
    return tours, marque


def brouillons(evenements: Sequence[dict[str, Any]], issue: str, situation: str | None, lieu: str | None,
               profil: str | None, messages_du_bot: Iterable[str], moment: datetime) -> list[Brouillon]:
    """L'événement de ce tour, précédé d'un événement `hors_champ` par message hors sujet resté sans
    événement depuis le précédent."""
    tours, deja = tours_depuis_la_marque(evenements)
    courant = tours[-1] if tours else None
    resultat: list[Brouillon] = []
    for tour in tours[:-1]:
        if _intention(tour) == INTENTION_HORS_SUJET:
            resultat.append(Brouillon(moment, "hors_champ", None, None, profil, False, not deja and not resultat,
                                      _partenaire(tour)))
    danger = any(_intention(t) in INTENTIONS_DANGER for t in tours)
    resultat.append(Brouillon(moment, issue, situation, lieu, profil, danger, not deja and not resultat,
                              _partenaire(courant), tuple(messages_du_bot)))
    return resultat


# --- Du brouillon à la ligne (dans le fil d'écriture : l'annuaire peut interroger la base) ------


def tranche(moment: datetime) -> int:
    """Heure de début de la tranche de 4 heures (heure de Paris)."""
    return moment.astimezone(FUSEAU).hour // 4 * 4


def arrondissement(lieu: str | None, index: Annuaire) -> str:
    """L'arrondissement du lieu (jamais la commune) : 411, 412, 413, 41, hors_41 ou non_precise."""
    valeur = Lieu.lire(lieu)
    if valeur is None or valeur.genre in ("refus", "inconnu"):
        return "non_precise"
    if valeur.genre == "hors":
        return "hors_41"
    if valeur.genre in ("departement", "ambigu"):
        return "41"
    if valeur.genre == "arrondissement":
        return valeur.code if valeur.code in NOMS_ARRONDISSEMENTS else "41"
    commune = index.commune(valeur.code or "")
    if commune is not None and commune.arrondissement in NOMS_ARRONDISSEMENTS:
        return commune.arrondissement
    return "non_precise"


_titres: dict[str | None, tuple[dict[str, str], dict[str, str]]] = {}
_verrou_titres = threading.Lock()


def _index_des_titres(index: Annuaire) -> tuple[dict[str, str], dict[str, str]]:
    """Première ligne de la fiche de chaque structure, et son nom, vers son identifiant."""
    from knowledge.presentation import fiche, maintenant

    instantane = index.instantane()
    with _verrou_titres:
        if instantane.empreinte not in _titres:
            moment = maintenant()
            titres: dict[str, str] = {}
            noms: dict[str, str] = {}
            for vue in index.toutes():
                titres.setdefault(fiche(vue, moment).split("\n", 1)[0].strip(), vue.id)
                noms.setdefault(vue.nom.strip(), vue.id)
            _titres.clear()
            _titres[instantane.empreinte] = (titres, noms)
        return _titres[instantane.empreinte]


def structures_proposees(messages: Iterable[str], index: Annuaire) -> list[str]:
    """Identifiants des structures et lignes dont le bot a envoyé la fiche (première ligne = titre
    de la fiche) ou la ligne « • Nom : comment la joindre », dans l'ordre d'envoi."""
    titres, noms = _index_des_titres(index)
    trouves: list[str] = []
    for message in messages:
        lignes = (message or "").split("\n")
        candidats = [titres.get(lignes[0].strip())]
        candidats += [noms.get(ligne[2:].split(" : ", 1)[0].strip()) for ligne in lignes if ligne.startswith("• ")]
        trouves += [c for c in candidats if c and c not in trouves]
    return trouves


def contact_verifie(structure: StructureVue, jour: date) -> bool:
    """Un téléphone ou un SMS confirmé depuis moins de 12 mois (date connue), comme le dit
    `python -m knowledge gaps` (knowledge.provenance)."""
    return any(c.confirme_le is not None and not plus_ancienne_que(c.confirme_le, jour, MOIS_CONTACT_VERIFIE)
               for c in structure.contacts_de_type("telephone", "sms"))


def echec(issue: str, zone: str, proposees: list[str], jour: date, index: Annuaire) -> str:
    """aucun, non_compris, sans_structure_locale (orientation sans structure locale proposée) ou
    sans_contact_verifie (structures locales proposées, aucune avec un téléphone ou un SMS vérifié
    depuis moins de 12 mois). Hors Loir-et-Cher, l'absence de structure locale n'est pas un échec."""
    if issue == "non_compris":
        return "non_compris"
    if issue != "oriente" or zone == "hors_41":
        return "aucun"
    locales = [s for s in index.structures(proposees) if s.portee != "national"]
    if not locales:
        return "sans_structure_locale"
    if not any(contact_verifie(s, jour) for s in locales):
        return "sans_contact_verifie"
    return "aucun"


def ligne(brouillon: Brouillon, index: Annuaire) -> dict[str, Any]:
    """La ligne écrite : chaque valeur vient d'une liste fermée (ou est une date)."""
    jour = brouillon.moment.astimezone(FUSEAU).date()
    zone = arrondissement(brouillon.lieu, index)
    situation = brouillon.situation if brouillon.situation in index.situations() else (
        "aucune" if not brouillon.situation else "autre")
    proposees = structures_proposees(brouillon.messages_du_bot, index)
    partenaire = brouillon.partenaire
    if partenaire is None:
        partenaire = "aucun"
    elif partenaire not in partenaires_declares():
        partenaire = "autre"
    return {
        "jour": jour,
        "tranche": tranche(brouillon.moment),
        "arrondissement": zone,
        "situation": situation,
        "profil": brouillon.profil if brouillon.profil in PROFILS else "inconnu",
        "danger": brouillon.danger,
        "issue": brouillon.issue,
        "echec": echec(brouillon.issue, zone, proposees, jour, index),
        "proposees": proposees,
        "partenaire": partenaire,
        "premier": brouillon.premier,
    }


# --- Écriture en arrière-plan ------------------------------------------------------------------


class Ecrivain:
    """Un fil qui écrit les événements dans la base de l'annuaire ; une panne est dite une fois."""

    def __init__(self) -> None:
        self._executeur = ThreadPoolExecutor(max_workers=1, thread_name_prefix="indicateurs")
        self._en_cours: set[Future] = set()
        self._verrou = threading.Lock()
        self._table_prete: set[str] = set()
        self._purge_du_jour: date | None = None
        self._panne_signalee = False

    def soumettre(self, brouillons: list[Brouillon]) -> None:
        futur = self._executeur.submit(self._ecrire, brouillons)
        with self._verrou:
            self._en_cours.add(futur)
        futur.add_done_callback(self._fini)

    def _fini(self, futur: Future) -> None:
        with self._verrou:
            self._en_cours.discard(futur)

    def attendre(self, delai: float = 30) -> None:
        with self._verrou:
            en_cours = set(self._en_cours)
        wait(en_cours, timeout=delai)

    def _ecrire(self, brouillons: list[Brouillon]) -> None:
        from knowledge.annuaire import annuaire

        try:
            index = annuaire()
            moteur = index.moteur
            cle = str(moteur.url)
            if cle not in self._table_prete:
                stockage.creer_table(moteur)
                self._table_prete.add(cle)
            stockage.ecrire(moteur, [ligne(b, index) for b in brouillons])
            if self._purge_du_jour != date.today():  # filet : la purge horaire fait de même
                stockage.purger(moteur)
                self._purge_du_jour = date.today()
            if self._panne_signalee:
                journal.warning("Indicateurs : écriture rétablie.")
                self._panne_signalee = False
        except (SQLAlchemyError, OSError) as erreur:
            self._table_prete.clear()
            if not self._panne_signalee:
                journal.warning("Indicateurs : événement non écrit (%s) ; le bot n'est pas touché.",
                                type(erreur).__name__)
                self._panne_signalee = True
        except Exception as erreur:  # jamais d'effet sur la conversation
            journal.error("Indicateurs : erreur inattendue (%s).", type(erreur).__name__)


_ecrivain: Ecrivain | None = None
_verrou_ecrivain = threading.Lock()


def ecrivain() -> Ecrivain:
    """L'écrivain du processus."""
    global _ecrivain
    if _ecrivain is None:
        with _verrou_ecrivain:
            if _ecrivain is None:
                _ecrivain = Ecrivain()
    return _ecrivain


def attendre_ecritures(delai: float = 30) -> None:
    """Attend la fin des écritures en cours (tests, arrêt propre)."""
    ecrivain().attendre(delai)


# --- L'API des actions -------------------------------------------------------------------------


def noter(tracker: Any, dispatcher: Any, issue: Issue, *, situation: str | None = None,
          lieu: Lieu | str | None = None, profil: str | None = None) -> None:
    """Note un événement anonyme à la fin d'une action ; ne bloque pas, ne lève jamais.

    `tracker`, `dispatcher` : ceux de `Action.run` ; `issue` : oriente, question_repondue,
    non_compris ou hors_champ. `situation`, `lieu` (Lieu ou valeur du slot) et `profil` : ce que
    l'action vient de décider (par défaut, les slots du tracker, qui ne voient pas encore les
    SlotSet que l'action va renvoyer). À appeler après le dernier `utter_message`.
    """
    if not actif():
        return
    try:
        if issue not in ISSUES:
            raise ValueError(f"issue inconnue : {issue!r}")
        evenements = list(tracker.events or [])
        if isinstance(lieu, Lieu):
            lieu = lieu.ecrire()
        notes = brouillons(
            evenements, issue,
            situation if situation is not None else tracker.get_slot("situation"),
            lieu if lieu is not None else tracker.get_slot("lieu"),
            profil if profil is not None else tracker.get_slot("profil"),
            [m.get("text") or "" for m in dispatcher.messages],
            datetime.now(FUSEAU),
        )
        exclus = partenaires_exclus()
        if notes[-1].partenaire in exclus:
            return
        notes = [n for n in notes if n.partenaire not in exclus]
        if dispatcher.messages:
            dispatcher.messages[-1][MARQUE] = True
        ecrivain().soumettre(notes)
    except Exception as erreur:  # le bot répond pareil, quoi qu'il arrive ici
        journal.error("Indicateurs : événement ignoré (%s).", type(erreur).__name__)
