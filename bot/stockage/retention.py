"""Purge du tracker store PostgreSQL de production : les conversations inactives depuis plus de
`--heures` (24 par défaut, ou RETENTION_HEURES) sont supprimées en entier.

Usage : python -m bot.stockage.retention --url postgresql://… [--heures 24]
(URL par défaut : TRACKER_STORE_URL). À lancer toutes les heures (cron, timer systemd, CronJob).
Le tracker store est celui de Rasa (`SQLTrackerStore`, table `events`) : rien n'est réécrit ici.

La même commande supprime les indicateurs anonymes (bot.indicateurs) de plus de 36 mois, dans la
base de l'annuaire (`--indicateurs-url`, défaut : ANNUAIRE_DB_URL ; sans elle, rien n'est fait).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from bot.indicateurs import stockage as indicateurs

_PURGE = text(
    "DELETE FROM events WHERE sender_id IN "
    "(SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :limite)"
)


def purger(moteur: Engine, heures: float, maintenant: float | None = None) -> int:
    """Supprime les conversations dont le dernier événement est plus vieux que `heures` ; nombre d'événements ôtés."""
    if heures <= 0:
        raise ValueError("La durée de conservation doit être positive.")
    limite = (time.time() if maintenant is None else maintenant) - heures * 3600
    with moteur.begin() as connexion:
        return connexion.execute(_PURGE, {"limite": limite}).rowcount


def principal(argv: list[str] | None = None) -> int:
    """Point d'entrée de la commande."""
    parseur = argparse.ArgumentParser(prog="python -m bot.stockage.retention", description=__doc__.splitlines()[0])
    parseur.add_argument("--url", default=os.environ.get("TRACKER_STORE_URL"),
                         help="URL SQLAlchemy du tracker store (défaut : TRACKER_STORE_URL)")
    parseur.add_argument("--heures", type=float, default=float(os.environ.get("RETENTION_HEURES", "24")))
    parseur.add_argument("--indicateurs-url", default=os.environ.get("ANNUAIRE_DB_URL"),
                         help="URL de la base des indicateurs (défaut : ANNUAIRE_DB_URL)")
    parseur.add_argument("--indicateurs-mois", type=int, default=indicateurs.CONSERVATION_MOIS)
    args = parseur.parse_args(argv)
    if not args.url:
        parseur.error("URL du tracker store manquante (--url ou TRACKER_STORE_URL).")
    moteur = create_engine(args.url, future=True)
    supprimes = purger(moteur, args.heures)
    print(f"{supprimes} événement(s) supprimé(s) : conversations inactives depuis plus de {args.heures:g} h.")
    if args.indicateurs_url:
        anciens = indicateurs.purger(create_engine(args.indicateurs_url, future=True), args.indicateurs_mois)
        print(f"{anciens} indicateur(s) supprimé(s) : plus de {args.indicateurs_mois} mois.")
    return 0


if __name__ == "__main__":
    sys.exit(principal())
