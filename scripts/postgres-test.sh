#!/usr/bin/env bash
# Démarre (start) ou arrête (stop) un serveur PostgreSQL jetable pour les tests, sur le port
# $PGPORT_TEST (défaut : un port libre), données dans $PG_DATA (défaut var/pgtest). Installe le paquet Debian s'il manque.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${PG_DATA:-$PWD/var/pgtest}"
# Port libre choisi au démarrage (ou PGPORT_TEST), mémorisé pour les appels suivants.
PORT="${PGPORT_TEST:-$(cat "$DATA/port" 2>/dev/null || python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
scripts/paquet-debian.sh '/usr/lib/postgresql/*/bin/initdb' postgresql
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
# PostgreSQL refuse de tourner en root : on utilise le compte « postgres » (créé s'il manque).
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  AS=(runuser -u postgres --)
else
  AS=()
fi
case "${1:-start}" in
  start)
    if [ -f "$DATA/postmaster.pid" ] && "${AS[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      echo "postgresql://postgres@127.0.0.1:$PORT/annuaire_test"; exit 0
    fi
    rm -rf "$DATA"; mkdir -p "$DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres "$DATA"
    "${AS[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    if ! "${AS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/serveur.log" -w \
      -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; then
      echo "PostgreSQL n'a pas démarré (port $PORT) :" >&2; tail -5 "$DATA/serveur.log" >&2; exit 1
    fi
    echo "$PORT" > "$DATA/port"
    "${AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres annuaire_test
    echo "postgresql://postgres@127.0.0.1:$PORT/annuaire_test"
    ;;
  stop)
    [ -d "$DATA" ] && "${AS[@]}" "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
    ;;
  suspendre)  # panne simulée : arrêt brutal, données gardées
    "${AS[@]}" "$BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null
    ;;
  reprendre)
    "${AS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/serveur.log" -w \
      -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    ;;
esac
