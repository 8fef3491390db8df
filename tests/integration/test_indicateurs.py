"""Indicateurs sur les vrais processus : un événement anonyme écrit par le vrai serveur d'actions
pour une orientation (REST et socket.io), le danger porté par l'échange suivant, la marque jamais
envoyée au navigateur ; la page des pilotes dans un vrai Chromium (jeton, axe-core, capture)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
import socketio
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import delete, func, select

from bot.indicateurs import stockage
from knowledge.construction import construire
from knowledge.db import creer_moteur
from tests.harnais import attendre, env_propre, port_libre
from tests.indicateurs_exemples import evenements_exemple, mois_avant

from .conftest import JOURNAUX, RACINE, VENV
from .test_navigateur import AXE, DRAPEAUX, NAVIGATEUR

JETON = "jeton-des-pilotes-integration-41"


def _lignes(moteur) -> list[dict]:
    with moteur.connect() as connexion:
        return [dict(r._mapping) for r in connexion.execute(select(stockage.evenements))]


def _attendre_lignes(moteur, nombre: int, delai: float = 20) -> list[dict]:
    """L'écriture se fait dans un fil du serveur d'actions, juste après la réponse."""
    fin = time.monotonic() + delai
    while True:
        with moteur.connect() as connexion:
            compte = connexion.execute(select(func.count()).select_from(stockage.evenements)).scalar()
        if compte >= nombre or time.monotonic() > fin:
            return _lignes(moteur)
        time.sleep(0.3)


def _parler_socketio(pile, textes: list[str], session: str) -> list[dict]:
    recus: list[dict] = []
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", lambda donnees: recus.append(donnees))
    client.connect(pile.url_rasa, headers={"Origin": pile.url_page}, transports=["polling"], wait_timeout=20)
    try:
        client.emit("session_request", {"session_id": session})
        time.sleep(0.5)
        for texte in textes:
            avant = len(recus)
            client.emit("user_uttered", {"message": texte, "session_id": session,
                                         "metadata": {"partenaire": "mairie-essai"}})
            fin = time.monotonic() + 30
            while len(recus) == avant and time.monotonic() < fin:
                time.sleep(0.2)
            time.sleep(0.5)  # toutes les bulles du tour
    finally:
        client.disconnect()
    return recus


def _vider(moteur) -> None:
    """Base de test : on repart d'une table vide (les lignes n'ont pas d'ordre ni d'identifiant)."""
    stockage.creer_table(moteur)
    with moteur.begin() as connexion:
        connexion.execute(delete(stockage.evenements))


def test_orientation_rest_et_socketio_enregistree(pile):
    moteur = creer_moteur(pile.url_postgres)
    _vider(moteur)
    conversation = f"indicateurs-{uuid.uuid4().hex[:8]}"
    reponses = [pile.parler(texte, conversation, metadata={"partenaire": "site-essai"})
                for texte in ("il a un couteau et il va me tuer", "mon mari me frappe", "Blois")]
    assert all(reponses)
    assert not any("indicateur" in m for r in reponses for m in r)  # la marque reste dans le tracker
    lignes = sorted(_attendre_lignes(moteur, 2), key=lambda x: not x["premier"])
    # Le danger (règles seules, rien d'écrit) est porté par l'orientation qui suit ; puis la commune.
    assert [(x["issue"], x["danger"], x["premier"], x["arrondissement"]) for x in lignes] == [
        ("oriente", True, True, "non_precise"), ("oriente", False, False, "411")]
    assert {x["situation"] for x in lignes} == {"violences_conjugales"}
    assert {x["partenaire"] for x in lignes} == {"autre"}  # partenaire non déclaré par l'exploitant
    assert all("ligne-3919" in x["proposees"] for x in lignes)

    _vider(moteur)
    recus = _parler_socketio(pile, ["je me fais harceler sur instagram", "j'habite à Vendôme"],
                             f"sio-{uuid.uuid4().hex[:8]}")
    assert recus and not any("indicateur" in m for m in recus)
    lignes = sorted(_attendre_lignes(moteur, 2), key=lambda x: not x["premier"])
    assert [(x["issue"], x["premier"]) for x in lignes] == [("oriente", True), ("oriente", False)]
    assert lignes[-1]["arrondissement"] == "412"


@pytest.fixture(scope="module")
def page_indicateurs(tmp_path_factory):
    """La page de démonstration sur une base SQLite : annuaire construit et 14 mois d'événements."""
    base = tmp_path_factory.mktemp("indicateurs") / "annuaire.sqlite"
    url = f"sqlite:///{base}"
    moteur = creer_moteur(url)
    construire(moteur)
    stockage.creer_table(moteur)
    stockage.ecrire(moteur, evenements_exemple(mois_avant(date.today(), 14), graine=41))
    port = port_libre()
    env = {**env_propre(), "ANNUAIRE_DB_URL": url, "INDICATEURS_JETON": JETON}
    JOURNAUX.mkdir(parents=True, exist_ok=True)
    with (JOURNAUX / "page-indicateurs.log").open("wb") as journal:
        processus = subprocess.Popen([str(VENV / "python"), "-m", "bot.page_demo", "--port", str(port)], cwd=RACINE,
                                     env=env, stdout=journal, stderr=subprocess.STDOUT)
    try:
        attendre(f"http://127.0.0.1:{port}/", 30)
        yield f"http://127.0.0.1:{port}"
    finally:
        processus.terminate()
        processus.wait(timeout=15)


def test_page_des_pilotes_dans_chromium(page_indicateurs):
    if not Path(NAVIGATEUR).exists():
        pytest.fail(f"Chromium absent ({NAVIGATEUR}) : `make navigateur`.")
    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=NAVIGATEUR, args=DRAPEAUX)
        try:
            # La page interdit tout script (CSP) : axe-core n'y entre qu'en contournant la CSP.
            contexte = navigateur.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR",
                                              bypass_csp=True)
            page = contexte.new_page()
            reponse = page.goto(f"{page_indicateurs}/indicateurs")
            assert reponse.status == 403
            expect(page.get_by_role("heading", name="Accès refusé")).to_be_visible()
            page.get_by_label("Jeton d'accès").fill("pas-le-bon-jeton-du-tout")
            page.get_by_role("button", name="Ouvrir").click()
            expect(page.get_by_role("heading", name="Accès refusé")).to_be_visible()
            page.get_by_label("Jeton d'accès").fill(JETON)
            page.get_by_role("button", name="Ouvrir").click()
            expect(page.get_by_role("heading", name="Indicateurs d'activité de l'assistant")).to_be_visible()
            assert JETON not in page.url
            for titre in ("Utilisation par mois", "Situation", "Arrondissement", "Qui écrit", "Tranche horaire",
                          "Structures et lignes proposées", "Taux d'échec et tendance"):
                expect(page.get_by_role("heading", name=titre, exact=True)).to_be_visible()
            images = page.locator("figure img")
            assert images.count() == 7
            assert all(images.nth(i).evaluate("i => i.complete && i.naturalWidth > 300") for i in range(7))
            assert page.locator("table").count() >= 12
            # Choisir une année au clavier, sans souris.
            page.get_by_label("Année").focus()
            page.keyboard.press("ArrowDown")
            page.get_by_role("button", name="Afficher").press("Enter")
            expect(page.get_by_role("heading", name="Utilisation par mois")).to_be_visible()

            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("""async () => {
                const r = await axe.run(document, {runOnly: {type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
                return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                    .map(v => ({id: v.id, noeuds: v.nodes.map(n => n.target.join(' '))}));
            }""")
            assert violations == []

            # Capture pour docs/ (copiée à la main, comme celles du widget).
            contexte.set_extra_http_headers({"Authorization": f"Bearer {JETON}"})
            page.goto(f"{page_indicateurs}/indicateurs")
            capture = JOURNAUX / "indicateurs.png"
            page.screenshot(path=str(capture), clip={"x": 0, "y": 0, "width": 1280, "height": 2400}, full_page=True)
            page.screenshot(path=str(JOURNAUX / "indicateurs-complet.png"), full_page=True)
            if os.environ.get("COPIER_CAPTURES"):
                shutil.copy(capture, RACINE / "docs" / "indicateurs.png")
        finally:
            navigateur.close()
