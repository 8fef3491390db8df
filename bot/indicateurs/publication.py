"""Ce qui peut être publié : petits effectifs jamais montrés, ni directement ni par différence.

Règles (les mêmes pour la page des pilotes et les exports) :

1. **Le mois calendaire est la seule maille publiée.** Un mois n'est publié qu'une fois terminé
   (à partir du 2 du mois suivant) et tant qu'il est entier dans la base (purge à 36 mois) : ses
   chiffres ne changent donc plus, et deux consultations à des dates différentes ne révèlent pas
   les événements arrivés entre les deux.
2. **Un tableau = une seule dimension d'un mois** (situation, arrondissement, profil, tranche
   horaire…), jamais deux croisées : on ne peut pas relier l'arrondissement d'une personne à sa
   situation. Chaque tableau partage le total du mois.
3. **Sous k = 5, rien n'est montré.** Un mois de moins de 5 événements est publié « < 5 », sans
   détail. Dans un tableau, les catégories de moins de 5 sont regroupées en « Autres (petits
   effectifs regroupés) », sans être nommées ; si ce groupe fait moins de 5, la plus petite des
   autres catégories le rejoint, jusqu'à 5 au moins. Tout nombre publié vaut donc 0 ou au moins
   5, et aucune différence entre nombres publiés (total moins le reste) ne tombe sous 5.
4. **Tout le reste est une somme de cellules publiées** : une période (année, 12 mois) additionne
   les cellules publiées de ses mois (une catégorie regroupée un mois n'y est pas attribuée), le
   taux d'échec d'un mois se calcule sur les cellules publiées du tableau `echec`. Rien de ce qui
   est montré n'ajoute d'information aux tableaux mensuels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine

from bot.indicateurs import stockage
from bot.indicateurs.enregistrement import ARRONDISSEMENTS, ECHECS, ISSUES, PROFILS, TRANCHES
from knowledge.lieu import NOMS_ARRONDISSEMENTS
from knowledge.provenance import mois_avant

if TYPE_CHECKING:
    from knowledge.annuaire import Annuaire

K = 5
#: Dimensions publiées, une par tableau, dans l'ordre des pages et des exports.
DIMENSIONS = ("situation", "arrondissement", "profil", "tranche", "issue", "echec", "danger", "premier",
              "partenaire", "proposees")
TITRES = {
    "situation": "Situation",
    "arrondissement": "Arrondissement",
    "profil": "Qui écrit",
    "tranche": "Tranche horaire",
    "issue": "Issue de l'échange",
    "echec": "Échec",
    "danger": "Chemin du danger emprunté avant l'échange",
    "premier": "Place dans la conversation",
    "partenaire": "Site partenaire",
    "proposees": "Structures et lignes proposées",
}
REGROUPES = "_regroupes"
LIBELLE_REGROUPES = "Autres (petits effectifs regroupés)"
LIBELLES_FIXES: dict[str, dict[str, str]] = {
    "arrondissement": {
        **{code: f"Arrondissement de {nom}" for code, nom in NOMS_ARRONDISSEMENTS.items()},
        "41": "Loir-et-Cher, arrondissement non précisé",
        "hors_41": "Hors Loir-et-Cher",
        "non_precise": "Lieu non donné",
    },
    "profil": {"victime": "Victime", "proche": "Proche ou témoin", "professionnel": "Professionnel",
               "inconnu": "Non dit"},
    "tranche": {str(h): f"{h} h – {h + 4} h" for h in TRANCHES},
    "issue": {"oriente": "Orientation", "question_repondue": "Question répondue",
              "non_compris": "Message non compris", "hors_champ": "Hors du champ de l'assistant"},
    "echec": {"aucun": "Aucun échec", "non_compris": "Message non compris",
              "sans_structure_locale": "Aucune structure locale proposée",
              "sans_contact_verifie": "Structure locale sans contact vérifié"},
    "danger": {"oui": "Oui", "non": "Non"},
    "premier": {"oui": "Premier échange de la conversation", "non": "Échange suivant"},
    "partenaire": {"aucun": "Sans site partenaire", "autre": "Site non déclaré"},
    "situation": {"aucune": "Sans situation (question, incompréhension)", "autre": "Autre"},
}
#: Ordre naturel des catégories (les autres dimensions : par effectif décroissant).
ORDRES: dict[str, tuple[str, ...]] = {
    "arrondissement": ARRONDISSEMENTS,
    "profil": (*PROFILS, "inconnu"),
    "tranche": tuple(str(h) for h in TRANCHES),
    "issue": ISSUES,
    "echec": ECHECS,
    "danger": ("oui", "non"),
    "premier": ("oui", "non"),
}
ECHECS_PUBLIES = ECHECS[1:]


class MoisNonPubliable(ValueError):
    """Mois pas encore terminé, ou déjà entamé par la purge."""


# --- Un tableau protégé ------------------------------------------------------------------------


@dataclass(frozen=True)
class Tableau:
    """Une dimension d'un mois : catégories publiées (toutes ≥ K), groupe des autres, total."""

    cellules: dict[str, int]
    regroupe: int
    total: int | None  # None : moins de K événements, rien n'est montré

    def lignes(self, dimension: str) -> list[tuple[str, int]]:
        """(catégorie, effectif) dans l'ordre d'affichage, le groupe en dernier."""
        ordre = ORDRES.get(dimension)
        if ordre:
            cles = [c for c in ordre if c in self.cellules] + sorted(c for c in self.cellules if c not in ordre)
        else:
            cles = sorted(self.cellules, key=lambda c: (-self.cellules[c], c))
        resultat = [(c, self.cellules[c]) for c in cles]
        return resultat + ([(REGROUPES, self.regroupe)] if self.regroupe else [])


def proteger(comptes: Mapping[str, int], k: int = K) -> Tableau:
    """Regroupe les petites catégories (sans les nommer) jusqu'à ce que le groupe fasse au moins k."""
    presents = {c: n for c, n in comptes.items() if n > 0}
    total = sum(presents.values())
    if 0 < total < k:
        return Tableau({}, 0, None)
    groupe = [c for c in presents if presents[c] < k]
    somme = sum(presents[c] for c in groupe)
    if groupe:
        autres = sorted((c for c in presents if c not in groupe), key=lambda c: (presents[c], c))
        while somme < k:
            suivante = autres.pop(0)
            groupe.append(suivante)
            somme += presents[suivante]
    return Tableau({c: n for c, n in presents.items() if c not in groupe}, somme, total)


def _valeur(dimension: str, valeur: Any) -> str:
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    return str(valeur)


def comptes_du_mois(lignes: Iterable[Mapping[str, Any]]) -> dict[str, Counter]:
    """Effectifs bruts par dimension (jamais publiés tels quels)."""
    comptes: dict[str, Counter] = {d: Counter() for d in DIMENSIONS}
    for ligne in lignes:
        for dimension in DIMENSIONS:
            if dimension == "proposees":
                comptes[dimension].update(ligne["proposees"] or [])
            else:
                comptes[dimension][_valeur(dimension, ligne[dimension])] += 1
    return comptes


@dataclass(frozen=True)
class MoisPublie:
    """Les tableaux protégés d'un mois."""

    mois: str
    total: int | None
    tableaux: dict[str, Tableau]

    def taux_echec(self) -> dict[str, float | None]:
        """Part des événements en échec (« total ») et par cause, calculée sur les cellules publiées."""
        tableau = self.tableaux.get("echec")
        if not self.total or tableau is None:
            return {"total": None, **{e: None for e in ECHECS_PUBLIES}}
        reussis = tableau.cellules.get("aucun")
        if reussis is None and not tableau.regroupe:
            reussis = 0  # toutes les catégories sont publiées : aucune réussite
        # « aucun » regroupé : on ne sait pas combien de réussites le groupe contient, pas de taux.
        global_ = None if reussis is None else (self.total - reussis) / self.total
        return {"total": global_, **{e: (tableau.cellules[e] / self.total if e in tableau.cellules else None)
                                     for e in ECHECS_PUBLIES}}


def publier_mois(mois: str, lignes: Iterable[Mapping[str, Any]], k: int = K) -> MoisPublie:
    """Un mois : total (None sous k) et un tableau protégé par dimension."""
    lignes = list(lignes)
    total = len(lignes)
    if 0 < total < k:
        return MoisPublie(mois, None, {})
    return MoisPublie(mois, total, {d: proteger(c, k) for d, c in comptes_du_mois(lignes).items()})


# --- Mois publiables ---------------------------------------------------------------------------


def premier_jour(mois: str) -> date:
    """« 2027-01 » → 2027-01-01 (MoisNonPubliable si la forme est fausse)."""
    try:
        annee, numero = (int(x) for x in mois.split("-"))
        return date(annee, numero, 1)
    except ValueError:
        raise MoisNonPubliable(f"mois attendu sous la forme AAAA-MM : {mois!r}") from None


def mois_suivant(jour: date) -> date:
    return date(jour.year + jour.month // 12, jour.month % 12 + 1, 1)


def nom_du_mois(jour: date) -> str:
    return f"{jour.year:04d}-{jour.month:02d}"


def verifier_publiable(mois: str, aujourd_hui: date | None = None) -> None:
    """Lève MoisNonPubliable si le mois n'est pas terminé depuis un jour ou plus, ou s'il est
    déjà entamé par la purge des 36 mois."""
    aujourd_hui = aujourd_hui or date.today()
    debut = premier_jour(mois)
    if aujourd_hui <= mois_suivant(debut):
        raise MoisNonPubliable(f"{mois} n'est pas terminé : publiable à partir du 2 du mois suivant.")
    if debut < stockage.limite_conservation(aujourd_hui):
        raise MoisNonPubliable(f"{mois} est entamé par la purge ({stockage.CONSERVATION_MOIS} mois) : "
                               "il n'est plus publié.")


def mois_publiables(aujourd_hui: date | None = None, nombre: int = 12) -> list[str]:
    """Les `nombre` derniers mois publiables, du plus ancien au plus récent."""
    aujourd_hui = aujourd_hui or date.today()
    jour = premier_jour(nom_du_mois(aujourd_hui))
    resultat: list[str] = []
    while len(resultat) < nombre:
        jour = premier_jour(nom_du_mois(mois_avant(jour, 1)))
        try:
            verifier_publiable(nom_du_mois(jour), aujourd_hui)
        except MoisNonPubliable:
            if jour < stockage.limite_conservation(aujourd_hui):
                break
            continue
        resultat.append(nom_du_mois(jour))
    return list(reversed(resultat))


# --- Une période ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cumul:
    """Somme des cellules publiées d'une dimension sur plusieurs mois."""

    cellules: dict[str, int] = field(default_factory=dict)
    regroupe: int = 0

    def lignes(self, dimension: str) -> list[tuple[str, int]]:
        return Tableau(self.cellules, self.regroupe, None).lignes(dimension)


@dataclass(frozen=True)
class Publication:
    """Les mois publiés d'une période, et ce qui s'en déduit."""

    mois: list[MoisPublie]

    @property
    def total(self) -> int:
        """Somme des totaux publiés (les mois « < 5 » n'y sont pas)."""
        return sum(m.total or 0 for m in self.mois)

    @property
    def mois_caches(self) -> list[str]:
        return [m.mois for m in self.mois if m.total is None]

    def cumul(self, dimension: str) -> Cumul:
        cellules: Counter = Counter()
        regroupe = 0
        for mois in self.mois:
            tableau = mois.tableaux.get(dimension)
            if tableau is not None:
                cellules.update(tableau.cellules)
                regroupe += tableau.regroupe
        return Cumul(dict(cellules), regroupe)


def publier(moteur: Engine, mois: Iterable[str], aujourd_hui: date | None = None, k: int = K) -> Publication:
    """Lit et protège chaque mois demandé (MoisNonPubliable pour un mois non terminé ou purgé)."""
    publies = []
    for nom in mois:
        verifier_publiable(nom, aujourd_hui)
        debut = premier_jour(nom)
        publies.append(publier_mois(nom, stockage.lire(moteur, debut, mois_suivant(debut)), k))
    return Publication(publies)


# --- Libellés ------------------------------------------------------------------------------------


def libelle(dimension: str, categorie: str, index: Annuaire | None = None) -> str:
    """Libellé lisible d'une catégorie (noms de situations et de structures tirés de l'annuaire)."""
    if categorie == REGROUPES:
        return LIBELLE_REGROUPES
    fixe = LIBELLES_FIXES.get(dimension, {}).get(categorie)
    if fixe:
        return fixe
    if index is not None:
        try:
            if dimension == "situation" and categorie in index.situations():
                return index.situations()[categorie].libelle
            if dimension == "proposees":
                vue = index.structure(categorie)
                if vue is not None:
                    return vue.nom
        except Exception:  # annuaire illisible : l'identifiant suffit
            pass
    return categorie
