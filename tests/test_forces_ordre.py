"""Police et gendarmerie par commune : le commissariat (Blois, Vendôme) ou la gendarmerie compétente,
toujours donnés pour porter plainte, quelle que soit la précision du lieu."""

from __future__ import annotations

import pytest

from knowledge.lieu import Lieu


def _ids(orientation):
    return [p.structure.id for p in orientation.locales]


@pytest.mark.parametrize(("commune", "unite"), [
    ("Blois", "commissariat-blois"), ("Vineuil", "commissariat-blois"), ("Vendôme", "commissariat-vendome"),
    ("Naveil", "commissariat-vendome"), ("Romorantin", "brigade-gendarmerie-romorantin"),
    ("Selles-sur-Cher", "brigade-gendarmerie-selles-sur-cher"), ("Mer", "compagnie-gendarmerie-blois"),
    ("Montoire-sur-le-Loir", "compagnie-gendarmerie-vendome"), ("Salbris", "compagnie-gendarmerie-romorantin"),
])
def test_une_commune_donne_son_unite(annuaire, commune, unite):
    ids = _ids(annuaire.orient("porter_plainte", commune))
    assert ids[0] == unite
    assert sum(1 for i in ids if i.startswith(("commissariat", "compagnie", "brigade", "gendarmerie", "police"))) == 1


@pytest.mark.parametrize(("texte", "attendues"), [
    ("41000", {"commissariat-blois", "compagnie-gendarmerie-blois"}),  # Blois (police) et des communes en gendarmerie
    ("41100", {"commissariat-vendome", "compagnie-gendarmerie-vendome"}),
    ("41120", {"compagnie-gendarmerie-blois", "compagnie-gendarmerie-romorantin"}),  # à cheval sur deux arrondissements
])
def test_code_postal_seul_donne_les_unites_de_ses_communes(annuaire, texte, attendues):
    assert attendues <= set(_ids(annuaire.orient("porter_plainte", annuaire.resolve_commune(texte))))


@pytest.mark.parametrize("slot", ["41", "refus", "inconnu", None])
def test_sans_lieu_precis_police_et_gendarmerie(annuaire, slot):
    lieu = Lieu.lire(slot)
    ids = _ids(annuaire.orient("porter_plainte", lieu.resolution(annuaire) if lieu else None))
    assert {"police-nationale-41", "gendarmerie-41"} <= set(ids)


def test_secteur_seul(annuaire):
    ids = _ids(annuaire.orient("porter_plainte", Lieu.lire("arr:412").resolution(annuaire)))
    assert {"commissariat-vendome", "compagnie-gendarmerie-vendome"} <= set(ids)


def test_lieu_inconnu_et_hors_41(annuaire):
    assert {"police-nationale-41", "gendarmerie-41"} <= set(_ids(annuaire.orient("porter_plainte", "xyzzy")))
    assert _ids(annuaire.orient("porter_plainte", "Tours")) == []


def test_l_entree_generale_est_remplacee_dans_les_autres_situations(annuaire):
    ids = _ids(annuaire.orient("violences_conjugales", "Blois", limite=20))
    assert "commissariat-blois" in ids and "police-nationale-41" not in ids


def test_adresse_quand_une_source_la_donne(annuaire):
    brigade = annuaire.structure("brigade-gendarmerie-romorantin")
    assert any(c.type == "adresse" and "Four-à-Chaux" in c.valeur for c in brigade.contacts)
