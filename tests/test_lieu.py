"""Le lieu : une valeur, lue et écrite à un seul endroit (knowledge/lieu.py)."""

from __future__ import annotations

import pytest

from knowledge.lieu import Lieu


@pytest.mark.parametrize("valeur", ["41018", "arr:411", "41", "hors:37", "hors:37,45", "ambigu:41120", "refus",
                                    "inconnu"])
def test_aller_retour_du_slot(valeur):
    assert Lieu.lire(valeur).ecrire() == valeur


def test_slot_vide():
    assert Lieu.lire(None) is None and Lieu.lire("") is None


@pytest.mark.parametrize(("texte", "genre", "ecrit"), [
    ("Blois", "commune", "41018"),
    ("41000", "arrondissement", "arr:411"),
    ("Loir-et-Cher", "departement", "41"),
    ("Tours", "hors", "hors:37"),
    ("41120", "ambigu", "ambigu:41120"),
])
def test_depuis_la_reconnaissance(annuaire_sqlite, texte, genre, ecrit):
    lieu = Lieu.depuis_resolution(annuaire_sqlite.resolve_commune(texte))
    assert lieu.genre == genre and lieu.ecrire() == ecrit


def test_code_postal_ambigu_garde_ses_communes(annuaire_sqlite):
    lieu = Lieu.depuis_resolution(annuaire_sqlite.resolve_commune("41120"))
    assert {"Cellettes", "Le Controis-en-Sologne"} <= set(lieu.noms_candidats(annuaire_sqlite))
    assert not lieu.est_precis
    # relu depuis le slot, il retrouve les mêmes communes par le code postal
    assert set(Lieu.lire(lieu.ecrire()).noms_candidats(annuaire_sqlite)) == set(lieu.noms_candidats(annuaire_sqlite))


def test_inconnu_donne_rien(annuaire_sqlite):
    assert Lieu.depuis_resolution(annuaire_sqlite.resolve_commune("Trifouillis-les-Oies")) is None


@pytest.mark.parametrize(("valeur", "precision"), [
    ("41018", "à Blois"), ("arr:412", "dans le secteur de Vendôme"), ("41", "en Loir-et-Cher"),
    ("hors:37", "en Loir-et-Cher"), ("refus", "en Loir-et-Cher"),
])
def test_precision(annuaire_sqlite, valeur, precision):
    assert Lieu.lire(valeur).precision(annuaire_sqlite) == precision


def test_resolution_pour_orient(annuaire_sqlite):
    assert Lieu.lire("41269").resolution(annuaire_sqlite).commune.nom == "Vendôme"
    assert Lieu.lire("hors:37").resolution(annuaire_sqlite).statut == "hors_41"
    assert Lieu.lire("refus").resolution(annuaire_sqlite) is None


@pytest.mark.parametrize(("phrase", "attendu"), [
    ("au boulot mon chef me traite de sale arabe", None),  # Boulot (70) n'est pas un lieu ici
    ("je viens de paris et j'habite à blois maintenant", "41018"),
    ("j'habite à tours", "hors:37"),
    ("je viens de tours pour voir ma soeur", "hors:37"),
    ("il a fermé la porte de la chambre à clé", None),  # La Chambre (73) n'est pas un lieu ici
    ("elle vient de publier une photo", None),  # Publier (74) non plus : « venir de » + infinitif
    ("il a posé les médicaments sur la table", None),  # La Table (73) : un article après « sur »
    ("j'habite à la rochelle", "hors:17,70"),
])
def test_lieu_dans_une_phrase(annuaire_sqlite, phrase, attendu):
    from knowledge.texte import normaliser

    resolution = annuaire_sqlite.territoire.chercher_dans_phrase(normaliser(phrase).split())
    lieu = Lieu.depuis_resolution(resolution) if resolution else None
    assert (lieu.ecrire() if lieu else None) == attendu


def test_le_verbe_avoir_n_est_pas_a(annuaire_sqlite):
    from knowledge.texte import normaliser

    phrase = "il s'est excusé, il a pleuré, il a promis de changer"  # Pleure est une commune du Jura
    assert annuaire_sqlite.territoire.chercher_dans_phrase(normaliser(phrase).split()) is None
