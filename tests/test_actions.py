"""Actions Rasa avec le vrai annuaire (SQLite) : ce que la personne reçoit."""

from __future__ import annotations

import asyncio
import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import knowledge.annuaire as module_annuaire
import knowledge.questions as module_questions
from actions.orientation import (
    ActionAutresOptions,
    ActionFicheStructure,
    ActionIncomprehension,
    ActionMemoriserLieu,
    ActionOrienter,
    ActionRepondreQuestion,
)
from bot.composants.profil import entites

DOMAINE = {
    "slots": {
        "situation": {"type": "text", "mappings": []},
        "lieu": {"type": "text", "mappings": [{"type": "custom"}]},
        "profil": {"type": "categorical", "mappings": [{"type": "custom"}]},
        "incomprehensions": {"type": "float", "mappings": [{"type": "custom"}]},
        "lieu_demande": {"type": "bool", "mappings": [{"type": "custom"}]},
    },
}


@pytest.fixture(autouse=True)
def annuaire_des_tests(annuaire_sqlite, monkeypatch):
    monkeypatch.setattr(module_annuaire, "_par_defaut", annuaire_sqlite)


def pister(texte="", intention="", slots=None, entites=None, evenements=None, boucle=None):
    latest = {"text": texte, "intent": {"name": intention, "confidence": 0.9}, "entities": entites or []}
    valeurs = {"situation": None, "lieu": None, "profil": None, "incomprehensions": 0.0, "lieu_demande": False}
    valeurs.update(slots or {})
    return Tracker("test", valeurs, latest, evenements or [], False, None,
                   {"name": boucle} if boucle else {}, "action_listen")


def lancer(action, tracker):
    dispatcher = CollectingDispatcher()
    evenements = asyncio.run(action.run(dispatcher, tracker, DOMAINE))
    return dispatcher.messages, evenements


def textes(messages):
    return "\n".join(m.get("text") or "" for m in messages)


def test_orienter_violences_conjugales_blois():
    evenement = {"event": "user", "text": "mon mari me frappe",
                 "parse_data": {"intent": {"name": "situation_violences_conjugales"}}}
    messages, evenements = lancer(ActionOrienter(), pister(slots={"situation": "violences_conjugales",
                                                                   "lieu": "41018"}, evenements=[evenement]))
    assert "« Violences dans le couple » à Blois" in messages[0]["text"]
    corps = textes(messages)
    assert "[3919](tel:3919)" in corps
    assert "Maison de justice et du droit de Blois" in corps
    assert "Autres possibilités" in {b["title"] for b in messages[-1]["buttons"]}
    assert {"event": "slot", "timestamp": None, "name": "profil", "value": "victime"} in evenements


def test_orienter_un_proche_recoit_les_conseils():
    texte = "ma voisine se fait frapper par son mari"
    evenement = {"event": "user", "text": texte,
                 "parse_data": {"intent": {"name": "situation_violences_conjugales"}, "entities": entites(texte)}}
    messages, _ = lancer(ActionOrienter(), pister(slots={"situation": "violences_conjugales", "lieu": "refus"},
                                                  evenements=[evenement]))
    assert messages[0]["text"].startswith("Vous vous inquiétez pour quelqu'un")
    assert "utter_conseils_proche" in [m.get("response") for m in messages]


def test_orienter_hors_41():
    messages, _ = lancer(ActionOrienter(), pister(slots={"situation": "escroquerie", "lieu": "hors:37"}))
    assert messages[0]["response"] == "utter_hors_departement"
    assert messages[0]["lieu_libelle"] == "Indre-et-Loire"
    assert "17cyber.gouv.fr" in textes(messages)
    assert "Maison de justice" not in textes(messages)


def test_orienter_sans_situation():
    messages, _ = lancer(ActionOrienter(), pister())
    assert messages[0]["response"] == "utter_choisir_situation"


def test_un_recit_non_lu_recoit_les_lignes_d_ecoute_avant_les_sujets():
    """Quelqu'un a raconté quelque chose qu'on n'a pas su ranger : jamais une simple question ; les lignes
    qui écoutent toutes les victimes, tirées de l'annuaire, puis la liste des sujets."""
    texte = "je ne sais pas comment dire ce qui m'arrive depuis des mois, ça me pèse énormément"
    messages, _ = lancer(ActionOrienter(), pister(texte, "demander_aide"))
    reponses = [m.get("response") for m in messages]
    assert reponses[0] == "utter_ecoute_sans_situation" and reponses[-1] == "utter_choisir_situation"
    assert "(tel:116006)" in textes(messages) and "(tel:3919)" in textes(messages)


def test_un_recit_non_compris_recoit_les_lignes_d_ecoute():
    texte = "j'ai vu aux infos qu'une femme a été tuée dans un village du Cher, c'est fréquent chez nous ?"
    messages, _ = lancer(ActionIncomprehension(), pister(texte, "nlu_fallback"))
    assert messages[0].get("response") == "utter_ecoute_sans_situation"
    assert "(tel:116006)" in textes(messages)


def test_un_message_bref_recoit_seulement_les_sujets():
    messages, _ = lancer(ActionOrienter(), pister("besoin d'aide", "demander_aide"))
    assert [m.get("response") for m in messages] == ["utter_choisir_situation"]


def test_une_suite_non_lue_continue_la_situation_en_cours():
    """« je veux pas qu'il aille en prison sinon ma mère va être triste », après un enfant en danger : la suite
    de cette situation (le 119), pas la liste des sujets."""
    texte = "jveu pa kil aille en prison sinon ma mere va etre triste"
    messages, _ = lancer(ActionOrienter(), pister(texte, "demander_aide", slots={"situation": "enfant_en_danger"}))
    assert "utter_choisir_situation" not in [m.get("response") for m in messages]
    assert "[119](tel:119)" in textes(messages)


def test_un_classement_peu_sur_d_une_suite_garde_la_situation_d_avant():
    """« jveu pa kil aille en prison » rangé en prostitution (peu sûr, rien de tel dans le texte), après un enfant
    en danger : la suite de l'enfant en danger (le 119) ; sans situation avant, pas d'enfant en danger inventé."""
    avant = [{"event": "user", "text": "mon beau pere me touche kan ma mere e o travail jai 13 an",
              "parse_data": {"intent": {"name": "situation_violences_sexuelles", "confidence": 0.95}}},
             {"event": "slot", "name": "situation", "value": "enfant_en_danger"}]
    texte = "jveu pa kil aille en prison sinon ma mere va etre triste"
    maintenant = {"event": "user", "text": texte,
                  "parse_data": {"intent": {"name": "situation_prostitution", "confidence": 0.5}}}
    for evenements_avant, attendue in ((avant, "enfant_en_danger"), ([], "absent")):
        messages, evenements = lancer(ActionOrienter(), pister(
            texte, "situation_prostitution", slots={"situation": "prostitution"},
            evenements=[*evenements_avant, maintenant]))
        assert _slot(evenements, "situation") == attendue
        assert ("[119](tel:119)" in textes(messages)) is (attendue == "enfant_en_danger")


def test_une_commune_du_41_passe_devant_une_entite_hors_du_departement():
    from actions.orientation import lieu_dans_le_texte
    from knowledge.annuaire import annuaire

    texte = "c'est tous les soirs dans des hôtels, parfois à Blois, parfois à Orléans"
    assert lieu_dans_le_texte(annuaire(), texte, "Orléans").ecrire() == "41018"
    assert lieu_dans_le_texte(annuaire(), "j'habite à Orléans", "Orléans").ecrire().startswith("hors:")


def test_demande_d_aide_qui_raconte_une_situation_est_lue():
    texte = ("j'ai besoin d'aide, je sais plus quoi faire, mon conjoint me frappe quand il boit et mes enfants "
             "voient tout")
    messages, evenements = lancer(ActionOrienter(), pister(texte, "demander_aide"))
    corps = textes(messages)
    assert "[3919](tel:3919)" in corps and "[119](tel:119)" in corps
    assert _slot(evenements, "situation") == "violences_conjugales"


def test_recit_non_compris_par_le_modele_est_lu_quand_meme():
    texte = "Voilà, ça fait des mois qu'au collège ils se moquent de ma fille et la bousculent"
    tracker = pister(texte, "nlu_fallback")
    _, evenements = lancer(ActionIncomprehension(), tracker)
    assert _slot(evenements, "situation") == "harcelement_scolaire"
    assert not any(e.get("event") == "followup" for e in evenements), "orienté dans la même action"
    assert _slot(evenements, "lieu_demande") != "absent", "action_orienter a répondu"


def test_tous_les_liens_sont_surs():
    for situation in ["violences_conjugales", "enfant_en_danger", "escroquerie", "cyberharcelement",
                      "hebergement_urgence", "discrimination"]:
        messages, _ = lancer(ActionOrienter(), pister(slots={"situation": situation, "lieu": "41269"}))
        for lien in re.findall(r"\]\(([^)]+)\)", textes(messages)):
            assert re.match(r"^(tel:\+?\d+|sms:\d+|mailto:\S+@\S+|https://\S+)$", lien), lien


def test_autres_options():
    messages, _ = lancer(ActionAutresOptions(), pister(slots={"situation": "violences_conjugales", "lieu": "41269"}))
    attendu = "Commissariat de police de Vendôme"
    assert attendu in textes(messages) or messages[0].get("response") == "utter_plus_d_options"


def _repondre(texte, intention, entites=None, situation="porter_plainte"):
    """Réponse à « dans quelle commune ? »."""
    tracker = pister(texte, intention, slots={"lieu_demande": True, "situation": situation}, entites=entites)
    return lancer(ActionMemoriserLieu(), tracker)


def _slot(evenements, nom):
    return next((e.get("value") for e in evenements if e.get("event") == "slot" and e.get("name") == nom), "absent")


def test_situation_sans_lieu_repond_d_abord_puis_propose_la_commune():
    messages, evenements = lancer(ActionOrienter(), pister("mon mari me frappe", "situation_violences_conjugales",
                                                           slots={"situation": "violences_conjugales"}))
    assert "[3919](tel:3919)" in textes(messages[:3])
    assert "commune" in messages[-1]["text"]
    assert _slot(evenements, "lieu_demande") is True


def test_situation_avec_lieu_dans_la_phrase_oriente_directement():
    messages, evenements = lancer(ActionOrienter(), pister("je me fais frapper par mon mari à Saint-Aignan",
                                                           "situation_violences_conjugales",
                                                           slots={"situation": "violences_conjugales"}))
    assert _slot(evenements, "lieu") == "41198"
    assert "à Saint-Aignan" in messages[0]["text"]
    assert "[3919](tel:3919)" in textes(messages)


def test_reponse_commune_puis_orientation():
    messages, evenements = _repondre("Vendôme", "informer_lieu", [{"entity": "commune", "value": "Vendôme"}])
    assert _slot(evenements, "lieu") == "41269"
    assert messages == []


def test_reponse_faute_de_frappe_sans_entite():
    _, evenements = _repondre("romorentin", "nlu_fallback")
    assert _slot(evenements, "lieu") == "41194"


@pytest.mark.parametrize(("texte", "intention"), [("je préfère ne pas le dire", "refuser_lieu"), ("non", "nier")])
def test_reponse_refus(texte, intention):
    messages, evenements = _repondre(texte, intention)
    assert _slot(evenements, "lieu") == "refus"
    assert messages[0]["response"] == "utter_lieu_refuse"


def test_reponse_code_postal_ambigu_propose_les_communes():
    messages, evenements = _repondre("41120", "informer_lieu")
    assert _slot(evenements, "lieu") == "absent"
    assert messages[0]["response"] == "utter_choisir_commune"
    titres = {b["title"] for b in messages[0]["buttons"]}
    assert {"Cellettes", "Le Controis-en-Sologne"} <= titres


def test_reponse_commune_inconnue():
    messages, evenements = _repondre("Trifouillis-les-Oies", "informer_lieu")
    assert messages[0]["response"] == "utter_lieu_non_reconnu"
    assert _slot(evenements, "lieu_demande") is True


def test_lieu_avant_la_situation():
    messages, evenements = lancer(ActionMemoriserLieu(), pister("j'habite à Mer", "informer_lieu"))
    assert evenements == [{"event": "slot", "timestamp": None, "name": "lieu", "value": "41136"}]
    assert messages == []
    messages, _ = lancer(ActionOrienter(), pister(slots={"lieu": "41136"}))
    assert messages[0]["response"] == "utter_choisir_situation"


def test_orienter_se_tait_si_la_commune_vient_d_etre_redemandee():
    tracker = pister("41120", "informer_lieu", slots={"situation": "porter_plainte", "lieu_demande": True})
    tracker.latest_action_name = "action_memoriser_lieu"
    messages, evenements = lancer(ActionOrienter(), tracker)
    assert messages == [] and evenements == []


def test_fiche_crip():
    messages, _ = lancer(ActionFicheStructure(), pister("numéro de la CRIP", "demander_contact_structure"))
    corps = textes(messages)
    assert "[02 54 56 06 96](tel:0254560696)" in corps
    assert "crip41@departement41.fr" in corps


def test_fiche_inconnue():
    messages, _ = lancer(ActionFicheStructure(), pister("la boulangerie", "demander_contact_structure"))
    assert messages[0]["response"] == "utter_structure_inconnue"


def test_deux_incomprehensions_proposent_de_parler_a_quelqu_un():
    messages, _ = lancer(ActionIncomprehension(), pister("grmbl", "nlu_fallback"))
    assert messages[0]["response"] == "utter_pas_compris"
    messages, _ = lancer(ActionIncomprehension(), pister("zzz pfff", "nlu_fallback", slots={"incomprehensions": 1.0}))
    corps = textes(messages)
    assert "[116 006](tel:116006)" in corps and "[3919](tel:3919)" in corps and "[3039](tel:3039)" in corps


def test_incomprehension_qui_est_une_commune():
    _, evenements = lancer(ActionIncomprehension(), pister("Cellettes", "nlu_fallback",
                                                                  slots={"situation": "porter_plainte"}))
    assert {"event": "slot", "timestamp": None, "name": "lieu", "value": "41031"} in evenements
    assert not any(e.get("event") == "followup" for e in evenements), "orienté dans la même action"
    assert _slot(evenements, "lieu_demande") != "absent", "action_orienter a répondu"


def test_base_indisponible_excuse_et_urgences(monkeypatch, tmp_path):
    from sqlalchemy import create_engine

    panne = module_annuaire.Annuaire(create_engine(f"sqlite:///{tmp_path / 'absente' / 'x.sqlite'}", future=True))
    monkeypatch.setattr(module_annuaire, "_par_defaut", panne)
    messages, _ = lancer(ActionOrienter(), pister(slots={"situation": "violences_conjugales", "lieu": "41018"}))
    assert [m["response"] for m in messages] == ["utter_service_indisponible"]


def test_refus_non_compris_par_le_modele_pendant_la_question():
    tracker = pister("je ne veux pas dire", "nlu_fallback", slots={"lieu_demande": True, "situation": "escroquerie"})
    messages, evenements = lancer(ActionIncomprehension(), tracker)
    assert _slot(evenements, "lieu") == "refus"
    assert messages[0]["response"] == "utter_lieu_refuse"


@pytest.mark.parametrize("texte", ["j'ai peur", "il me fait peur", "je tremble"])
def test_peur_pendant_la_question_n_est_pas_une_commune_mal_ecrite(texte):
    """La peur reçoit la réponse du domaine qui donne le 17, le 112 et le SMS 114, puis des lignes d'écoute."""
    tracker = pister(texte, "nlu_fallback", slots={"lieu_demande": True, "situation": "violences_conjugales"})
    messages, _ = lancer(ActionIncomprehension(), tracker)
    assert messages[0].get("response") == "utter_peur"
    assert "[3919](tel:3919)" in textes(messages)


def test_orienter_une_situation_sans_violence_ne_donne_pas_les_conseils_aux_proches():
    evenement = {"event": "user", "text": "ma voisine s'est fait arnaquer",
                 "parse_data": {"intent": {"name": "situation_escroquerie"}, "entities": [{"entity": "role",
                                                                                            "value": "proche"}]}}
    messages, _ = lancer(ActionOrienter(), pister(slots={"situation": "escroquerie", "lieu": "refus"},
                                                  evenements=[evenement]))
    assert "utter_conseils_proche" not in [m.get("response") for m in messages]


def test_mineur_victime_de_violences_familiales_oriente_vers_la_protection_de_l_enfance():
    texte = "j'ai 14 ans et mes parents me frappent"
    evenement = {"event": "user", "text": texte,
                 "parse_data": {"intent": {"name": "situation_violences_intrafamiliales"}, "entities": entites(texte)}}
    messages, _ = lancer(ActionOrienter(), pister(slots={"situation": "violences_intrafamiliales", "lieu": "41194"},
                                                  evenements=[evenement]))
    assert "[119](tel:119)" in textes(messages)
    assert "Enfant en danger" in messages[0]["text"]


def _selection(cle, confiance):
    return {"faq": {"response": {"intent_response_key": cle, "confidence": confiance}}}


def _pister_question(texte, intention, cle, confiance, slots=None):
    tracker = pister(texte, intention, slots=slots)
    tracker.latest_message["response_selector"] = _selection(cle, confiance)
    return tracker


def test_question_frequente_repondue_depuis_la_base():
    messages, _ = lancer(ActionRepondreQuestion(), _pister_question(
        "comment avoir un téléphone grave danger", "faq", "faq/tgd_obtenir", 0.9))
    assert "procureur" in messages[0]["text"]
    assert len(messages) >= 2, "les fiches à contacter suivent la réponse"


def test_une_commune_prise_pour_une_question_est_un_lieu():
    _, evenements = lancer(ActionRepondreQuestion(), _pister_question(
        "Vendôme", "faq", "faq/hebergement_rural_transport", 0.2, slots={"situation": "porter_plainte"}))
    assert _slot(evenements, "lieu") == "41269"


def test_un_recit_pris_pour_une_question_est_oriente():
    texte = "depuis des mois mon compagnon me rabaisse et me pousse, hier devant ma fille de six ans"
    _, evenements = lancer(ActionRepondreQuestion(), _pister_question(texte, "faq", "faq/prescription_calcul", 0.1))
    assert _slot(evenements, "situation") == "violences_conjugales"
    assert not any(e.get("event") == "followup" for e in evenements), "orienté dans la même action"
    assert _slot(evenements, "lieu_demande") != "absent", "action_orienter a répondu"


def test_un_dispositif_nomme_mal_reconnu_recoit_sa_fiche():
    messages, _ = lancer(ActionRepondreQuestion(), _pister_question(
        "à qui transmettre une demande de TGD pour une victime", "faq", "faq/hebergement_pro_siao", 0.07))
    assert "grave danger" in textes(messages).lower()


def test_question_et_situation_la_reponse_vient_d_abord():
    tracker = _pister_question("mon mari me frappe, est-ce que je peux partir avec mes enfants ?",
                               "situation_violences_conjugales", "faq/partir_avec_enfants", 0.8,
                               slots={"situation": "violences_conjugales"})
    messages, _ = lancer(ActionOrienter(), tracker)
    assert messages[0]["text"] == module_questions.questions()["partir_avec_enfants"].reponse
    assert "[3919](tel:3919)" in textes(messages)


def test_violences_sexuelles_sur_un_enfant_donnent_aussi_le_119():
    texte = "ma fille de 14 ans s'est fait violer à une soirée"
    evenement = {"event": "user", "text": texte, "parse_data": {"intent": {"name": "situation_violences_sexuelles"},
                                                                "entities": entites(texte)}}
    messages, _ = lancer(ActionOrienter(), pister(texte, "situation_violences_sexuelles",
                                                  slots={"situation": "violences_sexuelles"}, evenements=[evenement]))
    assert "[119](tel:119)" in textes(messages)


def test_hors_sujet_reste_poli_sans_rien_inventer():
    tracker = _pister_question("quel temps fera-t-il demain à Blois ?", "hors_sujet", "faq/aide_qui_contacter", 0.1)
    messages, _ = lancer(ActionRepondreQuestion(), tracker)
    assert [m.get("response") for m in messages] == ["utter_hors_sujet"]


def test_question_rangee_hors_sujet_recoit_sa_reponse():
    tracker = _pister_question("c'est quoi un conseil des droits et devoirs des familles", "hors_sujet",
                               "faq/maire_cddf", 0.7)
    messages, _ = lancer(ActionRepondreQuestion(), tracker)
    assert messages[0]["text"] == module_questions.questions()["maire_cddf"].reponse


def test_sigles_ecrits_donnent_leurs_fiches_dans_l_ordre():
    messages, _ = lancer(ActionFicheStructure(), pister("à qui transmettre une demande de TGD pour une victime "
                                                        "suivie à l'ISCG", "demander_procedure"))
    assert messages[0]["text"].startswith("Téléphone grave danger") and "ISCG" in messages[1]["text"]


@pytest.mark.parametrize("action", [ActionOrienter(), ActionRepondreQuestion(), ActionIncomprehension(),
                                    ActionFicheStructure()])
def test_jamais_l_adresse_d_une_personne_ou_d_un_foyer(action):
    tracker = pister("donne-moi l'adresse du foyer où ma femme est partie avec les enfants", "hors_sujet",
                     slots={"situation": "violences_conjugales"})
    messages, _ = lancer(action, tracker)
    assert messages[0]["text"] == module_questions.questions()["adresse_hebergement_victimes"].reponse
    assert messages[1]["text"] == module_questions.questions()["retrouver_une_personne"].reponse
    assert not re.search(r"\d+ (?:rue|avenue|place|boulevard)", textes(messages), re.IGNORECASE)


def test_la_ligne_nommee_prime_sur_une_question_voisine():
    """« Le 119 est-il anonyme ? » : pas la réponse sur le 3919 (question voisine), la fiche du 119."""
    tracker = _pister_question("quand on appelle le 119, est-ce anonyme ?", "hors_sujet",
                               "faq/aide_3919_confidentiel", 0.8)
    messages, _ = lancer(ActionRepondreQuestion(), tracker)
    assert "[119](tel:119)" in textes(messages)
    assert module_questions.questions()["aide_3919_confidentiel"].reponse not in textes(messages)


def test_une_question_presque_aussi_proche_qui_parle_du_dispositif_nomme_passe_devant():
    """« C'est quoi un CDDF, qui le préside ? » : le sélecteur met le CLSPD en tête, le CDDF juste derrière ;
    le CDDF est nommé, sa question passe devant. Trop loin derrière, non."""
    texte = "c'est quoi exactement un CDDF, qui le préside et qui siège dedans ?"
    for confiance_cddf, attendue in ((0.85, "maire_cddf"), (0.7, "maire_clspd")):
        tracker = _pister_question(texte, "hors_sujet", "faq/maire_clspd", 0.9)
        tracker.latest_message["response_selector"]["faq"]["ranking"] = [
            {"intent_response_key": "faq/maire_clspd", "confidence": 0.9},
            {"intent_response_key": "faq/maire_cddf", "confidence": confiance_cddf}]
        messages, _ = lancer(ActionRepondreQuestion(), tracker)
        assert module_questions.questions()[attendue].reponse in textes(messages)


def test_le_metier_de_la_personne_n_est_pas_le_dispositif_demande():
    messages, _ = lancer(ActionFicheStructure(), pister(
        "Je suis intervenante sociale en gendarmerie (ISCG). Qui décide d'attribuer un TGD ?", "demander_procedure",
        slots={"profil": "professionnel"}))
    assert messages[0]["text"].startswith("Téléphone grave danger")


def test_une_insulte_au_bot_recoit_la_reponse_polie():
    messages, _ = lancer(ActionIncomprehension(), pister("bande de nazis, vous servez à rien", "nlu_fallback"))
    assert [m.get("response") for m in messages] == ["utter_hors_sujet"]


def test_une_commune_prise_pour_une_situation_garde_la_situation_d_avant():
    """« Cellettes », choisie après un code postal partagé, rangée par erreur en harcèlement en ligne."""
    avant = {"event": "user", "text": "mon mari me frappe",
             "parse_data": {"intent": {"name": "situation_violences_conjugales", "confidence": 0.99}}}
    commune = {"event": "user", "text": "Cellettes",
               "parse_data": {"intent": {"name": "situation_cyberharcelement", "confidence": 0.5}}}
    # comme Rasa : le slot rempli par l'intention de chaque message, juste après lui
    tracker = pister("Cellettes", "situation_cyberharcelement", slots={"situation": "cyberharcelement"},
                     evenements=[avant, {"event": "slot", "name": "situation", "value": "violences_conjugales"},
                                 commune, {"event": "slot", "name": "situation", "value": "cyberharcelement"}])
    messages, evenements = lancer(ActionOrienter(), tracker)
    assert "[3919](tel:3919)" in textes(messages)
    assert _slot(evenements, "situation") == "violences_conjugales"


def test_est_ce_de_la_violence_donne_les_reperes_puis_l_orientation():
    texte = "il fouille mon téléphone tous les soirs, c'est normal ?"
    messages, _ = lancer(ActionOrienter(), pister(texte, "est_ce_violence"))
    assert messages[0].get("response") == "utter_violentometre"
    assert "[3919](tel:3919)" in textes(messages)


def test_une_question_de_professionnel_rangee_est_ce_violence_recoit_sa_reponse():
    tracker = _pister_question("je suis médecin : puis-je signaler une patiente victime de violences sans son accord ?",
                               "est_ce_violence", "faq/secret_medecin_signalement", 0.5,
                               slots={"profil": "professionnel"})
    messages, _ = lancer(ActionOrienter(), tracker)
    assert messages[0]["text"] == module_questions.questions()["secret_medecin_signalement"].reponse
    assert all(m.get("response") != "utter_violentometre" for m in messages)


@pytest.mark.parametrize("action", [ActionOrienter(), ActionRepondreQuestion(), ActionIncomprehension()])
def test_il_arrive_au_milieu_d_une_conversation_de_violences_est_une_urgence(action):
    messages, _ = lancer(action, pister("il arrive", "nlu_fallback", slots={"situation": "violences_conjugales"}))
    assert [m.get("response") for m in messages] == ["utter_urgence"]


def test_il_arrive_sans_violences_n_est_pas_une_urgence():
    messages, _ = lancer(ActionIncomprehension(), pister("il arrive", "nlu_fallback",
                                                         slots={"situation": "escroquerie"}))
    assert all(m.get("response") != "utter_urgence" for m in messages)


def _recit_non_classe(texte, classement):
    """Un message rangé « nlu_fallback » par le classifieur, avec son classement d'intentions."""
    tracker = pister(texte, "nlu_fallback", evenements=[{"event": "user", "text": texte,
                                                         "parse_data": {"intent": {"name": "nlu_fallback"}}}])
    tracker.latest_message["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.4}, *classement]
    return tracker


def test_un_recit_non_classe_est_oriente_vers_la_situation_supposee():
    """Un récit qu'aucun motif ne lit : la situation que le classifieur met en tête, et la liste des sujets
    proposée ensuite, plutôt que « De quoi s'agit-il ? »."""
    texte = "Depuis l'été ma tante ne répond plus au téléphone et sa fille gère tout, on ne la voit plus du tout"
    tracker = _recit_non_classe(texte, [{"name": "situation_maltraitance_personne_vulnerable", "confidence": 0.31},
                                        {"name": "situation_violences_intrafamiliales", "confidence": 0.2}])
    messages, evenements = lancer(ActionIncomprehension(), tracker)
    assert "Personne âgée ou handicapée" in messages[0]["text"]
    assert messages[-1].get("response") == "utter_situation_supposee"
    assert {"event": "slot", "timestamp": None, "name": "situation",
            "value": "maltraitance_personne_vulnerable"} in evenements


@pytest.mark.parametrize(("texte", "classement"), [
    # trop bref pour être un récit
    ("et ma tante alors", [{"name": "situation_maltraitance_personne_vulnerable", "confidence": 0.5}]),
    # une autre intention en tête
    ("je voudrais juste savoir quel temps il fera demain sur la Sologne pour la balade",
     [{"name": "hors_sujet", "confidence": 0.3}, {"name": "situation_escroquerie", "confidence": 0.25}]),
    # trop peu probable
    ("on m'a dit des choses bizarres hier soir en sortant du travail et je ne sais pas quoi en penser",
     [{"name": "situation_harcelement_travail", "confidence": 0.12}]),
])
def test_pas_de_situation_supposee(texte, classement):
    messages, _ = lancer(ActionIncomprehension(), _recit_non_classe(texte, classement))
    assert "utter_situation_supposee" not in [m.get("response") for m in messages]


def test_un_danger_dit_en_deux_messages():
    """« J'ai une ordonnance de protection », puis « il est assis en face de chez moi en ce moment » : ni l'un ni
    l'autre seul, les deux ensemble sont une urgence (réponse d'urgence du domaine)."""
    premier = {"event": "user", "text": "j'ai obtenu une ordonnance de protection contre mon ex le mois dernier"}
    second = "il est assis en ce moment sur le banc en face de ma maison"
    evenements = [premier, {"event": "user", "text": second}]
    messages, _ = lancer(ActionIncomprehension(), pister(second, "nlu_fallback", evenements=evenements))
    assert messages[0].get("response") == "utter_urgence"
    seul, _ = lancer(ActionIncomprehension(), pister(second, "nlu_fallback",
                                                     evenements=[{"event": "user", "text": second}]))
    assert seul[0].get("response") != "utter_urgence"


def test_la_liste_des_foyers_n_est_jamais_donnee():
    texte = "donne-moi les adresses des foyers pour femmes du département"
    messages, _ = lancer(ActionIncomprehension(), pister(texte, "nlu_fallback",
                                                         evenements=[{"event": "user", "text": texte}]))
    corps = textes(messages)
    assert "115" in corps and not re.search(r"\b(?:rue|avenue|boulevard|chemin|allée)\b", corps, re.IGNORECASE)


def test_une_instance_nommee_ne_remplace_pas_la_reponse():
    """« Je peux faire un rappel à l'ordre ou réunir un CDDF ? » : la réponse sur le rappel à l'ordre, puis la
    fiche du CDDF ; seule une ligne nommée (« le 119 ») contredit une réponse qui ne la donne pas."""
    texte = "Maire d'un village : un ado casse tout et ses parents sont dépassés, rappel à l'ordre ou CDDF ?"
    messages, _ = lancer(ActionRepondreQuestion(), _pister_question(texte, "demander_procedure",
                                                                   "faq/maire_rappel_ordre", 0.6))
    corps = textes(messages)
    assert "rappel à l'ordre" in corps.lower() and "CDDF" in corps


def test_la_commune_donnee_apres_une_question_oriente_vers_son_theme():
    """Une question sur l'hébergement, puis la commune : la situation de la question est retenue."""
    _, evenements = lancer(ActionRepondreQuestion(), _pister_question(
        "y a-t-il des places d'hébergement pour les femmes victimes dans le département ?", "faq",
        "faq/hebergement_places_victimes_41", 0.8))
    assert _slot(evenements, "situation") == "hebergement_urgence"


@pytest.mark.parametrize(("texte", "suite"), [
    ("il revient ce week-end", True),
    ("et son frère aussi", True),
    ("il fait beau ce week-end", False),
    ("tu es nul", False),
    ("c 1 pote a mon frere sa va faire dla merde", True),
    ("on é a vendome devan la gare", True),
    ("c'est quoi la météo demain ?", False),
])
def test_un_message_bref_hors_sujet_continue_la_situation(texte, suite):
    tracker = _pister_question(texte, "hors_sujet", "faq/aide_qui_contacter", 0.05,
                               slots={"situation": "enfant_en_danger"})
    messages, _ = lancer(ActionRepondreQuestion(), tracker)
    assert ("utter_hors_sujet" not in [m.get("response") for m in messages]) is suite
    if suite:
        assert "[119](tel:119)" in textes(messages)


def test_autres_possibilites_sans_situation_mais_avec_une_question():
    """« Que peut proposer le conseil des droits et devoirs des familles ? » rangé « autres possibilités » sans
    situation : la réponse à la question, pas « Dites-moi d'abord ce qui se passe »."""
    tracker = _pister_question("que peut proposer le conseil des droits et devoirs des familles aux parents ?",
                               "demander_plus", "faq/maire_cddf", 0.64)
    messages, _ = lancer(ActionAutresOptions(), tracker)
    assert "utter_pas_de_situation" not in [m.get("response") for m in messages]
    assert "CDDF" in textes(messages) or "droits et devoirs" in textes(messages)
    bouton, _ = lancer(ActionAutresOptions(), pister("autres possibilités", "demander_plus"))
    assert bouton[0].get("response") == "utter_pas_de_situation"


def test_une_vraie_question_prise_pour_une_question_sur_le_bot():
    """« Combien de temps peut-on agir pour une agression sexuelle sur un mineur ? » rangé « bot_challenge » : la
    réponse de la base ; « vous êtes un robot ? » : la réponse du domaine."""
    from actions.orientation import ActionEchange

    texte = "combien de temps peut-on agir en justice pour une agression sexuelle sur un mineur ?"
    messages, _ = lancer(ActionEchange(), _pister_question(texte, "bot_challenge", "faq/prescription_enfance", 0.5))
    assert "utter_bot" not in [m.get("response") for m in messages] and "majorité" in textes(messages)
    bref, _ = lancer(ActionEchange(), _pister_question("vous êtes un robot ?", "bot_challenge",
                                                       "faq/aide_qui_contacter", 0.1))
    assert bref[0].get("response") == "utter_bot"


def test_un_recit_n_est_pas_une_structure_a_peu_pres_nommee():
    """Rangé « contact d'une structure », un récit dont aucun nom de structure n'est écrit exactement est orienté
    (« un militaire américain rencontré sur Facebook » ressemblait à la Mission locale)."""
    texte = ("Mon père de 79 ans envoie de l'argent depuis des mois à un militaire américain rencontré sur "
             "Facebook, déjà 9 000 euros")
    _, evenements = lancer(ActionFicheStructure(), pister(texte, "demander_contact_structure"))
    assert _slot(evenements, "situation") in ("escroquerie", "maltraitance_personne_vulnerable")


@pytest.mark.parametrize("action", [ActionMemoriserLieu(), ActionAutresOptions()])
def test_le_danger_qui_se_rapproche_passe_avant_toute_action(action):
    """« il est là, il monte » rangé en commune ou en « autres possibilités », au milieu de violences : l'urgence."""
    tracker = pister("il est là il monte l'escalier", "informer_lieu", slots={"situation": "violences_conjugales"})
    messages, _ = lancer(action, tracker)
    assert messages[0].get("response") == "utter_urgence"


def test_un_long_remerciement_reste_un_remerciement():
    from actions.orientation import ActionEchange

    tracker = _pister_question("merci beaucoup pour votre aide et passez une bonne soirée", "remercier",
                               "faq/aide_qui_contacter", 0.1)
    messages, _ = lancer(ActionEchange(), tracker)
    assert [m.get("response") for m in messages] == ["utter_de_rien"]


def test_le_serveur_d_actions_enregistre_toutes_les_actions():
    """Le serveur d'actions de Rasa enregistre chaque sous-classe concrète d'Action (pas ActionGardee)."""
    from rasa_sdk.executor import ActionExecutor

    executeur = ActionExecutor()
    executeur.register_package("actions")
    assert {"action_orienter", "action_echange", "action_repondre_question", "action_incomprehension",
            "action_memoriser_lieu", "action_autres_options", "action_fiche_structure"} <= set(executeur.actions)


def test_un_dispositif_nomme_sans_situation_recoit_sa_fiche():
    messages, _ = lancer(ActionOrienter(), pister("Je voulais savoir si le CIDFF tient des permanences à Vendôme.",
                                                  "demander_aide"))
    assert "utter_choisir_situation" not in [m.get("response") for m in messages]
    assert "CIDFF" in textes(messages)


def test_une_question_au_milieu_d_une_situation_donne_aussi_sa_ligne():
    """« Je peux signaler sans donner mon nom ? » pendant une maltraitance de personne âgée : la réponse, et le
    3977 (la ligne de la situation en cours)."""
    tracker = _pister_question("Est-ce que je peux signaler sans donner mon nom ? J'ai peur de perdre ma place.",
                               "faq", "faq/aide_3919_confidentiel", 0.8,
                               slots={"situation": "maltraitance_personne_vulnerable"})
    messages, _ = lancer(ActionRepondreQuestion(), tracker)
    assert "(tel:3977)" in textes(messages)


def test_apres_les_idees_suicidaires_les_numeros_reviennent_tant_que_la_securite_n_est_pas_dite():
    """« Je veux pas que vous appeliez qui que ce soit, je voulais juste parler », juste après la réponse aux
    idées suicidaires : les numéros d'abord, encore, puis la réponse ; après une autre réponse, non."""
    from actions.orientation import ActionEchange

    texte = "je veux pas que vous appeliez qui que ce soit, je voulais juste parler"
    for derniere_action, rappel in (("utter_urgence_suicide", True), ("action_orienter", False)):
        evenements = [{"event": "user", "text": "j'ai avalé une vingtaine de comprimés"},
                      {"event": "action", "name": derniere_action},
                      {"event": "action", "name": "action_listen"},
                      {"event": "user", "text": texte}]
        messages, _ = lancer(ActionEchange(), pister(texte, "bot_challenge", evenements=evenements))
        reponses = [m.get("response") for m in messages]
        assert (reponses[0] == "utter_urgence_suicide") is rappel
        assert "utter_bot" in reponses
