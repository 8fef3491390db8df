"""Outil des mainteneurs de l'annuaire.

    python -m knowledge validate            # vérifie les fichiers, n'écrit rien
    python -m knowledge build [--si-besoin] # valide puis (re)construit la base
    python -m knowledge export FICHIER.csv  # une ligne par contact, avec sa source
    python -m knowledge show ID             # une fiche complète
    python -m knowledge gaps [--mois 12] [--csv F]  # ancien, date inconnue, plan seul, sans contact
    python -m knowledge export-revue F.xlsx # classeur de relecture pour les partenaires
    python -m knowledge import-revue F.xlsx [--essai]  # valide, montre le diff, écrit les YAML
La base est ANNUAIRE_DB_URL (défaut : var/annuaire.sqlite).
"""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date
from pathlib import Path

from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from knowledge.annuaire import Annuaire
from knowledge.chargement import DOSSIER_DONNEES, AnnuaireInvalide, charger
from knowledge.construction import construire, empreinte_donnees
from knowledge.db import MetaLigne, creer_moteur, url_base
from knowledge.provenance import ecrire_csv, lacunes, tableau
from knowledge.questions import QuestionsInvalides, questions
from knowledge.revue import RevueInvalide, exporter, importer


def _valider(_: argparse.Namespace) -> int:
    donnees = charger()
    contacts = sum(len(s.contacts) for _, s in donnees.structures)
    identifiants = {s.id for _, s in donnees.structures}
    inconnues = [f"questions › {q.id} › structures : {i!r} n'existe pas"
                 for q in questions().values() for i in q.structures if i not in identifiants]
    if inconnues:
        raise QuestionsInvalides(inconnues)
    print(f"OK : {len(donnees.structures)} structures, {contacts} contacts, {len(donnees.situations)} situations, "
          f"{sum(1 for c in donnees.communes if c.type == 'commune-actuelle')} communes, "
          f"{len(questions())} questions fréquentes")
    return 0


def _empreinte_en_base(moteur) -> str | None:
    try:
        with Session(moteur, future=True) as session:
            meta = session.get(MetaLigne, "empreinte")
            return meta.valeur if meta else None
    except (OperationalError, ProgrammingError):
        return None


def _construire(args: argparse.Namespace) -> int:
    moteur = creer_moteur()
    dossier = Path(args.dossier) if args.dossier else DOSSIER_DONNEES
    if args.si_besoin and _empreinte_en_base(moteur) == empreinte_donnees(dossier):
        print(f"Base à jour ({url_base().split('@')[-1]})")
        return 0
    rapport = construire(moteur, dossier)
    print(f"Base construite ({url_base().split('@')[-1]}) : {rapport.structures} structures, "
          f"{rapport.contacts} contacts, {rapport.situations} situations, {rapport.communes} communes")
    return 0


def _exporter(args: argparse.Namespace) -> int:
    fiches = Annuaire().toutes()
    with open(args.fichier, "w", newline="", encoding="utf-8") as f:
        ecrivain = csv.writer(f)
        ecrivain.writerow(["structure", "nom", "acces", "type_contact", "valeur", "source", "consultee_le",
                           "confirme_le", "confirme_par", "horaires"])
        for vue in fiches:
            horaires = vue.horaires.en_clair() if vue.horaires else ""
            for contact in vue.contacts or [None]:
                ecrivain.writerow([
                    vue.id, vue.nom, vue.acces_mode,
                    contact.type if contact else "", contact.valeur if contact else "",
                    contact.source if contact else "", contact.consultee_le.isoformat() if contact else "",
                    (contact.confirme_le or "") if contact else "", contact.confirme_par if contact else "", horaires,
                ])
    print(f"Exporté : {args.fichier} ({len(fiches)} structures)")
    return 0


def _montrer(args: argparse.Namespace) -> int:
    vue = Annuaire().structure(args.id)
    if vue is None:
        print(f"Aucune structure « {args.id} »", file=sys.stderr)
        return 1
    print(f"{vue.nom} [{vue.id}] — {vue.categorie}, portée {vue.portee}" + (f", zone {vue.zone}" if vue.zone else ""))
    print(f"  {vue.description}")
    print(f"  Facile à lire : {vue.facile_a_lire}")
    print(f"  Accès ({vue.acces_mode}) : {vue.acces_explication}")
    for c in vue.contacts:
        confirme = f"confirmé {c.confirme_le} ({c.confirme_par})" if c.confirme_le else "date de confirmation inconnue"
        print(f"  {c.type} : {c.valeur}  ({confirme} ; source {c.source}, lue le {c.consultee_le})")
    if vue.horaires:
        confirmes = vue.horaires_confirme_le or "à une date inconnue"
        print(f"  Horaires : {vue.horaires.en_clair()}  (confirmés {confirmes} ; source {vue.horaires_source})")
    for s in vue.sources:
        publiee = s.get("publiee_le") or "à une date inconnue"
        print(f"  Source : {s['url']} (publiée {publiee}, lue le {s['consultee_le']})")
    return 0


def _lacunes(args: argparse.Namespace) -> int:
    fiches = Annuaire().toutes()
    aujourd_hui = date.fromisoformat(args.le) if args.le else date.today()
    lignes = lacunes(fiches, aujourd_hui, args.mois)
    texte = tableau(lignes, len(fiches), aujourd_hui, args.mois)
    print(texte, end="")
    if args.csv:
        ecrire_csv(lignes, Path(args.csv))
    if args.texte:
        Path(args.texte).write_text(texte, encoding="utf-8")
    return 0


def _exporter_revue(args: argparse.Namespace) -> int:
    chemin = Path(args.fichier)
    if chemin.suffix.lower() != ".xlsx":
        print("Seul le format XLSX est pris en charge (ouvrable avec LibreOffice ou Excel).", file=sys.stderr)
        return 2
    nombre = exporter(chemin)
    print(f"Classeur de relecture : {chemin} ({nombre} lignes)")
    return 0


def _importer_revue(args: argparse.Namespace) -> int:
    try:
        resultat = importer(Path(args.fichier), ecrire=not args.essai)
    except RevueInvalide as erreur:
        print(f"{len(erreur.erreurs)} erreur(s) ; aucun fichier n'a été modifié :", file=sys.stderr)
        for message in erreur.erreurs:
            print(f"  {message}", file=sys.stderr)
        return 2
    print(resultat.diff, end="")
    action = "à écrire (essai)" if args.essai else "écrits"
    fichiers = ", ".join(resultat.fichiers) or "aucun"
    print(f"{len(resultat.changements)} ligne(s) relue(s) ; fichiers {action} : {fichiers}")
    return 0


def principal(argv: list[str] | None = None) -> int:
    """Point d'entrée de la ligne de commande."""
    parseur = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)
    sous = parseur.add_subparsers(dest="commande", required=True)
    sous.add_parser("validate", help="vérifie les fichiers").set_defaults(fonction=_valider)
    construire_p = sous.add_parser("build", help="construit la base")
    construire_p.add_argument("--si-besoin", action="store_true", help="ne reconstruit que si les fichiers ont changé")
    construire_p.add_argument("--dossier", help="dossier des fichiers YAML (défaut : knowledge/data)")
    construire_p.set_defaults(fonction=_construire)
    exporter = sous.add_parser("export", help="exporte les contacts en CSV")
    exporter.add_argument("fichier")
    exporter.set_defaults(fonction=_exporter)
    montrer = sous.add_parser("show", help="affiche une fiche")
    montrer.add_argument("id")
    montrer.set_defaults(fonction=_montrer)
    lacunes_p = sous.add_parser("gaps", help="fiches incomplètes, anciennes ou sans source récente")
    lacunes_p.add_argument("--mois", type=int, default=12, help="ancien au-delà de ce nombre de mois")
    lacunes_p.add_argument("--csv", help="écrit aussi le rapport en CSV dans ce fichier")
    lacunes_p.add_argument("--texte", help="écrit aussi le tableau dans ce fichier")
    lacunes_p.add_argument("--le", help="date du rapport (AAAA-MM-JJ, défaut : aujourd'hui)")
    lacunes_p.set_defaults(fonction=_lacunes)
    export_revue = sous.add_parser("export-revue", help="classeur XLSX de relecture pour les partenaires")
    export_revue.add_argument("fichier")
    export_revue.set_defaults(fonction=_exporter_revue)
    import_revue = sous.add_parser("import-revue", help="relit le classeur, montre le diff et écrit les YAML")
    import_revue.add_argument("fichier")
    import_revue.add_argument("--essai", action="store_true", help="montre le diff sans rien écrire")
    import_revue.set_defaults(fonction=_importer_revue)
    args = parseur.parse_args(argv)
    try:
        return args.fonction(args)
    except (AnnuaireInvalide, QuestionsInvalides) as erreur:
        print(f"{len(erreur.erreurs)} erreur(s) ; la base n'a pas été modifiée :", file=sys.stderr)
        for e in erreur.erreurs:
            print(f"  {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(principal())
