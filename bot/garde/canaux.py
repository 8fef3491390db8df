"""Canaux REST et socket.io de Rasa, avec une garde devant le bot.

Les classes héritent des canaux de Rasa (mêmes routes : `/webhooks/rest/webhook`, `/socket.io`)
et n'ajoutent que la garde :
- texte assaini : caractères de contrôle et de mise en forme retirés, UTF-8 invalide ignoré,
  longueur bornée (`longueur_max`, 2000 caractères par défaut, coupée à un espace) ;
- la syntaxe de Rasa tapée par quelqu'un (`/intent{"slot": "x"}`) n'est **pas** interprétée :
  les « / » de tête sont retirés et le reste est compris comme du texte ordinaire. Les boutons du
  bot envoient du texte français, personne n'a donc besoin de cette syntaxe ;
- limite de débit par conversation (seau à jetons : `rafale` messages d'affilée, puis
  `par_minute`) : au-delà, une réponse polie du domaine qui redonne les numéros d'urgence ;
- message vide : réponse du domaine, sans passer par le modèle ;
- métadonnées réduites à l'identifiant du site partenaire ; identifiant de conversation borné ;
- si le bot ne répond rien (serveur d'actions tombé, erreur interne), l'excuse du domaine avec
  les numéros d'urgence et les lignes nationales : personne ne reste sans réponse ;
- le texte du message est masqué du journal pendant son traitement (`bot.garde.journal`).
Les réponses viennent de `domain.yml` (une seule source pour la formulation).

Origines socket.io : `origines` dans credentials.yml ou la variable ORIGINES_PARTENAIRES
(séparées par des espaces ou des virgules). Sans configuration, seule la même origine est admise.
`*` n'est accepté qu'avec ORIENTATION41_MODE=developpement.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
import unicodedata
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import yaml
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint
from sanic.request import Request

from bot.garde import journal as journal_confidentiel
from bot.surcharges import prechauffage

journal_confidentiel.installer()
journal = logging.getLogger(__name__)

RACINE = Path(__file__).resolve().parents[2]
_ID_CONVERSATION = re.compile(r"^[\w-]{1,128}$")
_ID_PARTENAIRE = re.compile(r"^[\w.-]{1,64}$")
_BLANCS = re.compile(r"\s+")


class LimiteurDebit:
    """Seau à jetons par conversation, borné en mémoire (les plus anciennes sont oubliées)."""

    def __init__(self, rafale: int = 8, par_minute: float = 30, conversations_max: int = 20000) -> None:
        self.rafale = rafale
        self.par_seconde = par_minute / 60
        self.conversations_max = conversations_max
        self._seaux: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._verrou = threading.Lock()

    def accepter(self, conversation: str, maintenant: float | None = None) -> bool:
        """Vrai si ce message passe ; consomme un jeton."""
        maintenant = time.monotonic() if maintenant is None else maintenant
        with self._verrou:
            jetons, dernier = self._seaux.pop(conversation, (float(self.rafale), maintenant))
            jetons = min(float(self.rafale), jetons + (maintenant - dernier) * self.par_seconde)
            accepte = jetons >= 1
            self._seaux[conversation] = (jetons - 1 if accepte else jetons, maintenant)
            while len(self._seaux) > self.conversations_max:
                self._seaux.popitem(last=False)
        return accepte


def assainir(texte: Any, longueur_max: int = 2000) -> str:
    """Texte utilisable par la NLU : contrôles retirés, syntaxe Rasa neutralisée, longueur bornée."""
    if isinstance(texte, (int, float)) and not isinstance(texte, bool):
        texte = str(texte)
    if not isinstance(texte, str):
        return ""
    texte = texte[: longueur_max * 4].encode("utf-8", "ignore").decode("utf-8")
    texte = unicodedata.normalize("NFC", texte)
    texte = "".join(
        " " if unicodedata.category(c) == "Cc" else c
        for c in texte
        if unicodedata.category(c) not in ("Cf", "Cs", "Co", "Cn")
    )
    texte = _BLANCS.sub(" ", texte).strip().lstrip("/").strip()
    if len(texte) > longueur_max:
        coupe = texte.rfind(" ", 0, longueur_max)
        texte = texte[: coupe if coupe > longueur_max // 2 else longueur_max]
    return texte


_VARIABLE = re.compile(r"\{(\w+)\}")


def domaine_rempli(chemin: Path = RACINE / "domain.yml") -> dict[str, Any]:
    """domain.yml, les numéros ({tel_17}…) remplis par la valeur initiale de leur slot, comme Rasa le fait."""
    domaine = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    valeurs = {nom: str(slot["initial_value"]) for nom, slot in (domaine.get("slots") or {}).items()
               if slot.get("type") == "any" and slot.get("initial_value") is not None}
    for variantes in domaine["responses"].values():
        for variante in variantes:
            if variante.get("text"):
                variante["text"] = _VARIABLE.sub(lambda m: valeurs.get(m.group(1), m.group(0)), variante["text"])
    return domaine


def reponses_du_domaine(chemin: Path = RACINE / "domain.yml") -> dict[str, str]:
    """Premier texte de chaque réponse du domaine, numéros remplis."""
    reponses = domaine_rempli(chemin)["responses"]
    return {nom: variantes[0]["text"] for nom, variantes in reponses.items() if variantes[0].get("text")}


class Garde:
    """Ce qui se passe devant le bot pour chaque message, quel que soit le canal."""

    def __init__(self, longueur_max: int = 2000, rafale: int = 8, par_minute: float = 30,
                 domaine: Path = RACINE / "domain.yml") -> None:
        self.longueur_max = longueur_max
        self.limiteur = LimiteurDebit(rafale, par_minute)
        self.reponses = reponses_du_domaine(domaine)
        self._panne_signalee = False

    @classmethod
    def depuis(cls, credentials: dict[str, Any] | None) -> Garde:
        """Paramètres de credentials.yml (tous facultatifs)."""
        c = credentials or {}
        return cls(int(c.get("longueur_max", 2000)), int(c.get("rafale", 8)), float(c.get("par_minute", 30)),
                   RACINE / str(c.get("domaine", "domain.yml")))

    @staticmethod
    def conversation(valeur: Any) -> str:
        """Identifiant fourni s'il est raisonnable, sinon un identifiant neuf (jamais « default »)."""
        if isinstance(valeur, str) and _ID_CONVERSATION.match(valeur):
            return valeur
        return uuid.uuid4().hex

    @staticmethod
    def metadonnees(valeur: Any) -> dict[str, str]:
        """Seul l'identifiant du site partenaire est gardé."""
        if isinstance(valeur, dict):
            partenaire = valeur.get("partenaire")
            if isinstance(partenaire, str) and _ID_PARTENAIRE.match(partenaire):
                return {"partenaire": partenaire}
        return {}

    def envelopper(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
                   ) -> Callable[[UserMessage], Awaitable[Any]]:
        """La fonction de Rasa, précédée de la garde."""

        async def garder(message: UserMessage) -> Any:
            sortie = message.output_channel
            texte = assainir(message.text, self.longueur_max)
            if not self.limiteur.accepter(message.sender_id):
                await sortie.send_text_message(message.sender_id, self.reponses["utter_trop_de_messages"])
                return None
            if not texte:
                await sortie.send_text_message(message.sender_id, self.reponses["utter_message_vide"])
                return None
            message.text = texte
            message.metadata = self.metadonnees(message.metadata)
            envoyes = 0
            envoyer = sortie.send_response

            async def compter(*args: Any, **kwargs: Any) -> None:
                nonlocal envoyes
                envoyes += 1
                await envoyer(*args, **kwargs)

            sortie.send_response = compter  # type: ignore[method-assign]
            with journal_confidentiel.message_en_cours(texte):
                try:
                    resultat = await on_new_message(message)
                except Exception as erreur:  # le bot ne doit jamais laisser quelqu'un sans réponse
                    self._signaler(erreur)
                    resultat = None
                finally:
                    sortie.send_response = envoyer  # type: ignore[method-assign]
                if envoyes == 0:
                    self._signaler(None)
                    await sortie.send_text_message(message.sender_id, self.reponses["utter_service_indisponible"])
                elif self._panne_signalee:
                    journal.warning("Le bot répond de nouveau normalement.")
                    self._panne_signalee = False  # une nouvelle panne sera signalée
            return resultat

        return garder

    def _signaler(self, erreur: Exception | None) -> None:
        if not self._panne_signalee:
            cause = type(erreur).__name__ if erreur else "aucune réponse du bot (serveur d'actions ?)"
            journal.error("Réponse de secours envoyée : %s.", cause)
            self._panne_signalee = True


class RestProtege(RestInput):
    """Canal REST de Rasa derrière la garde (même route : /webhooks/rest/webhook)."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(Garde.depuis(credentials))

    def __init__(self, garde: Garde | None = None) -> None:
        self.garde = garde or Garde()

    @staticmethod
    def _corps(req: Request) -> dict[str, Any]:
        corps = req.json
        return corps if isinstance(corps, dict) else {}

    async def _extract_sender(self, req: Request) -> str | None:
        return self.garde.conversation(self._corps(req).get("sender"))

    def _extract_message(self, req: Request) -> str | None:
        valeur = self._corps(req).get("message")
        return valeur if isinstance(valeur, str) else assainir(valeur)

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        return self.garde.metadonnees(self._corps(request).get("metadata"))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        plan = super().blueprint(self.garde.envelopper(on_new_message))
        plan.listener("after_server_start")(prechauffage.au_demarrage)
        return plan


def origines_autorisees(valeur: Any = None) -> list[str] | str | None:
    """Origines des sites partenaires ; None = même origine seulement ; `*` en développement seulement."""
    if valeur is None:
        valeur = os.environ.get("ORIGINES_PARTENAIRES", "")
    if isinstance(valeur, str):
        valeur = [v for v in re.split(r"[\s,]+", valeur) if v]
    origines = [str(v).rstrip("/") for v in valeur]
    if "*" in origines:
        if os.environ.get("ORIENTATION41_MODE") != "developpement":
            raise ValueError("Origine « * » refusée : listez les sites partenaires dans ORIGINES_PARTENAIRES "
                             "(ou ORIENTATION41_MODE=developpement sur un poste de développement).")
        return "*"
    return origines or None


class SocketIOProtege(SocketIOInput):
    """Canal socket.io de Rasa (widget) derrière la garde, origines limitées aux partenaires."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        c = credentials or {}
        canal = cls(
            c.get("user_message_evt", "user_uttered"),
            c.get("bot_message_evt", "bot_uttered"),
            c.get("namespace"),
            c.get("session_persistence", True),
            c.get("socketio_path", "/socket.io"),
            c.get("jwt_key"),
            c.get("jwt_method", "HS256"),
            c.get("metadata_key", "metadata"),
        )
        canal.garde = Garde.depuis(c)
        canal.origines = origines_autorisees(c.get("origines"))
        return canal

    garde: Garde = None  # type: ignore[assignment]
    origines: list[str] | str | None = None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        garde = self.garde or Garde()
        plan = super().blueprint(garde.envelopper(on_new_message))
        # Rasa crée le serveur sans contrôle d'origine ; engine.io le fait pour le polling comme
        # pour le websocket (que les navigateurs ne soumettent pas au CORS).
        assert self.sio is not None
        self.sio.eio.cors_allowed_origins = self.origines
        plan.listener("after_server_start")(prechauffage.au_demarrage)
        return plan
