#!/usr/bin/env bash
# Lance le serveur d'actions, Rasa (REST + socket.io) et la page de démonstration (make run).
# Usage : scripts/lancer.sh PORT_RASA PORT_ACTIONS PORT_PAGE. Ctrl-C arrête tout.
# Rasa : API HTTP fermée (pas de --enable-api), pas d'en-têtes CORS sur REST, socket.io limité aux
# origines de ORIGINES_PARTENAIRES (défaut : la page de démonstration), corps limité à 2 Mo, serveurs
# sur 127.0.0.1 seulement. Le lancement et l'attente sont ceux des tests : tests/harnais.py.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD" RASA_TELEMETRY_ENABLED=false
exec .venv/bin/python -m tests.harnais servir "${1:-5005}" "${2:-5055}" "${3:-8000}"
