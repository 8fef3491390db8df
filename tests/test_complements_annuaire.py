"""Compléments de l'audit : dispositifs ajoutés (sourcés), recherches qui ne trouvaient rien (faute d'une
lettre, forme courte d'un nom en « X-sur-Y », nom générique porté par plusieurs structures)."""

from __future__ import annotations

import pytest

from knowledge.chargement import charger

STRUCTURES = {s.id: s for _, s in charger().structures}


@pytest.mark.parametrize("identifiant", [
    "ordonnance-protection", "ordonnance-provisoire-protection-immediate", "aide-universelle-urgence",
    "pack-nouveau-depart", "spip-41", "pjj-stemoi-blois", "ddfe-41", "bav-tj-blois", "ch-blois", "ch-vendome",
    "ch-romorantin", "uaped-tours", "maisons-des-femmes-proches", "femmes-solidaires-41", "etincelles-controis",
    "tchat-3919", "plateforme-pnav", "ma-securite", "caf-41", "mission-locale-blois",
])
def test_dispositif_ajoute_et_source(identifiant):
    structure = STRUCTURES[identifiant]
    assert any(s.url.startswith("http") for s in structure.sources)
    assert all(c.source.startswith("http") for c in structure.contacts)


def test_inconnu_dit_inconnu():
    """Pas de Maison des femmes en Loir-et-Cher, statut du Pack nouveau départ inconnu, remplacement du 3977."""
    assert "Aucune n'existe en Loir-et-Cher" in STRUCTURES["maisons-des-femmes-proches"].description
    assert "inconnue" in STRUCTURES["pack-nouveau-depart"].description
    assert STRUCTURES["pack-nouveau-depart"].territoire.note.startswith("Statut en Loir-et-Cher inconnu")
    troisneufseptsept = STRUCTURES["ligne-3977"]
    assert "remplacerait le 3977" in troisneufseptsept.description
    assert any("senat.fr" in s.url and s.publiee_le == "2025-06-26" for s in troisneufseptsept.sources)


@pytest.mark.parametrize(("texte", "code"), [
    ("Blios", "41018"), ("j'habite à Blios", "41018"), ("Vendmoe", "41269"), ("Salbrys", "41232"),
    ("Selles", "41242"), ("Montoire", "41149"), ("Mennetou", "41135"), ("Muides", "41155"),
])
def test_faute_d_une_lettre_et_forme_courte(annuaire, texte, code):
    resolution = annuaire.resolve_commune(texte)
    assert resolution.statut == "trouvee" and resolution.commune.code == code, (texte, resolution)


@pytest.mark.parametrize("texte", ["bonjour", "mon mari me frappe", "mairie", "Tours"])
def test_pas_de_commune_inventee(annuaire, texte):
    assert annuaire.resolve_commune(texte).statut in ("inconnue", "hors_41")


@pytest.mark.parametrize(("texte", "attendues"), [
    ("point justice", {"mjd-blois", "pad-vendome", "pad-romorantin", "relais-acces-droit-tj-blois"}),
    ("les urgences", {"ch-blois", "ch-vendome", "ch-romorantin"}),
    ("commissariat", {"commissariat-blois", "commissariat-vendome", "police-nationale-41"}),
    ("gendarmerie", {"gendarmerie-41", "compagnie-gendarmerie-blois", "compagnie-gendarmerie-vendome",
                     "compagnie-gendarmerie-romorantin", "brigade-gendarmerie-romorantin",
                     "brigade-gendarmerie-selles-sur-cher"}),
    ("gltd", {"gltd-vif-blois", "gltd-vif-romorantin", "gltd-vif-vendome"}),
])
def test_nom_generique_donne_toutes_les_structures(annuaire, texte, attendues):
    assert {s.id for s in annuaire.find_structure(texte)} == attendues


def test_nom_precis_reste_precis(annuaire):
    assert [s.id for s in annuaire.find_structure("le point justice de Vendôme")] == ["pad-vendome"]
    assert annuaire.find_structure("la CTAF de Romorantin")[0].id == "ctaf-romorantin"
