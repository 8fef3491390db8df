"""Données d'exemple des tests d'indicateurs : trackers tels que Rasa les envoie au serveur d'actions
(événements sérialisés par Rasa lui-même) et mois d'événements anonymes plausibles."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.indicateurs.publication import mois_suivant, premier_jour

SLOTS = ("situation", "lieu", "profil", "incomprehensions", "lieu_demande")


def debut_de_session() -> list[dict[str, Any]]:
    return [ActionExecuted("action_session_start").as_dict(), SessionStarted().as_dict(),
            ActionExecuted("action_listen").as_dict()]


def message(texte: str, intention: str, partenaire: str | None = None, entites: list[dict] | None = None,
            canal: str = "rest") -> dict[str, Any]:
    """Un message de la personne, sérialisé par Rasa (métadonnées gardées par la garde des canaux)."""
    analyse = {"text": texte, "intent": {"name": intention, "confidence": 0.97}, "entities": entites or [],
               "intent_ranking": [{"name": intention, "confidence": 0.97}]}
    return UserUttered(texte, analyse["intent"], entites or [], analyse, input_channel=canal,
                       message_id=uuid.uuid4().hex,
                       metadata={"partenaire": partenaire} if partenaire else {}).as_dict()


def reponse_du_bot(texte: str, utter: str | None = None, **metadonnees: Any) -> dict[str, Any]:
    meta = {"utter_action": utter} if utter else {}
    return BotUttered(texte, {}, {**meta, **metadonnees}).as_dict()


def action(nom: str) -> dict[str, Any]:
    return ActionExecuted(nom).as_dict()


def slot(nom: str, valeur: Any) -> dict[str, Any]:
    return SlotSet(nom, valeur).as_dict()


def pister(evenements: list[dict[str, Any]], expediteur: str = "conversation-7f3a9c",
           **slots: Any) -> Tracker:
    """Le tracker tel que rasa_sdk le reconstruit (dernier message = dernier UserUttered)."""
    valeurs = {nom: None for nom in SLOTS}
    valeurs.update(slots)
    derniers = [e for e in evenements if e["event"] == "user"]
    dernier = derniers[-1]["parse_data"] if derniers else {}
    return Tracker(expediteur, valeurs, dernier, evenements, False, None, {}, "action_listen")


def messages_envoyes(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    """Ce que Rasa range dans le tracker après l'action : un BotUttered par message, métadonnées comprises
    (c'est ainsi que la marque des indicateurs y arrive)."""
    evenements = []
    for m in dispatcher.messages:
        metadonnees = {k: v for k, v in m.items() if k not in ("text", "buttons", "image", "elements",
                                                              "attachment", "custom", "template") and v}
        evenements.append(BotUttered(m.get("text"), {"buttons": m.get("buttons")}, metadonnees).as_dict())
    return evenements


# --- Mois d'événements plausibles ------------------------------------------------------------------

SITUATIONS = {"violences_conjugales": 30, "violences_intrafamiliales": 10, "violences_sexuelles": 8,
              "harcelement_scolaire": 8, "cyberharcelement": 6, "escroquerie": 10, "droits_conseil_juridique": 6,
              "porter_plainte": 6, "enfant_en_danger": 5, "harcelement_travail": 3, "aucune": 6,
              "maltraitance_personne_vulnerable": 1, "hebergement_urgence": 1}
ARRONDISSEMENTS = {"411": 45, "412": 15, "413": 15, "41": 5, "non_precise": 17, "hors_41": 3}
PROFILS = {"victime": 60, "proche": 25, "professionnel": 10, "inconnu": 5}
TRANCHES = {0: 4, 4: 2, 8: 22, 12: 28, 16: 26, 20: 18}
ISSUES = {"oriente": 70, "question_repondue": 15, "non_compris": 12, "hors_champ": 3}
ECHECS_ORIENTE = {"aucun": 78, "sans_structure_locale": 12, "sans_contact_verifie": 10}
PARTENAIRES = {"aucun": 60, "mairie-de-blois": 25, "france-victimes-41": 12, "autre": 3}
STRUCTURES = {"ligne-3919": 30, "ligne-116006": 25, "urgence-17": 12, "mjd-blois": 10, "ctaf-blois": 6,
              "cidff-41": 8, "ligne-3018": 6, "pad-vendome": 4, "pad-romorantin": 4, "ligne-119": 5,
              "ligne-3977": 1, "ligne-3114": 1}


def _tirer(rng: random.Random, poids: dict) -> Any:
    return rng.choices(list(poids), weights=list(poids.values()))[0]


def evenements_exemple(mois: Iterable[str], graine: int = 41, volume: tuple[int, int] = (60, 140)
                       ) -> list[dict[str, Any]]:
    """Des lignes de la table, plausibles (volume, situations, heures), pour les mois donnés."""
    rng = random.Random(graine)
    lignes = []
    for nom in mois:
        debut = premier_jour(nom)
        jours = (mois_suivant(debut) - debut).days
        for _ in range(rng.randint(*volume)):
            issue = _tirer(rng, ISSUES)
            situation = _tirer(rng, SITUATIONS) if issue == "oriente" else "aucune"
            proposees = sorted({_tirer(rng, STRUCTURES) for _ in range(rng.randint(1, 4))}) if issue in (
                "oriente", "question_repondue") else []
            lignes.append({
                "jour": debut + timedelta(days=rng.randrange(jours)),
                "tranche": _tirer(rng, TRANCHES),
                "arrondissement": _tirer(rng, ARRONDISSEMENTS) if issue == "oriente" else "non_precise",
                "situation": situation,
                "profil": _tirer(rng, PROFILS),
                "danger": rng.random() < 0.06,
                "issue": issue,
                "echec": _tirer(rng, ECHECS_ORIENTE) if issue == "oriente" else (
                    "non_compris" if issue == "non_compris" else "aucun"),
                "proposees": proposees,
                "partenaire": _tirer(rng, PARTENAIRES),
                "premier": rng.random() < 0.7,
            })
    return lignes


def mois_avant(aujourd_hui: date, nombre: int) -> list[str]:
    """Les `nombre` mois terminés avant celui d'aujourd'hui, du plus ancien au plus récent."""
    resultat = []
    jour = premier_jour(f"{aujourd_hui.year:04d}-{aujourd_hui.month:02d}")
    for _ in range(nombre):
        jour = (jour - timedelta(days=1)).replace(day=1)
        resultat.append(f"{jour.year:04d}-{jour.month:02d}")
    return list(reversed(resultat))
