"""Le jeu d'évaluation aveugle (tests/eval/) est bien formé et reste aveugle.

Aucun test ici n'affiche une phrase du jeu ni une phrase d'entraînement : en cas
d'échec de proximité, seul le NOMBRE de phrases trop proches est donné.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge.regles.danger_appris import lire_exemples
from tests.proximite import SEUIL_PROXIMITE, normaliser, phrases_aveugles, trop_proche

RACINE = Path(__file__).resolve().parent.parent
JEU = RACINE / "tests" / "eval"
EXEMPLES_DANGER = RACINE / "data" / "danger" / "exemples.yml"

CATEGORIES_CONVERSATIONS = {
    "victime_couple",
    "victime_famille",
    "violences_sexuelles",
    "enfant_mineur",
    "personne_agee_handicapee",
    "arnaque",
    "discrimination",
    "harcelement",
    "prostitution",
    "hebergement",
    "auteur",
    "proche_temoin",
    "professionnel",
    "recit_long",
    "sms_fautes",
    "danger_explicite",
    "danger_indirect",
    "hors_sujet_hostile",
}
CATEGORIES_QUESTIONS = {
    "plainte",
    "protection",
    "apres_plainte",
    "prescription",
    "enfants",
    "secret_professionnel",
    "maires",
    "personnes_agees",
    "arnaques",
    "discrimination",
    "auteurs",
    "hebergement",
    "aide_generale",
    "violences_sexuelles",
    "harcelement",
}
MINIMUM_CONVERSATIONS = 130
MINIMUM_QUESTIONS = 160


def _charger(nom: str) -> dict[str, Any]:
    return yaml.safe_load((JEU / nom).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def conversations() -> dict[str, Any]:
    return _charger("conversations.yml")


@pytest.fixture(scope="module")
def questions() -> dict[str, Any]:
    return _charger("questions.yml")


def _erreurs_attendu(attendu: Any) -> list[str]:
    """Problèmes de forme d'une attente (liste vide si elle est bien formée)."""
    if not isinstance(attendu, dict):
        return ["attendu n'est pas un dictionnaire"]
    erreurs = []
    inconnues = set(attendu) - {"essentiels", "urgence", "interdits"}
    if inconnues:
        erreurs.append(f"clés inconnues {sorted(inconnues)}")
    if not isinstance(attendu.get("urgence"), bool):
        erreurs.append("urgence doit être true ou false")
    essentiels = attendu.get("essentiels")
    if not isinstance(essentiels, list):
        erreurs.append("essentiels doit être une liste")
    else:
        for groupe in essentiels:
            if not isinstance(groupe, list) or not groupe:
                erreurs.append("chaque groupe d'essentiels doit être une liste non vide")
            elif not all(isinstance(e, str) and e.strip() for e in groupe):
                erreurs.append("chaque élément essentiel doit être une chaîne non vide")
    if "interdits" in attendu:
        interdits = attendu["interdits"]
        if not isinstance(interdits, list) or not all(isinstance(i, str) and i.strip() for i in interdits):
            erreurs.append("interdits doit être une liste de chaînes non vides")
    if not essentiels and not attendu.get("interdits") and attendu.get("urgence") is not True:
        erreurs.append("attente vide : ni essentiels, ni interdits, ni urgence")
    return erreurs


def _entete_valide(donnees: dict[str, Any]) -> None:
    assert donnees.get("version") == 1
    assert isinstance(donnees.get("gele_le"), (dt.date, str))


def test_conversations_bien_formees(conversations: dict[str, Any]) -> None:
    _entete_valide(conversations)
    liste = conversations["conversations"]
    assert len(liste) >= MINIMUM_CONVERSATIONS
    ids = [c.get("id") for c in liste]
    assert len(ids) == len(set(ids)), "identifiants de conversation en double"
    problemes = []
    for conv in liste:
        if conv.get("categorie") not in CATEGORIES_CONVERSATIONS:
            problemes.append(f"{conv.get('id')} : catégorie inconnue")
        tours = conv.get("tours")
        if not isinstance(tours, list) or not tours:
            problemes.append(f"{conv.get('id')} : aucun tour")
            continue
        if not any("attendu" in t for t in tours):
            problemes.append(f"{conv.get('id')} : aucune attente")
        for tour in tours:
            if not isinstance(tour.get("texte"), str) or not tour["texte"].strip():
                problemes.append(f"{conv.get('id')} : tour sans texte")
            if set(tour) - {"texte", "attendu"}:
                problemes.append(f"{conv.get('id')} : clés de tour inconnues")
            if "attendu" in tour:
                problemes.extend(f"{conv.get('id')} : {e}" for e in _erreurs_attendu(tour["attendu"]))
    assert not problemes, problemes


def test_chaque_categorie_de_conversation_est_fournie(conversations: dict[str, Any]) -> None:
    presentes = {c["categorie"] for c in conversations["conversations"]}
    assert presentes == CATEGORIES_CONVERSATIONS


def test_questions_bien_formees(questions: dict[str, Any]) -> None:
    _entete_valide(questions)
    liste = questions["questions"]
    assert len(liste) >= MINIMUM_QUESTIONS
    ids = [q.get("id") for q in liste]
    assert len(ids) == len(set(ids)), "identifiants de question en double"
    problemes = []
    for question in liste:
        qid = question.get("id")
        if question.get("categorie") not in CATEGORIES_QUESTIONS:
            problemes.append(f"{qid} : catégorie inconnue")
        if not re.match(r"^https?://\S+$", str(question.get("url", ""))):
            problemes.append(f"{qid} : url absente ou invalide")
        if not isinstance(question.get("texte"), str) or not question["texte"].strip():
            problemes.append(f"{qid} : texte absent")
        if set(question) - {"id", "categorie", "url", "texte", "attendu"}:
            problemes.append(f"{qid} : clés inconnues")
        problemes.extend(f"{qid} : {e}" for e in _erreurs_attendu(question.get("attendu")))
    assert not problemes, problemes


def test_identifiants_distincts_entre_les_deux_fichiers(
    conversations: dict[str, Any], questions: dict[str, Any]
) -> None:
    ids_c = {c["id"] for c in conversations["conversations"]}
    ids_q = {q["id"] for q in questions["questions"]}
    assert not ids_c & ids_q


# --- Aucune phrase d'entraînement ne doit être proche d'une phrase aveugle -------------

_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def _exemples_nlu(donnees: Any) -> list[str]:
    """Exemples d'un fichier NLU Rasa (intents seulement ; synonymes, regex, lookups ignorés)."""
    phrases: list[str] = []
    if not isinstance(donnees, dict) or not isinstance(donnees.get("nlu"), list):
        return phrases
    for item in donnees["nlu"]:
        if not isinstance(item, dict) or "intent" not in item:
            continue
        exemples = item.get("examples")
        if not isinstance(exemples, str):
            continue
        for ligne in exemples.splitlines():
            ligne = ligne.strip()
            if ligne.startswith("- "):
                phrases.append(_ANNOTATION.sub(r"\1", ligne[2:]))
    return phrases


def _variantes(donnees: Any) -> list[str]:
    """Variantes d'un fichier de questions fréquentes (clé `questions:`, items `variantes:`)."""
    phrases: list[str] = []
    if not isinstance(donnees, dict) or not isinstance(donnees.get("questions"), list):
        return phrases
    for item in donnees["questions"]:
        if isinstance(item, dict) and isinstance(item.get("variantes"), list):
            phrases.extend(v for v in item["variantes"] if isinstance(v, str))
    return phrases


def _phrases_entrainement() -> list[str]:
    # Les messages étiquetés du classifieur appris du danger, puis la NLU et les variantes de questions.
    phrases = [e.texte for e in lire_exemples(EXEMPLES_DANGER)] if EXEMPLES_DANGER.exists() else []
    dossiers = [(RACINE / "data", _exemples_nlu), (RACINE / "knowledge" / "data" / "questions", _variantes)]
    for dossier, extraire in dossiers:
        if not dossier.is_dir():
            continue
        for chemin in sorted([*dossier.rglob("*.yml"), *dossier.rglob("*.yaml")]):
            try:
                donnees = yaml.safe_load(chemin.read_text(encoding="utf-8"))
            except yaml.YAMLError:
                continue
            phrases.extend(extraire(donnees))
    return sorted({p for p in map(normaliser, phrases) if p})


def test_aucune_phrase_d_entrainement_proche_d_une_phrase_aveugle() -> None:
    entrainement = _phrases_entrainement()
    if not entrainement:
        pytest.skip("aucune phrase d'entraînement trouvée")
    trop_proches = sum(1 for phrase in phrases_aveugles() if trop_proche(phrase, entrainement))
    assert trop_proches == 0, (
        f"{trop_proches} phrase(s) du jeu aveugle ont une phrase d'entraînement à un ratio >= {SEUIL_PROXIMITE} "
        "(phrases non affichées pour garder le jeu aveugle ; retirer ou réécrire la phrase d'ENTRAÎNEMENT)"
    )
