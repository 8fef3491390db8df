"""Journal sans données personnelles, installé dans le serveur Rasa et dans le serveur d'actions.

Chaque ligne de journal, quel que soit le logger (Rasa, structlog, Sanic, socket.io, rasa_sdk,
nos modules), passe par une fabrique d'enregistrements qui :
- remplace le texte du message en cours de traitement et chacun de ses mots par `[message]` ;
- masque numéros de téléphone, courriels, adresses IP, adresses postales, codes postaux et noms
  introduits par « je m'appelle », « Madame »… ;
- fait de même dans les traces d'exception.
Un filtre posé sur les gestionnaires du logger racine n'écrit une même panne (avertissement ou
erreur de même forme) qu'une fois par fenêtre de `JOURNAL_REPETITION_S` secondes (600 par défaut),
puis dit combien de fois elle s'est répétée.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from re import Pattern

MASQUE_MESSAGE = "[message]"
_MOTIFS: list[tuple[Pattern[str], str]] = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[courriel]"),
    (re.compile(r"\bhttps?://(?!127\.0\.0\.1|localhost)[^\s'\"<>]+", re.IGNORECASE), "[url]"),
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), "[ip]"),
    (re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){3,7}[0-9a-fA-F]{1,4}\b"), "[ip]"),
    (re.compile(r"::ffff:[0-9a-fA-F.:]+|(?<![\w:])::1\b"), "[ip]"),
    # Téléphones : 8 à 15 chiffres, séparés ou non (espaces, points, tirets), avec +/00 éventuel ;
    # les numéros courts (17, 114, 3919…) ne sont pas visés.
    (re.compile(r"(?<![\w.])(?:\+|00)?\d(?:[\s.\-/]?\d){7,14}(?![\w])"), "[numéro]"),
    (re.compile(
        r"\b\d{1,4}\s*(?:bis|ter)?,?\s+(?:rue|avenue|av|boulevard|bd|chemin|place|all[ée]e|impasse|route|quai"
        r"|cours|square|r[ée]sidence|lotissement|lieu-dit|hameau|faubourg)\b[^,;\n'\"]{0,60}",
        re.IGNORECASE), "[adresse]"),
    (re.compile(r"(?<![\w.:])\d{5}(?![\w.])"), "[code postal]"),
    (re.compile(
        r"(?i:\b(je m'appelle|je m’appelle|mon nom est|mon nom c'est|nom\s*:|pr[ée]nom\s*:|madame|monsieur|mme|mlle)"
        r")\s+[A-ZÀ-Ýa-zà-ÿ][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)?"), r"\1 [nom]"),
]
# Champs où Rasa (structlog) met le texte des personnes, même hors du traitement d'un message
# (ex. « rest.message.received.timeout ») : JSON `"text": "…"` ou console `text=…`.
_CHAMPS_TEXTE = ("text", "user_text", "response_text", "parse_data_text", "user_message", "json_message",
                 "tracker_latest_message", "utter", "response")
_MOTIFS.insert(0, (re.compile(r'("(?:' + "|".join(_CHAMPS_TEXTE) + r')"\s*:\s*)"(?:[^"\\]|\\.)*"'),
                   r'\1"[message]"'))
_VALEUR_CONSOLE = r"(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\S+)"
_MOTIFS.insert(1, (re.compile(r"\b((?:" + "|".join(_CHAMPS_TEXTE) + r")=)" + _VALEUR_CONSOLE), r"\1[message]"))
_MOT = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


class _Contexte:
    """Texte du message en cours et motif de ses mots (compilé une fois par message)."""

    def __init__(self, texte: str) -> None:
        self.texte = texte
        mots = sorted({m.lower() for m in _MOT.findall(texte)}, key=len, reverse=True)
        self.motif = re.compile(r"\b(?:" + "|".join(map(re.escape, mots)) + r")\b", re.IGNORECASE) if mots else None


_EN_COURS: ContextVar[tuple[_Contexte, ...]] = ContextVar("message_en_cours", default=())


@contextmanager
def message_en_cours(texte: str | None) -> Iterator[None]:
    """Tant que ce bloc s'exécute (même tâche asyncio), `texte` et ses mots sont masqués du journal."""
    if not texte:
        yield
        return
    jeton = _EN_COURS.set((*_EN_COURS.get(), _Contexte(texte)))
    try:
        yield
    finally:
        _EN_COURS.reset(jeton)


def caviarder(ligne: str) -> str:
    """La ligne sans le message en cours ni données personnelles reconnaissables."""
    for contexte in _EN_COURS.get():
        if contexte.texte in ligne:
            ligne = ligne.replace(contexte.texte, MASQUE_MESSAGE)
        if contexte.motif is not None:
            ligne = contexte.motif.sub(MASQUE_MESSAGE, ligne)
    for motif, remplacement in _MOTIFS:
        ligne = motif.sub(remplacement, ligne)
    return ligne


class FiltreRepetitions(logging.Filter):
    """Une même panne n'est écrite qu'une fois par fenêtre ; le compte des répétitions suit."""

    def __init__(self, fenetre: float | None = None) -> None:
        super().__init__()
        self.fenetre = float(os.environ.get("JOURNAL_REPETITION_S", "600")) if fenetre is None else fenetre
        self._vus: dict[tuple[str, int, str], list[float | int]] = {}
        self._verrou = threading.Lock()

    @staticmethod
    def _cle(record: logging.LogRecord) -> tuple[str, int, str]:
        forme = re.sub(r"\d+", "#", str(record.msg))[:120]
        return (record.name, record.levelno, forme)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        decision = getattr(record, "_decision_repetition", None)
        if decision is not None:  # même enregistrement vu par un autre gestionnaire
            return decision
        decision = self._decider(record)
        record._decision_repetition = decision  # type: ignore[attr-defined]
        return decision

    def _decider(self, record: logging.LogRecord) -> bool:
        cle = self._cle(record)
        maintenant = time.monotonic()
        with self._verrou:
            vu = self._vus.get(cle)
            if vu is not None and maintenant - vu[0] < self.fenetre:
                vu[1] += 1
                return False
            masques = int(vu[1]) if vu is not None else 0
            self._vus[cle] = [maintenant, 0]
            if len(self._vus) > 1000:
                self._vus.clear()
        if masques:
            record.msg = f"{record.msg} (répété {masques} fois depuis le dernier signalement)"
        return True


_FILTRE = FiltreRepetitions()
_installe = False
_verrou_installation = threading.Lock()


_gestionnaires_vus: tuple[logging.Handler, ...] = ()


def _poser_filtre() -> None:
    """Pose le filtre sur les gestionnaires du logger racine, seulement quand leur liste a changé."""
    global _gestionnaires_vus
    gestionnaires = tuple(logging.getLogger().handlers)
    if gestionnaires == _gestionnaires_vus:
        return
    for gestionnaire in gestionnaires:
        if _FILTRE not in gestionnaire.filters:
            gestionnaire.addFilter(_FILTRE)
    _gestionnaires_vus = gestionnaires


def installer() -> None:
    """Pose la fabrique d'enregistrements caviardés (idempotent)."""
    global _installe
    with _verrou_installation:
        if _installe:
            return
        origine = logging.getLogRecordFactory()

        def fabrique(*args: object, **kwargs: object) -> logging.LogRecord:
            record = origine(*args, **kwargs)
            try:
                message = record.getMessage()
            except Exception:  # format invalide : on ne garde que le gabarit
                message = str(record.msg)
            record.msg, record.args = caviarder(message), ()
            if record.exc_info:
                trace = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
                record.exc_text = caviarder(trace)
            if record.stack_info:
                record.stack_info = caviarder(record.stack_info)
            _poser_filtre()
            return record

        logging.setLogRecordFactory(fabrique)
        _installe = True
