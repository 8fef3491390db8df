"""Questions fréquentes de l'annuaire (knowledge/data/questions/*.yaml).

Chaque entrée : des façons de poser la question (`variantes`), une réponse courte en français
(`reponse`, sans aucun contact : les contacts viennent des fiches `structures`), les publics,
la source et ses dates. C'est la seule copie de ces textes : la question la plus proche d'un message est choisie par
knowledge.selection_questions sur ces variantes (lues au démarrage, sans réentraînement), et le
serveur d'actions répond avec le texte d'ici.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

DOSSIER = Path(__file__).resolve().parent / "data" / "questions"
INTENTION = "faq"
PUBLICS = {"victime", "proche", "professionnel"}
_ID = re.compile(r"^[a-z0-9_]{2,40}$")
# Un numéro de téléphone (3 chiffres ou plus, espacés ou non) qui ne serait pas une année.
_NUMERO = re.compile(r"(?<![\d-])(?<!article )(?!(?:19|20)\d\d\b)\d(?:[ .]?\d){2,}")


class QuestionsInvalides(ValueError):
    """Fichier de questions invalide : la liste des erreurs, chacune située."""

    def __init__(self, erreurs: list[str]) -> None:
        super().__init__("\n".join(erreurs))
        self.erreurs = erreurs


#: La situation où mène une question de ce thème, quand la conversation n'en a pas encore.
SITUATION_DU_THEME = {
    "hebergement": "hebergement_urgence", "arnaques": "escroquerie", "discrimination": "discrimination",
    "auteurs": "auteur_violences", "personnes-agees-handicapees": "maltraitance_personne_vulnerable",
    "enfants": "enfant_en_danger", "violences-sexuelles": "violences_sexuelles", "protection": "violences_conjugales",
    "plainte": "porter_plainte", "apres-plainte": "porter_plainte", "prostitution": "prostitution",
}

@dataclass(frozen=True)
class Question:
    """Une question fréquente et sa réponse sourcée."""

    id: str
    theme: str
    publics: tuple[str, ...]
    variantes: tuple[str, ...]
    reponse: str
    structures: tuple[str, ...]
    source_url: str
    source_titre: str
    publie_le: date | None
    lu_le: date

    @property
    def cle(self) -> str:
        """Clé de l'intention de recherche Rasa (`faq/<id>`)."""
        return f"{INTENTION}/{self.id}"


def _lire_entree(entree: dict, ou: str, erreurs: list[str]) -> Question | None:
    manque = [c for c in ("id", "theme", "publics", "variantes", "reponse", "source") if not entree.get(c)]
    if manque:
        erreurs.append(f"{ou} : champ(s) manquant(s) {', '.join(manque)}")
        return None
    ident = str(entree["id"])
    if not _ID.match(ident):
        erreurs.append(f"{ou} : id {ident!r} invalide ([a-z0-9_], 40 caractères au plus)")
    publics = tuple(entree["publics"])
    if not set(publics) <= PUBLICS:
        erreurs.append(f"{ou} : publics inconnus {sorted(set(publics) - PUBLICS)}")
    reponse = " ".join(str(entree["reponse"]).split())
    if _NUMERO.search(reponse) or "http" in reponse or "@" in reponse:
        erreurs.append(f"{ou} : la réponse contient un numéro, une adresse web ou un courriel "
                       "(les contacts viennent des fiches `structures`)")
    source = entree["source"]
    if not str(source.get("url", "")).startswith(("http://", "https://")):
        erreurs.append(f"{ou} : source.url manquante")
    if not isinstance(source.get("lu_le"), date):
        erreurs.append(f"{ou} : source.lu_le doit être une date (AAAA-MM-JJ)")
        return None
    variantes = tuple(" ".join(str(v).split()) for v in entree["variantes"])
    if len(variantes) < 3:
        erreurs.append(f"{ou} : au moins 3 variantes")
    publie = source.get("publie_le")
    return Question(
        id=ident, theme=str(entree["theme"]), publics=publics, variantes=variantes, reponse=reponse,
        structures=tuple(entree.get("structures") or ()), source_url=str(source["url"]),
        source_titre=str(source.get("titre") or ""), publie_le=publie if isinstance(publie, date) else None,
        lu_le=source["lu_le"],
    )


def charger_questions(dossier: Path = DOSSIER) -> dict[str, Question]:
    """Toutes les questions, par id ; lève QuestionsInvalides en nommant fichier › entrée › champ."""
    erreurs: list[str] = []
    questions: dict[str, Question] = {}
    for fichier in sorted(dossier.glob("*.yaml")):
        with fichier.open(encoding="utf-8") as flux:
            contenu = yaml.safe_load(flux) or {}
        for rang, entree in enumerate(contenu.get("questions") or [], start=1):
            ou = f"{fichier.name} › {entree.get('id') or f'entrée {rang}'}"
            question = _lire_entree(entree, ou, erreurs)
            if question is None:
                continue
            if question.id in questions:
                erreurs.append(f"{ou} : id en double")
            questions[question.id] = question
    if erreurs:
        raise QuestionsInvalides(erreurs)
    return questions


@cache
def questions() -> dict[str, Question]:
    """Les questions du dépôt (lues une fois par processus)."""
    return charger_questions()


def question_de_cle(cle: str | None) -> Question | None:
    """`faq/tgd_obtenir` (clé prédite par le ResponseSelector) → la Question."""
    if not cle:
        return None
    return questions().get(cle.split("/", 1)[-1])
