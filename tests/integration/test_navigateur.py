"""Le widget dans un vrai Chromium headless (Debian), piloté par Playwright par son chemin
d'exécutable, contre le vrai serveur Rasa (socket.io) : conversation, réponses rapides, lien
tel:, Quitter rapidement sans trace, texte échappé, clavier seul, axe-core, petits écrans."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

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
def page(navigateur, pile) -> Page:
    contexte = navigateur.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    # Le site neutre est servi localement (pas de réseau ici) : seule l'adresse compte.
    contexte.route(f"{SORTIE}/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>Météo</title><h1>Météo</h1>"))
    page = contexte.new_page()
    page.goto(pile.url_page)
    yield page
    contexte.close()


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
    page.add_script_tag(path=str(AXE))
    resultat = page.evaluate("""async () => {
        const normes = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
        const r = await axe.run(document, {runOnly: {type: 'tag', values: normes}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, noeuds: v.nodes.map(n => n.target.join(' '))}));
    }""")
    graves = [v for v in resultat if v["impact"] in ("serious", "critical")]
    assert graves == [], graves


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
