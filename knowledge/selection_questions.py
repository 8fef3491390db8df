"""Choisir la question fréquente la plus proche d'un message (sans Rasa).

Plus proche voisin sur des n-grammes de caractères et de mots (TF-IDF de scikit-learn), entre le
message et toutes les variantes de knowledge/data/questions/ : la base de connaissances est lue
au démarrage, une question ajoutée n'attend pas un réentraînement. Mesuré sur les tournures de
questions du jeu NLU tenu à part : 26 sur 34 justes, contre 21 pour le ResponseSelector de Rasa
entraîné sur les mêmes variantes (BENCHMARKS.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize

from knowledge.questions import Question, questions
from knowledge.texte import normaliser


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
        textes = [normaliser(v) for q in toutes.values() for v in q.variantes]
        self._vecteur = FeatureUnion([
            ("caracteres", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
            ("mots", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)),
        ])
        self._matrice = normalize(self._vecteur.fit_transform(textes))

    def classer(self, texte: str, nombre: int = 3) -> list[Choix]:
        """Les `nombre` questions les plus proches, la meilleure d'abord (liste vide pour un texte vide)."""
        normalise = normaliser(texte[:2000])
        if not normalise or not self._questions:
            return []
        scores = (self._matrice @ normalize(self._vecteur.transform([normalise])).T).toarray().ravel()
        meilleurs: dict[str, Choix] = {}
        for indice in np.argsort(-scores):
            question = self._questions[indice]
            if question.id not in meilleurs:
                meilleurs[question.id] = Choix(question, min(1.0, float(scores[indice])))
                if len(meilleurs) == nombre:
                    break
        return list(meilleurs.values())
