"""L'annuaire pour les professionnels (/annuaire) dans un vrai Chromium : recherche au clavier par commune
(écrite avec une faute) et situation, fiches avec liens tel:, ordre identique au bot, recherche par nom,
axe-core sans violation grave, feuille de style d'impression et PDF A4."""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import expect, sync_playwright

from knowledge.annuaire import Annuaire
from knowledge.construction import construire
from knowledge.db import creer_moteur
from tests.harnais import attendre, env_propre, port_libre

from .conftest import JOURNAUX, RACINE, VENV
from .test_navigateur import AXE, DRAPEAUX, NAVIGATEUR

PAGES_MAX = 1
VIOLATIONS = """async () => {
    const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
    return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
        .map(v => ({id: v.id, noeuds: v.nodes.map(n => n.target.join(' '))}));
}"""


@pytest.fixture(scope="module")
def serveur(tmp_path_factory):
    """La page de démonstration sur une base SQLite construite depuis les vrais fichiers."""
    url = f"sqlite:///{tmp_path_factory.mktemp('annuaire-pro') / 'annuaire.sqlite'}"
    construire(creer_moteur(url))
    port = port_libre()
    JOURNAUX.mkdir(parents=True, exist_ok=True)
    with (JOURNAUX / "page-annuaire.log").open("wb") as journal:
        processus = subprocess.Popen([str(VENV / "python"), "-m", "bot.page_demo", "--port", str(port)], cwd=RACINE,
                                     env={**env_propre(), "ANNUAIRE_DB_URL": url}, stdout=journal,
                                     stderr=subprocess.STDOUT)
    try:
        attendre(f"http://127.0.0.1:{port}/", 30)
        yield f"http://127.0.0.1:{port}", url
    finally:
        processus.terminate()
        processus.wait(timeout=15)


def test_annuaire_pro_dans_chromium(serveur):
    adresse, url = serveur
    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=NAVIGATEUR, args=DRAPEAUX)
        try:
            contexte = navigateur.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR",
                                              bypass_csp=True)
            page = contexte.new_page()
            page.goto(f"{adresse}/annuaire")
            expect(page.get_by_role("heading", name="Annuaire pour les professionnels — Loir-et-Cher")).to_be_visible()
            # Au clavier seulement : commune écrite avec une faute, situation, Entrée.
            page.get_by_label("Commune ou code postal").focus()
            page.keyboard.type("Blios")
            page.keyboard.press("Tab")
            page.get_by_label("Situation").select_option(label="Porter plainte")
            page.keyboard.press("Tab")  # nom d'une structure
            page.keyboard.press("Tab")  # bouton
            expect(page.get_by_role("button", name="Rechercher")).to_be_focused()
            page.keyboard.press("Enter")
            expect(page.get_by_role("heading", name="Porter plainte à Blois")).to_be_visible()
            fiches = page.locator("article.fiche")
            attendu = [p.structure.nom for p in Annuaire(creer_moteur(url)).orient(
                "porter_plainte", Annuaire(creer_moteur(url)).resolve_commune("Blios"), profile="professionnel",
                limite=12).toutes]
            titres = [fiches.nth(i).locator("h3").inner_text() for i in range(fiches.count())]
            assert [t.split(" (")[0] for t in titres] == [n.split(" (")[0] for n in attendu], "même ordre que le bot"
            assert titres[0].startswith("Commissariat de police de Blois")
            assert page.locator('a[href="tel:116006"]').count() >= 1
            for terme in ("Comment saisir", "Territoire", "Sources", "Horaires"):
                expect(fiches.first.get_by_text(terme, exact=True)).to_be_visible()

            page.add_script_tag(path=str(AXE))
            assert page.evaluate(VIOLATIONS) == []

            # Recherche par nom générique : toutes les structures qui le portent.
            page.get_by_label("Ou le nom d'une structure").fill("point justice")
            page.get_by_label("Situation").select_option(value="")
            page.get_by_role("button", name="Rechercher").click()
            expect(page.get_by_role("status")).to_have_text("4 structure(s) trouvée(s).")

            # Impression : le formulaire disparaît, les fiches restent ; PDF au format A4.
            page.goto(f"{adresse}/annuaire?commune=Vend%C3%B4me&situation=violences_conjugales")
            page.emulate_media(media="print")
            expect(page.locator("form")).to_be_hidden()
            expect(page.locator("article.fiche").first).to_be_visible()
            pdf = JOURNAUX / "annuaire-vendome.pdf"
            page.pdf(path=str(pdf), prefer_css_page_size=True)
            contenu = pdf.read_bytes()
            pages = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", contenu)
            assert contenu.startswith(b"%PDF") and pages, "un PDF"
            assert all(abs(float(x) - 595) < 2 and abs(float(y) - 842) < 2 for x, y in pages), "format A4"
            assert len(pages) <= PAGES_MAX, f"{len(pages)} pages A4 pour une commune × situation"
            page.emulate_media(media="screen")
            page.screenshot(path=str(JOURNAUX / "annuaire-pro.png"), full_page=True)
        finally:
            navigateur.close()


def test_texte_saisi_echappe(serveur):
    adresse, _ = serveur
    import requests

    reponse = requests.get(f"{adresse}/annuaire", params={"commune": "<script>alert(1)</script>",
                                                          "situation": "porter_plainte"}, timeout=10)
    assert reponse.status_code == 200 and "<script>" not in reponse.text
    assert "&lt;script&gt;" in reponse.text
    assert "default-src 'none'" in reponse.headers["Content-Security-Policy"]
