"""Textes du widget, écrits une seule fois ailleurs et recopiés dans `bot/web/static/widget.js`.

- Les phrases viennent du domaine (`domain.yml`, réponses `utter_widget_*`).
- Les numéros d'urgence viennent de l'annuaire : les structures classées pour la situation
  « danger_immediat » (`knowledge/data/structures/urgences.yaml` : 17, 112, SMS 114), chacune par
  sa phrase `facile_a_lire`, son numéro devenu lien `tel:` ou `sms:`. Ils remplacent `{urgences}`.

Le widget ne dépend ainsi d'aucun fichier à télécharger en plus (il s'intègre sur des sites
partenaires d'une autre origine) : les numéros sont là même si le serveur ne répond pas.
`tests/test_textes_widget.py` vérifie que la copie est à jour.

    python -m bot.textes_widget            # réécrit le bloc généré de widget.js
    python -m bot.textes_widget --verifier # code 1 si le bloc n'est pas à jour
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

from knowledge.chargement import charger
from knowledge.schema import Structure, chiffres

RACINE = Path(__file__).resolve().parents[1]
DOMAINE = RACINE / "domain.yml"
WIDGET = RACINE / "bot" / "web" / "static" / "widget.js"
SITUATION_URGENCE = "danger_immediat"
# Réponse du domaine -> clé dans le widget.
REPONSES = {"utter_widget_accueil": "accueil", "utter_widget_indisponible": "indisponible"}
DEBUT = "  // <textes générés> par `python -m bot.textes_widget` (domain.yml, annuaire) : ne pas modifier ici.\n"
FIN = "  // </textes générés>\n"
_BLOC = re.compile(re.escape(DEBUT) + r".*?" + re.escape(FIN), re.S)


def structures_d_urgence() -> list[Structure]:
    """Les lignes du danger immédiat, dans l'ordre de l'annuaire (17, 112, 114)."""
    structures = [s for _, s in charger().structures if SITUATION_URGENCE in s.situations]
    return sorted(structures, key=lambda s: s.situations[SITUATION_URGENCE])


def lien(structure: Structure) -> tuple[str, str]:
    """(numéro, lien) du premier contact téléphone ou SMS : (« 114 », « sms:114 »)."""
    contact = next(c for c in structure.contacts if c.type in ("telephone", "sms"))
    schema = "sms" if contact.type == "sms" else "tel"
    return contact.valeur, f"{schema}:{chiffres(contact.valeur)}"


def ligne_urgence(structure: Structure) -> str:
    """La phrase facile à lire de l'annuaire, le numéro devenu lien : « … au [114](sms:114). »"""
    numero, url = lien(structure)
    motif = re.compile(r"(?<![\d\[])" + re.escape(numero) + r"(?!\d)")
    if not motif.search(structure.facile_a_lire):
        raise ValueError(f"{structure.id} : le numéro {numero} manque dans facile_a_lire")
    return motif.sub(f"[{numero}]({url})", structure.facile_a_lire, count=1)


def textes() -> dict[str, str]:
    """Les textes du widget, numéros d'urgence compris."""
    reponses = yaml.safe_load(DOMAINE.read_text(encoding="utf-8"))["responses"]
    urgences = "\n".join(ligne_urgence(s) for s in structures_d_urgence())
    return {cle: reponses[nom][0]["text"].replace("{urgences}", urgences) for nom, cle in REPONSES.items()}


def bloc() -> str:
    """Le bloc JavaScript recopié dans widget.js, entre ses deux marqueurs."""
    corps = json.dumps(textes(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return f"{DEBUT}  var TEXTES = {corps};\n{FIN}"


def a_jour(source: str) -> str:
    """Le texte de widget.js avec le bloc régénéré."""
    if len(_BLOC.findall(source)) != 1:
        raise ValueError(f"{WIDGET} : un seul bloc « textes générés » attendu")
    return _BLOC.sub(lambda _: bloc(), source)


def main() -> None:
    """Point d'entrée."""
    parseur = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parseur.add_argument("--verifier", action="store_true", help="ne rien écrire ; code 1 si le bloc a changé")
    args = parseur.parse_args()
    source = WIDGET.read_text(encoding="utf-8")
    nouveau = a_jour(source)
    if args.verifier:
        if nouveau != source:
            sys.exit(f"{WIDGET.relative_to(RACINE)} n'est pas à jour : python -m bot.textes_widget")
        return
    if nouveau != source:
        WIDGET.write_text(nouveau, encoding="utf-8")
        print(f"{WIDGET.relative_to(RACINE)} mis à jour")


if __name__ == "__main__":
    main()
