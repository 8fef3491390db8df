#!/usr/bin/env bash
# Topologie de production, en natif (sans Docker) : PostgreSQL (tracker store de Rasa + annuaire),
# Redis (lock store de Rasa), deux répliques Rasa, deux serveurs d'actions sans état, nginx devant.
#   scripts/cluster.sh start   # démarre tout en arrière-plan, attend que tout réponde
#   scripts/cluster.sh stop    # arrête tout
#   scripts/cluster.sh run     # start, puis attend Ctrl-C (make cluster)
# Ports (boucle locale) : nginx $PORT_FRONT (8080) -> Rasa 5205, 5206 ; nginx $PORT_ACTIONS_LB (5250)
# -> actions 5255, 5256 ; Redis 6390 (chacun réglable par la variable du même nom) ; PostgreSQL sur un port
# libre, données hors du clone (scripts/postgres-test.sh, état dans var/cluster/pg.etat). Journaux : var/cluster/*.log
set -euo pipefail
cd "$(dirname "$0")/.."
RACINE="$PWD"
DOSSIER="$RACINE/var/cluster"
VENV="$RACINE/.venv/bin"
PORT_FRONT=${PORT_FRONT:-8080}
PORT_ACTIONS_LB=${PORT_ACTIONS_LB:-5250}
PORTS_RASA=(${PORTS_RASA:-5205 5206})
PORTS_ACTIONS=(${PORTS_ACTIONS:-5255 5256})
PORT_REDIS=${PORT_REDIS:-6390}
export PYTHONPATH="$RACINE" RASA_TELEMETRY_ENABLED=false PG_ETAT="$DOSSIER/pg.etat"

installer() {  # commande témoin, paquets Debian à installer si elle manque
  "$RACINE/scripts/paquet-debian.sh" "$@"
}

attendre() {  # URL, délai en secondes, nom (harnais commun : tests/harnais.py)
  "$VENV/python" "$RACINE/tests/harnais.py" attendre "$1" "$2" || { echo "$3 : voir $DOSSIER/*.log" >&2; return 1; }
}

lancer() {  # nom, commande… : en arrière-plan, pid dans var/cluster/nom.pid
  local nom=$1; shift
  setsid "$@" >>"$DOSSIER/$nom.log" 2>&1 < /dev/null &
  echo $! > "$DOSSIER/$nom.pid"
}

ecrire_nginx() {
  local amont_rasa="" amont_actions=""
  for p in "${PORTS_RASA[@]}"; do amont_rasa+="    server 127.0.0.1:$p max_fails=1 fail_timeout=10s;"$'\n'; done
  for p in "${PORTS_ACTIONS[@]}"; do amont_actions+="    server 127.0.0.1:$p max_fails=1 fail_timeout=10s;"$'\n'; done
  mkdir -p "$DOSSIER/nginx"
  cat > "$DOSSIER/nginx.conf" <<EOF
# Généré par scripts/cluster.sh (même logique que deploy/nginx.conf pour docker-compose).
# Ouvriers sous le compte qui lance (root) : « nobody », le défaut, ne peut pas lire bot/web/static
# d'un clone rangé dans un dossier privé. Ignoré (avertissement) quand un non-root lance nginx.
user root;
worker_processes 1;
pid $DOSSIER/nginx.pid;
error_log $DOSSIER/nginx-erreurs.log warn;
events { worker_connections 1024; }
http {
  access_log off;                      # aucune adresse IP ni chemin consignés
  client_body_temp_path $DOSSIER/nginx/corps;
  proxy_temp_path $DOSSIER/nginx/proxy;
  fastcgi_temp_path $DOSSIER/nginx/fcgi;
  uwsgi_temp_path $DOSSIER/nginx/uwsgi;
  scgi_temp_path $DOSSIER/nginx/scgi;
  client_max_body_size 2m;
  include /etc/nginx/mime.types;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  upstream rasa { least_conn;
$amont_rasa  }
  # socket.io : websocket (une connexion tient sur une réplique) ; le polling de repli exige la
  # même réplique pendant la poignée de main, d'où le hachage sur l'adresse du client.
  upstream rasa_socketio { ip_hash;
$amont_rasa  }
  upstream actions {
$amont_actions  }
  server {
    listen 127.0.0.1:$PORT_FRONT;
    location /webhooks/ {
      proxy_pass http://rasa;
      # Réplique tombée : la requête part sur l'autre (le fil est dans PostgreSQL, le verrou dans Redis).
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_read_timeout 60s;
    }
    location /socket.io/ {
      proxy_pass http://rasa_socketio;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$host;
      proxy_set_header Origin \$http_origin;
      proxy_read_timeout 120s;
    }
    location /static/ { alias $RACINE/bot/web/static/; }
    location = / { return 302 /static/widget.js; }
  }
  server {
    listen 127.0.0.1:$PORT_ACTIONS_LB;
    location / { proxy_pass http://actions; proxy_next_upstream error timeout http_502 non_idempotent; }
  }
}
EOF
}

demarrer() {
  installer redis-server redis-server
  installer nginx nginx-light
  mkdir -p "$DOSSIER"
  test -f models/orientation-41.tar.gz || { echo "Modèle absent : make train" >&2; exit 1; }
  # PostgreSQL : l'annuaire (base annuaire_test) et le tracker store de Rasa (base rasa, créée par Rasa).
  local url; url=$(scripts/postgres-test.sh start)
  local port_pg; port_pg=${url##*:}; port_pg=${port_pg%%/*}
  echo "$url" > "$DOSSIER/annuaire.url"
  ANNUAIRE_DB_URL="$url" "$VENV/python" -m knowledge build --si-besoin >/dev/null
  redis-server --port "$PORT_REDIS" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$DOSSIER/redis.pid" --logfile "$DOSSIER/redis.log" --dir "$DOSSIER"
  cat > "$DOSSIER/endpoints.yml" <<EOF
action_endpoint:
  url: "http://127.0.0.1:$PORT_ACTIONS_LB/webhook"
tracker_store:
  type: SQL
  dialect: postgresql
  url: 127.0.0.1
  port: $port_pg
  username: postgres
  db: rasa
  login_db: annuaire_test
lock_store:
  type: bot.surcharges.verrous.VerrouRedis
  url: 127.0.0.1
  port: $PORT_REDIS
  key_prefix: orientation41
EOF
  for p in "${PORTS_ACTIONS[@]}"; do
    lancer "actions-$p" env SANIC_HOST=127.0.0.1 ANNUAIRE_DB_URL="$url" "$VENV/rasa" run actions --port "$p" --quiet
  done
  local origines="${ORIGINES_PARTENAIRES:-http://127.0.0.1:$PORT_FRONT http://localhost:$PORT_FRONT}"
  for p in "${PORTS_RASA[@]}"; do
    # TICKET_LOCK_LIFETIME : une réplique tuée ne garde pas le verrou d'une conversation plus de 10 s.
    lancer "rasa-$p" env ORIGINES_PARTENAIRES="$origines" SANIC_REQUEST_MAX_SIZE=2000000 TICKET_LOCK_LIFETIME=10 \
      "$VENV/rasa" run --model models/orientation-41.tar.gz --endpoints "$DOSSIER/endpoints.yml" \
      --credentials credentials.yml --interface 127.0.0.1 --port "$p" --quiet
  done
  ecrire_nginx
  # -e : journal d'erreurs du démarrage dans var/cluster aussi (pas /var/log/nginx, fermé à un non-root).
  nginx -e "$DOSSIER/nginx-erreurs.log" -c "$DOSSIER/nginx.conf" -p "$DOSSIER" -t -q
  nginx -e "$DOSSIER/nginx-erreurs.log" -c "$DOSSIER/nginx.conf" -p "$DOSSIER"
  for p in "${PORTS_ACTIONS[@]}"; do attendre "http://127.0.0.1:$p/health" 60 "actions-$p"; done
  for p in "${PORTS_RASA[@]}"; do attendre "http://127.0.0.1:$p/" 300 "rasa-$p"; done
  attendre "http://127.0.0.1:$PORT_FRONT/webhooks/rest/" 30 nginx
  echo "Grappe prête : http://127.0.0.1:$PORT_FRONT (REST /webhooks/rest/webhook, socket.io /socket.io/)"
}

arreter() {
  [ -f "$DOSSIER/nginx.pid" ] && nginx -e "$DOSSIER/nginx-erreurs.log" -c "$DOSSIER/nginx.conf" -p "$DOSSIER" -s quit 2>/dev/null || true
  for f in "$DOSSIER"/rasa-*.pid "$DOSSIER"/actions-*.pid; do
    [ -f "$f" ] || continue
    kill -TERM -- "-$(cat "$f")" 2>/dev/null || kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
  [ -f "$DOSSIER/redis.pid" ] && kill "$(cat "$DOSSIER/redis.pid")" 2>/dev/null || true
  scripts/postgres-test.sh stop
  sleep 1
}

case "${1:-run}" in
  start) demarrer ;;
  stop) arreter ;;
  run) trap arreter INT TERM EXIT; demarrer; echo "Ctrl-C pour arrêter."; while sleep 3600; do :; done ;;
  *) echo "usage : $0 start|stop|run" >&2; exit 2 ;;
esac
