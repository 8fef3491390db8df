"""Actions Rasa : adaptateurs minces autour de knowledge (annuaire, lieu, réponses composées)."""

from __future__ import annotations

import asyncio
import logging
import re
from abc import ABCMeta, abstractmethod
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, ClassVar, TypeVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from bot import indicateurs
from knowledge.annuaire import Annuaire, SituationInconnue, annuaire
from knowledge.formulations import dire
from knowledge.lieu import Lieu
from knowledge.presentation import Message, fiche, maintenant, messages_orientation
from knowledge.questions import SITUATION_DU_THEME, Question, question_de_cle, questions
from knowledge.recit import CONFIANCE_CLASSIFIEUR_SURE, peut_s_ajouter, situations_du_texte, situations_retenues
from knowledge.regles import (
    apaise,
    arrivee_de_l_agresseur,
    danger_dans_la_suite,
    demande_l_adresse_d_une_personne,
    demande_une_adresse,
    est_hostile,
    est_question,
    est_refus,
    exprime_peur,
    se_presente,
)
from knowledge.reponse import composer, ligne_danger, reponse_question
from knowledge.selection_questions import themes_nommes
from knowledge.texte import normaliser

journal = logging.getLogger(__name__)
T = TypeVar("T")
_indisponible_signale = False
#: Similarité (knowledge.selection_questions) à partir de laquelle la question choisie est tenue pour sûre.
CONFIANCE_QUESTION = 0.45
#: En dessous de CONFIANCE_QUESTION, la réponse n'est donnée qu'à une vraie question, et au-dessus de ce seuil.
CONFIANCE_QUESTION_PROBABLE = 0.25
#: Un message rangé hors sujet ne reçoit la réponse à une question que s'il en est aussi proche.
CONFIANCE_HORS_SUJET = 0.7
#: « il arrive », « il est rentré », « j'entends sa voiture » : un message bref, dans une conversation de violences.
MOTS_D_UNE_ALERTE = 12
#: « trop tard il est rentré plus tôt, il a vu les valises et il serre les poings » : l'arrivée dite en une
#: phrase (un récit plus long est lu par le détecteur).
MOTS_D_UNE_ARRIVEE = 20
#: Au-delà de ces mots, un message rangé « lieu » où aucun lieu n'est trouvé est lu comme un récit.
LONGUEUR_D_UN_LIEU = 8
#: Un professionnel pose des questions de procédure : sa question est reconnue un peu plus bas.
CONFIANCE_QUESTION_PROFESSIONNEL = 0.35
#: Une question sans rapport avec la situation que le texte décrit (aucune ligne en commun) doit être très proche.
CONFIANCE_QUESTION_HORS_SITUATION = 0.6


async def en_arriere_plan(fonction: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Appel bloquant (base de données) hors de la boucle d'événements du serveur d'actions."""
    return await asyncio.get_running_loop().run_in_executor(None, partial(fonction, *args, **kwargs))


def envoyer(dispatcher: CollectingDispatcher, messages: list[Message]) -> None:
    """Envoie des messages de knowledge.presentation."""
    for message in messages:
        boutons = [{"title": titre, "payload": charge} for titre, charge in message.boutons]
        dispatcher.utter_message(text=message.texte, buttons=boutons or None)


def signaler_indisponibilite(dispatcher: CollectingDispatcher, erreur: Exception) -> None:
    """Excuse honnête et numéros d'urgence du domaine ; une seule ligne de journal par panne."""
    global _indisponible_signale
    if not _indisponible_signale:
        journal.error("Annuaire indisponible : %s", type(erreur).__name__)
        _indisponible_signale = True
    dispatcher.utter_message(response="utter_service_indisponible")


def _entite(tracker: Tracker, nom: str) -> str | None:
    return next(tracker.get_latest_entity_values(nom), None)


def _texte(tracker: Tracker) -> str:
    """Le texte du dernier message de la personne ("" sans texte)."""
    return tracker.latest_message.get("text") or ""


def _intention(tracker: Tracker) -> str:
    """L'intention prédite pour le dernier message ("" sans intention)."""
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def _message_de_la_situation(tracker: Tracker) -> dict[str, Any]:
    """Le dernier message de la personne qui a décrit une situation (texte, entités, situation, confiance)."""
    for evenement in (e for e in reversed(tracker.events) if e.get("event") == "user"):
        analyse = evenement.get("parse_data") or {}
        intention = analyse.get("intent") or {}
        nom = intention.get("name") or ""
        if nom.startswith("situation_"):
            return {"texte": evenement.get("text") or "", "entites": analyse.get("entities") or [],
                    "confiance": float(intention.get("confidence") or 0.0),
                    "situation": nom.removeprefix("situation_")}
    return {"texte": "", "entites": [], "confiance": 1.0, "situation": None}


def _avant_le_dernier_message(tracker: Tracker) -> Iterator[dict[str, Any]]:
    """Les événements d'avant le dernier message de la personne, du plus récent au plus ancien."""
    evenements = reversed(tracker.events)
    for evenement in evenements:
        if evenement.get("event") == "user":
            break
    yield from evenements


def _action_d_avant(tracker: Tracker) -> str | None:
    """La dernière action du bot avant le dernier message de la personne (hors écoute)."""
    for evenement in _avant_le_dernier_message(tracker):
        if evenement.get("event") == "user":
            return None
        if evenement.get("event") == "action" and evenement.get("name") != "action_listen":
            return evenement.get("name")
    return None


def _situation_d_avant(tracker: Tracker) -> str | None:
    """La situation en cours avant le dernier message (son intention a pu remplir le slot depuis)."""
    return next((e.get("value") for e in _avant_le_dernier_message(tracker)
                 if e.get("event") == "slot" and e.get("name") == "situation"), None)


def lieu_dans_le_texte(index: Annuaire, texte: str, entite: str | None = None) -> Lieu | None:
    """Un lieu cité dans un message : entité « commune », sinon n'importe où dans la phrase ; une commune du
    Loir-et-Cher citée dans la phrase passe devant une entité hors du département (« à Blois, parfois à
    Orléans »)."""
    resolution = index.territoire.resoudre(entite) if entite else None
    if resolution is None or resolution.statut in ("inconnue", "hors_41"):
        dans_la_phrase = index.territoire.chercher_dans_phrase(normaliser(texte).split())
        if dans_la_phrase is not None and (resolution is None or resolution.statut == "inconnue"
                                           or dans_la_phrase.statut != "hors_41"):
            resolution = dans_la_phrase
    return Lieu.depuis_resolution(resolution)


class ActionGardee(Action, metaclass=ABCMeta):
    """Une action dont la réponse passe après `avant_tout` (le danger qui se rapproche, l'adresse d'une personne,
    et si PROVOCATION, la provocation). Une action qui en délègue une autre appelle `repondre`, sans refaire
    ces contrôles. Abstraite : le serveur d'actions ne l'enregistre pas."""

    PROVOCATION = False

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        ecarte = await avant_tout(dispatcher, tracker, hostile=self.PROVOCATION)
        if ecarte is not None:
            return ecarte
        return await self.repondre(dispatcher, tracker, domain)

    @abstractmethod
    async def repondre(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """La réponse de l'action, une fois les contrôles passés."""


class ActionOrienter(ActionGardee):
    """Répond d'abord (que faire, lignes qui correspondent), puis localise si la commune est connue."""

    PROVOCATION = True  # rangé en situation, mais une provocation : la réponse polie

    def name(self) -> str:
        return "action_orienter"

    async def repondre(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        lieu = Lieu.lire(tracker.get_slot("lieu"))
        if lieu is None and tracker.latest_action_name == "action_memoriser_lieu":
            return []  # la commune n'est pas encore claire : la question vient d'être reposée
        lieu_redemande = bool(tracker.get_slot("lieu_demande"))
        recit = _message_de_la_situation(tracker)
        dernier = _texte(tracker)
        texte = recit["texte"] or dernier
        source_entites = recit["entites"] if recit["texte"] else tracker.latest_message.get("entities") or []
        entites = {e["entity"]: e["value"] for e in source_entites if e.get("entity") in ("role", "mineur")}
        intention = _intention(tracker)
        situation = tracker.get_slot("situation")
        lues_dans_le_dernier = situations_du_texte(dernier)
        court = len(dernier.split()) <= 4 and not lues_dans_le_dernier
        if court and lieu is None and ((intention == "demander_aide" and situation)
                                       or intention.startswith("situation_")):
            # « Montrichard » pris pour une demande d'aide, « Cellettes » pour une situation : c'est la
            # commune de la situation en cours.
            try:
                lieu_donne = await en_arriere_plan(_lieu_de_la_reponse, annuaire(), dernier, None)
            except SQLAlchemyError:
                lieu_donne = None
            precedente = situation if intention == "demander_aide" else _situation_d_avant(tracker)
            if lieu_donne is not None and lieu_donne.est_precis and precedente:
                return await orienter_avec(dispatcher, tracker, domain, lieu=lieu_donne.ecrire(), situation=precedente)
        confiance = recit["confiance"] if recit["texte"] else 1.0
        if intention in ("demander_aide", "est_ce_violence"):
            # Le message du moment décrit la situation, pas celui d'avant : elle vient déjà du texte.
            texte, confiance = dernier, 1.0
            situation = None if intention == "demander_aide" else (situations_du_texte(texte) or
                                                                   ["violences_conjugales"])[0]
        situations = situations_retenues(situation, texte, entites.get("mineur") == "oui", confiance)
        if situations and intention.startswith("situation_") and confiance < CONFIANCE_CLASSIFIEUR_SURE \
                and not lues_dans_le_dernier:
            # Un classifieur peu sûr sur un message qui ne dit pas sa situation (« jveu pa kil aille en prison »
            # rangé en prostitution, après un enfant en danger) : la suite de la situation d'avant.
            precedente = _situation_d_avant(tracker)
            if precedente and precedente != situations[0]:
                situations = [precedente]
        if not situations:
            question = _question_predite(tracker, CONFIANCE_QUESTION) if est_question(dernier) else None
            if question is not None:  # « j'ai besoin d'aide : où porter plainte ? »
                return await _repondre(dispatcher, tracker, question)
            # La suite de ce qui a été dit ; le slot vient d'être rempli par l'intention de ce message-ci, s'il en
            # a une : la situation d'avant est celle du message précédent.
            suite = _situation_d_avant(tracker) if intention.startswith("situation_") else tracker.get_slot("situation")
            if not suite or court:
                try:
                    nommes = [] if court else await en_arriere_plan(dispositifs_cites, annuaire(), dernier)
                except SQLAlchemyError:
                    nommes = []
                if nommes:  # « le CIDFF tient-il des permanences à Vendôme ? » : sa fiche
                    return montrer_dispositifs(dispatcher, tracker, nommes)
                return await choisir_en_aidant(dispatcher, tracker, dernier)
            situations = [suite]
        evenements: list[EventType] = []
        if situations[0] != tracker.get_slot("situation"):
            evenements.append(SlotSet("situation", situations[0]))
        profil = tracker.get_slot("profil")
        if profil != "professionnel":
            profil = entites.get("role", "victime")
        try:
            index = annuaire()
            if lieu is None:
                lieu = await en_arriere_plan(lieu_dans_le_texte, index, texte, _entite(tracker, "commune"))
                if lieu is not None and lieu.est_precis:
                    evenements.append(SlotSet("lieu", lieu.ecrire()))
                else:
                    lieu = None
        except SQLAlchemyError as erreur:
            signaler_indisponibilite(dispatcher, erreur)
            return []
        if lieu is not None and lieu.est_hors_41:
            dispatcher.utter_message(response="utter_hors_departement",
                                     lieu_libelle=lieu.libelle(index) or "Ce lieu")
        nommes = dispositifs_cites(index, dernier) if est_question(dernier) else []
        question = question_posee(tracker, index, dernier, profil, nommes)
        if question is not None:  # « mon mari me frappe, puis-je partir avec les enfants ? » : la réponse d'abord
            suite = await _repondre(dispatcher, tracker, question, situations[0], tuple(situations[1:]))
            fiches_en_plus(dispatcher, question, nommes)
            if lieu is None:  # puis la commune, proposée seulement
                dispatcher.utter_message(text=dire("proposer_lieu"), buttons=[
                    {"title": dire("bouton_pas_de_lieu"), "payload": dire("bouton_pas_de_lieu")}])
            return [*evenements, SlotSet("profil", profil), SlotSet("lieu_demande", lieu is None), *suite]
        if nommes and (profil == "professionnel" or not lues_dans_le_dernier):
            # « à qui adresser une demande de TGD », « le 119, c'est anonyme ? » : la fiche du dispositif
            return [SlotSet("profil", profil), *montrer_dispositifs(dispatcher, tracker, nommes)]
        try:  # l'orientation n'est composée que si elle est la réponse
            reponse = await en_arriere_plan(composer, index, situations, lieu, profil, maintenant(),
                                            lieu_redemande and lieu is not None)
        except (SQLAlchemyError, SituationInconnue) as erreur:
            signaler_indisponibilite(dispatcher, erreur)
            return []
        if intention == "est_ce_violence":  # « c'est normal qu'il fouille mon téléphone ? » : les repères d'abord
            dispatcher.utter_message(response="utter_violentometre")
        envoyer(dispatcher, reponse.messages)
        if profil == "proche" and any(index.situation(s).violence for s in situations):
            dispatcher.utter_message(response="utter_conseils_proche")
        indicateurs.noter(tracker, dispatcher, "oriente", situation=situations[0], lieu=lieu, profil=profil)
        return [*evenements, SlotSet("lieu_demande", reponse.demander_lieu), SlotSet("profil", profil),
                SlotSet("incomprehensions", 0.0)]


async def orienter_avec(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                        **slots: str) -> list[EventType]:
    """Oriente tout de suite, dans la même action, avec ces slots en plus.

    Pas de FollowupAction : après une action enchaînée, aucune règle ne prévoyait la suite et le
    repli de Rasa (action_default_fallback) annulait le tour, slots compris (« Montrichard » après
    un récit lu par action_incomprehension ne retrouvait plus la situation).
    """
    tracker.slots.update(slots)
    # Le danger et l'adresse ont été vus par l'action qui délègue ; la provocation, seulement par ActionOrienter.
    ecarte = await provocation(dispatcher, tracker)
    evenements = ecarte if ecarte is not None else await ActionOrienter().repondre(dispatcher, tracker, domain)
    return [*(SlotSet(nom, valeur) for nom, valeur in slots.items()), *evenements]


#: Au-delà, un message n'est pas un simple échange (« vous êtes un robot ? », « merci beaucoup »).
MOTS_D_UN_ECHANGE = 7
#: Au-delà, un message n'est pas le bouton « Autres possibilités » ni « encore ? ».
MOTS_D_UN_BOUTON = 4


class ActionAutresOptions(ActionGardee):
    """Structures suivantes pour la même situation et le même lieu."""

    def name(self) -> str:
        return "action_autres_options"

    async def repondre(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        situation = tracker.get_slot("situation")
        texte = _texte(tracker)
        if not situation and len(texte.split()) > MOTS_D_UN_BOUTON:
            # « que peut-il proposer aux parents ? » rangé « autres possibilités » : une question, pas un bouton
            return await ActionRepondreQuestion().repondre(dispatcher, tracker, domain)
        if not situation:
            dispatcher.utter_message(response="utter_pas_de_situation")
            return []
        lieu = Lieu.lire(tracker.get_slot("lieu"))
        try:
            index = annuaire()
            resolution = lieu.resolution(index) if lieu is not None else None
            moment = maintenant()
            orientation = await en_arriere_plan(index.orient, situation, resolution, tracker.get_slot("profil"),
                                                moment, 6)
        except (SQLAlchemyError, SituationInconnue) as erreur:
            signaler_indisponibilite(dispatcher, erreur)
            return []
        suivantes = messages_orientation(orientation, moment)
        if suivantes:
            envoyer(dispatcher, suivantes)
        else:
            dispatcher.utter_message(response="utter_plus_d_options")
        dispatcher.utter_message(response="utter_que_faire")
        return []


class ActionMemoriserLieu(ActionGardee):
    """Réponse à « dans quelle commune ? » (ou lieu donné d'emblée) : retient, précise ou oriente."""

    def name(self) -> str:
        return "action_memoriser_lieu"

    async def repondre(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intention = _intention(tracker)
        situation = tracker.get_slot("situation")
        texte = _texte(tracker)
        if intention in ("refuser_lieu", "nier") or est_refus(texte):
            if situation:
                dispatcher.utter_message(response="utter_lieu_refuse")
            return [SlotSet("lieu", "refus")]
        try:
            index = annuaire()
            lieu = await en_arriere_plan(_lieu_de_la_reponse, index, texte, _entite(tracker, "commune"))
            if lieu is not None and lieu.genre == "ambigu":
                noms = await en_arriere_plan(lieu.noms_candidats, index)
                dispatcher.utter_message(response="utter_choisir_commune", code_postal=lieu.code,
                                         buttons=[{"title": n, "payload": n} for n in noms[:12]])
                return [SlotSet("lieu_demande", True)]
        except SQLAlchemyError as erreur:
            signaler_indisponibilite(dispatcher, erreur)
            return []
        if lieu is None and len(texte.split()) > LONGUEUR_D_UN_LIEU:
            # « Ma mère a reçu « coucou maman… » et a viré 1 800 € » rangé en lieu : c'est un récit
            return await ActionIncomprehension().repondre(dispatcher, tracker, domain)
        if lieu is None:
            dispatcher.utter_message(response="utter_lieu_non_reconnu")
            return [SlotSet("lieu_demande", True)]
        return [SlotSet("lieu", lieu.ecrire())]


def _lieu_de_la_reponse(index: Annuaire, texte: str, entite: str | None) -> Lieu | None:
    """Réponse courte à la question de la commune : l'entité, sinon tout le texte (fautes tolérées)."""
    for candidat in (entite, texte):
        if candidat:
            lieu = Lieu.depuis_resolution(index.resolve_commune(candidat))
            if lieu is not None:
                return lieu
    return None


#: À partir de ce score, le nom, le sigle ou un alias d'une structure est écrit dans le message (en dessous :
#: une ressemblance approchée, knowledge.annuaire.find_structure_scores).
SCORE_NOM_EXACT = 100.0


class ActionFicheStructure(ActionGardee):
    """Mode professionnel : fiche d'une structure ou d'un dispositif cité."""

    def name(self) -> str:
        return "action_fiche_structure"

    async def repondre(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        texte = _texte(tracker)
        try:
            nommes = await en_arriere_plan(dispositifs_cites, annuaire(), texte)
            question = question_posee(tracker, annuaire(), texte, tracker.get_slot("profil"), nommes)
            if question is not None:  # « qui décide d'un TGD ? » : la réponse, avec la fiche du TGD
                return await _repondre(dispatcher, tracker, question)
            if nommes:  # sigles écrits (« demande de TGD … suivie par l'ISCG ») : leurs fiches, dans l'ordre du texte
                return montrer_dispositifs(dispatcher, tracker, nommes)
            trouvees = await _structures_citees(tracker, texte)
        except SQLAlchemyError as erreur:
            signaler_indisponibilite(dispatcher, erreur)
            return []
        lues = situations_du_texte(texte)
        if lues and (not trouvees or trouvees[0][1] < SCORE_NOM_EXACT):
            # « … un militaire américain rencontré sur Facebook » : un récit, pas la Mission locale à peu près écrite
            return await orienter_avec(dispatcher, tracker, domain, situation=lues[0])
        question = _question_predite(tracker, CONFIANCE_QUESTION)
        if not trouvees and question is not None:
            return await _repondre(dispatcher, tracker, question)
        if not trouvees:
            dispatcher.utter_message(response="utter_structure_inconnue")
            indicateurs.noter(tracker, dispatcher, "non_compris")
            return []
        _montrer_fiches(dispatcher, trouvees)
        indicateurs.noter(tracker, dispatcher, "question_repondue")
        return [SlotSet("incomprehensions", 0.0)]


async def _structures_citees(tracker: Tracker, texte: str) -> list[tuple[Any, float]]:
    """Structures nommées dans le message (sigle, nom, alias, ressemblance approchée)."""
    lieu = Lieu.lire(tracker.get_slot("lieu"))
    commune = lieu.code_commune if lieu is not None else None
    index = annuaire()
    trouvees = await en_arriere_plan(index.find_structure_scores, texte, commune, 3)
    if not trouvees and _entite(tracker, "structure"):
        trouvees = await en_arriere_plan(index.find_structure_scores, _entite(tracker, "structure"), commune, 3)
    return trouvees


def _montrer_fiches(dispatcher: CollectingDispatcher, trouvees: list[tuple[Any, float]]) -> None:
    moment = maintenant()
    meilleur = trouvees[0][1]
    # Ex æquo (« la CTAF » sans ville) : on montre chacune, sinon la seule qui correspond.
    for structure, score in trouvees:
        if score == meilleur:
            dispatcher.utter_message(text=fiche(structure, moment, detaillee=True))


#: Messages précédents de la personne relus avec le dernier pour un danger dit en deux fois.
MESSAGES_RELUS = 2


def danger_qui_se_rapproche(tracker: Tracker) -> bool:
    """« il arrive », « il est rentré » au milieu d'une conversation sur des violences, ou un danger dit en
    deux messages (l'ordonnance de protection, puis « il est en face de l'école en ce moment ») : l'urgence."""
    situation = tracker.get_slot("situation")
    texte = _texte(tracker)
    precedents = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][-1 - MESSAGES_RELUS:-1]
    if danger_dans_la_suite(precedents, texte):
        return True
    if not situation or len(texte.split()) > MOTS_D_UNE_ARRIVEE or not arrivee_de_l_agresseur(texte):
        return False  # un long récit est lu par le détecteur ; ici, les messages brefs (« il arrive »)
    try:
        return annuaire().situation(situation).violence
    except (SQLAlchemyError, SituationInconnue, KeyError):
        return True  # sans annuaire, on ne prend pas le risque


async def avant_tout(dispatcher: CollectingDispatcher, tracker: Tracker,
                     hostile: bool = False) -> list[EventType] | None:
    """Ce qui passe avant toute action : le danger qui se rapproche (réponse d'urgence du domaine, comme le
    chemin sans serveur d'actions, non comptée), l'adresse d'une personne (jamais), et si `hostile`, une
    provocation (réponse polie). None : l'action continue."""
    texte = _texte(tracker)
    if danger_qui_se_rapproche(tracker):
        dispatcher.utter_message(response="utter_urgence")
        return []
    if _action_d_avant(tracker) == "utter_urgence_suicide" and not apaise(texte):
        # Après les idées suicidaires, tant que la personne n'a pas dit être en sécurité (« je veux pas que vous
        # appeliez qui que ce soit ») : les numéros d'abord, encore, puis la réponse au message.
        dispatcher.utter_message(response="utter_urgence_suicide")
    if demande_une_adresse(texte):
        return await refuser_adresse(dispatcher, tracker)
    return await provocation(dispatcher, tracker) if hostile else None


async def provocation(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """Une provocation ou une consigne adressée au bot : la réponse polie du domaine ; None sinon."""
    if not est_hostile(_texte(tracker)):
        return None
    dispatcher.utter_message(response="utter_hors_sujet")
    indicateurs.noter(tracker, dispatcher, "hors_champ")
    return []


_LIEU_D_ACCUEIL = re.compile(r"\b(?:foyer|hebergement|refuge|centre|maison|abri|accueil)\b")


async def refuser_adresse(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """On demande où est une personne ou le foyer qui l'accueille : jamais de lieu, les réponses de la base
    (l'adresse d'un lieu d'accueil reste confidentielle ; pour les enfants, les droits du parent)."""
    normalise = normaliser(_texte(tracker))
    if not demande_l_adresse_d_une_personne(normalise):  # la liste des foyers : confidentielle, le 115
        return await _repondre(dispatcher, tracker, questions()["adresse_hebergement_victimes"])
    if _LIEU_D_ACCUEIL.search(normalise):
        dispatcher.utter_message(text=questions()["adresse_hebergement_victimes"].reponse)
    return await _repondre(dispatcher, tracker, questions()["retrouver_une_personne"])


def dispositifs_cites(index: Annuaire, texte: str) -> list[Any]:
    """Dispositifs nommés dans le message, sauf celui qui dit le métier de la personne qui écrit
    (« Je suis intervenante sociale (ISCG). Qui décide d'un TGD ? » : le TGD, pas l'ISCG)."""
    phrases = re.split(r"(?<=[.!?:;])\s+|\n", texte)
    sans_presentation = " ".join(p for p in phrases if not se_presente(p))
    return index.dispositifs_nommes(sans_presentation)


def montrer_dispositifs(dispatcher: CollectingDispatcher, tracker: Tracker, nommes: list[Any]) -> list[EventType]:
    """Les fiches détaillées des deux premiers dispositifs nommés (« le 119 », « une demande de TGD »)."""
    moment = maintenant()
    for structure in nommes[:2]:
        dispatcher.utter_message(text=fiche(structure, moment, detaillee=True))
    indicateurs.noter(tracker, dispatcher, "question_repondue")
    return [SlotSet("incomprehensions", 0.0)]


def contredit_la_ligne_nommee(question: Question, nommes: list[Any]) -> bool:
    """Le message nomme des dispositifs dont aucun n'est dans la réponse de la question, dont une ligne
    (« le 119 est-il anonyme ? » n'est pas la question sur le 3919). Une instance nommée (« un rappel à
    l'ordre ou un CDDF ? ») ne contredit pas la réponse : sa fiche vient après (`fiches_en_plus`)."""
    if not nommes or {s.id for s in nommes} & set(question.structures):
        return False
    return any(s.categorie == "ligne_nationale" for s in nommes)


def fiches_en_plus(dispatcher: CollectingDispatcher, question: Question, nommes: list[Any]) -> None:
    """Après la réponse à une question, la fiche du premier dispositif nommé qu'elle ne donne pas déjà."""
    autres = [s for s in nommes if s.id not in question.structures]
    if autres:
        dispatcher.utter_message(text=fiche(autres[0], maintenant(), detaillee=True))


def question_posee(tracker: Tracker, index: Annuaire, texte: str, profil: str | None,
                   nommes: list[Any]) -> Question | None:
    """La question fréquente posée par ce message, si elle est assez sûre et ne contredit pas la ligne nommée
    (« le 119 est-il anonyme ? » n'est pas la question sur le 3919 ; `nommes` : `dispositifs_cites` du message).
    Le seuil est plus bas pour un professionnel, ou quand le message nomme le thème de la question (« dans quel
    délai », « CDDF »)."""
    if not est_question(texte):
        return None
    seuil = CONFIANCE_QUESTION_PROFESSIONNEL if profil == "professionnel" else CONFIANCE_QUESTION
    question = _question_predite(tracker, CONFIANCE_QUESTION_PROFESSIONNEL, nommes)
    if question is None:
        return None
    nomme = themes_nommes(texte)
    theme_nomme = question.theme in nomme or question.id in nomme
    confiance = _selection(tracker).get("confidence") or 0.0
    if not theme_nomme and confiance < seuil:
        return None  # un thème nommé (« dans quel délai », « CDDF ») suffit au seuil plus bas
    if contredit_la_ligne_nommee(question, nommes):
        return None
    lues = [s for s in situations_du_texte(texte) if peut_s_ajouter(s)]  # plainte, droits : trop généraux
    if lues and lues[0] in index.situations() and not theme_nomme:
        lignes = set(index.situation(lues[0]).lignes)
        if lignes and not lignes & set(question.structures) and confiance < CONFIANCE_QUESTION_HORS_SITUATION:
            return None  # « la boutique refuse les femmes voilées, que faire ? » : pas l'outrage sexiste
    return question


def _choix_faq(tracker: Tracker) -> dict[str, Any]:
    """Ce que bot.composants.questions a mis dans le dernier message (`response`, `ranking`), ou {}."""
    return (tracker.latest_message.get("response_selector") or {}).get("faq") or {}


def _selection(tracker: Tracker) -> dict[str, Any]:
    """Le choix de bot.composants.questions pour le dernier message (clé et confiance), ou {}."""
    return _choix_faq(tracker).get("response") or {}


#: Une question presque à égalité avec la première, qui parle du dispositif nommé, passe devant elle.
PROCHE_DU_PREMIER = 0.9


def _question_predite(tracker: Tracker, confiance_min: float = 0.0, nommes: list[Any] | None = None
                      ) -> Question | None:
    """La question fréquente choisie pour le dernier message, si sa confiance atteint `confiance_min` ; si le
    message nomme un dispositif (`nommes`) absent de sa réponse, une question presque aussi proche qui en parle
    (« c'est quoi un CDDF, qui le préside ? » : le CDDF, pas le CLSPD)."""
    reponse = _selection(tracker)
    confiance = reponse.get("confidence") or 0.0
    if confiance < confiance_min:
        return None
    question = question_de_cle(reponse.get("intent_response_key"))
    ids = {s.id for s in nommes or []}
    if question is None or not ids or ids & set(question.structures):
        return question
    classement = _choix_faq(tracker).get("ranking") or []
    for autre in classement[1:]:
        if (autre.get("confidence") or 0.0) < PROCHE_DU_PREMIER * confiance:
            break
        candidate = question_de_cle(autre.get("intent_response_key"))
        if candidate is not None and ids & set(candidate.structures):
            return candidate
    return question


async def _repondre(dispatcher: CollectingDispatcher, tracker: Tracker, question: Question,
                    situation: str | None = None, autres: tuple[str, ...] = ()) -> list[EventType]:
    """La réponse de la base de connaissances, ses fiches, et la ligne essentielle de la situation lue (et de
    chacune des `autres` situations du même message : « je veux arrêter les passes mais je n'ai nulle part où
    aller » reçoit aussi le 115)."""
    structures = list(question.structures)
    try:
        index = annuaire()
        connues = index.situations()
        for lue in reversed([s for s in (situation, *autres) if s is not None and s in connues]):
            lignes = connues[lue].lignes
            if lignes and lignes[0] not in structures:
                structures.insert(0, lignes[0])
        en_cours = tracker.get_slot("situation")
        if situation is None and en_cours in connues and connues[en_cours].lignes:
            # Une question au milieu d'une situation (« je peux signaler sans donner mon nom ? » pour une dame âgée
            # maltraitée) : la ligne de cette situation, juste après la première fiche de la réponse.
            ligne = connues[en_cours].lignes[0]
            if ligne not in structures:
                structures.insert(min(1, len(structures)), ligne)
        messages = await en_arriere_plan(reponse_question, index, question.reponse, tuple(structures), maintenant())
        if situation is not None and situation in index.situations() and index.situation(situation).violence:
            messages.append(Message(ligne_danger(index)))
    except SQLAlchemyError as erreur:
        dispatcher.utter_message(text=question.reponse)
        signaler_indisponibilite(dispatcher, erreur)
        return []
    envoyer(dispatcher, messages)
    indicateurs.noter(tracker, dispatcher, "question_repondue")
    role = _entite(tracker, "role")  # « Je suis maire : … » — la suite de la conversation s'en souvient
    evenements: list[EventType] = [SlotSet("incomprehensions", 0.0)]
    if role == "professionnel":
        evenements.append(SlotSet("profil", role))
    # « Y a-t-il des places pour les femmes victimes ? », puis « je suis à Mondoubleau » : la commune dite
    # ensuite oriente vers la situation de la question.
    suivante = situation or SITUATION_DU_THEME.get(question.theme)
    if suivante and not tracker.get_slot("situation"):
        evenements.append(SlotSet("situation", suivante))
    return evenements


class ActionRepondreQuestion(ActionGardee):
    """Message hors des situations : question fréquente, dispositif, récit, lieu, ou vraiment hors sujet.

    Une question dont la réponse est sûre reçoit la réponse de la base de connaissances et ses
    contacts ; sinon un dispositif nommé par son sigle reçoit sa fiche, un récit est orienté, une
    commune seule (« Vendôme ») est un lieu ; ce qui reste hors sujet reçoit la réponse polie du
    domaine (jamais l'adresse d'un lieu ni d'une personne).
    """

    def name(self) -> str:
        return "action_repondre_question"

    async def repondre(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                       sinon: str | None = None) -> list[EventType]:
        """`sinon` : la réponse du domaine quand il n'y a rien à répondre (au lieu de « pas compris »)."""
        texte = _texte(tracker)
        if len(texte.split()) <= 4:
            try:
                lieu = await en_arriere_plan(_lieu_de_la_reponse, annuaire(), texte, _entite(tracker, "commune"))
            except SQLAlchemyError:
                lieu = None
            if lieu is not None:
                return await ActionIncomprehension().repondre(dispatcher, tracker, domain)
        hors_sujet = _intention(tracker) == "hors_sujet"
        # Rangé hors sujet par le classifieur : une réponse seulement à une question très proche.
        try:
            nommes = await en_arriere_plan(dispositifs_cites, annuaire(), texte)
        except SQLAlchemyError:
            nommes = []
        confiant = _question_predite(tracker, CONFIANCE_HORS_SUJET if hors_sujet else CONFIANCE_QUESTION, nommes)
        lues = situations_du_texte(texte)
        if confiant is not None and contredit_la_ligne_nommee(confiant, nommes):
            confiant = None  # « le 119 est-il anonyme ? » : pas la réponse sur le 3919, la fiche du 119
        if confiant is not None:
            suite = await _repondre(dispatcher, tracker, confiant, lues[0] if lues else None)
            fiches_en_plus(dispatcher, confiant, nommes)
            return suite
        if nommes:  # « à qui transmettre une demande de TGD » : la fiche du dispositif nommé
            return montrer_dispositifs(dispatcher, tracker, nommes)
        if lues:  # un récit, pas une question sûre : on oriente
            return await orienter_avec(dispatcher, tracker, domain, situation=lues[0])
        if hors_sujet and suite_de_la_situation(tracker, texte):
            return await orienter_avec(dispatcher, tracker, domain)  # « il revient ce week-end »
        question = _question_predite(tracker, CONFIANCE_QUESTION_PROBABLE) if est_question(texte) else None
        if question is None and sinon is not None:
            dispatcher.utter_message(response=sinon)  # « merci beaucoup pour tout, bonne soirée »
            return []
        if question is None or hors_sujet:
            # Rien à répondre : le hors sujet le dit poliment, le reste n'a pas été compris.
            dispatcher.utter_message(response="utter_hors_sujet" if hors_sujet else "utter_pas_compris")
            indicateurs.noter(tracker, dispatcher, "hors_champ" if hors_sujet else "non_compris")
            return []
        return await _repondre(dispatcher, tracker, question)


_SUITE = re.compile(r"^(?:et )?(?:il|elle|ils|elles|mon|ma|mes|son|sa|ses|lui|leur|c|c est|c etait|ca|on|nous)\b"
                    r"(?! (?:fait (?:beau|froid|chaud|nuit|jour)|pleut|neige|y a|(?:est )?(?:quoi|qui|combien|ou))\b)")


def suite_de_la_situation(tracker: Tracker, texte: str) -> bool:
    """Un message bref rangé hors sujet qui parle de la personne en cause (« il revient ce week-end »),
    au milieu d'une situation déjà dite : la suite de cette situation, pas un hors-sujet."""
    return (bool(tracker.get_slot("situation")) and len(texte.split()) <= MOTS_D_UNE_ALERTE
            and not est_hostile(texte) and bool(_SUITE.search(normaliser(texte))))


#: Un récit (assez de mots) que ni le classifieur (sous son seuil) ni les motifs n'ont rangé : la situation
#: que le classifieur place en tête, si elle atteint ce score, vaut mieux que la liste des sujets.
MOTS_D_UN_RECIT = 10
CONFIANCE_SITUATION_SUPPOSEE = 0.2


def situation_supposee(tracker: Tracker, texte: str) -> str | None:
    """La situation que le classifieur place en tête d'un récit qu'il n'a pas su classer (« nlu_fallback »),
    si elle est assez probable ; None pour un message bref, une provocation ou une autre intention en tête."""
    if len(texte.split()) < MOTS_D_UN_RECIT or est_hostile(texte):
        return None
    for intention in tracker.latest_message.get("intent_ranking") or []:
        nom = intention.get("name") or ""
        if nom == "nlu_fallback":
            continue
        if nom.startswith("situation_") and float(intention.get("confidence") or 0.0) >= CONFIANCE_SITUATION_SUPPOSEE:
            return nom.removeprefix("situation_")
        return None
    return None


async def orienter_en_supposant(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                                situation: str, **slots: str) -> list[EventType]:
    """Oriente vers une situation supposée, et dit qu'on peut en choisir une autre."""
    evenements = await orienter_avec(dispatcher, tracker, domain, situation=situation, **slots)
    dispatcher.utter_message(response="utter_situation_supposee")
    return evenements


#: Les lignes qui écoutent toute victime, données avant la liste des sujets quand un récit n'a pas été compris.
LIGNES_D_ECOUTE = ["ligne-116006", "ligne-3919"]


async def _lignes(identifiants: list[str]) -> list[Any] | None:
    """Les fiches de ces lignes de l'annuaire, ou None s'il est indisponible."""
    try:
        return await en_arriere_plan(annuaire().structures, identifiants)
    except SQLAlchemyError:
        return None


def envoyer_fiches(dispatcher: CollectingDispatcher, structures: list[Any]) -> None:
    """Une fiche courte par structure, avec ses horaires de maintenant."""
    moment = maintenant()
    for structure in structures:
        dispatcher.utter_message(text=fiche(structure, moment))


async def choisir_en_aidant(dispatcher: CollectingDispatcher, tracker: Tracker, texte: str) -> list[EventType]:
    """La liste des sujets ; pour un récit (assez de mots) qu'on n'a pas su lire, d'abord les lignes d'écoute
    de toutes les victimes : jamais une simple question à qui a raconté quelque chose."""
    if len(texte.split()) >= MOTS_D_UN_RECIT and not est_hostile(texte):
        lignes = await _lignes(LIGNES_D_ECOUTE)
        if lignes:
            dispatcher.utter_message(response="utter_ecoute_sans_situation")
            envoyer_fiches(dispatcher, lignes)
    dispatcher.utter_message(response="utter_choisir_situation")
    return []


class ActionIncomprehension(ActionGardee):
    """Message non compris : un récit est lu quand même ; après deux échecs, on propose de parler à quelqu'un."""

    def name(self) -> str:
        return "action_incomprehension"

    async def repondre(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        texte = _texte(tracker)
        if tracker.get_slot("lieu_demande") and est_refus(texte):
            dispatcher.utter_message(response="utter_lieu_refuse")
            return await orienter_avec(dispatcher, tracker, domain, lieu="refus")
        court = len(texte.split()) <= 4
        try:
            nommes = [] if court else await en_arriere_plan(dispositifs_cites, annuaire(), texte)
            question = None if court else question_posee(tracker, annuaire(), texte, tracker.get_slot("profil"),
                                                         nommes)
        except SQLAlchemyError:
            nommes, question = [], None
        if question is not None:  # une phrase qui pose une question connue, même avec une commune dedans
            lues = situations_du_texte(texte)
            return await _repondre(dispatcher, tracker, question, lues[0] if lues else None)
        try:
            index = annuaire()
            # Un nom de commune inconnu du modèle (« Cellettes ») n'est pas une incompréhension.
            lieu = await en_arriere_plan(_lieu_de_la_reponse if court else lieu_dans_le_texte, index, texte, None)
        except SQLAlchemyError:
            lieu = None
        if lieu is not None and lieu.est_precis:
            if tracker.get_slot("situation"):
                return await orienter_avec(dispatcher, tracker, domain, lieu=lieu.ecrire())
            lues = situations_du_texte(texte)
            if lues:
                return await orienter_avec(dispatcher, tracker, domain, lieu=lieu.ecrire(), situation=lues[0])
            supposee = situation_supposee(tracker, texte)
            if supposee is not None:
                return await orienter_en_supposant(dispatcher, tracker, domain, supposee, lieu=lieu.ecrire())
            return [*await choisir_en_aidant(dispatcher, tracker, texte), SlotSet("lieu", lieu.ecrire())]
        lues = situations_du_texte(texte)
        if lues:  # un récit que le classifieur n'a pas su classer : on le lit
            return await orienter_avec(dispatcher, tracker, domain, situation=lues[0])
        if not court:
            suite = await self._sans_situation_lue(dispatcher, tracker, domain, texte, nommes)
            if suite is not None:
                return suite
            supposee = situation_supposee(tracker, texte)
            if supposee is not None:
                return await orienter_en_supposant(dispatcher, tracker, domain, supposee)
        # « j'ai peur » n'est pas une commune mal écrite : la réponse de non-compréhension donne le 17 et le 114.
        peur = exprime_peur(texte)
        if tracker.get_slot("lieu_demande") and court and not peur:
            dispatcher.utter_message(response="utter_lieu_non_reconnu")
            indicateurs.noter(tracker, dispatcher, "non_compris")
            return []
        if peur:  # « j'ai peur », « il me fait peur » : jamais un simple « pas compris »
            dispatcher.utter_message(response="utter_peur")
            envoyer_fiches(dispatcher, await _lignes(["ligne-3919", "ligne-116006"]) or [])
            indicateurs.noter(tracker, dispatcher, "non_compris")
            return [SlotSet("incomprehensions", 0.0)]
        ecarte = await provocation(dispatcher, tracker)  # une insulte au bot : poliment, ce que fait le bot
        if ecarte is not None:
            return ecarte
        nombre = (tracker.get_slot("incomprehensions") or 0) + 1
        if nombre < 2 and len(texte.split()) >= MOTS_D_UN_RECIT:  # un récit : les lignes d'écoute d'abord
            indicateurs.noter(tracker, dispatcher, "non_compris")
            return [*await choisir_en_aidant(dispatcher, tracker, texte), SlotSet("incomprehensions", float(nombre))]
        if nombre < 2:
            dispatcher.utter_message(response="utter_pas_compris")
            indicateurs.noter(tracker, dispatcher, "non_compris")
            return [SlotSet("incomprehensions", float(nombre))]
        try:
            lignes = await en_arriere_plan(annuaire().structures, ["ligne-116006", "ligne-3919", "ligne-3039"])
        except SQLAlchemyError as erreur:  # ici seulement, l'excuse : la réponse n'est faite que de ces lignes
            signaler_indisponibilite(dispatcher, erreur)
            return [SlotSet("incomprehensions", float(nombre))]
        dispatcher.utter_message(response="utter_parler_a_quelqu_un")
        envoyer_fiches(dispatcher, lignes)
        dispatcher.utter_message(response="utter_que_faire")
        indicateurs.noter(tracker, dispatcher, "non_compris")
        return [SlotSet("incomprehensions", 0.0)]

    async def _sans_situation_lue(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                                  texte: str, nommes: list[Any]) -> list[EventType] | None:
        """Une phrase non classée où aucune situation n'est lue : dispositif nommé (`nommes`), question probable,
        ou suite de la situation en cours (« je n'ai pas de papiers, on peut m'aider ? ») ; None sinon."""
        if nommes:  # « des infos sur le 3919 » : la fiche du dispositif nommé
            return montrer_dispositifs(dispatcher, tracker, nommes)
        question = _question_predite(tracker, CONFIANCE_QUESTION_PROBABLE) if est_question(texte) else None
        if question is not None:
            return await _repondre(dispatcher, tracker, question)
        if tracker.get_slot("situation") and not est_hostile(texte):
            return await orienter_avec(dispatcher, tracker, domain)  # la suite de ce qui a été dit
        return None


class ActionEchange(ActionGardee):
    """Les échanges brefs (« bonjour », « merci », « oui », « vous êtes un robot ? ») reçoivent leur réponse du
    domaine, après le danger qui se rapproche (« oui il est là ») ; un message long que le
    classifieur y a rangé à tort (« combien de temps peut-on agir pour une agression sur un mineur ? ») reçoit
    ce qu'il demande : la question fréquente, la fiche du dispositif nommé ou l'orientation du récit."""

    REPONSES: ClassVar[dict[str, str]] = {"bot_challenge": "utter_bot", "saluer": "utter_accueil",
                                          "remercier": "utter_de_rien", "au_revoir": "utter_au_revoir",
                                          "affirmer": "utter_que_faire", "nier": "utter_fin"}

    def name(self) -> str:
        return "action_echange"

    async def repondre(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        texte = _texte(tracker)
        intention = _intention(tracker)
        reponse = self.REPONSES.get(intention, "utter_que_faire")
        if len(texte.split()) > MOTS_D_UN_ECHANGE:  # la question, le dispositif ou le récit ; sinon l'échange
            return await ActionRepondreQuestion().repondre(dispatcher, tracker, domain, sinon=reponse)
        dispatcher.utter_message(response=reponse)
        return []
