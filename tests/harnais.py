"""Harnais commun des tests et des mesures (`tests/`, `scripts/`, `charge/`) : un seul endroit pour

- `RACINE`, `VENV`, `MODELE` : les chemins du dépôt ;
- `port_libre()` : un port TCP libre sur la boucle locale ;
- `attendre(url, delai)`, `attendre_port(port, delai)` : attendre qu'un serveur réponde ;
- `dire(url, conversation, texte)` : un tour sur le canal REST de Rasa ; `texte_de(messages)` ;
- `centile(valeurs, q)` : la seule formule de centile des rapports (p50, p95, p99) ;
- `pile_lancee(...)` : serveur d'actions, Rasa et page de démonstration démarrés, attendus
  jusqu'à être vraiment prêts, puis arrêtés (gestionnaire de contexte).

Importable partout où `PYTHONPATH` est la racine du dépôt (le Makefile le fixe) :
`from tests.harnais import dire, pile_lancee`. Ne dépend que de la bibliothèque standard, pour
servir aussi aux scripts shell, avec n'importe quel Python 3 :

    python3 tests/harnais.py port-libre                 # affiche un port libre
    python3 tests/harnais.py attendre URL [DELAI_S]     # code 1 si rien ne répond à temps
    .venv/bin/python -m tests.harnais servir PORT_RASA PORT_ACTIONS PORT_PAGE   # make run
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parent.parent
VENV = RACINE / ".venv" / "bin"
MODELE = RACINE / "models" / "orientation-41.tar.gz"

# Toujours en direct sur la boucle locale, même si l'environnement définit un mandataire (http_proxy).
_OUVREUR = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# --- Ports -----------------------------------------------------------------------------------

_PORTS_DONNES: set[int] = set()


def _plage_ephemere() -> tuple[int, int]:
    """Plage où le noyau prend le port source des connexions sortantes (Linux : 32768-60999)."""
    try:
        bas, haut = (int(x) for x in Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
        return bas, haut
    except (OSError, ValueError):
        return 32768, 60999


def _libre(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def port_libre() -> int:
    """Un port libre sur 127.0.0.1, jamais deux fois le même dans un processus.

    Tiré au hasard hors de la plage éphémère du noyau : un port rendu par `bind(0)` est dans cette
    plage, et pendant les 20 s où Rasa charge son modèle avant d'ouvrir son port, n'importe quelle
    connexion sortante de la machine (y compris celles qui testent si Rasa répond) peut le prendre
    comme port source ; le serveur meurt alors sur « address already in use ».
    """
    bas, haut = _plage_ephemere()
    plages = [p for p in (range(15000, min(bas, 32000)), range(max(haut + 1, 61000), 65000)) if len(p) > 1000]
    for _ in range(500):
        if not plages:
            break
        port = random.choice(random.choice(plages))
        if port not in _PORTS_DONNES and _libre(port):
            _PORTS_DONNES.add(port)
            return port
    while True:  # plage éphémère réglée autrement : on s'en remet au noyau
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _PORTS_DONNES:
            _PORTS_DONNES.add(port)
            return port


# --- Processus -------------------------------------------------------------------------------


@dataclass
class Processus:
    """Un processus lancé dans son propre groupe ; sortie dans `journal` (ajoutée à chaque
    redémarrage) ou, sans journal, sur le terminal."""

    nom: str
    commande: list[str]
    env: dict[str, str]
    journal: Path | None = None
    popen: subprocess.Popen | None = None

    def demarrer(self, **env: str) -> None:
        self.env.update(env)
        if self.journal is None:
            self.popen = subprocess.Popen(self.commande, cwd=RACINE, env=self.env, start_new_session=True)
            return
        with self.journal.open("ab") as sortie:
            self.popen = subprocess.Popen(self.commande, cwd=RACINE, env=self.env, stdout=sortie,
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                          start_new_session=True)

    def vivant(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def tuer(self) -> None:
        """SIGKILL sur tout le groupe : une vraie panne, pas un arrêt poli."""
        if self.vivant():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=30)

    def arreter(self, delai: float = 15) -> None:
        """SIGTERM sur tout le groupe, SIGKILL si rien au bout de `delai` secondes."""
        if not self.vivant():
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=delai)
        except subprocess.TimeoutExpired:
            self.tuer()

    def texte_journal(self) -> str:
        if self.journal is None or not self.journal.exists():
            return ""
        return self.journal.read_text(encoding="utf-8", errors="replace")


class ProcessusArrete(RuntimeError):
    """Un processus attendu s'est arrêté avant de répondre."""


def attendre(url: str, delai: float, processus: Processus | None = None, intervalle: float = 0.2) -> None:
    """Attend que `url` réponde (n'importe quel code HTTP) ; échoue tout de suite si `processus`
    s'arrête, et `TimeoutError` au bout de `delai` secondes."""
    fin = time.monotonic() + delai
    while True:
        if processus is not None and processus.popen is not None and not processus.vivant():
            raise ProcessusArrete(f"{processus.nom} s'est arrêté (code {processus.popen.returncode}) :\n"
                                  f"{processus.texte_journal()[-3000:]}")
        try:
            with _OUVREUR.open(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # il répond, même par une erreur
        except (OSError, ValueError):
            if time.monotonic() >= fin:
                raise TimeoutError(f"{url} ne répond pas après {delai:.0f} s") from None
            time.sleep(intervalle)


def attendre_port(port: int, delai: float, intervalle: float = 0.1) -> None:
    """Attend qu'un serveur TCP (Redis, PostgreSQL…) accepte les connexions sur 127.0.0.1:`port`."""
    fin = time.monotonic() + delai
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() >= fin:
                raise TimeoutError(f"127.0.0.1:{port} n'accepte pas de connexion après {delai:.0f} s") from None
            time.sleep(intervalle)


# --- Parler au bot ---------------------------------------------------------------------------


class ReponseInattendue(AssertionError):
    """Le canal REST n'a pas répondu 200."""


def dire(url: str, conversation: str, texte: Any, delai: float = 60, **corps: Any) -> list[dict]:
    """Un message sur le canal REST de Rasa (`url` = http://hôte:port) ; renvoie la liste des
    messages du bot. `corps` ajoute des champs au JSON (ex. `metadata`)."""
    donnees = json.dumps({"sender": conversation, "message": texte, **corps}, allow_nan=False).encode()
    requete = urllib.request.Request(f"{url}/webhooks/rest/webhook", data=donnees,
                                     headers={"Content-Type": "application/json"})
    try:
        with _OUVREUR.open(requete, timeout=delai) as reponse:
            return json.load(reponse)
    except urllib.error.HTTPError as erreur:
        raise ReponseInattendue((erreur.code, erreur.read()[:300].decode(errors="replace"))) from None


def texte_de(messages: list[dict], boutons: bool = False) -> str:
    """Le texte des messages du bot, une ligne par message ; avec `boutons`, les titres des boutons."""
    morceaux = []
    for message in messages:
        morceaux.append(message.get("text") or "")
        if boutons:
            morceaux += [b.get("title", "") for b in message.get("buttons", [])]
    return "\n".join(morceaux)


# --- Mesures ---------------------------------------------------------------------------------


def centile(valeurs: list[float], q: float) -> float:
    """Centile `q` (0-100) par interpolation linéaire entre les deux rangs les plus proches :
    position (n - 1) × q / 100 dans les valeurs triées. C'est la méthode par défaut de NumPy
    (`numpy.percentile`) et `statistics.quantiles(method="inclusive")` ; `centile(v, 50)` est la
    médiane. Tous les rapports (bench, évaluation, annuaire) l'utilisent."""
    if not valeurs:
        raise ValueError("centile d'une liste vide")
    triees = sorted(valeurs)
    position = (len(triees) - 1) * q / 100
    bas = int(position)
    haut = min(bas + 1, len(triees) - 1)
    return triees[bas] + (triees[haut] - triees[bas]) * (position - bas)


# --- La pile : serveur d'actions, Rasa, page de démonstration ----------------------------------


@dataclass
class Pile:
    """Les processus lancés et de quoi leur parler."""

    url_rasa: str
    url_page: str
    port_rasa: int
    port_actions: int
    port_page: int
    actions: Processus
    rasa: Processus
    page: Processus | None
    url_postgres: str | None = None
    #: Secondes entre le lancement de Rasa et sa première réponse HTTP (modèle chargé).
    chargement_s: float = 0.0
    extras: dict[str, Any] = field(default_factory=dict)

    def processus(self) -> list[Processus]:
        return [p for p in (self.actions, self.rasa, self.page) if p is not None]

    def parler(self, texte: Any, conversation: str, **corps: Any) -> list[dict]:
        """Un message sur le canal REST ; la liste des messages du bot."""
        return dire(self.url_rasa, conversation, texte, **corps)

    def textes(self, texte: Any, conversation: str) -> str:
        return texte_de(self.parler(texte, conversation))

    def redemarrer_actions(self, **env: str) -> None:
        self.actions.tuer()
        self.actions.demarrer(**env)
        attendre(f"http://127.0.0.1:{self.port_actions}/health", 60, self.actions)


def endpoints_pour(port_actions: int, source: Path = RACINE / "endpoints.yml") -> str:
    """endpoints.yml avec le serveur d'actions sur `port_actions` (127.0.0.1)."""
    texte = source.read_text(encoding="utf-8")
    if "127.0.0.1:5055/" not in texte:
        raise ValueError(f"{source} : adresse du serveur d'actions (127.0.0.1:5055) introuvable")
    return texte.replace("127.0.0.1:5055/", f"127.0.0.1:{port_actions}/")


def commande_rasa(port: int, endpoints: Path | None = None, niveau: str | None = "--quiet") -> list[str]:
    """`rasa run` comme `make run` : API HTTP fermée (pas de --enable-api), boucle locale seulement.
    `niveau` : "--quiet", "--debug" ou None (niveau de journal par défaut de Rasa)."""
    commande = [str(VENV / "rasa"), "run", "--model", str(MODELE)]
    if endpoints is not None:
        commande += ["--endpoints", str(endpoints)]
    commande += ["--credentials", "credentials.yml", "--interface", "127.0.0.1", "--port", str(port)]
    return commande + ([niveau] if niveau else [])


def env_propre() -> dict[str, str]:
    """L'environnement courant sans les réglages du bot (ORIGINES_*, ANNUAIRE_*, SANIC_*), plus
    PYTHONPATH et télémétrie coupée : chaque test ou mesure fixe les siens."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ORIGINES_", "ANNUAIRE_", "SANIC_"))}
    env.update(PYTHONPATH=str(RACINE), RASA_TELEMETRY_ENABLED="false", PYTHONUNBUFFERED="1")
    return env


def _attendre_journal(processus: Processus, motifs: tuple[str, ...], delai: float) -> None:
    fin = time.monotonic() + delai
    while not any(m in processus.texte_journal() for m in motifs):
        if not processus.vivant():
            raise ProcessusArrete(f"{processus.nom} s'est arrêté :\n{processus.texte_journal()[-3000:]}")
        if time.monotonic() >= fin:
            raise TimeoutError(f"{processus.nom} : {motifs[0]!r} absent du journal après {delai:.0f} s")
        time.sleep(0.2)


def verifier_pret(pile: Pile, delai: float = 120) -> None:
    """Un vrai tour sur une conversation jetable : le modèle répond, pas seulement le port HTTP.
    En mode bavard, attend aussi la fin du préchauffage (écrit dans le journal de Rasa), qui sinon
    occupe la boucle de Rasa pendant les premières secondes et retarde la première vraie personne."""
    fin = time.monotonic() + delai
    while True:
        try:
            dire(pile.url_rasa, f"harnais-pret-{uuid.uuid4().hex[:8]}", "bonjour", delai=max(1, fin - time.monotonic()))
            break
        except (OSError, ReponseInattendue):
            if time.monotonic() >= fin or not pile.rasa.vivant():
                raise
            time.sleep(0.5)
    if pile.rasa.journal is not None and "--debug" in pile.rasa.commande:
        _attendre_journal(pile.rasa, ("Serveur préchauffé", "Préchauffage impossible"), delai)
    morts = [p.nom for p in pile.processus() if not p.vivant()]
    if morts:  # un port pris par un autre : c'est un autre serveur qui a répondu
        raise ProcessusArrete(f"arrêtés après le démarrage : {', '.join(morts)}")


@contextlib.contextmanager
def pile_lancee(*, port_rasa: int | None = None, port_actions: int | None = None, port_page: int | None = None,
                journaux: Path | None = None, bavard: bool = False, annuaire_url: str | None = None,
                env: Mapping[str, str] | None = None, env_actions: Mapping[str, str] | None = None,
                origines: str | None = None, hote: str = "127.0.0.1", page: bool = True,
                tour_de_chauffe: bool = True, delai_rasa: float = 300) -> Iterator[Pile]:
    """Démarre le serveur d'actions, Rasa (REST + socket.io) et la page de démonstration ; rend la
    pile quand tout répond ; arrête tout en sortant, même sur erreur.

    - ports : libres par défaut (`port_libre`) ;
    - `journaux` : un fichier `<nom>.log` par processus dans ce dossier (sinon le terminal) ;
    - `bavard` : Rasa et actions en `--debug` (sinon `--quiet`) ;
    - `env` : environnement de base (défaut : `env_propre()`) ; `annuaire_url` et `env_actions`
      pour le serveur d'actions ; `origines` : ORIGINES_PARTENAIRES de Rasa (défaut : la page) ;
    - `hote` : nom d'hôte donné au widget et à la page (`localhost` pour `make run`) ;
    - `tour_de_chauffe` : attendre un vrai tour de conversation (voir `verifier_pret`) ; les
      mesures du serveur neuf (bench) le désactivent et ne lisent que `chargement_s`.
    """
    port_rasa = port_rasa or port_libre()
    port_actions = port_actions or port_libre()
    port_page = port_page or port_libre()
    base = dict(env_propre() if env is None else env)
    base.update(PYTHONPATH=str(RACINE), RASA_TELEMETRY_ENABLED="false")
    dossier = journaux or RACINE / "var" / f"pile-{port_rasa}"
    dossier.mkdir(parents=True, exist_ok=True)
    endpoints = dossier / "endpoints.yml"  # propre à cette pile : deux piles côte à côte ne se mêlent pas
    endpoints.write_text(endpoints_pour(port_actions), encoding="utf-8")

    def journal(nom: str) -> Path | None:
        return None if journaux is None else journaux / f"{nom}.log"

    niveau = "--debug" if bavard else "--quiet"
    env_a = {**base, "SANIC_HOST": "127.0.0.1", **(env_actions or {})}
    if annuaire_url:
        env_a["ANNUAIRE_DB_URL"] = annuaire_url
    actions = Processus("actions", [str(VENV / "rasa"), "run", "actions", "--port", str(port_actions), niveau],
                        env_a, journal("actions"))
    url_page = f"http://{hote}:{port_page}"
    env_r = {**base, "SANIC_REQUEST_MAX_SIZE": base.get("SANIC_REQUEST_MAX_SIZE", "2000000"),
             "ORIGINES_PARTENAIRES": origines or base.get("ORIGINES_PARTENAIRES")
             or f"http://localhost:{port_page} http://127.0.0.1:{port_page}"}
    rasa = Processus("rasa", commande_rasa(port_rasa, endpoints, niveau), env_r, journal("rasa"))
    demo = Processus("page", [str(VENV / "python"), "-m", "bot.page_demo", "--port", str(port_page),
                              "--serveur", f"http://{hote}:{port_rasa}"], dict(base), journal("page")) if page else None
    pile = Pile(f"http://127.0.0.1:{port_rasa}", url_page, port_rasa, port_actions, port_page, actions, rasa, demo,
                url_postgres=annuaire_url)
    try:
        actions.demarrer()
        debut = time.monotonic()
        rasa.demarrer()
        if demo is not None:
            demo.demarrer()
        attendre(f"http://127.0.0.1:{port_actions}/health", 60, actions)
        if demo is not None:
            attendre(f"http://127.0.0.1:{port_page}/", 30, demo)
        attendre(f"{pile.url_rasa}/", delai_rasa, rasa)
        pile.chargement_s = time.monotonic() - debut
        if tour_de_chauffe:
            verifier_pret(pile)
        yield pile
    finally:
        for processus in reversed(pile.processus()):
            processus.arreter()


# --- Ligne de commande -----------------------------------------------------------------------


def _servir(port_rasa: int, port_actions: int, port_page: int) -> int:
    """`make run` : la pile sur des ports fixes, sortie sur le terminal, jusqu'à Ctrl-C."""
    # Ctrl-C même si le shell qui lance l'a fait ignorer (tâche de fond) ; SIGTERM et SIGHUP arrêtent aussi.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signal_arret in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signal_arret, lambda *_: sys.exit(0))
    print("Chargement du modèle (environ 20 secondes)…", flush=True)
    try:
        with pile_lancee(port_rasa=port_rasa, port_actions=port_actions, port_page=port_page, env=dict(os.environ),
                         annuaire_url=os.environ.get("ANNUAIRE_DB_URL"), hote="localhost") as pile:
            print(f"\n  Ouvrez http://localhost:{port_page}\n  (API REST : POST http://localhost:{port_rasa}"
                  "/webhooks/rest/webhook — Ctrl-C pour arrêter)", flush=True)
            while all(p.vivant() for p in pile.processus()):
                time.sleep(1)
            arretes = [p.nom for p in pile.processus() if not p.vivant()]
            print(f"Arrêté : {', '.join(arretes)} s'est arrêté.", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("\nArrêté.")
        return 0
    except (ProcessusArrete, TimeoutError) as erreur:
        print(f"La pile n'a pas démarré : {erreur}", file=sys.stderr)
        return 1


def main(arguments: list[str]) -> int:
    if arguments[:1] == ["port-libre"]:
        print(port_libre())
        return 0
    if arguments[:1] == ["attendre"] and len(arguments) in (2, 3):
        try:
            attendre(arguments[1], float(arguments[2]) if len(arguments) == 3 else 60, intervalle=1)
        except TimeoutError as erreur:
            print(erreur, file=sys.stderr)
            return 1
        return 0
    if arguments[:1] == ["servir"] and len(arguments) == 4:
        return _servir(*(int(a) for a in arguments[1:]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
