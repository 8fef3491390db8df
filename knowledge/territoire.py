"""Reconnaissance d'une commune dans ce qu'écrit une personne.

Tolère la casse, les accents, les tirets, « St »/« Saint », les fautes de frappe, les codes
postaux (en demandant de préciser quand un code couvre plusieurs arrondissements), les anciens
noms de communes et les noms usuels (« Romorantin »). Reconnaît aussi une commune ou un
département hors Loir-et-Cher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein
from sqlalchemy import select
from sqlalchemy.engine import Engine

from knowledge.db import (
    CodePostalLigne,
    CommuneExterneLigne,
    CommuneLigne,
    DepartementLigne,
    NomCommuneLigne,
)
from knowledge.texte import ngrammes, normaliser

Statut = Literal["trouvee", "code_postal", "ambigue", "departement_41", "hors_41", "inconnue"]

_CODE_POSTAL = re.compile(r"(?<!\d)(\d{2})\s?(\d{3})(?!\d)")
# Tournures qui précèdent un lieu : « j'habite à », « je suis sur », « près de »…
_AMORCES = re.compile(
    r"^(?:(?:je|j|on|nous|elle|il|moi|ma|mon|sa|son)\s+)?"
    r"(?:(?:suis|habite|habitons|habitent|vis|vit|vivons|reside|demeure|loge|loge|travaille|"
    r"est|sommes|sont|c est|c|dans|du cote de|cote de|pres de|vers|sur|a|au|aux|en|de|d|la|le|les|"
    r"commune|ville|village|secteur|region|departement|pas loin de|a cote de|environs de)\s+)+"
)
_INDICES_LIEU = {"a", "au", "habite", "sur", "vers", "pres", "commune", "ville", "village", "secteur", "cote", "de"}
#: Hors du 41, les communes homonymes de mots courants sont trop nombreuses (« au boulot » : Boulot, 70) :
#: seuls ces indices-là y mènent (« j'habite à Tours », « je viens de Paris »).
_INDICES_LIEU_EXTERNE = _INDICES_LIEU - {"au", "cote"}
#: « de » ne mène hors du 41 qu'après un verbe de provenance (« je viens de Paris ») : « la porte de la
#: chambre » (La Chambre, 73) ou « il vient de publier » (Publier, 74) ne sont pas des lieux.
_PROVENANCE = {"viens", "vient", "venu", "venue", "venus", "originaire", "arrive", "arrivee", "pars", "part", "sors",
               "loin", "habitant", "habitante", "region", "cote", "pres"}
_SUJETS = {"il", "elle", "on", "qui", "j", "tu", "ca", "ils", "elles", "y", "m", "t", "l", "nous", "vous"}


_ARTICLES = {"la", "le", "les", "l"}
_INDICES_FORTS = {"a", "habite", "commune", "ville", "village"}


def _provenance(tokens: list[str], debut: int) -> bool:
    """« je viens de Paris », pas « il vient de publier » (un infinitif après « venir de »)."""
    if debut < 2 or tokens[debut - 2] not in _PROVENANCE:
        return False
    return not (tokens[debut - 2].startswith("vien") and tokens[debut].endswith(("er", "ir")))


def _verbe_avoir(tokens: list[str], debut: int) -> bool:
    """« il a pleuré » : ce « a » est le verbe avoir, pas « à » (Pleure, Jura)."""
    return tokens[debut - 1] == "a" and debut >= 2 and tokens[debut - 2] in _SUJETS


_MOTS_COURANTS = {
    "aide", "mer", "vif", "bonjour", "merci", "oui", "non", "police", "gendarmerie", "maison", "famille",
    "enfant", "enfants", "viol", "plainte", "justice", "place", "paix", "bout", "peur", "mal", "rue",
    "centre", "ville", "village", "loire", "sologne", "beauce", "perche", "cher", "france", "fort",
    "bonne", "saint", "sainte", "les", "la", "le", "mon", "ma", "chez", "moi",
}
SEUIL_APPROCHE = 86
#: Une lettre de trop, de moins, changée ou inversée (« Blios ») : seulement pour un nom assez long, ou
#: une commune assez peuplée, pour ne pas transformer un mot quelconque en commune.
LONGUEUR_FAUTE_SEULE = 8
POPULATION_FAUTE_COURTE = 2000
_COURT = re.compile(r"^(.+?) sur (?:le |la |les )?\S.*$")


@dataclass(frozen=True)
class Commune:
    """Une commune actuelle de Loir-et-Cher."""

    code: str
    nom: str
    arrondissement: str
    zone: str
    codes_postaux: tuple[str, ...]
    population: int = 0


@dataclass(frozen=True)
class Resolution:
    """Résultat de la reconnaissance d'un lieu."""

    statut: Statut
    commune: Commune | None = None
    candidats: tuple[Commune, ...] = ()
    arrondissement: str | None = None
    departements: tuple[str, ...] = ()
    code_postal: str | None = None

    @property
    def dans_le_41(self) -> bool:
        """Vrai si le lieu est en Loir-et-Cher (commune, code postal ou département)."""
        return self.statut in ("trouvee", "code_postal", "ambigue", "departement_41")


@dataclass
class IndexTerritoire:
    """Index en mémoire des communes, chargé une fois depuis la base."""

    communes: dict[str, Commune] = field(default_factory=dict)
    noms: dict[str, str] = field(default_factory=dict)
    codes_postaux: dict[str, tuple[str, ...]] = field(default_factory=dict)
    externes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    departements: dict[str, str] = field(default_factory=dict)
    departements_par_nom: dict[str, str] = field(default_factory=dict)
    _choix: list[str] = field(default_factory=list)

    @classmethod
    def depuis_base(cls, moteur: Engine) -> IndexTerritoire:
        """Charge l'index depuis la base, colonnes seules : pas d'objets ORM pour ≈ 35 000 communes."""
        index = cls()
        with moteur.connect() as connexion:
            c = CommuneLigne
            colonnes = (c.code, c.nom, c.arrondissement, c.zone, c.codes_postaux, c.population)
            for code, nom, arrondissement, zone, postaux_commune, population in connexion.execute(select(*colonnes)):
                index.communes[code] = Commune(code=code, nom=nom, arrondissement=arrondissement, zone=zone,
                                               codes_postaux=tuple(postaux_commune), population=population or 0)
            for nom_normalise, code in connexion.execute(select(NomCommuneLigne.nom_normalise, NomCommuneLigne.code)):
                index.noms.setdefault(nom_normalise, code)
            postaux: dict[str, list[str]] = {}
            for code_postal, code in connexion.execute(select(CodePostalLigne.code_postal, CodePostalLigne.code)):
                postaux.setdefault(code_postal, []).append(code)
            index.codes_postaux = {k: tuple(sorted(v)) for k, v in postaux.items()}
            externes = select(CommuneExterneLigne.nom_normalise, CommuneExterneLigne.departements)
            for nom_normalise, departements in connexion.execute(externes):
                index.externes[nom_normalise] = tuple(departements)
            departements = select(DepartementLigne.code, DepartementLigne.nom, DepartementLigne.nom_normalise)
            for code, nom, nom_normalise in connexion.execute(departements):
                index.departements[code] = nom
                index.departements_par_nom[nom_normalise] = code
        index._ajouter_formes_courtes()
        index._choix = list(index.noms)
        return index

    def _ajouter_formes_courtes(self) -> None:
        """« Selles » pour Selles-sur-Cher, « Montoire » pour Montoire-sur-le-Loir : la forme courte d'un
        nom en « X-sur-Y » qu'une seule commune de Loir-et-Cher porte et qui n'est pas déjà un nom connu."""
        courtes: dict[str, set[str]] = {}
        for nom, code in self.noms.items():
            correspondance = _COURT.match(nom)
            if correspondance and len(correspondance.group(1)) >= 3:
                courtes.setdefault(correspondance.group(1), set()).add(code)
        for courte, codes in courtes.items():
            if len(codes) == 1 and courte not in self.noms and courte not in _MOTS_COURANTS:
                self.noms[courte] = codes.pop()

    def nom_departement(self, code: str) -> str:
        """« 37 » → « Indre-et-Loire »."""
        return self.departements.get(code, code)

    def resoudre(self, texte: str) -> Resolution:
        """Reconnaît une commune, un code postal ou un département dans un texte libre."""
        texte = texte[:300]
        normalise = normaliser(texte)
        if not normalise:
            return Resolution("inconnue")

        code_postal = _CODE_POSTAL.search(texte)
        if code_postal:
            resolution = self._par_code_postal("".join(code_postal.groups()), normalise)
            if resolution:
                return resolution

        nu = _AMORCES.sub("", normalise).strip() or normalise
        for candidat in (nu, normalise):
            if candidat in self.noms:
                return self._trouvee(self.noms[candidat])
        if nu in ("loir et cher", "41", "le 41", "departement 41"):
            return Resolution("departement_41")
        if nu in self.externes:
            return Resolution("hors_41", departements=self.externes[nu])
        if nu in self.departements_par_nom and nu not in self.noms:
            return Resolution("hors_41", departements=(self.departements_par_nom[nu],))

        tokens = normalise.split()
        trouve = self.chercher_dans_phrase(tokens)
        if trouve:
            return trouve

        approche = self._approche(nu, tokens)
        if approche:
            return approche
        return Resolution("inconnue")

    def _trouvee(self, code: str) -> Resolution:
        commune = self.communes[code]
        return Resolution("trouvee", commune=commune, arrondissement=commune.arrondissement)

    def _par_code_postal(self, code_postal: str, normalise: str) -> Resolution | None:
        if not code_postal.startswith("41"):
            departement = code_postal[:3] if code_postal.startswith("97") else code_postal[:2]
            if departement == "20":
                departement = "2A" if int(code_postal) < 20200 else "2B"
            if departement in self.departements:
                return Resolution("hors_41", departements=(departement,), code_postal=code_postal)
            return None
        codes = self.codes_postaux.get(code_postal)
        if not codes:
            return None
        # « 41120 Cellettes » : le nom tranche entre les communes du code postal.
        for _, _, morceau in ngrammes(normalise.split()):
            if self.noms.get(morceau) in codes:
                return self._trouvee(self.noms[morceau])
        if len(codes) == 1:
            return self._trouvee(codes[0])
        candidats = tuple(self.communes[c] for c in codes)
        arrondissements = {c.arrondissement for c in candidats}
        if len(arrondissements) == 1:
            return Resolution(
                "code_postal", candidats=candidats, arrondissement=arrondissements.pop(), code_postal=code_postal
            )
        return Resolution("ambigue", candidats=candidats, code_postal=code_postal)

    def chercher_dans_phrase(self, tokens: list[str]) -> Resolution | None:
        """Cherche un nom de commune dans la phrase (« je suis à saint aignan et… »)."""
        for debut, fin, morceau in ngrammes(tokens):
            precede_indice = debut > 0 and tokens[debut - 1] in _INDICES_LIEU
            un_seul_mot = fin - debut == 1
            if morceau in self.noms:
                if un_seul_mot and (morceau in _MOTS_COURANTS or len(morceau) <= 5) and not precede_indice:
                    continue
                return self._trouvee(self.noms[morceau])
        for debut, _, morceau in ngrammes(tokens):
            precede_indice = (debut > 0 and tokens[debut - 1] in _INDICES_LIEU_EXTERNE
                              and not _verbe_avoir(tokens, debut)
                              and (tokens[debut - 1] != "de" or _provenance(tokens, debut))
                              # « sur la table » n'est pas La Table (73) : un article après « sur », « vers »…
                              and not (tokens[debut] in _ARTICLES and tokens[debut - 1] not in _INDICES_FORTS))
            if not precede_indice or morceau in _MOTS_COURANTS or len(morceau) < 4:
                continue
            if morceau in self.externes:
                return Resolution("hors_41", departements=self.externes[morceau])
            if morceau in self.departements_par_nom:
                return Resolution("hors_41", departements=(self.departements_par_nom[morceau],))
        return None

    def _approche(self, nu: str, tokens: list[str]) -> Resolution | None:
        """Faute de frappe : meilleure ressemblance au-dessus du seuil."""
        essais = [nu] if 4 <= len(nu) <= 40 else []
        essais += [m for _, _, m in ngrammes(tokens, 4) if len(m) >= 6 and m != nu and m not in _MOTS_COURANTS]
        meilleur: tuple[float, str] | None = None
        for essai in essais:
            resultat = process.extractOne(essai, self._choix, scorer=fuzz.ratio, score_cutoff=SEUIL_APPROCHE)
            if resultat and (meilleur is None or resultat[1] > meilleur[0]):
                meilleur = (resultat[1], resultat[0])
        if meilleur:
            return self._trouvee(self.noms[meilleur[1]])
        return self._une_faute(nu, tokens)

    def _une_faute(self, nu: str, tokens: list[str]) -> Resolution | None:
        """Une seule lettre de différence (ajoutée, manquante, changée ou inversée) avec une commune assez
        connue : « Blios » → Blois. Essayé sur le texte entier court, ou sur le mot qui suit « à », « habite »…"""
        essais = [nu] if len(nu.split()) <= 3 else []
        essais += [tokens[i] for i in range(1, len(tokens)) if tokens[i - 1] in _INDICES_LIEU]
        trouvees: dict[str, Commune] = {}
        for essai in essais:
            if len(essai) < 4 or essai in _MOTS_COURANTS:
                continue
            for nom, code in self.noms.items():
                if abs(len(nom) - len(essai)) > 1 or DamerauLevenshtein.distance(essai, nom) > 1:
                    continue
                commune = self.communes.get(code)
                if commune and (len(nom) >= LONGUEUR_FAUTE_SEULE or commune.population >= POPULATION_FAUTE_COURTE):
                    trouvees[code] = commune
        if not trouvees:
            return None
        meilleure = max(trouvees.values(), key=lambda c: c.population)
        return self._trouvee(meilleure.code)
