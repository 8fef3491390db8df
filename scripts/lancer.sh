#!/usr/bin/env bash
# Lance le serveur d'actions, Rasa (REST + socket.io) et la page de démonstration.
# Usage : scripts/lancer.sh PORT_RASA PORT_ACTIONS PORT_PAGE. Ctrl-C arrête tout.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT_RASA=${1:-5005}; PORT_ACTIONS=${2:-5055}; PORT_PAGE=${3:-8000}
export PYTHONPATH="$PWD" RASA_TELEMETRY_ENABLED=false
VENV=.venv/bin
mkdir -p var
pids=()
arreter() { trap - INT TERM EXIT; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; echo; echo "Arrêté."; }
trap arreter INT TERM EXIT

# Serveur d'actions : boucle locale seulement.
SANIC_HOST=127.0.0.1 "$VENV/rasa" run actions --port "$PORT_ACTIONS" --quiet &
pids+=($!)
# Rasa : API HTTP désactivée (pas de --enable-api), pas d'en-têtes CORS sur REST ; socket.io
# n'accepte que les origines des sites partenaires (ici la page de démonstration).
# Corps de requête limité à 2 Mo (Sanic répond 413 au-delà).
export ORIGINES_PARTENAIRES="${ORIGINES_PARTENAIRES:-http://localhost:$PORT_PAGE http://127.0.0.1:$PORT_PAGE}"
export SANIC_REQUEST_MAX_SIZE="${SANIC_REQUEST_MAX_SIZE:-2000000}"
sed "s#http://127.0.0.1:5055/webhook#http://127.0.0.1:$PORT_ACTIONS/webhook#" endpoints.yml > var/endpoints.run.yml
"$VENV/rasa" run --model models/orientation-41.tar.gz --endpoints var/endpoints.run.yml \
  --credentials credentials.yml --interface 127.0.0.1 --port "$PORT_RASA" --quiet &
pids+=($!)
# Page de démonstration d'un site partenaire, avec le widget.
"$VENV/python" -m bot.page_demo --port "$PORT_PAGE" --serveur "http://localhost:$PORT_RASA" &
pids+=($!)

echo "Chargement du modèle (environ 20 secondes)…"
for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:$PORT_RASA/" >/dev/null 2>&1; then break; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$PORT_RASA/" >/dev/null || { echo "Rasa n'a pas démarré." >&2; exit 1; }
echo
echo "  Ouvrez http://localhost:$PORT_PAGE"
echo "  (API REST : POST http://localhost:$PORT_RASA/webhooks/rest/webhook — Ctrl-C pour arrêter)"
wait -n "${pids[@]}"
