"""Page /annuaire pour les professionnels : rendue côté serveur avec les fonctions du bot (orient,
find_structure, fiches) ; le navigateur réel est testé dans tests/integration/test_annuaire_pro.py."""

from __future__ import annotations

import re
from datetime import datetime

from bot.annuaire_pro import rendre
from knowledge.horaires import FUSEAU

MARDI_10H = datetime(2026, 12, 1, 10, 0, tzinfo=FUSEAU)


def _titres(page: str) -> list[str]:
    return re.findall(r'<h3 id="fiche-([a-z0-9-]+)">', page)


def test_meme_ordre_que_le_bot(annuaire_sqlite):
    page = rendre(annuaire_sqlite, {"commune": "Vendome", "situation": "violences_conjugales"}, MARDI_10H)
    orientation = annuaire_sqlite.orient("violences_conjugales", annuaire_sqlite.resolve_commune("Vendome"),
                                         profile="professionnel", at=MARDI_10H, limite=12)
    assert _titres(page) == [p.structure.id for p in orientation.toutes]
    assert "Violences dans le couple à Vendôme" in page
    assert '<a href="tel:3919">3919</a>' in page
    assert "Comment saisir" in page and "Sources" in page and "lue le 2026-11-2" in page


def test_recherche_par_nom_et_code_postal_ambigu(annuaire_sqlite):
    page = rendre(annuaire_sqlite, {"nom": "point justice"}, MARDI_10H)
    assert set(_titres(page)) == {"mjd-blois", "pad-vendome", "pad-romorantin", "relais-acces-droit-tj-blois"}
    page = rendre(annuaire_sqlite, {"commune": "41120", "situation": "porter_plainte"}, MARDI_10H)
    assert "plusieurs communes" in page and "commune=Le+Controis-en-Sologne" in page


def test_texte_echappe_et_information_datee(annuaire_sqlite):
    page = rendre(annuaire_sqlite, {"commune": '"><script>x</script>', "situation": "hebergement_urgence"},
                  MARDI_10H)
    assert "<script>" not in page and "&lt;script&gt;" in page
    page = rendre(annuaire_sqlite, {"nom": "maisons departementales des solidarites"}, MARDI_10H)
    assert "(information de mai 2025)" in page


def test_feuille_d_impression(annuaire_sqlite):
    page = rendre(annuaire_sqlite, {}, MARDI_10H)
    assert "@media print" in page and "size: A4" in page
    assert '<html lang="fr">' in page and 'href="#resultats"' in page and '<label for="commune">' in page
