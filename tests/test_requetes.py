"""Requêtes de l'annuaire sur SQLite et PostgreSQL : communes, orientation, structures."""

from __future__ import annotations

from datetime import datetime

import pytest

from knowledge.annuaire import SituationInconnue
from knowledge.horaires import FUSEAU

MARDI_10H = datetime(2026, 12, 1, 10, 0, tzinfo=FUSEAU)
SAMEDI_3H = datetime(2026, 11, 28, 3, 0, tzinfo=FUSEAU)


@pytest.mark.parametrize(
    ("texte", "code"),
    [
        ("Blois", "41018"),
        ("blois", "41018"),
        ("BLOIS", "41018"),
        ("Vendome", "41269"),
        ("vendôme", "41269"),
        ("St Aignan", "41198"),
        ("saint-aignan", "41198"),
        ("Romorantin", "41194"),
        ("romorentin", "41194"),
        ("Romorantin Lanthenay", "41194"),
        ("Lamotte Beuvron", "41106"),
        ("la chaussee st victor", "41047"),
        ("Onzain", "41167"),
        ("Contres", "41059"),
        ("j'habite à Salbris", "41232"),
        ("je suis sur mer en ce moment", "41136"),
        ("Selle sur Cher", "41242"),
        ("Mondoubleaux", "41143"),
        ("41260", "41047"),
        ("41120 Cellettes", "41031"),
        ("Montrichard", "41151"),
    ],
)
def test_resolve_commune(annuaire, texte, code):
    resolution = annuaire.resolve_commune(texte)
    assert resolution.statut == "trouvee", (texte, resolution)
    assert resolution.commune.code == code


def test_code_postal_a_cheval_sur_deux_arrondissements_demande_de_preciser(annuaire):
    resolution = annuaire.resolve_commune("41120")
    assert resolution.statut == "ambigue"
    assert {c.arrondissement for c in resolution.candidats} == {"411", "413"}
    assert "Le Controis-en-Sologne" in {c.nom for c in resolution.candidats}


def test_code_postal_d_un_seul_arrondissement(annuaire):
    resolution = annuaire.resolve_commune("41000")
    assert resolution.statut == "code_postal"
    assert resolution.arrondissement == "411"
    assert "Blois" in {c.nom for c in resolution.candidats}


@pytest.mark.parametrize(("texte", "departement"), [("Tours", "37"), ("je suis à Orléans", "45"), ("37000", "37"),
                                                     ("Paris", "75"), ("j'habite en Sarthe", "72")])
def test_hors_loir_et_cher(annuaire, texte, departement):
    resolution = annuaire.resolve_commune(texte)
    assert resolution.statut == "hors_41"
    assert departement in resolution.departements


@pytest.mark.parametrize("texte", ["", "   ", "bonjour", "mon mari me frappe", "xyzzy", "!!!"])
def test_pas_de_commune(annuaire, texte):
    assert annuaire.resolve_commune(texte).statut == "inconnue"


def test_zone_police_et_gendarmerie(annuaire):
    assert annuaire.resolve_commune("Vineuil").commune.zone == "police"
    assert annuaire.resolve_commune("Romorantin").commune.zone == "gendarmerie"
    assert annuaire.resolve_commune("Naveil").commune.zone == "police"


def _ids(propositions):
    return [p.structure.id for p in propositions]


def test_orient_violences_conjugales_vendome(annuaire):
    orientation = annuaire.orient("violences_conjugales", "Vendôme", at=MARDI_10H)
    assert _ids(orientation.locales)[0] == "pad-vendome"
    assert "mjd-blois" not in _ids(orientation.locales)
    assert _ids(orientation.nationales) == ["ligne-3919", "ligne-116006"]
    assert all(p.raison for p in orientation.toutes)
    assert orientation.nationales[0].ouvert is True


@pytest.mark.parametrize(("commune", "point_justice"), [("Blois", "mjd-blois"), ("Vendôme", "pad-vendome"),
                                                          ("Salbris", "pad-romorantin")])
def test_orient_droits_par_arrondissement(annuaire, commune, point_justice):
    orientation = annuaire.orient("droits_conseil_juridique", commune)
    assert _ids(orientation.locales)[0] == point_justice


def test_orient_plainte_selon_zone(annuaire):
    assert "commissariat-blois" in _ids(annuaire.orient("porter_plainte", "Blois").locales)
    blois = set(_ids(annuaire.orient("porter_plainte", "Blois").locales))
    assert not {"gendarmerie-41", "compagnie-gendarmerie-blois"} & blois
    assert "compagnie-gendarmerie-blois" in _ids(annuaire.orient("porter_plainte", "Mer").locales)


def test_structures_reservees_aux_professionnels(annuaire):
    victime = annuaire.orient("violences_conjugales", "Blois", profile="victime", limite=20)
    pro = annuaire.orient("violences_conjugales", "Blois", profile="professionnel", limite=20)
    assert "gltd-vif-blois" not in _ids(victime.locales)
    assert "gltd-vif-blois" in _ids(pro.locales)
    assert "gltd-vif-vendome" not in _ids(pro.locales)


def test_repli_24h_quand_tout_est_ferme(annuaire):
    nuit = annuaire.orient("harcelement_scolaire", "Blois", at=SAMEDI_3H)
    assert nuit.repli is not None and nuit.repli.structure.id == "ligne-119"
    assert nuit.repli.structure.joignable_24h
    jour = annuaire.orient("harcelement_scolaire", "Blois", at=MARDI_10H)
    assert jour.repli is None


def test_orient_hors_41_ne_donne_que_le_national(annuaire):
    orientation = annuaire.orient("violences_conjugales", "Tours")
    assert orientation.locales == ()
    assert _ids(orientation.nationales) == ["ligne-3919", "ligne-116006"]


def test_orient_sans_lieu_donne_le_departement(annuaire):
    orientation = annuaire.orient("enfant_en_danger", None)
    assert "crip-41" in _ids(orientation.locales)
    assert _ids(orientation.nationales) == ["ligne-119"]


@pytest.mark.parametrize(
    ("situation", "attendu"),
    [
        ("violences_sexuelles", "ligne-viols-femmes-informations"),
        ("cyberharcelement", "ligne-3018"),
        ("escroquerie", "plateforme-17cyber"),
        ("discrimination", "ligne-3928"),
        ("auteur_violences", "ligne-auteurs-violences"),
        ("hebergement_urgence", "siao-115-41"),
        ("maltraitance_personne_vulnerable", "ligne-3977"),
        ("idees_suicidaires", "ligne-3114"),
        ("addiction_jeune", "ligne-drogues-info-service"),
    ],
)
def test_orient_ligne_nationale_par_situation(annuaire, situation, attendu):
    assert _ids(annuaire.orient(situation, "Blois").nationales)[0] == attendu


def test_situation_inconnue(annuaire):
    with pytest.raises(SituationInconnue):
        annuaire.orient("n_existe_pas")


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("la CTAF de Romorantin", "ctaf-romorantin"),
        ("CTAF Blois", "ctaf-blois"),
        ("le PAD de Vendôme", "pad-vendome"),
        ("numéro de la CRIP", "crip-41"),
        ("comment saisir le GLTD VIF de Vendôme", "gltd-vif-vendome"),
        ("qui attribue le téléphone grave danger", "telephone-grave-danger"),
        ("convention taxi", "taxi-asld"),
        ("c'est quoi la maison des ados", "mda-41"),
        ("contact planing familial", "planning-familial-41"),
        ("rappel à l'ordre", "rappel-a-l-ordre"),
    ],
)
def test_find_structure(annuaire, texte, attendu):
    trouvees = annuaire.find_structure(texte)
    assert trouvees and trouvees[0].id == attendu, [s.id for s in trouvees]


def test_find_structure_departage_par_la_commune(annuaire):
    assert annuaire.find_structure("gltd vif", commune="Vendôme")[0].id == "gltd-vif-vendome"
    assert annuaire.find_structure("gltd vif", commune="41018")[0].id == "gltd-vif-blois"


def test_find_structure_rien(annuaire):
    assert annuaire.find_structure("la boulangerie du coin") == []


def test_aucun_contact_sans_source(annuaire):
    assert annuaire.contacts_sans_source() == []


@pytest.mark.parametrize(("texte", "attendus"), [
    ("à qui transmettre une demande de TGD pour une victime suivie à l'ISCG", ["telephone-grave-danger", "iscg-41"]),
    ("comment saisir la crip", ["crip-41"]),
    ("le BAR a sonné", ["bracelet-anti-rapprochement"]),
    ("je l'ai croisé au bar", []),
    ("c'est quoi le délai pour porter plainte pour un viol", []),
])
def test_dispositifs_nommes_par_leur_sigle(annuaire, texte, attendus):
    assert [v.id for v in annuaire.dispositifs_nommes(texte)] == attendus


def test_un_numero_de_ligne_nationale_est_un_nom_de_dispositif(annuaire_sqlite):
    index = annuaire_sqlite
    assert [s.id for s in index.dispositifs_nommes("des infos sur le 3919 svp")] == ["ligne-3919"]
    assert [s.id for s in index.dispositifs_nommes("j'ai appelé le 116 006")] == ["ligne-116006"]
    assert index.dispositifs_nommes("j'ai 17 ans") == []  # deux chiffres : ni le 17, ni un âge pris pour un nom


def test_le_nom_court_d_un_dispositif_en_toutes_lettres_est_reconnu(annuaire_sqlite):
    """« rappel à l'ordre », « ordonnance de protection » : le nom court (champ sigle) d'un dispositif ou d'une
    instance, écrit en minuscules et sans accents, est un dispositif nommé comme un sigle."""
    nommes = annuaire_sqlite.dispositifs_nommes("je peux faire un rappel a l'ordre ou réunir un CDDF ?")
    assert [s.id for s in nommes] == ["rappel-a-l-ordre", "cddf"]
    assert [s.id for s in annuaire_sqlite.dispositifs_nommes("Ordonnance de protection : comment ?")] == [
        "ordonnance-protection"]
