"""Choisir la question fréquente la plus proche d'un message (sans Rasa).

Plus proche voisin sur des n-grammes de caractères et de mots (TF-IDF de scikit-learn), entre le
message et toutes les variantes de knowledge/data/questions/ : la base de connaissances est lue
au démarrage, une question ajoutée n'attend pas un réentraînement. Un mot de thème qui ne trompe
pas (« prescrit », « secret médical », « CIVI » : knowledge/data/indices_questions.yaml) donne un
bonus aux questions de ce thème : sur un jeu de développement de 160 questions réelles, le thème
juste passe de 99 à 116 (les tournures tenues à part restent à 26 sur 34). Mesuré sur les tournures de
questions du jeu NLU tenu à part : 26 sur 34 justes, contre 21 pour le ResponseSelector de Rasa
entraîné sur les mêmes variantes (BENCHMARKS.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize

from knowledge.questions import Question, questions
from knowledge.texte import deplier_sms, lire_message, normaliser

FICHIER_INDICES = Path(__file__).resolve().parent / "data" / "indices_questions.yaml"
#: Bonus de similarité des questions d'un thème que le message nomme (« prescrit », « secret médical »).
BONUS_THEME = 0.2


@cache
def _indices() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Motifs de thème, lus et compilés une fois."""
    with FICHIER_INDICES.open(encoding="utf-8") as flux:
        donnees = yaml.safe_load(flux) or {}
    return {theme: tuple(re.compile(m) for m in motifs) for theme, motifs in donnees.items()}


def themes_nommes(texte: str) -> frozenset[str]:
    """Thèmes (ou identifiants de questions) que le message nomme par un mot qui ne trompe pas."""
    return _themes_du_texte_normalise(lire_message(texte))


def _themes_du_texte_normalise(normalise: str) -> frozenset[str]:
    return frozenset(t for t, motifs in _indices().items() if any(m.search(normalise) for m in motifs))


@dataclass(frozen=True)
class Choix:
    """La question retenue et la similarité (cosinus, 0 à 1) de sa variante la plus proche."""

    question: Question
    similarite: float


class SelecteurQuestions:
    """Index des variantes, construit une fois."""

    def __init__(self, toutes: dict[str, Question] | None = None) -> None:
        toutes = questions() if toutes is None else toutes
        self._questions = [q for q in toutes.values() for _ in q.variantes]
        textes = [deplier_sms(normaliser(v)) for q in toutes.values() for v in q.variantes]
        self._vecteur = FeatureUnion([
            ("caracteres", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
            ("mots", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)),
        ])
        self._matrice = normalize(self._vecteur.fit_transform(textes))
        self._themes = np.array([q.theme for q in self._questions])
        self._ids = np.array([q.id for q in self._questions])

    def _dans_les_themes(self, themes: frozenset[str]) -> np.ndarray:
        """1 pour les variantes d'un thème nommé, 1 de plus pour celles d'une question nommée par son
        identifiant (« quand j'avais 12 ans » dans une question de prescription : celle de l'enfance)."""
        return np.isin(self._themes, list(themes)).astype(float) + np.isin(self._ids, list(themes)).astype(float)

    def classer(self, texte: str, nombre: int = 3) -> list[Choix]:
        """Les `nombre` questions les plus proches, la meilleure d'abord (liste vide pour un texte vide)."""
        texte = texte[:2000]
        normalise = deplier_sms(normaliser(texte))
        if not normalise or not self._questions:
            return []
        scores = (self._matrice @ normalize(self._vecteur.transform([normalise])).T).toarray().ravel()
        themes = _themes_du_texte_normalise(normalise)
        if themes:
            scores = scores + BONUS_THEME * self._dans_les_themes(themes)
        meilleurs: dict[str, Choix] = {}
        for indice in np.argsort(-scores):
            question = self._questions[indice]
            if question.id not in meilleurs:
                meilleurs[question.id] = Choix(question, min(1.0, float(scores[indice])))
                if len(meilleurs) == nombre:
                    break
        return list(meilleurs.values())
