"""Le lieu d'une conversation : une valeur, lue et écrite à un seul endroit.

Le slot Rasa `lieu` est du texte ; ce module est le seul à connaître sa forme :

| valeur du slot      | sens                                                        |
|---------------------|-------------------------------------------------------------|
| `41018`             | une commune de Loir-et-Cher (code INSEE)                    |
| `arr:411`           | un code postal qui reste dans un arrondissement             |
| `41`                | tout le département                                         |
| `hors:37,45`        | hors Loir-et-Cher (départements)                            |
| `ambigu:41120`      | un code postal partagé entre arrondissements : à préciser   |
| `refus`             | la personne préfère ne pas le dire                          |
| `inconnu`           | un lieu a été donné mais pas reconnu                        |

Dans le code, le lieu circule sous la forme d'un `Lieu` (jamais de chaîne), de la
reconnaissance (`Lieu.depuis_resolution`) jusqu'à la requête (`Lieu.resolution`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from knowledge.territoire import Commune, Resolution

if TYPE_CHECKING:
    from knowledge.annuaire import Annuaire

Genre = Literal["commune", "arrondissement", "departement", "hors", "ambigu", "refus", "inconnu"]
NOMS_ARRONDISSEMENTS = {"411": "Blois", "412": "Vendôme", "413": "Romorantin-Lanthenay"}


@dataclass(frozen=True)
class Lieu:
    """Où se trouve la personne, à la précision qu'elle a donnée."""

    genre: Genre
    code: str | None = None
    departements: tuple[str, ...] = ()
    candidats: tuple[Commune, ...] = ()

    # --- lecture et écriture du slot -------------------------------------------------------
    @classmethod
    def lire(cls, valeur: str | None) -> Lieu | None:
        """La valeur du slot → un Lieu (None si le slot est vide)."""
        if not valeur:
            return None
        if valeur in ("refus", "inconnu"):
            return cls(valeur)  # type: ignore[arg-type]
        if valeur == "41":
            return cls("departement", "41")
        prefixe, _, reste = valeur.partition(":")
        if reste and prefixe == "arr":
            return cls("arrondissement", reste)
        if reste and prefixe == "hors":
            return cls("hors", departements=tuple(d for d in reste.split(",") if d))
        if reste and prefixe == "ambigu":
            return cls("ambigu", reste)
        return cls("commune", valeur)

    def ecrire(self) -> str:
        """Le Lieu → la valeur du slot."""
        if self.genre in ("refus", "inconnu"):
            return self.genre
        if self.genre == "departement":
            return "41"
        if self.genre == "arrondissement":
            return f"arr:{self.code}"
        if self.genre == "hors":
            return "hors:" + ",".join(self.departements)
        if self.genre == "ambigu":
            return f"ambigu:{self.code}"
        return str(self.code)

    # --- depuis et vers la reconnaissance de territoire -----------------------------------
    @classmethod
    def depuis_resolution(cls, resolution: Resolution | None) -> Lieu | None:
        """Une Resolution de `IndexTerritoire.resoudre` → un Lieu (None si rien n'est reconnu)."""
        if resolution is None:
            return None
        if resolution.statut == "trouvee" and resolution.commune:
            return cls("commune", resolution.commune.code)
        if resolution.statut == "code_postal" and resolution.arrondissement:
            return cls("arrondissement", resolution.arrondissement)
        if resolution.statut == "departement_41":
            return cls("departement", "41")
        if resolution.statut == "hors_41":
            return cls("hors", departements=resolution.departements)
        if resolution.statut == "ambigue" and resolution.code_postal:
            return cls("ambigu", resolution.code_postal, candidats=resolution.candidats)
        return None

    def resolution(self, annuaire: Annuaire) -> Resolution | None:
        """Le Lieu → la Resolution qu'attend `Annuaire.orient` (None : tout le département)."""
        if self.genre == "departement":
            return Resolution("departement_41")
        if self.genre == "arrondissement":
            return Resolution("code_postal", arrondissement=self.code)
        if self.genre == "hors":
            return Resolution("hors_41", departements=self.departements)
        if self.genre == "commune" and self.code:
            commune = annuaire.commune(self.code)
            if commune:
                return Resolution("trouvee", commune=commune, arrondissement=commune.arrondissement)
        return None

    # --- propriétés utiles à la conversation -----------------------------------------------
    @property
    def est_precis(self) -> bool:
        """Assez précis pour chercher des structures locales (ni ambigu, ni inconnu, ni refusé)."""
        return self.genre in ("commune", "arrondissement", "departement", "hors")

    @property
    def est_hors_41(self) -> bool:
        """Hors Loir-et-Cher."""
        return self.genre == "hors"

    @property
    def code_commune(self) -> str | None:
        """Code INSEE si le lieu est une commune."""
        return self.code if self.genre == "commune" else None

    def noms_candidats(self, annuaire: Annuaire) -> list[str]:
        """Communes entre lesquelles choisir pour un code postal ambigu."""
        if self.candidats:
            return [c.nom for c in self.candidats]
        codes = annuaire.territoire.codes_postaux.get(self.code or "", ())
        return [annuaire.commune(c).nom for c in codes if annuaire.commune(c)]

    def libelle(self, annuaire: Annuaire) -> str | None:
        """Nom lisible : commune, secteur ou département(s)."""
        if self.genre == "departement":
            return "Loir-et-Cher"
        if self.genre == "arrondissement":
            return f"secteur de {NOMS_ARRONDISSEMENTS.get(self.code or '', self.code)}"
        if self.genre == "hors":
            return " ou ".join(annuaire.territoire.nom_departement(d) for d in self.departements)
        if self.genre == "commune" and self.code:
            commune = annuaire.commune(self.code)
            return commune.nom if commune else None
        return None

    def precision(self, annuaire: Annuaire) -> str:
        """« à Blois », « dans le secteur de … » ou « en Loir-et-Cher », pour une introduction."""
        libelle = self.libelle(annuaire)
        if not libelle or self.genre in ("departement", "hors"):
            return "en Loir-et-Cher"
        if self.genre == "arrondissement":
            return f"dans le {libelle}"
        return f"à {libelle}"
