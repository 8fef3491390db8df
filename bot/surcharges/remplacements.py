"""Les méthodes de Rasa que `bot.surcharges.installer()` remplace, et leurs originaux."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from bot.surcharges import demarrage, performance


@dataclass(frozen=True)
class Remplacement:
    """Un attribut d'une classe de Rasa remplacé par notre fonction."""

    classe: type
    attribut: str
    nouvelle: Callable[..., Any]
    #: Enveloppe posée sur la classe : `classmethod`, `staticmethod` ou rien (méthode ordinaire).
    genre: Callable[[Callable[..., Any]], Any] | None = None

    @property
    def nom(self) -> str:
        """« Classe.attribut »."""
        return f"{self.classe.__name__}.{self.attribut}"

    def en_place(self) -> bool:
        """Vrai si la classe porte notre fonction."""
        return _fonction(self.classe.__dict__[self.attribut]) is self.nouvelle

    def poser(self, fonction: Callable[..., Any] | None = None) -> None:
        """Pose notre fonction (ou `fonction`) sur la classe, avec la même enveloppe que chez Rasa."""
        fonction = fonction or self.nouvelle
        setattr(self.classe, self.attribut, self.genre(fonction) if self.genre else fonction)


def _fonction(attribut: Any) -> Callable[..., Any]:
    """La fonction sous un `classmethod` ou un `staticmethod`."""
    return attribut.__func__ if isinstance(attribut, (classmethod, staticmethod)) else attribut


REMPLACEMENTS: tuple[Remplacement, ...] = (
    Remplacement(demarrage.RasaModel, "load", demarrage.charger_modele, classmethod),
    Remplacement(performance.RemoteAction, "_validate_action_result", performance.valider_reponse_action),
    Remplacement(performance.SpacyNLP, "load_model", performance.charger_spacy, staticmethod),
)

#: Fonctions d'origine de Rasa, par « Classe.attribut » (lues avant toute installation).
ORIGINAUX: MappingProxyType[str, Callable[..., Any]] = MappingProxyType({
    "RasaModel.load": demarrage.CHARGER_DE_RASA,
    "RemoteAction._validate_action_result": performance.VALIDER_DE_RASA,
    "SpacyNLP.load_model": performance.CHARGER_SPACY_DE_RASA,
})


@contextmanager
def retirees() -> Iterator[None]:
    """Le temps du bloc, les fonctions d'origine de Rasa (tests d'équivalence) ; puis l'état d'avant."""
    avant = [(r.classe, r.attribut, r.classe.__dict__[r.attribut]) for r in REMPLACEMENTS]
    try:
        for remplacement in REMPLACEMENTS:
            remplacement.poser(ORIGINAUX[remplacement.nom])
        yield
    finally:
        for classe, attribut, valeur in avant:
            setattr(classe, attribut, valeur)
