"""Génère les données de territoire depuis le paquet npm @etalab/decoupage-administratif.

Usage : python -m knowledge.outils.generer_communes CHEMIN_DU_PAQUET VERSION

Écrit dans knowledge/data/territoire/ :
- communes-41.json : communes actuelles, déléguées et associées de Loir-et-Cher ;
- communes-hors-41.json.gz : nom normalisé → départements, pour reconnaître une commune hors 41 ;
- departements.json : nom et code des départements.
Données : Licence Ouverte (Etalab) ; l'en-tête de chaque fichier cite la version du paquet.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

from knowledge.texte import normaliser

DESTINATION = Path(__file__).resolve().parent.parent / "data" / "territoire"
DEPARTEMENT = "41"


def generer(paquet: Path, version: str) -> None:
    """Lit data/*.json du paquet et écrit les trois fichiers dérivés."""
    donnees = paquet / "data"
    communes = json.loads((donnees / "communes.json").read_text(encoding="utf-8"))
    epcis = json.loads((donnees / "epci.json").read_text(encoding="utf-8"))
    departements = json.loads((donnees / "departements.json").read_text(encoding="utf-8"))

    epci_de: dict[str, tuple[str, str]] = {}
    for epci in epcis:
        for membre in epci["membres"]:
            epci_de[membre["code"]] = (epci["code"], epci["nom"])

    origine = {
        "source": f"npm @etalab/decoupage-administratif@{version}",
        "licence": "Licence Ouverte / Open Licence (Etalab) — données INSEE (COG), DGCL, La Poste",
    }
    locales = []
    externes: dict[str, set[str]] = defaultdict(set)
    for commune in communes:
        type_ = commune.get("type")
        if commune.get("departement") == DEPARTEMENT and type_ in (
            "commune-actuelle",
            "commune-deleguee",
            "commune-associee",
        ):
            rattachement = commune["code"] if type_ == "commune-actuelle" else commune["chefLieu"]
            epci = epci_de.get(rattachement)
            locales.append(
                {
                    "code": commune["code"],
                    "nom": commune["nom"],
                    "type": type_,
                    "arrondissement": commune["arrondissement"],
                    "codes_postaux": commune.get("codesPostaux", []),
                    "chef_lieu": commune.get("chefLieu"),
                    "epci": epci[0] if epci else None,
                    "epci_nom": epci[1] if epci else None,
                    "population": commune.get("population"),
                }
            )
        elif commune.get("departement") and commune.get("departement") != DEPARTEMENT:
            if type_ in ("commune-actuelle", "commune-deleguee", "commune-associee"):
                externes[normaliser(commune["nom"])].add(commune["departement"])

    locales.sort(key=lambda c: c["code"])
    DESTINATION.mkdir(parents=True, exist_ok=True)
    (DESTINATION / "communes-41.json").write_text(
        json.dumps({**origine, "communes": locales}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    contenu = json.dumps(
        {**origine, "noms": {nom: sorted(deps) for nom, deps in sorted(externes.items())}},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    # mtime fixe : le fichier compressé est reproductible octet pour octet.
    with open(DESTINATION / "communes-hors-41.json.gz", "wb") as brut:
        with gzip.GzipFile(fileobj=brut, mode="wb", compresslevel=9, mtime=0, filename="") as f:
            f.write(contenu)
    (DESTINATION / "departements.json").write_text(
        json.dumps(
            {
                **origine,
                "departements": [{"code": d["code"], "nom": d["nom"]} for d in departements],
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    actuelles = sum(1 for c in locales if c["type"] == "commune-actuelle")
    print(f"{actuelles} communes actuelles, {len(locales) - actuelles} déléguées/associées, "
          f"{len(externes)} noms hors 41")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage : python -m knowledge.outils.generer_communes CHEMIN_DU_PAQUET VERSION")
    generer(Path(sys.argv[1]), sys.argv[2])
