"""Le danger dit autrement : un classifieur appris, en plus des règles de `knowledge.regles.danger`.

Les règles reconnaissent ce qu'elles connaissent ; sur chaque jeu neuf, le danger dit avec d'autres mots
leur échappait pour un tiers à la moitié. Ce modèle (n-grammes de caractères et de mots, régression
logistique à trois classes) apprend des messages étiquetés (`data/danger/exemples.yml` et les intentions
`urgence` et `idees_suicidaires` de la NLU). Il ne décide qu'au-dessus d'un seuil, et jamais pour un message
que les règles disent hors danger (fiction, fait divers, hyperbole, scène finie, professionnel sans signe du
présent). Il lit le message comme les règles : normalisé, noms de dispositifs effacés.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from knowledge.regles.danger import hors_danger, lire_pour_le_danger

SANS_DANGER = "sans_danger"
INTENTIONS = ("urgence", "idees_suicidaires")
# Choisis par validation croisée sur les jeux de développement lus (un jeu tenu à part à tour de rôle, 15 jeux,
# 339 tours de danger, 1 293 autres) : au seuil de 0,6, 91 % des tours de danger reconnus par le modèle seul et
# 0,9 % des autres tours alertés (0,7 : 86 % et 0,7 % ; 0,8 : 80 % et 0,5 %). Les vecteurs de spaCy en plus
# n'y changeaient presque rien (0,7 : 88 % et 0,8 %).
SEUIL = 0.6
# Sous ce score, l'alerte donnée par DIET seul (sans les règles) est retirée : en validation croisée, aucun des tours
# de danger que les règles ne voient pas n'est sous 0,1, et 71 % des autres tours sont sous 0,05 (« le 115, il faut
# donner son nom ? … dès ce soir » rangé en urgence par DIET). Les règles, appliquées après, gardent le dernier mot.
VETO = 0.05
REGULARISATION = 10.0


@dataclass(frozen=True)
class Exemple:
    """Un message et son étiquette : `urgence`, `idees_suicidaires` ou `sans_danger`."""

    texte: str
    etiquette: str


def lire_exemples(chemin: Path) -> list[Exemple]:
    """Les exemples d'un fichier `version`, `urgence`, `idees_suicidaires`, `sans_danger` (listes de messages)."""
    donnees = yaml.safe_load(chemin.read_text(encoding="utf-8")) or {}
    return [Exemple(str(texte), etiquette) for etiquette in (*INTENTIONS, SANS_DANGER)
            for texte in donnees.get(etiquette) or []]


class ModeleDanger:
    """Probabilité qu'un message dise un danger immédiat ou des idées suicidaires."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    @classmethod
    def entrainer(cls, exemples: Iterable[Exemple], regularisation: float = REGULARISATION) -> ModeleDanger:
        """Apprend des exemples (il en faut des trois étiquettes)."""
        exemples = list(exemples)
        caracteres = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
        mots = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)
        pipeline = Pipeline([
            ("traits", FeatureUnion([("caracteres", caracteres), ("mots", mots)])),
            ("classifieur", LogisticRegression(C=regularisation, class_weight="balanced", max_iter=3000)),
        ])
        pipeline.fit([lire_pour_le_danger(e.texte) for e in exemples], [e.etiquette for e in exemples])
        return cls(pipeline)

    def probabilites(self, texte: str) -> dict[str, float]:
        """Probabilité de chaque étiquette pour le message."""
        return self._probabilites(lire_pour_le_danger(texte))

    def _probabilites(self, lu: str) -> dict[str, float]:
        valeurs = self.pipeline.predict_proba([lu])[0]
        return {str(e): float(p) for e, p in zip(self.pipeline.classes_, valeurs, strict=True)}

    def intention(self, texte: str, seuil: float = SEUIL) -> str | None:
        """`urgence` ou `idees_suicidaires` si le danger passe le seuil et que les règles ne l'excluent pas."""
        lu = lire_pour_le_danger(texte)
        probabilites = self._probabilites(lu)
        if _danger(probabilites) < seuil or hors_danger(texte, lu):
            return None
        return max(INTENTIONS, key=lambda i: probabilites.get(i, 0.0))

    def alerte_a_retirer(self, texte: str, veto: float = VETO) -> bool:
        """L'alerte qu'un autre classifieur (DIET) donne au message est à retirer : les règles le disent hors danger,
        ou le modèle le juge presque sûrement sans danger (sous `veto`)."""
        lu = lire_pour_le_danger(texte)
        return hors_danger(texte, lu) or _danger(self._probabilites(lu)) < veto


def _danger(probabilites: dict[str, float]) -> float:
    """Probabilité d'un danger immédiat ou d'idées suicidaires."""
    return sum(probabilites.get(i, 0.0) for i in INTENTIONS)
