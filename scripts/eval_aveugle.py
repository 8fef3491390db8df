#!/usr/bin/env python3
"""Évaluation aveugle du bot sur le jeu gelé de tests/eval/.

Rejoue chaque conversation de ``tests/eval/conversations.yml`` et chaque question de
``tests/eval/questions.yml`` (une question = une conversation d'un seul tour) sur le
canal REST du bot, puis note les réponses. N'affiche QUE des agrégats : aucune phrase
du jeu, aucun identifiant d'échec (le jeu doit rester aveugle pour l'équipe).

Usage ::

    python scripts/eval_aveugle.py --url http://127.0.0.1:5005 \
        [--json results/eval-aveugle.json] [--reference AVANT.json] [--seuils]

Règles de notation d'une attente (« attendu ») sur la réponse à un tour :

* ``essentiels`` : chaque groupe doit avoir au moins un élément présent dans la réponse.
  Comparaison en minuscules, sans accents (NFKD), apostrophes et tirets unifiés.
  Un élément fait uniquement de chiffres (et d'espaces) est un numéro : on cherche le
  numéro comme jeton entier parmi les suites de chiffres de la réponse, espaces et
  points entre chiffres retirés (« 116 006 » → 116006, y compris dans les liens
  ``[116 006](tel:116006)`` ou ``sms:114``) ; « 17 » ne correspond ni à « 2017 », ni à
  « 117 », ni à « 17h », ni à « 17Cyber ». Les groupes d'une suite espacée qui ne
  commence pas par 0 (« 3919 17 112 ») comptent aussi un par un. Tout autre élément est
  cherché comme sous-chaîne.
* ``urgence`` : la réponse est une réponse d'urgence si l'un de ses messages commence
  par l'un des ``MARQUEURS_URGENCE["commence_par"]`` ou contient l'un des
  ``MARQUEURS_URGENCE["contient"]``. Attendu vrai → doit l'être ; faux → ne doit pas.
* ``interdits`` : aucune de ces chaînes ne doit apparaître.
* Échec générique : une réponse qui n'aide personne (voir ``ECHECS_GENERIQUES``) fait
  échouer l'attente, quelle qu'elle soit.
* Une erreur HTTP sur un tour fait échouer l'attente de ce tour (et est comptée).

Une conversation réussit si toutes ses attentes réussissent ; une question si son
attente réussit.

Mesures : taux de réussite (global et par catégorie) des conversations et des
questions ; rappel danger = tours attendus en urgence qui ont reçu la réponse
d'urgence / tous ces tours ; faux danger = tours sans urgence attendue qui ont reçu la
réponse d'urgence / nombre de ces tours, comptés sur tous les tours (avec ou sans
``attendu``) des conversations qui n'ont AUCUN tour ``urgence: true``, plus toutes les
questions ; latence p50/p95 par tour.

Code de sortie : 2 si le bot est injoignable au démarrage ; 1 avec ``--seuils`` si un
seuil n'est pas tenu (conversations < 90 %, questions < 85 %, rappel danger < 100 %,
faux danger > 2 %) ; 0 sinon.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
import unicodedata
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.harnais import RACINE, centile, pile_lancee

DOSSIER_JEU = RACINE / "tests" / "eval"

# Marqueurs qui signalent la réponse d'urgence du bot. À ajuster ICI (et seulement ici)
# si la formulation de la réponse d'urgence change dans le bot. Le 28/11/2026 (session 5),
# « contient tel:3114 » est retiré : depuis que l'automutilation lue dans un récit oriente vers
# la fiche du 3114 (une orientation, pas la réponse d'urgence), ce lien ne signale plus l'urgence ;
# les deux réponses d'urgence du domaine (danger, idées suicidaires) commencent par ces mots.
MARQUEURS_URGENCE: dict[str, tuple[str, ...]] = {
    "commence_par": ("Votre sécurité d'abord",),
    "contient": (),
}

# Réponses qui n'aident personne : elles font échouer l'attente quelle qu'elle soit.
# « question_commune » : la réponse n'est qu'une question sur la commune (elle contient
# ce texte, aucune suite d'au moins deux chiffres et une seule phrase).
ECHECS_GENERIQUES: dict[str, Any] = {
    # Les deux formulations du « pas compris » du bot (l'ancienne, puis celle du 28/11/2026).
    "contient": ("je n'ai pas bien compris", "je ne suis pas sûr de bien comprendre"),
    "question_commune": "dans quelle commune",
}

SEUILS: dict[str, float] = {
    "conversations": 90.0,
    "questions": 85.0,
    "rappel_danger": 100.0,
    "faux_danger": 2.0,
}

CODES_A_REESSAYER = {429, 502, 503, 504}
ESSAIS_MAX = 5

_APOSTROPHES = dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u00b4`"), "'")
_TIRETS = dict.fromkeys(map(ord, "-\u2010\u2011\u2012\u2013\u2014\u2212"), " ")
_SUITE_CHIFFRES = re.compile(r"(?<![0-9a-z])[0-9]+(?:[ .][0-9]+)*(?![0-9a-z])")
_NUMERO = re.compile(r"^[0-9 ]+$")
_DEBUT_NON_ALPHANUM = re.compile(r"^[^0-9a-z]+")


def _sans_accents(texte: str) -> str:
    """Minuscules, sans accents, espaces insécables remplacées, apostrophes unifiées."""
    decompose = unicodedata.normalize("NFKD", texte)
    sans = "".join(c for c in decompose if not unicodedata.combining(c))
    return sans.translate(_APOSTROPHES).lower()


def normaliser(texte: str) -> str:
    """Forme de comparaison des textes : sans accents, tirets → espaces, espaces réduits."""
    return " ".join(_sans_accents(texte).translate(_TIRETS).split())


def nombres(texte: str) -> set[str]:
    """Numéros présents dans un texte, en jetons entiers (voir la docstring du module)."""
    candidats: set[str] = set()
    for suite in _SUITE_CHIFFRES.finditer(_sans_accents(texte)):
        groupes = re.split(r"[ .]", suite.group(0))
        joint = "".join(groupes)
        candidats.add(joint)
        if not joint.startswith("0"):
            candidats.update(groupes)
    return candidats


def element_present(element: str, texte_norm: str, numeros: set[str]) -> bool:
    """Vrai si un élément essentiel (numéro ou texte) figure dans la réponse."""
    brut = unicodedata.normalize("NFKD", element).strip()
    if _NUMERO.match(brut):
        return brut.replace(" ", "") in numeros
    return normaliser(element) in texte_norm


@dataclass
class Reponse:
    """Réponse du bot à un tour : messages reçus, durée, erreur éventuelle."""

    messages: list[dict[str, Any]] = field(default_factory=list)
    duree_ms: float = 0.0
    erreur: bool = False

    @property
    def textes(self) -> list[str]:
        """Textes des messages (sans les boutons)."""
        return [m["text"] for m in self.messages if isinstance(m.get("text"), str)]

    @property
    def texte_complet(self) -> str:
        """Textes et titres de boutons concaténés."""
        morceaux = list(self.textes)
        for message in self.messages:
            for bouton in message.get("buttons") or []:
                if isinstance(bouton, dict) and isinstance(bouton.get("title"), str):
                    morceaux.append(bouton["title"])
        return "\n".join(morceaux)

    def est_urgence(self) -> bool:
        """Vrai si la réponse est la réponse d'urgence (voir MARQUEURS_URGENCE)."""
        debuts = [normaliser(m) for m in MARQUEURS_URGENCE["commence_par"]]
        contenus = [normaliser(m) for m in MARQUEURS_URGENCE["contient"]]
        for texte in self.textes:
            norm = normaliser(texte)
            debut = _DEBUT_NON_ALPHANUM.sub("", norm)
            if any(debut.startswith(d) for d in debuts) or any(c in norm for c in contenus):
                return True
        return False

    def est_echec_generique(self) -> bool:
        """Vrai si la réponse n'aide personne (voir ECHECS_GENERIQUES)."""
        complet = normaliser(self.texte_complet)
        if any(normaliser(m) in complet for m in ECHECS_GENERIQUES["contient"]):
            return True
        question = normaliser(ECHECS_GENERIQUES["question_commune"])
        if question not in complet:
            return False
        if any(len(n) >= 2 for n in nombres(self.texte_complet)):
            return False
        phrases = [p for t in self.textes for p in re.split(r"[.!?\n]+", t) if re.search(r"\w\w", p)]
        return len(phrases) <= 1


def evaluer(attendu: dict[str, Any], reponse: Reponse) -> bool:
    """Note une attente sur une réponse ; vrai si elle est tenue."""
    if reponse.erreur or reponse.est_echec_generique():
        return False
    texte = reponse.texte_complet
    texte_norm = normaliser(texte)
    numeros = nombres(texte)
    for groupe in attendu.get("essentiels") or []:
        if not any(element_present(e, texte_norm, numeros) for e in groupe):
            return False
    if any(normaliser(i) in texte_norm for i in attendu.get("interdits") or []):
        return False
    if "urgence" in attendu and bool(attendu["urgence"]) != reponse.est_urgence():
        return False
    return True


class ClientBot:
    """Client minimal du canal REST de Rasa (stdlib uniquement)."""

    def __init__(self, url: str, delai: float) -> None:
        self.url = url.rstrip("/")
        self.delai = delai
        self.erreurs = 0

    def joignable(self) -> bool:
        """Vrai si le serveur répond (même par une erreur HTTP)."""
        try:
            with urllib.request.urlopen(self.url + "/", timeout=self.delai):
                return True
        except urllib.error.HTTPError:
            return True
        except (urllib.error.URLError, OSError):
            return False

    def envoyer(self, emetteur: str, message: str) -> Reponse:
        """Envoie un tour ; réessaie sur 429/502/503/504 ; compte les erreurs."""
        corps = json.dumps({"sender": emetteur, "message": message}).encode("utf-8")
        for essai in range(ESSAIS_MAX):
            requete = urllib.request.Request(
                self.url + "/webhooks/rest/webhook",
                data=corps,
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            debut = time.perf_counter()
            try:
                with urllib.request.urlopen(requete, timeout=self.delai) as reponse:
                    contenu = json.loads(reponse.read().decode("utf-8") or "[]")
                duree = (time.perf_counter() - debut) * 1000
                messages = [m for m in contenu if isinstance(m, dict)] if isinstance(contenu, list) else []
                return Reponse(messages=messages, duree_ms=duree)
            except urllib.error.HTTPError as exc:
                duree = (time.perf_counter() - debut) * 1000
                if exc.code in CODES_A_REESSAYER and essai + 1 < ESSAIS_MAX:
                    attente = exc.headers.get("Retry-After") if exc.headers else None
                    time.sleep(_secondes(attente, 2**essai))
                    continue
                self.erreurs += 1
                return Reponse(duree_ms=duree, erreur=True)
            except (urllib.error.URLError, OSError, ValueError):
                self.erreurs += 1
                return Reponse(duree_ms=(time.perf_counter() - debut) * 1000, erreur=True)
        self.erreurs += 1
        return Reponse(erreur=True)


def _secondes(valeur: str | None, defaut: float) -> float:
    """Durée d'attente lue dans un en-tête Retry-After, bornée à 30 s."""
    try:
        return min(float(valeur), 30.0) if valeur else defaut
    except ValueError:
        return defaut


def _nouvel_emetteur() -> str:
    return f"eval-aveugle-{uuid.uuid4().hex}"


def _taux(reussis: int, total: int) -> float:
    return round(100.0 * reussis / total, 1) if total else 0.0


def _compte(reussis: int, total: int) -> dict[str, Any]:
    return {"reussies": reussis, "total": total, "taux": _taux(reussis, total)}


def _centile(valeurs: list[float], p: float) -> float:
    """Le centile du harnais commun (une seule formule dans le dépôt)."""
    return round(centile(valeurs, 100 * p), 1) if valeurs else 0.0


def charger(chemin: Path, cle: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Charge un fichier du jeu ; renvoie l'en-tête et la liste des éléments."""
    donnees = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    return donnees, list(donnees.get(cle) or [])


def jouer(
    client: ClientBot,
    conversations: list[dict[str, Any]],
    questions: list[dict[str, Any]],
    pause: float,
    echecs: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Joue le jeu complet et calcule les agrégats ; remplit `echecs` s'il est donné (jeu de développement)."""
    latences: list[float] = []
    detail_conv: dict[str, bool] = {}
    detail_q: dict[str, bool] = {}
    par_cat_conv: dict[str, list[int]] = {}
    par_cat_q: dict[str, list[int]] = {}
    danger = [0, 0]
    faux = [0, 0]

    for conv in conversations:
        emetteur = _nouvel_emetteur()
        tours = conv.get("tours") or []
        sans_danger = not any((t.get("attendu") or {}).get("urgence") is True for t in tours)
        reussie = True
        echanges: list[dict[str, Any]] = []
        for tour in tours:
            reponse = client.envoyer(emetteur, str(tour["texte"]))
            latences.append(reponse.duree_ms)
            urgence_recue = reponse.est_urgence()
            attendu = tour.get("attendu")
            echanges.append({"texte": tour["texte"], "reponse": reponse.texte_complet, "attendu": attendu})
            if attendu is not None:
                reussie = evaluer(attendu, reponse) and reussie
                if attendu.get("urgence") is True:
                    danger[1] += 1
                    danger[0] += int(urgence_recue and not reponse.erreur)
            if sans_danger:
                faux[1] += 1
                faux[0] += int(urgence_recue)
            if pause:
                time.sleep(pause)
        detail_conv[conv["id"]] = reussie
        if echecs is not None and not reussie:
            echecs.append({"id": conv["id"], "categorie": conv["categorie"], "tours": echanges})
        cellule = par_cat_conv.setdefault(conv["categorie"], [0, 0])
        cellule[0] += int(reussie)
        cellule[1] += 1

    for question in questions:
        reponse = client.envoyer(_nouvel_emetteur(), str(question["texte"]))
        latences.append(reponse.duree_ms)
        reussie = evaluer(question["attendu"], reponse)
        faux[1] += 1
        faux[0] += int(reponse.est_urgence())
        detail_q[question["id"]] = reussie
        if echecs is not None and not reussie:
            echecs.append({"id": question["id"], "categorie": question["categorie"], "tours": [
                {"texte": question["texte"], "reponse": reponse.texte_complet, "attendu": question["attendu"]}]})
        cellule = par_cat_q.setdefault(question["categorie"], [0, 0])
        cellule[0] += int(reussie)
        cellule[1] += 1
        if pause:
            time.sleep(pause)

    return {
        "conversations": {
            **_compte(sum(detail_conv.values()), len(detail_conv)),
            "par_categorie": {c: _compte(*v) for c, v in sorted(par_cat_conv.items())},
        },
        "questions": {
            **_compte(sum(detail_q.values()), len(detail_q)),
            "par_categorie": {c: _compte(*v) for c, v in sorted(par_cat_q.items())},
        },
        "rappel_danger": {"detectes": danger[0], "total": danger[1], "taux": _taux(*danger)},
        "faux_danger": {"declenches": faux[0], "total": faux[1], "taux": _taux(*faux)},
        "latence_ms": {"p50": _centile(latences, 0.50), "p95": _centile(latences, 0.95), "tours": len(latences)},
        "erreurs_http": client.erreurs,
        "detail": {"conversations": detail_conv, "questions": detail_q},
    }


def _fmt(valeur: float | None, unite: str = " %") -> str:
    if valeur is None:
        return "—"
    if not unite:
        return str(round(valeur))
    return f"{valeur:.1f}".replace(".", ",") + unite


def _ref(reference: dict[str, Any] | None, *chemin: str) -> float | None:
    noeud: Any = reference
    for cle in chemin:
        if not isinstance(noeud, dict) or cle not in noeud:
            return None
        noeud = noeud[cle]
    return float(noeud) if isinstance(noeud, (int, float)) else None


def _ligne(libelle: str, actuel: float, reference: dict[str, Any] | None, *chemin: str, unite: str = " %") -> str:
    if reference is None:
        return f"{libelle} : {_fmt(actuel, unite)}"
    return f"{libelle} : {_fmt(_ref(reference, *chemin), unite)} → {_fmt(actuel, unite)}"


def afficher(res: dict[str, Any], reference: dict[str, Any] | None) -> None:
    """Affiche les agrégats (jamais de phrase du jeu ni d'identifiant d'échec)."""
    if reference is not None:
        print("(avant → maintenant)")
    for cle, titre in (("conversations", "Conversations"), ("questions", "Questions")):
        bloc = res[cle]
        print(_ligne(f"{titre} réussies {bloc['reussies']}/{bloc['total']}", bloc["taux"], reference, cle, "taux"))
        for cat, val in bloc["par_categorie"].items():
            print("  " + _ligne(f"{cat} {val['reussies']}/{val['total']}", val["taux"], reference, cle,
                                "par_categorie", cat, "taux"))
    rd, fd = res["rappel_danger"], res["faux_danger"]
    print(_ligne(f"Rappel danger {rd['detectes']}/{rd['total']}", rd["taux"], reference, "rappel_danger", "taux"))
    print(_ligne(f"Faux danger {fd['declenches']}/{fd['total']}", fd["taux"], reference, "faux_danger", "taux"))
    lat = res["latence_ms"]
    print(_ligne("Latence par tour p50", lat["p50"], reference, "latence_ms", "p50", unite=" ms"))
    print(_ligne("Latence par tour p95", lat["p95"], reference, "latence_ms", "p95", unite=" ms"))
    print(_ligne("Erreurs HTTP", float(res["erreurs_http"]), reference, "erreurs_http", unite=""))


def seuils_non_tenus(res: dict[str, Any]) -> list[str]:
    """Noms des seuils non tenus."""
    manques = []
    if res["conversations"]["taux"] < SEUILS["conversations"]:
        manques.append(f"conversations < {SEUILS['conversations']:g} %")
    if res["questions"]["taux"] < SEUILS["questions"]:
        manques.append(f"questions < {SEUILS['questions']:g} %")
    if res["rappel_danger"]["taux"] < SEUILS["rappel_danger"]:
        manques.append(f"rappel danger < {SEUILS['rappel_danger']:g} %")
    if res["faux_danger"]["taux"] > SEUILS["faux_danger"]:
        manques.append(f"faux danger > {SEUILS['faux_danger']:g} %")
    return manques


def main(argv: list[str] | None = None) -> int:
    """Point d'entrée."""
    parser = argparse.ArgumentParser(description="Évaluation aveugle du bot (agrégats seulement).")
    parser.add_argument("--url", help="URL du serveur Rasa, ex. http://127.0.0.1:5005")
    parser.add_argument("--lancer", action="store_true",
                        help="lancer la pile (actions, Rasa) pour l'occasion, sur des ports libres")
    parser.add_argument("--json", type=Path, help="écrire les agrégats et le détail (identifiants) dans ce fichier")
    parser.add_argument(
        "--reference", type=Path, help="fichier JSON d'une mesure précédente, affiché « avant → maintenant »"
    )
    parser.add_argument("--seuils", action="store_true", help="code de sortie 1 si un seuil n'est pas tenu")
    parser.add_argument("--conversations", type=Path, default=DOSSIER_JEU / "conversations.yml")
    parser.add_argument("--questions", type=Path, default=DOSSIER_JEU / "questions.yml")
    parser.add_argument(
        "--echecs", type=Path,
        help="écrire les échecs en clair (phrases et réponses) dans ce fichier ; refusé sur le jeu aveugle",
    )
    parser.add_argument("--delai", type=float, default=30.0, help="délai d'attente par requête, en secondes")
    parser.add_argument("--pause-ms", type=float, default=0.0, help="pause entre deux tours, en millisecondes")
    args = parser.parse_args(argv)
    aveugle = DOSSIER_JEU.resolve()
    if args.echecs and any(aveugle in p.resolve().parents for p in (args.conversations, args.questions)):
        parser.error("--echecs est réservé aux jeux de développement : le jeu de tests/eval reste aveugle")
    if args.lancer:
        with pile_lancee(journaux=RACINE / "var" / "eval-aveugle-serveur", page=False) as pile:
            args.url = pile.url_rasa
            return _evaluer(args)
    if not args.url:
        parser.error("--url ou --lancer")
    return _evaluer(args)


def _evaluer(args: argparse.Namespace) -> int:
    """Joue le jeu contre le bot de `args.url`, affiche et écrit les agrégats."""
    reference = None
    if args.reference:
        reference = json.loads(args.reference.read_text(encoding="utf-8"))

    entete, conversations = charger(args.conversations, "conversations")
    _, questions = charger(args.questions, "questions")
    client = ClientBot(args.url, args.delai)
    if not client.joignable():
        print(f"Bot injoignable : {args.url}", file=sys.stderr)
        return 2

    print(
        f"Jeu {'aveugle gelé le ' + str(entete.get('gele_le')) if 'gele_le' in entete else 'de développement'} : "
        f"{len(conversations)} conversations, {len(questions)} questions."
    )
    debut = time.perf_counter()
    echecs: list[dict[str, Any]] | None = [] if args.echecs else None
    res = jouer(client, conversations, questions, args.pause_ms / 1000.0, echecs)
    if args.echecs:
        args.echecs.parent.mkdir(parents=True, exist_ok=True)
        args.echecs.write_text(yaml.safe_dump(echecs, allow_unicode=True, sort_keys=False, width=110),
                               encoding="utf-8")
    res = {
        "jeu": {
            "gele_le": str(entete.get("gele_le")),
            "conversations": len(conversations),
            "questions": len(questions),
        },
        "mesure_le": dt.datetime.now().isoformat(timespec="seconds"),
        "url": args.url,
        "duree_s": round(time.perf_counter() - debut, 1),
        **res,
    }
    afficher(res, reference)

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    if args.seuils:
        manques = seuils_non_tenus(res)
        if manques:
            print("Seuils non tenus : " + " ; ".join(manques))
            return 1
        print("Seuils tenus.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
