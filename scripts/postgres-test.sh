#!/usr/bin/env bash
# Serveur PostgreSQL jetable pour les tests : start (affiche l'URL), stop (arrête et efface tout),
# suspendre (panne simulée : arrêt brutal, données gardées), reprendre. Installe le paquet Debian s'il manque.
#
# Les données vont dans un dossier neuf de /tmp (mktemp), jamais dans le clone : en root, le serveur
# tourne sous le compte « postgres », qui ne peut pas entrer dans un clone placé dans un dossier
# privé (chmod 700, comme /root). Le dossier et le port sont mémorisés dans le fichier d'état
# $PG_ETAT (défaut var/pgtest.etat) pour les appels suivants ; plusieurs serveurs (tests, grappe)
# vivent côte à côte avec des fichiers d'état différents. Port : $PGPORT_TEST, sinon un port libre.
set -euo pipefail
cd "$(dirname "$0")/.."
RACINE="$PWD"
ETAT="${PG_ETAT:-$RACINE/var/pgtest.etat}"
scripts/paquet-debian.sh '/usr/lib/postgresql/*/bin/initdb' postgresql
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
# PostgreSQL refuse de tourner en root : on utilise le compte « postgres » (créé s'il manque).
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  AS=(runuser -u postgres --)
else
  AS=()
fi

DATA="" PORT=""
[ -f "$ETAT" ] && { DATA=$(sed -n 's/^DATA=//p' "$ETAT"); PORT=$(sed -n 's/^PORT=//p' "$ETAT"); }

pg() {  # commande PostgreSQL sous le bon compte, depuis / (le compte postgres ne peut pas lire le clone)
  (cd / && "${AS[@]}" "$BIN/$1" "${@:2}")
}
url() { echo "postgresql://postgres@127.0.0.1:$PORT/annuaire_test"; }
demarrer_serveur() {
  pg pg_ctl -D "$DATA" -l "$DATA/serveur.log" -w \
    -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
}
effacer() {  # le dossier de données mémorisé, seulement s'il a la forme de ceux que ce script crée
  if [ -n "$DATA" ] && [[ $DATA == */orientation41-pg.* ]]; then rm -rf -- "$DATA"; fi
  rm -f "$ETAT"
}

case "${1:-start}" in
  start)
    if [ -n "$DATA" ] && [ -f "$DATA/postmaster.pid" ] && pg pg_ctl -D "$DATA" status >/dev/null 2>&1; then
      url; exit 0
    fi
    effacer
    # Hors du clone, lisible par le compte du serveur : /tmp (le TMPDIR d'un root peut être privé).
    DATA=$(mktemp -d /tmp/orientation41-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres "$DATA"
    PORT="${PGPORT_TEST:-$(python3 "$RACINE/tests/harnais.py" port-libre)}"
    mkdir -p "$(dirname "$ETAT")"
    printf 'DATA=%s\nPORT=%s\n' "$DATA" "$PORT" > "$ETAT"
    pg initdb -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    if ! demarrer_serveur; then
      echo "PostgreSQL n'a pas démarré (port $PORT) :" >&2; tail -5 "$DATA/serveur.log" >&2; exit 1
    fi
    pg createdb -h 127.0.0.1 -p "$PORT" -U postgres annuaire_test
    url
    ;;
  stop)
    if [ -n "$DATA" ] && [ -d "$DATA" ]; then pg pg_ctl -D "$DATA" -m fast stop >/dev/null 2>&1 || true; fi
    effacer
    ;;
  suspendre)  # panne simulée : arrêt brutal, données gardées
    pg pg_ctl -D "$DATA" -m immediate stop >/dev/null
    ;;
  reprendre)
    demarrer_serveur
    ;;
  url)
    [ -n "$DATA" ] || { echo "Aucun PostgreSQL de test démarré ($ETAT absent)." >&2; exit 1; }
    url
    ;;
  *) echo "usage : $0 start|stop|suspendre|reprendre|url" >&2; exit 2 ;;
esac
