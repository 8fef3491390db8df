"""Sert la page de démonstration d'un site partenaire, les fichiers du widget, l'annuaire pour les
professionnels (/annuaire) et, derrière un jeton (INDICATEURS_JETON), la page des indicateurs pour
les pilotes (/indicateurs).

    python -m bot.page_demo --port 8000 --serveur http://localhost:5005
"""

from __future__ import annotations

import argparse
import functools
import http.server
from pathlib import Path

DOSSIER = Path(__file__).resolve().parent / "web"


class Gestionnaire(http.server.SimpleHTTPRequestHandler):
    """Fichiers statiques de bot/web ; l'adresse du serveur Rasa est injectée dans la page."""

    serveur_rasa = "http://localhost:5005"

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/indicateurs":
            self._indicateurs("GET")
            return
        if self.path.split("?")[0] == "/annuaire":
            from bot.annuaire_pro import servir  # l'annuaire n'est lu qu'à la première demande

            servir(self)
            return
        if self.path.split("?")[0] in ("/", "/index.html"):
            page = (DOSSIER / "index.html").read_text(encoding="utf-8").replace("__SERVEUR__", self.serveur_rasa)
            corps = page.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(corps)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(corps)
            return
        if not self.path.startswith("/static/"):
            self.send_error(404)
            return
        super().do_GET()

    def do_POST(self) -> None:
        if self.path.split("?")[0] == "/indicateurs":
            self._indicateurs("POST")
            return
        self.send_error(404)

    def _indicateurs(self, methode: str) -> None:
        """Page des pilotes, derrière INDICATEURS_JETON (403 sans lui ; voir bot.indicateurs.page)."""
        from bot.indicateurs.page import servir  # matplotlib n'est chargé qu'à la première demande

        servir(self, methode)

    def log_message(self, format: str, *args: object) -> None:
        """Aucun journal d'accès : pas d'adresse IP ni de chemin consignés."""


def main() -> None:
    """Point d'entrée."""
    parseur = argparse.ArgumentParser(description=__doc__)
    parseur.add_argument("--port", type=int, default=8000)
    parseur.add_argument("--hote", default="127.0.0.1")
    parseur.add_argument("--serveur", default="http://localhost:5005", help="URL du serveur Rasa (socket.io)")
    args = parseur.parse_args()
    Gestionnaire.serveur_rasa = args.serveur
    gestionnaire = functools.partial(Gestionnaire, directory=str(DOSSIER))
    with http.server.ThreadingHTTPServer((args.hote, args.port), gestionnaire) as serveur:
        serveur.serve_forever()


if __name__ == "__main__":
    main()
