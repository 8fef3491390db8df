"""Le widget dans un vrai Chromium headless (Debian), piloté par Playwright par son chemin
d'exécutable, contre le vrai serveur Rasa (socket.io) : conversation, réponses rapides, lien
tel:, Quitter rapidement sans trace, texte échappé, clavier seul, axe-core, petits écrans ;
réseau lent, coupure et serveur ou client socket.io injoignables : aucun message perdu, état de la
connexion annoncé, numéros d'urgence affichés."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from .conftest import JOURNAUX, RACINE

NAVIGATEUR = os.environ.get("NAVIGATEUR", "/usr/bin/chromium")
AXE = RACINE / "bot" / "web" / "node_modules" / "axe-core" / "axe.min.js"
SORTIE = "https://meteofrance.com"
DELAI = 30_000
DRAPEAUX = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-default-apps"]


@pytest.fixture(scope="module")
def navigateur() -> Browser:
    if not Path(NAVIGATEUR).exists():
        pytest.fail(f"Chromium absent ({NAVIGATEUR}) : `make navigateur`.")
    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=NAVIGATEUR, args=DRAPEAUX)
        yield navigateur
        navigateur.close()


@pytest.fixture()
def contexte(navigateur) -> BrowserContext:
    contexte = navigateur.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    # Le site neutre est servi localement (pas de réseau ici) : seule l'adresse compte.
    contexte.route(f"{SORTIE}/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>Météo</title><h1>Météo</h1>"))
    yield contexte
    contexte.close()


@pytest.fixture()
def port_ferme() -> Iterator[int]:
    """Un port réservé où rien n'écoute : toute connexion y est refusée, comme vers un serveur tombé."""
    with socket.socket() as reserve:
        reserve.bind(("127.0.0.1", 0))
        yield reserve.getsockname()[1]


@pytest.fixture()
def page(contexte, pile) -> Page:
    page = contexte.new_page()
    page.goto(pile.url_page)
    return page


def _ouvrir(page: Page) -> None:
    page.get_by_role("button", name="Besoin d'aide ? Parler à l'assistant").click()
    expect(page.locator("#aide41-saisie")).to_be_focused()


def _envoyer(page: Page, texte: str) -> None:
    page.locator("#aide41-saisie").fill(texte)
    page.locator("#aide41-saisie").press("Enter")


def _bulles_bot(page: Page):
    return page.locator(".aide41-bot")


def _attendre_bot(page: Page, avant: int) -> None:
    expect(_bulles_bot(page)).not_to_have_count(avant, timeout=DELAI)


def _etat(page: Page):
    return page.locator(".aide41-etat")


def _violations_graves(page: Page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    resultat = page.evaluate("""async () => {
        const normes = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
        const r = await axe.run(document, {runOnly: {type: 'tag', values: normes}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, noeuds: v.nodes.map(n => n.target.join(' '))}));
    }""")
    return [v for v in resultat if v["impact"] in ("serious", "critical")]


def _numeros_d_urgence_affiches(page: Page) -> None:
    """Le panneau « indisponible » : annoncé (role=alert), avec 17, 112 et SMS 114 cliquables."""
    alerte = page.get_by_role("alert")
    expect(alerte).to_be_visible(timeout=DELAI)
    expect(alerte).to_contain_text("ne peut pas se connecter")
    liens = alerte.locator("a").evaluate_all("els => els.map(e => [e.textContent, e.getAttribute('href')])")
    assert liens == [["17", "tel:17"], ["112", "tel:112"], ["114", "sms:114"]], liens
    expect(_etat(page)).to_have_attribute("role", "status")
    expect(_etat(page)).to_have_text("Connexion impossible pour le moment")


def test_conversation_reponse_rapide_et_lien_tel(page):
    _ouvrir(page)
    expect(_bulles_bot(page).first).to_contain_text("anonyme")
    avant = _bulles_bot(page).count()
    _envoyer(page, "bonjour")
    _attendre_bot(page, avant)
    expect(_bulles_bot(page).last).to_contain_text("assistant automatique")
    page.get_by_role("button", name="Violences dans le couple").click()
    expect(page.locator(".aide41-moi").last).to_have_text("Vous : Violences dans le couple")
    expect(page.get_by_role("group", name="Réponses rapides").last).to_be_visible(timeout=DELAI)
    avant = _bulles_bot(page).count()
    _envoyer(page, "Blois")
    _attendre_bot(page, avant)
    liens = page.locator('.aide41-bot a[href^="tel:"]')
    expect(liens.first).to_be_visible(timeout=DELAI)
    hrefs = liens.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert all(h.startswith("tel:") and h[4:].replace("+", "").isdigit() for h in hrefs), hrefs
    # Seuls tel:, sms: et https: deviennent des liens.
    tous = page.locator(".aide41-journal a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert all(h.split(":")[0] in ("tel", "sms", "https") for h in tous), tous
    page.screenshot(path=str(JOURNAUX / "widget-bureau.png"))


def test_quitter_rapidement_ne_laisse_rien(page, pile):
    longueur_historique = page.evaluate("history.length")
    _ouvrir(page)
    avant = _bulles_bot(page).count()
    _envoyer(page, "mon mari me surveille")
    _attendre_bot(page, avant)
    assert page.evaluate("sessionStorage.length") == 1  # l'identifiant de session, cet onglet seulement
    page.get_by_role("button", name="Quitter rapidement").click()
    page.wait_for_url(f"{SORTIE}/**")
    assert page.evaluate("history.length") == longueur_historique  # entrée remplacée, pas ajoutée
    assert page.context.cookies() == []
    # Retour dans le même onglet sur le site partenaire : plus rien de la conversation.
    page.goto(pile.url_page)
    assert page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]") == [0, 0, ""]
    assert "surveille" not in page.content()


def test_echap_deux_fois(page):
    _ouvrir(page)
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(f"{SORTIE}/**")


def test_script_tape_affiche_comme_texte(page):
    _ouvrir(page)
    avant = _bulles_bot(page).count()
    charge = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"><b>gras</b>'
    _envoyer(page, charge)
    _attendre_bot(page, avant)
    expect(page.locator(".aide41-moi").last).to_have_text("Vous : " + charge)
    assert page.locator(".aide41-journal script, .aide41-journal img, .aide41-journal b").count() == 0
    assert page.evaluate("window.__xss") is None


def test_clavier_seul(page):
    page.locator("body").click(position={"x": 5, "y": 5})
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "aide41-lanceur":
            break
    assert page.evaluate("document.activeElement.className") == "aide41-lanceur"
    page.keyboard.press("Enter")
    expect(page.locator("#aide41-saisie")).to_be_focused()
    avant = _bulles_bot(page).count()
    page.keyboard.type("bonjour")
    page.keyboard.press("Enter")
    _attendre_bot(page, avant)
    # Le focus passe du champ au bouton Envoyer, et il se voit.
    page.keyboard.press("Tab")
    focus = page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        return [e.className, s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
    assert focus[0] == "aide41-envoyer" and focus[1] != "none" and focus[2] >= 2
    # Les réponses rapides et « Quitter rapidement » sont atteignables au clavier (Maj+Tab).
    atteints = set()
    for _ in range(30):
        page.keyboard.press("Shift+Tab")
        atteints.add(page.evaluate("document.activeElement.textContent"))
    assert "Quitter rapidement" in atteints and "Violences dans le couple" in atteints
    page.keyboard.press("Escape")  # un seul Échap ne quitte pas
    assert page.url.startswith("http://127.0.0.1")


@pytest.mark.parametrize("largeur", [1280, 320])
def test_axe_core_sans_violation_grave(page, largeur):
    page.set_viewport_size({"width": largeur, "height": 720})
    _ouvrir(page)
    avant = _bulles_bot(page).count()
    _envoyer(page, "bonjour")
    _attendre_bot(page, avant)
    expect(_etat(page)).to_have_text("Connecté")
    assert _violations_graves(page) == []


def test_320_pixels_et_texte_a_200_pour_cent(page):
    page.set_viewport_size({"width": 320, "height": 640})
    _ouvrir(page)
    avant = _bulles_bot(page).count()
    _envoyer(page, "bonjour")
    _attendre_bot(page, avant)
    page.screenshot(path=str(JOURNAUX / "widget-mobile.png"))
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    debordent = page.evaluate("""() => [...document.querySelectorAll('*')]
        .filter(e => e.getBoundingClientRect().right > 321).map(e => e.tagName + '.' + e.className)""")
    assert debordent == [] and page.evaluate("document.documentElement.scrollWidth") <= 320, debordent
    for nom in ("Quitter rapidement", "Envoyer"):
        boite = page.get_by_role("button", name=nom).bounding_box()
        assert boite is not None and boite["x"] >= 0 and boite["x"] + boite["width"] <= 320, nom
    boite = page.locator("#aide41-saisie").bounding_box()
    assert boite["width"] >= 60


def test_reseau_lent_premier_message_tape_tout_de_suite(contexte, pile):
    """Téléphone sur un réseau lent (1,5 s de latence) : « bonjour » tapé dès l'ouverture, avant
    que le serveur ait confirmé la session, attend dans la file puis reçoit sa réponse, une fois."""
    page = contexte.new_page()
    cdp = contexte.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 1500,
                                                  "downloadThroughput": 1_600_000 / 8,
                                                  "uploadThroughput": 750_000 / 8})
    page.goto(pile.url_page, wait_until="domcontentloaded")
    _ouvrir(page)
    avant = _bulles_bot(page).count()
    _envoyer(page, "bonjour")
    _envoyer(page, "au revoir")
    # Pas encore parti : la personne le voit, et voit qu'on se connecte.
    expect(page.locator(".aide41-moi .aide41-attente")).to_have_count(2)
    expect(_etat(page)).to_have_text("Connexion en cours…")
    _attendre_bot(page, avant)
    expect(_bulles_bot(page)).to_have_count(avant + 2, timeout=DELAI)
    nouvelles = _bulles_bot(page).all_text_contents()[avant:]
    # Dans l'ordre, chacun une fois (les deux tours passent l'un après l'autre dans Rasa).
    assert "assistant automatique" in nouvelles[0] and "Prenez soin de vous" in nouvelles[1], nouvelles
    expect(_etat(page)).to_have_text("Connecté")
    expect(page.locator(".aide41-attente")).to_have_count(0)
    assert page.get_by_role("alert").is_hidden()


def test_coupure_message_garde_puis_envoye_a_la_reconnexion(contexte, pile, port_ferme):
    """Connexion coupée en pleine conversation : l'état passe à « nouvelle tentative », le message
    écrit pendant la coupure attend, puis part une fois la même session reconfirmée."""
    # Les WebSocket de la page sont gardées pour pouvoir les couper ; pendant la coupure, les
    # nouvelles tentatives vont vers un port fermé (connexion refusée, comme un réseau tombé).
    contexte.add_init_script("""(() => {
        const Origine = window.WebSocket;
        window.__sockets = []; window.__coupe = false;
        window.WebSocket = class extends Origine {
            constructor(url, protocoles) {
                super(window.__coupe ? "ws://127.0.0.1:PORT_FERME/socket.io/" : url, protocoles);
                window.__sockets.push(this);
            }
        };
    })()""".replace("PORT_FERME", str(port_ferme)))
    page = contexte.new_page()
    page.goto(pile.url_page)
    _ouvrir(page)
    avant = _bulles_bot(page).count()
    _envoyer(page, "bonjour")
    _attendre_bot(page, avant)
    expect(_etat(page)).to_have_text("Connecté")
    session = page.evaluate("sessionStorage.getItem('aide41.session')")
    page.evaluate("window.__coupe = true; window.__sockets.forEach(s => s.close())")
    expect(_etat(page)).to_have_text("Connexion perdue, nouvelle tentative…")
    avant = _bulles_bot(page).count()
    _envoyer(page, "au revoir")
    expect(page.locator(".aide41-moi").last).to_have_text("Vous : au revoir (en attente d'envoi)")
    page.evaluate("window.__coupe = false")
    _attendre_bot(page, avant)
    expect(_bulles_bot(page).last).to_contain_text("Prenez soin de vous")
    expect(_etat(page)).to_have_text("Connecté")
    expect(page.locator(".aide41-attente")).to_have_count(0)
    assert page.evaluate("sessionStorage.getItem('aide41.session')") == session
    expect(_bulles_bot(page)).to_have_count(avant + 1)


def test_client_socketio_introuvable_numeros_d_urgence(contexte, pile):
    """Le client socket.io ne se charge pas (bloqué, réseau) : le panneau le dit, avec les numéros
    d'urgence, au lieu de ne rien faire ; le message écrit reste affiché, en attente."""
    contexte.route("**/vendor/socket.io.min.js", lambda route: route.abort())
    page = contexte.new_page()
    page.goto(pile.url_page)
    _ouvrir(page)
    _numeros_d_urgence_affiches(page)
    _envoyer(page, "bonjour")
    expect(page.locator(".aide41-moi").last).to_have_text("Vous : bonjour (en attente d'envoi)")
    _numeros_d_urgence_affiches(page)
    assert _violations_graves(page) == []


def test_serveur_injoignable_numeros_d_urgence(contexte, pile, port_ferme):
    """Le serveur Rasa ne répond pas (connexion refusée) : après quelques essais, le panneau le dit
    avec les numéros d'urgence, et le message écrit reste en attente."""
    html = requests.get(pile.url_page, timeout=10).text.replace(pile.url_rasa, f"http://127.0.0.1:{port_ferme}")
    assert "data-server=\"http://127.0.0.1:" in html
    contexte.route(pile.url_page + "/", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page = contexte.new_page()
    page.goto(pile.url_page + "/")
    _ouvrir(page)
    _envoyer(page, "bonjour")
    expect(page.locator(".aide41-moi").last).to_have_text("Vous : bonjour (en attente d'envoi)")
    _numeros_d_urgence_affiches(page)
