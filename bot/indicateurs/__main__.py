"""Exports des indicateurs (mêmes règles de petits effectifs que la page des pilotes).

    python -m bot.indicateurs export --mois 2027-01            # un mois
    python -m bot.indicateurs export --annee 2027              # les mois publiables de l'année
    python -m bot.indicateurs export --mois 2027-01 --mois 2027-02 --sortie rapport/

Base : --url, sinon ANNUAIRE_DB_URL, sinon la base SQLite locale (celle de l'annuaire).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from bot.indicateurs import publication as pub
from bot.indicateurs import stockage
from bot.indicateurs.export import exporter
from knowledge.db import RACINE, creer_moteur


def principal(argv: list[str] | None = None, aujourd_hui: date | None = None) -> int:
    parseur = argparse.ArgumentParser(prog="python -m bot.indicateurs", description=__doc__.splitlines()[0])
    sous = parseur.add_subparsers(dest="commande", required=True)
    export = sous.add_parser("export", help="CSV et XLSX d'un ou plusieurs mois, ou d'une année")
    periode = export.add_mutually_exclusive_group(required=True)
    periode.add_argument("--mois", action="append", metavar="AAAA-MM")
    periode.add_argument("--annee", type=int, metavar="AAAA")
    export.add_argument("--sortie", type=Path, default=RACINE / "var" / "indicateurs")
    export.add_argument("--url", help="URL SQLAlchemy de la base (défaut : ANNUAIRE_DB_URL)")
    args = parseur.parse_args(argv)

    if args.annee:
        tous = [f"{args.annee:04d}-{m:02d}" for m in range(1, 13)]
        mois = []
        for nom in tous:
            try:
                pub.verifier_publiable(nom, aujourd_hui)
                mois.append(nom)
            except pub.MoisNonPubliable:
                pass
        if not mois:
            print(f"Aucun mois publiable en {args.annee} (mois terminés et entiers seulement).", file=sys.stderr)
            return 2
        nom = str(args.annee)
    else:
        mois = sorted(set(args.mois))
        nom = mois[0] if len(mois) == 1 else f"{mois[0]}_{mois[-1]}"

    from knowledge.annuaire import Annuaire

    moteur = creer_moteur(args.url)
    stockage.creer_table(moteur)
    try:
        fichiers = exporter(moteur, mois, args.sortie, nom, Annuaire(moteur), aujourd_hui)
    except pub.MoisNonPubliable as erreur:
        print(erreur, file=sys.stderr)
        return 2
    print(f"Mois exportés : {', '.join(mois)}.")
    for fichier in fichiers:
        print(f"  {fichier}")
    return 0


if __name__ == "__main__":
    sys.exit(principal())
