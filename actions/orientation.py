"""Actions Rasa : adaptateurs minces autour de knowledge (annuaire et mise en forme)."""

from __future__ import annotations

import asyncio
import logging
import re
from functools import partial
from typing import Any, Callable, Dict, List, Optional, TypeVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from knowledge.annuaire import SituationInconnue, annuaire
from knowledge.presentation import (
    Message,
    fiche,
    libelle_lieu,
    lieu_depuis_resolution,
    maintenant,
    messages_orientation,
    precision_lieu,
    resolution_depuis_lieu,
)
from knowledge.texte import normaliser

journal = logging.getLogger(__name__)
T = TypeVar("T")
_REFUS = re.compile(
    r"\b(pas|prefere|prefererais|veux pas|non|anonyme|personnel)\b.*\b(dire|donner|preciser|repondre|ville|commune)\b"
)
_indisponible_signale = False


def est_refus(texte: str) -> bool:
    """« je préfère ne pas le dire », « pas envie de donner ma ville »…"""
    return bool(_REFUS.search(normaliser(texte)))

SITUATIONS_DE_VIOLENCE = {"violences_conjugales", "violences_intrafamiliales", "violences_sexuelles",
                          "enfant_en_danger", "maltraitance_personne_vulnerable"}


async def en_arriere_plan(fonction: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Appel bloquant (base de données) hors de la boucle d'événements du serveur d'actions."""
    return await asyncio.get_running_loop().run_in_executor(None, partial(fonction, *args, **kwargs))


def envoyer(dispatcher: CollectingDispatcher, messages: List[Message]) -> None:
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


def _entite(tracker: Tracker, nom: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(nom), None)


def _entites_situation(tracker: Tracker) -> Dict[str, str]:
    """Entités `role` et `mineur` du message qui a décrit la situation (bot.composants.profil)."""
    for evenement in reversed(tracker.events):
        if evenement.get("event") == "user":
            analyse = evenement.get("parse_data") or {}
            if analyse.get("intent", {}).get("name", "").startswith("situation_"):
                return {e["entity"]: e["value"] for e in analyse.get("entities") or []
                        if e.get("entity") in ("role", "mineur")}
    return {}


class ActionOrienter(Action):
    """Oriente vers 1 à 3 structures locales, la ligne nationale et, si tout est fermé, un repli 24h/24."""

    def name(self) -> str:
        return "action_orienter"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        situation = tracker.get_slot("situation")
        lieu = tracker.get_slot("lieu")
        if not lieu and tracker.latest_action_name == "action_memoriser_lieu":
            return []  # la commune n'est pas encore claire : la question vient d'être reposée
        if not situation:
            dispatcher.utter_message(response="utter_choisir_situation" if lieu else "utter_pas_de_situation")
            return []
        evenements: List[EventType] = []
        if not lieu:
            # La commune est peut-être dans la description (« … à Saint-Aignan »).
            try:
                trouve = await en_arriere_plan(_lieu_depuis_message, tracker, False)
            except SQLAlchemyError:
                trouve = None
            if not trouve or str(trouve["lieu"]).startswith("ambigu:"):
                dispatcher.utter_message(response="utter_ask_lieu")
                return [SlotSet("lieu_demande", True)]
            lieu = trouve["lieu"]
            evenements.append(SlotSet("lieu", lieu))
        profil = tracker.get_slot("profil")
        entites = _entites_situation(tracker)
        if profil != "professionnel":
            profil = entites.get("role", "victime")
        if situation in ("violences_intrafamiliales", "violences_conjugales") and entites.get("mineur") == "oui":
            situation = "enfant_en_danger"  # un mineur qui subit des violences à la maison : protection de l'enfance
        try:
            index = annuaire()
            resolution = await en_arriere_plan(resolution_depuis_lieu, lieu, index)
            moment = maintenant()
            orientation = await en_arriere_plan(index.orient, situation, resolution, profil, moment)
        except (SQLAlchemyError, SituationInconnue) as erreur:
            signaler_indisponibilite(dispatcher, erreur)
            return []
        if lieu and lieu.startswith("hors:"):
            dispatcher.utter_message(response="utter_hors_departement",
                                     lieu_libelle=libelle_lieu(lieu, index) or "Ce lieu")
        else:
            reponse = "utter_intro_orientation_proche" if profil == "proche" else "utter_intro_orientation"
            dispatcher.utter_message(response=reponse, situation=orientation.situation.libelle,
                                     lieu=precision_lieu(lieu, index))
        envoyer(dispatcher, messages_orientation(orientation, moment))
        if profil == "proche" and situation in SITUATIONS_DE_VIOLENCE:
            dispatcher.utter_message(response="utter_conseils_proche")
        dispatcher.utter_message(response="utter_suite")
        return [*evenements, SlotSet("lieu_demande", False), SlotSet("profil", profil),
                SlotSet("incomprehensions", 0.0)]


class ActionAutresOptions(Action):
    """Structures suivantes pour la même situation et le même lieu."""

    def name(self) -> str:
        return "action_autres_options"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        situation = tracker.get_slot("situation")
        if not situation:
            dispatcher.utter_message(response="utter_pas_de_situation")
            return []
        try:
            index = annuaire()
            resolution = await en_arriere_plan(resolution_depuis_lieu, tracker.get_slot("lieu"), index)
            moment = maintenant()
            orientation = await en_arriere_plan(index.orient, situation, resolution, tracker.get_slot("profil"),
                                                moment, 6)
        except (SQLAlchemyError, SituationInconnue) as erreur:
            signaler_indisponibilite(dispatcher, erreur)
            return []
        suivantes = messages_orientation(orientation, moment, debut=3)
        if suivantes:
            envoyer(dispatcher, suivantes)
        else:
            dispatcher.utter_message(response="utter_plus_d_options")
        dispatcher.utter_message(response="utter_que_faire")
        return []


def _lieu_depuis_message(tracker: Tracker, tout_le_texte: bool) -> Optional[Dict[str, Any]]:
    """Reconnaît un lieu dans le dernier message (entité « commune », sinon le texte)."""
    index = annuaire()
    texte = tracker.latest_message.get("text") or ""
    candidats = [v for v in [_entite(tracker, "commune"), texte if tout_le_texte else None] if v]
    if not tout_le_texte:
        resolution = index.territoire.resoudre(candidats[0]) if candidats else None
        if resolution is None or resolution.statut in ("inconnue",):
            scan = index.territoire.chercher_dans_phrase(normaliser(texte).split())
            resolution = scan or resolution
        if resolution is None or resolution.statut == "inconnue":
            return None
    else:
        resolution = None
        for candidat in candidats:
            resolution = index.resolve_commune(candidat)
            if resolution.statut != "inconnue":
                break
    lieu = lieu_depuis_resolution(resolution) if resolution else None
    if lieu is None:
        return {"lieu": "inconnu"} if tout_le_texte else None
    return {"lieu": lieu}


class ActionMemoriserLieu(Action):
    """Réponse à « dans quelle commune ? » (ou lieu donné d'emblée) : retient, précise ou oriente."""

    def name(self) -> str:
        return "action_memoriser_lieu"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        intention = (tracker.latest_message.get("intent") or {}).get("name")
        situation = tracker.get_slot("situation")
        if intention in ("refuser_lieu", "nier") or est_refus(tracker.latest_message.get("text") or ""):
            if situation:
                dispatcher.utter_message(response="utter_lieu_refuse")
            return [SlotSet("lieu", "refus")]
        try:
            trouve = await en_arriere_plan(_lieu_depuis_message, tracker, True)
            if trouve and str(trouve["lieu"]).startswith("ambigu:"):
                code_postal = str(trouve["lieu"])[7:]
                noms = await en_arriere_plan(_communes_du_code_postal, code_postal)
                dispatcher.utter_message(response="utter_choisir_commune", code_postal=code_postal,
                                         buttons=[{"title": n, "payload": n} for n in noms[:12]])
                return [SlotSet("lieu_demande", True)]
        except SQLAlchemyError as erreur:
            signaler_indisponibilite(dispatcher, erreur)
            return []
        if not trouve or trouve["lieu"] == "inconnu":
            dispatcher.utter_message(response="utter_lieu_non_reconnu")
            return [SlotSet("lieu_demande", True)]
        return [SlotSet("lieu", trouve["lieu"])]


def _communes_du_code_postal(code_postal: str) -> List[str]:
    index = annuaire()
    return [index.commune(code).nom for code in index.territoire.codes_postaux.get(code_postal, ())]


class ActionFicheStructure(Action):
    """Mode professionnel : fiche d'une structure ou d'un dispositif cité."""

    def name(self) -> str:
        return "action_fiche_structure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        texte = tracker.latest_message.get("text") or ""
        lieu = tracker.get_slot("lieu")
        try:
            index = annuaire()
            commune = lieu if lieu and lieu[:2] == "41" and len(lieu) == 5 else None
            trouvees = await en_arriere_plan(index.find_structure_scores, texte, commune, 3)
            if not trouvees and _entite(tracker, "structure"):
                trouvees = await en_arriere_plan(index.find_structure_scores, _entite(tracker, "structure"), commune, 3)
        except SQLAlchemyError as erreur:
            signaler_indisponibilite(dispatcher, erreur)
            return []
        if not trouvees:
            dispatcher.utter_message(response="utter_structure_inconnue")
            return []
        moment = maintenant()
        meilleur = trouvees[0][1]
        # Ex æquo (« la CTAF » sans ville) : on montre chacune, sinon la seule qui correspond.
        for structure, score in trouvees:
            if score == meilleur:
                dispatcher.utter_message(text=fiche(structure, moment, detaillee=True))
        return [SlotSet("incomprehensions", 0.0)]


class ActionIncomprehension(Action):
    """Après deux incompréhensions, propose de parler à quelqu'un plutôt que de tourner en rond."""

    def name(self) -> str:
        return "action_incomprehension"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        # Un nom de commune inconnu du modèle (« Cellettes ») n'est pas une incompréhension.
        texte = tracker.latest_message.get("text") or ""
        if tracker.get_slot("lieu_demande") and est_refus(texte):
            dispatcher.utter_message(response="utter_lieu_refuse")
            return [SlotSet("lieu", "refus"), FollowupAction("action_orienter")]
        try:
            trouve = await en_arriere_plan(_lieu_depuis_message, tracker, len(texte.split()) <= 4)
        except SQLAlchemyError:
            trouve = None
        if trouve and trouve["lieu"] != "inconnu" and not str(trouve["lieu"]).startswith("ambigu:"):
            if tracker.get_slot("situation"):
                return [SlotSet("lieu", trouve["lieu"]), FollowupAction("action_orienter")]
            dispatcher.utter_message(response="utter_choisir_situation")
            return [SlotSet("lieu", trouve["lieu"])]
        if tracker.get_slot("lieu_demande") and len(texte.split()) <= 4:
            dispatcher.utter_message(response="utter_lieu_non_reconnu")
            return []
        nombre = (tracker.get_slot("incomprehensions") or 0) + 1
        if nombre < 2:
            dispatcher.utter_message(response="utter_pas_compris")
            return [SlotSet("incomprehensions", float(nombre))]
        try:
            lignes = await en_arriere_plan(annuaire().structures, ["ligne-116006", "ligne-3919", "ligne-3039"])
        except SQLAlchemyError as erreur:
            signaler_indisponibilite(dispatcher, erreur)
            return [SlotSet("incomprehensions", float(nombre))]
        dispatcher.utter_message(response="utter_parler_a_quelqu_un")
        moment = maintenant()
        for ligne in lignes:
            dispatcher.utter_message(text=fiche(ligne, moment))
        dispatcher.utter_message(response="utter_que_faire")
        return [SlotSet("incomprehensions", 0.0)]
