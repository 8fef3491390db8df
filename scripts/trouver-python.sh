#!/usr/bin/env bash
# Affiche le chemin d'un Python 3.10 qui fonctionne (Rasa 3.6 exige 3.8–3.10), ou rien.
for candidat in "${PYTHON:-}" "$(command -v python3.10 2>/dev/null)" \
    "$(pyenv root 2>/dev/null)"/versions/3.10.*/bin/python3.10 "$HOME"/.pyenv/versions/3.10.*/bin/python3.10 \
    /usr/bin/python3.10 /usr/local/bin/python3.10; do
  [ -n "$candidat" ] && [ -x "$candidat" ] || continue
  if "$candidat" -c 'import sys, venv; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; then
    echo "$candidat"; exit 0
  fi
done
