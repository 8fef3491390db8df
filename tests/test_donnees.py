"""Contenu de l'annuaire : complet, sourcé, bien formé."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.garde.canaux import domaine_rempli
from knowledge.chargement import DOSSIER_DONNEES, charger
from knowledge.horaires import Horaires
from knowledge.schema import numero_bien_forme, source_valide

DONNEES = charger()
STRUCTURES = {s.id: s for _, s in DONNEES.structures}

# Dispositifs et structures du PDPD (présentation synthétique et axe 2) et lignes nationales
# qu'un utilisateur doit pouvoir obtenir.
ATTENDUS = [
    "telephone-grave-danger", "bracelet-anti-rapprochement", "ctaf-blois", "ctaf-romorantin",
    "maison-protection-familles", "brigade-protection-famille", "groupe-vif-police", "iscg-41",
    "referent-vif-asld", "siao-115-41", "hebergement-urgence-victimes", "taxi-asld", "cpca-blois",
    "gltd-vif-blois", "gltd-vif-romorantin", "gltd-vif-vendome", "plainte-hopital", "uamjp-umj",
    "mjd-blois", "pad-romorantin", "pad-vendome", "pad-maison-arret-blois", "relais-acces-droit-tj-blois",
    "cdad-41", "espaces-france-services-41", "cidff-41", "planning-familial-41", "france-victimes-41",
    "crip-41", "mds-41", "pmi-41", "laep-41", "mda-41", "cjc-vrs-41", "mdph-41", "udaf-41",
    "defenseur-droits-delegue-41", "cddf", "clspd-blois", "clspd-romorantin", "cispd-territoires-vendomois",
    "participation-citoyenne", "operations-tranquillite", "rappel-a-l-ordre",
    "urgence-17", "urgence-112", "urgence-114", "urgence-15", "urgence-18", "ligne-3919", "ligne-119",
    "ligne-116006", "ligne-3018", "ligne-3977", "ligne-3928", "ligne-3039", "ligne-auteurs-violences",
    "ligne-3114", "ligne-viols-femmes-informations", "plateforme-17cyber", "perceval", "thesee", "pharos",
]


@pytest.mark.parametrize("identifiant", ATTENDUS)
def test_dispositif_present(identifiant):
    assert identifiant in STRUCTURES


def test_identifiants_uniques():
    ids = [s.id for _, s in DONNEES.structures]
    assert len(ids) == len(set(ids))


def test_chaque_contact_a_une_source_et_une_date():
    for structure in STRUCTURES.values():
        for contact in structure.contacts:
            assert re.match(r"^https?://", contact.source), (structure.id, contact.valeur)
            assert date(2026, 1, 1) <= contact.consultee_le <= date.today(), (structure.id, contact.valeur)
            assert contact.confirme_le is None or contact.confirme_le <= contact.consultee_le.isoformat()
        for source in structure.sources:
            assert source_valide(source.url), structure.id


def test_numeros_bien_formes():
    numeros = [(s.id, c.valeur) for s in STRUCTURES.values() for c in s.contacts if c.type in ("telephone", "sms")]
    assert len(numeros) >= 20
    for identifiant, numero in numeros:
        assert numero_bien_forme(numero), (identifiant, numero)


@pytest.mark.parametrize("numero", ["01 2", "12345", "0054 1", "+44 20 7946 0958", "3919a", "08 00"])
def test_numero_mal_forme_refuse(numero):
    assert not numero_bien_forme(numero)


def test_horaires_analysables_et_sources():
    for structure in STRUCTURES.values():
        if structure.horaires:
            assert isinstance(structure.horaires.vers_horaires(), Horaires)
            assert structure.horaires.source.startswith("http")


def test_267_communes_et_3_arrondissements():
    actuelles = [c for c in DONNEES.communes if c.type == "commune-actuelle"]
    assert len(actuelles) == 267
    assert {c.arrondissement for c in actuelles} == {"411", "412", "413"}
    assert sum(1 for c in actuelles if c.arrondissement == "411") == 93
    assert all(c.epci for c in actuelles)
    assert len({c.epci for c in actuelles}) == 12


def test_anciennes_communes_rattachees():
    anciennes = {c.nom: c.chef_lieu for c in DONNEES.communes if c.type != "commune-actuelle"}
    assert anciennes["Onzain"] == "41167"
    assert anciennes["Contres"] == "41059"


def test_situations_renvoient_a_des_lignes_existantes():
    for situation in DONNEES.situations:
        for ligne in [*situation.lignes, situation.repli]:
            assert ligne in STRUCTURES, (situation.id, ligne)


def test_chaque_situation_a_une_structure_joignable_par_telephone():
    for situation in DONNEES.situations:
        lignes = [STRUCTURES[i] for i in situation.lignes]
        assert any(c.type in ("telephone", "sms", "web") for s in lignes for c in s.contacts), situation.id


def test_domaine_ne_contient_que_les_numeros_d_urgence():
    """Les contacts locaux viennent de l'annuaire : domain.yml ne porte que les urgences, chacune une fois."""
    domaine = (DOSSIER_DONNEES.parent.parent / "domain.yml").read_text(encoding="utf-8")
    liens = re.findall(r"\]\((?:tel|sms):([^)]+)\)", domaine)
    assert len(liens) == len(set(liens)), "chaque numéro est écrit une fois (slot), les réponses le citent"
    numeros = set(liens)
    # Urgences (chemin de danger, 119 pour un mineur) et, pour le mode dégradé sans base, les deux lignes
    # nationales d'écoute.
    assert numeros <= {"17", "112", "114", "15", "3114", "119", "3919", "116006"}
    assert not re.search(r"\b0[1-9](?:[ .]?\d{2}){4}\b", domaine)


def test_mode_degrade_du_domaine_identique_a_l_annuaire():
    """Sans base, le domaine donne les lignes nationales : mêmes numéros que l'annuaire."""
    domaine = domaine_rempli()
    texte = domaine["responses"]["utter_service_indisponible"][0]["text"]
    for identifiant in ("urgence-17", "urgence-112", "urgence-114", "ligne-3919", "ligne-116006"):
        contact = STRUCTURES[identifiant].contacts[0]
        lien = ("sms:" if contact.type == "sms" else "tel:") + contact.valeur.replace(" ", "")
        assert f"]({lien})" in texte, identifiant


def test_numeros_d_urgence_du_domaine_identiques_a_l_annuaire():
    """Le chemin d'urgence (domaine) et l'annuaire disent la même chose."""
    domaine = domaine_rempli()
    reponses = domaine["responses"]
    textes = " ".join(r["text"] for nom in ("utter_urgence", "utter_urgence_suicide") for r in reponses[nom])
    for identifiant, lien in [("urgence-17", "tel:17"), ("urgence-112", "tel:112"), ("urgence-114", "sms:114"),
                              ("urgence-15", "tel:15"), ("ligne-3114", "tel:3114"), ("ligne-119", "tel:119")]:
        contact = STRUCTURES[identifiant].contacts[0]
        assert lien.split(":")[1] == contact.valeur.replace(" ", "")
        assert lien in textes


def test_aucun_slot_ne_garde_de_texte_libre():
    """Les slots ne gardent que des valeurs codées (situation, code INSEE, profil…), jamais le texte tapé.

    Seule exception : un slot catégoriel rempli par une entité des règles (valeur fixe, ex. `mineur: oui`).
    """
    domaine = domaine_rempli()
    for nom, slot in domaine["slots"].items():
        for mapping in slot.get("mappings", []):
            if mapping["type"] == "from_entity":
                assert slot["type"] == "categorical" and mapping["entity"] in ("role", "mineur"), (nom, mapping)
            else:
                assert mapping["type"] in ("from_intent", "custom"), (nom, mapping)


def test_toutes_les_reponses_d_urgence_commencent_par_la_securite():
    """Chaque réponse d'urgence, variantes comprises, commence par la même première ligne."""
    domaine = domaine_rempli()
    variantes = [v for nom in ("utter_urgence", "utter_urgence_suicide") for v in domaine["responses"][nom]]
    assert all(v["text"].startswith("Votre sécurité d'abord") for v in variantes)
    mineur = [v for v in domaine["responses"]["utter_urgence"] if v.get("condition")]
    assert mineur and "(tel:119)" in mineur[0]["text"] and "(tel:17)" in mineur[0]["text"]


def test_les_reponses_de_non_comprehension_donnent_le_17_et_le_114():
    """Un message non compris (parfois de la peur : « j'ai peur ») reçoit toujours la ligne du danger."""
    domaine = domaine_rempli()
    for nom in ("utter_pas_compris", "utter_parler_a_quelqu_un", "utter_peur"):
        for variante in domaine["responses"][nom]:
            assert "[17](tel:17)" in variante["text"] and "[114](sms:114)" in variante["text"], nom


def test_aucun_lieu_d_hebergement_n_est_localise():
    """Les structures où l'on entre par le 115 hébergent des victimes : ni adresse, ni rue, ni quartier."""
    rue = re.compile(r"\b(?:rue|avenue|boulevard|place (?:de|du|des)|allee|chemin|impasse|quartiers?)\b", re.IGNORECASE)
    for structure in STRUCTURES.values():
        if structure.acces.mode != "via_115":
            continue
        assert not [c for c in structure.contacts if c.type == "adresse"], structure.id
        assert not rue.search(structure.acces.explication or ""), structure.id
        assert not rue.search(structure.description or ""), structure.id


def test_situation_du_theme_d_une_question():
    """Chaque thème de SITUATION_DU_THEME est celui d'une question, et mène à une situation de l'annuaire."""
    from knowledge.questions import SITUATION_DU_THEME, questions

    themes = {q.theme for q in questions().values()}
    situations = {s.id for s in DONNEES.situations}
    for theme, situation in SITUATION_DU_THEME.items():
        assert theme in themes and situation in situations, (theme, situation)
