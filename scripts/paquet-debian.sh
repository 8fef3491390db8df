#!/usr/bin/env bash
# Installe des paquets Debian s'il manque un témoin (une commande, ou un chemin, motif accepté).
# Usage : scripts/paquet-debian.sh TÉMOIN PAQUET... — ex. `redis-server redis-server`,
# `/usr/bin/chromium chromium`, `'/usr/lib/postgresql/*/bin/initdb' postgresql`.
set -euo pipefail
temoin=$1; shift
present() {
  if [[ $temoin == */* ]]; then compgen -G "$temoin" >/dev/null; else command -v "$temoin" >/dev/null 2>&1; fi
}
present && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "$temoin absent : installez le paquet Debian $* (apt-get install, en root)." >&2
  exit 1
fi
echo "Installation de $* (paquets Debian)…" >&2
DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
present || { echo "$temoin toujours absent après l'installation de $*." >&2; exit 1; }
