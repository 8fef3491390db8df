"""Indicateurs anonymes (bot.indicateurs) : enregistrement depuis des trackers réalistes, contenu de
la table (ni texte, ni commune, ni identifiant), coupures, petits effectifs, page des pilotes,
exports et purge — sur SQLite et sur un vrai PostgreSQL."""

from __future__ import annotations

import csv
import functools
import html
import http.server
import json
import logging
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, delete, inspect, text
from sqlalchemy.exc import OperationalError

import knowledge.annuaire as module_annuaire
from bot.indicateurs import enregistrement, noter, page, publication, stockage
from bot.indicateurs.__main__ import principal as exporter_cli
from bot.indicateurs.export import exporter
from bot.indicateurs.publication import K, MoisNonPubliable, proteger, publier_mois
from bot.page_demo import DOSSIER, Gestionnaire
from bot.stockage.retention import principal as retention
from knowledge.annuaire import Annuaire
from knowledge.horaires import FUSEAU
from knowledge.lieu import Lieu
from knowledge.presentation import maintenant
from knowledge.reponse import composer
from tests.harnais import port_libre
from tests.indicateurs_exemples import (
    action,
    debut_de_session,
    evenements_exemple,
    message,
    messages_envoyes,
    mois_avant,
    pister,
    reponse_du_bot,
    slot,
)

JETON = "jeton-des-pilotes-0123456789"
AUJOURD_HUI = date.today()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def moteur(request):
    """La base de l'annuaire (construite), table des indicateurs vide."""
    moteur = request.getfixturevalue("moteur_sqlite" if request.param == "sqlite" else "moteur_postgres")
    enregistrement.attendre_ecritures()  # les actions d'autres tests écrivent aussi dans cette base
    stockage.creer_table(moteur)
    with moteur.begin() as connexion:
        connexion.execute(delete(stockage.evenements))
    return moteur


@pytest.fixture()
def index(moteur, monkeypatch) -> Annuaire:
    """L'annuaire de cette base, celui du processus (le fil d'écriture l'utilise)."""
    index = Annuaire(moteur, verification=3600)
    monkeypatch.setattr(module_annuaire, "_par_defaut", index)
    for variable in ("INDICATEURS", "INDICATEURS_PARTENAIRES", "INDICATEURS_PARTENAIRES_EXCLUS"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("INDICATEURS_PARTENAIRES", "mairie-de-blois france-victimes-41")
    return index


def _lignes(moteur) -> list[dict]:
    """Toute la table, colonne par colonne, telle qu'elle est en base (SQL brut)."""
    with moteur.connect() as connexion:
        resultat = connexion.execute(text("SELECT * FROM indicateur_evenement"))
        return [dict(r._mapping) for r in resultat]


def _liste(valeur) -> list[str]:
    """La colonne JSON lue en SQL brut : liste (PostgreSQL) ou texte JSON (SQLite)."""
    return valeur if isinstance(valeur, list) else json.loads(valeur)


def _orienter(index: Annuaire, tracker, situation: str, lieu: str | None, profil: str = "victime"
              ) -> CollectingDispatcher:
    """Ce que fait action_orienter : les messages de composer, puis noter en dernier."""
    dispatcher = CollectingDispatcher()
    reponse = composer(index, [situation], Lieu.lire(lieu), profil, maintenant())
    for m in reponse.messages:
        dispatcher.utter_message(text=m.texte, buttons=[{"title": t, "payload": c} for t, c in m.boutons] or None)
    noter(tracker, dispatcher, "oriente", situation=situation, lieu=Lieu.lire(lieu), profil=profil)
    return dispatcher


# --- Enregistrement ------------------------------------------------------------------------------


def test_orientation_enregistree_avec_l_arrondissement_jamais_la_commune(moteur, index):
    evenements = [*debut_de_session(),
                  message("mon mari me frappe, j'habite à Vendôme 41100", "situation_violences_conjugales",
                          partenaire="mairie-de-blois")]
    dispatcher = _orienter(index, pister(evenements, situation="violences_conjugales"), "violences_conjugales",
                           "41269")
    enregistrement.attendre_ecritures()
    [ligne] = _lignes(moteur)
    assert ligne["arrondissement"] == "412"
    assert ligne["situation"] == "violences_conjugales"
    assert (ligne["profil"], ligne["issue"], ligne["partenaire"]) == ("victime", "oriente", "mairie-de-blois")
    assert ligne["danger"] is False or ligne["danger"] == 0
    assert bool(ligne["premier"]) is True
    assert ligne["tranche"] in (0, 4, 8, 12, 16, 20) and ligne["tranche"] == datetime.now(FUSEAU).hour // 4 * 4
    jour = ligne["jour"] if isinstance(ligne["jour"], date) else date.fromisoformat(ligne["jour"])
    assert jour == datetime.now(FUSEAU).date()
    proposees = _liste(ligne["proposees"])
    assert "ligne-3919" in proposees
    assert set(proposees) <= {s.id for s in index.toutes()}
    assert dispatcher.messages[-1][enregistrement.MARQUE] is True
    assert all(enregistrement.MARQUE not in m for m in dispatcher.messages[:-1])


def test_danger_et_hors_sujet_lus_au_tour_suivant(moteur, index):
    """Le chemin du danger (règles seules) est porté par l'événement suivant ; un hors-sujet resté
    sans événement devient un événement hors_champ ; la marque arrête la lecture au tour suivant."""
    evenements = [*debut_de_session(),
                  message("quel temps fait-il demain", "hors_sujet"), action("utter_hors_sujet"),
                  reponse_du_bot("Je ne sais répondre qu'aux questions d'aide aux victimes", "utter_hors_sujet"),
                  action("action_listen"),
                  message("il a un couteau il va me tuer", "urgence"), action("utter_urgence"),
                  reponse_du_bot("Appelez le 17", "utter_urgence"), action("action_listen"),
                  message("c'est mon conjoint", "situation_violences_conjugales")]
    dispatcher = _orienter(index, pister(evenements), "violences_conjugales", None)
    enregistrement.attendre_ecritures()
    lignes = sorted(_lignes(moteur), key=lambda ligne: ligne["issue"])
    assert [(x["issue"], bool(x["danger"]), bool(x["premier"])) for x in lignes] == [
        ("hors_champ", False, True), ("oriente", True, False)]
    assert lignes[1]["arrondissement"] == "non_precise"

    # Tour suivant : Rasa a rangé les messages (avec la marque) ; la personne donne sa commune.
    suite = [*evenements, action("action_orienter"), *messages_envoyes(dispatcher), slot("lieu_demande", True),
             action("action_listen"), message("Romorantin", "informer_lieu"), action("action_memoriser_lieu"),
             slot("lieu", "41194")]
    _orienter(index, pister(suite), "violences_conjugales", "41194")
    enregistrement.attendre_ecritures()
    derniere = [x for x in _lignes(moteur) if x["arrondissement"] == "413"]
    assert len(derniere) == 1 and not derniere[0]["danger"] and not derniere[0]["premier"]


def test_nouvelle_session_nouveau_premier_echange(index, moteur):
    ancienne = [*debut_de_session(), message("mon mari me frappe", "situation_violences_conjugales"),
                action("action_orienter"), reponse_du_bot("…", indicateur=True), action("action_listen")]
    evenements = [*ancienne, *debut_de_session(), message("arnaque sur internet", "situation_escroquerie")]
    _orienter(index, pister(evenements), "escroquerie", "refus")
    enregistrement.attendre_ecritures()
    [ligne] = _lignes(moteur)
    assert ligne["premier"] and ligne["arrondissement"] == "non_precise"


@pytest.mark.parametrize(("lieu", "attendu"), [("41018", "411"), ("arr:413", "413"), ("41", "41"),
                                               ("ambigu:41120", "41"), ("hors:37,45", "hors_41"),
                                               ("refus", "non_precise"), ("inconnu", "non_precise"),
                                               (None, "non_precise"), ("99999", "non_precise")])
def test_arrondissement_du_lieu(annuaire_sqlite, lieu, attendu):
    assert enregistrement.arrondissement(lieu, annuaire_sqlite) == attendu


def test_echec_sans_structure_locale_et_sans_contact_verifie(annuaire_sqlite):
    jour = date.today()
    assert enregistrement.echec("oriente", "411", ["ligne-3919"], jour, annuaire_sqlite) == "sans_structure_locale"
    assert enregistrement.echec("oriente", "hors_41", [], jour, annuaire_sqlite) == "aucun"
    assert enregistrement.echec("non_compris", "non_precise", [], jour, annuaire_sqlite) == "non_compris"
    locale = next(s for s in annuaire_sqlite.toutes() if s.portee != "national"
                  and enregistrement.contact_verifie(s, jour))
    assert enregistrement.echec("oriente", "411", ["ligne-3919", locale.id], jour, annuaire_sqlite) == "aucun"
    # Le même contact, vérifié il y a plus de 12 mois, ne compte plus.
    dans_deux_ans = jour + timedelta(days=800)
    assert enregistrement.echec("oriente", "411", [locale.id], dans_deux_ans, annuaire_sqlite) == \
        "sans_contact_verifie"


def test_structures_reconnues_dans_chaque_fiche_envoyee(annuaire_sqlite):
    """Chaque fiche (réponse courte ou détaillée) et chaque ligne « • Nom : … » est rattachée à sa
    structure : si la mise en forme change, ce test le dit."""
    from knowledge.presentation import fiche

    moment = maintenant()
    for vue in annuaire_sqlite.toutes():
        for detaillee in (False, True):
            trouvees = enregistrement.structures_proposees([fiche(vue, moment, detaillee)], annuaire_sqlite)
            assert trouvees[:1] == [vue.id] or (trouvees and annuaire_sqlite.structure(trouvees[0]).nom == vue.nom)
        ligne = f"Aussi près de chez vous :\n• {vue.nom} : {vue.acces_explication}"
        assert enregistrement.structures_proposees([ligne], annuaire_sqlite)


def test_partenaire_non_declare_ecrit_autre_et_partenaire_exclu_pas_compte(moteur, index, monkeypatch):
    for partenaire in ("0612345678", "jean.dupont", None):
        _orienter(index, pister([*debut_de_session(), message("mon ex me harcèle", "situation_cyberharcelement",
                                                              partenaire=partenaire)]), "cyberharcelement", None)
    monkeypatch.setenv("INDICATEURS_PARTENAIRES_EXCLUS", "asso-discrete, autre-site")
    dispatcher = _orienter(index, pister([*debut_de_session(), message("harcèlement", "situation_cyberharcelement",
                                                                       partenaire="asso-discrete")]),
                           "cyberharcelement", None)
    assert all(enregistrement.MARQUE not in m for m in dispatcher.messages)
    enregistrement.attendre_ecritures()
    assert sorted(x["partenaire"] for x in _lignes(moteur)) == ["aucun", "autre", "autre"]


def test_coupure_par_l_exploitant_le_bot_repond_pareil(moteur, index, monkeypatch):
    monkeypatch.setenv("INDICATEURS", "0")
    tracker = pister([*debut_de_session(), message("on m'a volé ma CB", "situation_escroquerie")])
    coupe = _orienter(index, tracker, "escroquerie", "41018")
    monkeypatch.setenv("INDICATEURS", "1")
    actif = _orienter(index, tracker, "escroquerie", "41018")
    enregistrement.attendre_ecritures()
    assert len(_lignes(moteur)) == 1
    sans_marque = [{k: v for k, v in m.items() if k != enregistrement.MARQUE} for m in actif.messages]
    assert coupe.messages == sans_marque


def test_noter_ne_leve_jamais(moteur, index, monkeypatch):
    class Casse:
        events = None

        def get_slot(self, nom):
            raise RuntimeError("tracker cassé")

    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(text="Bonjour")
    noter(Casse(), dispatcher, "oriente")
    noter(pister([]), dispatcher, "issue-inventee")  # type: ignore[arg-type]

    def panne(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, Exception("base arrêtée"))

    class Liste(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.messages: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.messages.append(record.getMessage())

    recus = Liste()
    enregistrement.journal.addHandler(recus)  # le fil d'écriture journalise hors du test
    try:
        with monkeypatch.context() as panne_de_base:
            panne_de_base.setattr(stockage, "ecrire", panne)
            for _ in range(3):
                _orienter(index, pister([*debut_de_session(), message("aide", "situation_porter_plainte")]),
                          "porter_plainte", None)
            enregistrement.attendre_ecritures()
        _orienter(index, pister([*debut_de_session(), message("aide", "situation_porter_plainte")]),
                  "porter_plainte", None)
        enregistrement.attendre_ecritures()
    finally:
        enregistrement.journal.removeHandler(recus)
    assert [m for m in recus.messages if "non écrit" in m] == [
        "Indicateurs : événement non écrit (OperationalError) ; le bot n'est pas touché."]  # une ligne par panne
    assert recus.messages[-1] == "Indicateurs : écriture rétablie."
    assert len(_lignes(moteur)) == 1


# --- Ce que contient la table ----------------------------------------------------------------------

CONVERSATIONS = [
    # (messages de la personne, situation, lieu, profil, issue)
    (["Bonjour, je m'appelle Sandrine Mercier, mon mari me frappe depuis des mois",
      "j'habite 12 rue des Lilas à Salbris 41300, mon numéro 06 12 34 56 78"],
     "violences_conjugales", "41232", "victime", "oriente"),
    (["ma voisine Mme Lefèvre se fait taper par son mari à Montoire-sur-le-Loir",
      "c'est au 4 impasse du Moulin"], "violences_conjugales", "41149", "proche", "oriente"),
    (["je suis infirmière au CHS, une patiente de Lamotte-Beuvron m'a parlé d'un viol",
      "mon mail est infirmiere.chs@exemple.fr"], "violences_sexuelles", "41106", "professionnel", "oriente"),
    (["mon fils Théo, 13 ans, est harcelé au collège de Mer", "41500"], "harcelement_scolaire", "41136",
     "proche", "oriente"),
    (["on m'a arnaqué sur leboncoin, 1500 euros, IP 192.168.1.27"], None, None, None, "non_compris"),
    (["ma cousine Gwendoline demande si porter plainte est payant"], None, "hors:37", None, "question_repondue"),
]
FRAGMENTS_INTERDITS = ["Sandrine", "Mercier", "Lilas", "Salbris", "41300", "41232", "0612345678", "06 12",
                       "Lefèvre", "Lefevre", "Montoire", "41149", "Moulin", "Lamotte", "41106", "infirmiere",
                       "exemple.fr", "Théo", "Mer ", "41136", "41500", "leboncoin", "1500", "192.168",
                       "Gwendoline", "cousine", "conv-", "rest", "socketio", "http", "www"]


def test_aucun_texte_aucune_commune_aucun_identifiant(moteur, index):
    """Des conversations pleines de données personnelles ; ensuite, chaque colonne de chaque ligne
    est lue en SQL brut : valeurs prises dans des listes fermées, aucun fragment des messages."""
    ids = {s.id for s in index.toutes()}
    assert not any(f.strip().lower() in i for f in FRAGMENTS_INTERDITS for i in ids if len(f.strip()) > 3)
    for numero, (textes, situation, lieu, profil, issue) in enumerate(CONVERSATIONS):
        evenements = debut_de_session()
        for texte in textes:
            evenements += [message(texte, f"situation_{situation}" if situation else "faq",
                                   partenaire="https://www.mairie-salbris.fr/aide?id=42" if numero == 0 else
                                   "mairie-de-blois"), action("action_listen")]
        tracker = pister(evenements[:-1], expediteur=f"conv-{numero}-a1b2c3", situation=situation, lieu=lieu,
                         profil=profil)
        if issue == "oriente":
            _orienter(index, tracker, situation, lieu, profil)
        else:
            dispatcher = CollectingDispatcher()
            dispatcher.utter_message(text="Je n'ai pas compris." if issue == "non_compris" else
                                     "Porter plainte est gratuit.")
            noter(tracker, dispatcher, issue)
    enregistrement.attendre_ecritures()

    colonnes = [c["name"] for c in inspect(moteur).get_columns("indicateur_evenement")]
    assert colonnes == list(stockage.COLONNES)
    assert not inspect(moteur).get_pk_constraint("indicateur_evenement")["constrained_columns"]
    lignes = _lignes(moteur)
    assert len(lignes) == len(CONVERSATIONS)
    situations = set(index.situations()) | {"aucune", "autre"}
    for ligne in lignes:
        assert set(ligne) == set(stockage.COLONNES)
        jour = ligne["jour"] if isinstance(ligne["jour"], date) else date.fromisoformat(ligne["jour"])
        assert jour == datetime.now(FUSEAU).date()
        assert ligne["tranche"] in enregistrement.TRANCHES
        assert ligne["arrondissement"] in enregistrement.ARRONDISSEMENTS
        assert ligne["situation"] in situations
        assert ligne["profil"] in (*enregistrement.PROFILS, "inconnu")
        assert ligne["danger"] in (True, False, 0, 1)
        assert ligne["premier"] in (True, False, 0, 1)
        assert ligne["issue"] in enregistrement.ISSUES
        assert ligne["echec"] in enregistrement.ECHECS
        proposees = _liste(ligne["proposees"])
        assert set(proposees) <= ids
        assert ligne["partenaire"] in ("aucun", "autre", "mairie-de-blois")
    tout = repr(lignes).lower()
    for fragment in FRAGMENTS_INTERDITS:
        assert fragment.lower() not in tout, fragment
    assert {x["arrondissement"] for x in lignes} >= {"413", "412", "411"}


# --- Petits effectifs ---------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([f"c{i}" for i in range(12)]), st.integers(0, 40), max_size=12))
def test_proteger_aucun_nombre_publie_ni_deductible_sous_k(comptes):
    tableau = proteger(comptes)
    total = sum(comptes.values())
    if 0 < total < K:
        assert tableau.total is None and not tableau.cellules and not tableau.regroupe
        return
    assert tableau.total == total
    assert all(n >= K for n in tableau.cellules.values())
    assert tableau.regroupe == 0 or tableau.regroupe >= K
    assert sum(tableau.cellules.values()) + tableau.regroupe == total  # total − publié = groupe ≥ K
    # Une catégorie publiée l'est avec son effectif exact ; une petite n'est jamais nommée.
    assert all(comptes[c] == n for c, n in tableau.cellules.items())
    assert all(c not in tableau.cellules for c, n in comptes.items() if 0 < n < K)


def test_mois_de_moins_de_5_evenements_rien_que_moins_de_5():
    mois = publier_mois("2026-01", evenements_exemple(["2026-01"], volume=(4, 4)))
    assert mois.total is None and mois.tableaux == {}
    assert mois.taux_echec()["total"] is None


def test_taux_d_echec_calcule_sur_les_cellules_publiees():
    lignes = evenements_exemple(["2026-03"], volume=(120, 120))
    mois = publier_mois("2026-03", lignes)
    brut = Counter(x["echec"] for x in lignes)
    taux = mois.taux_echec()
    assert taux["total"] == pytest.approx((120 - brut["aucun"]) / 120)
    for cause in publication.ECHECS_PUBLIES:
        assert taux[cause] == (pytest.approx(brut[cause] / 120) if brut[cause] >= K else None)


def test_seuls_les_mois_termines_et_entiers_sont_publies():
    aujourd_hui = date(2027, 2, 15)
    publication.verifier_publiable("2027-01", aujourd_hui)
    for mois in ("2027-02", "2027-03", "2024-02", "2023-12", "2027-13", "janvier"):
        with pytest.raises(MoisNonPubliable):
            publication.verifier_publiable(mois, aujourd_hui)
    with pytest.raises(MoisNonPubliable):  # le 1er du mois suivant, des écritures peuvent encore arriver
        publication.verifier_publiable("2027-01", date(2027, 2, 1))
    publication.verifier_publiable("2024-03", aujourd_hui)
    assert publication.mois_publiables(aujourd_hui, 3) == ["2026-11", "2026-12", "2027-01"]
    assert len(publication.mois_publiables(aujourd_hui, 100)) == 35  # 2024-03 … 2027-01


# --- Réidentification ----------------------------------------------------------------------------------

CIBLE = {"arrondissement": "413", "tranche": 0, "profil": "professionnel", "situation": "prostitution",
         "partenaire": "asso-rare", "proposees": ["ligne-3977"]}


def _attaque(lignes_publiees: list[dict], connu: dict) -> str | None:
    """L'attaquant sait qu'une professionnelle de l'arrondissement 413 a écrit la nuit ce mois-là ; il
    cherche sa situation : une ligne publiée qui croise ce qu'il sait avec une situation, un effectif
    sous k, ou une catégorie rare nommée."""
    for ligne in lignes_publiees:
        croisees = [c for c in ("arrondissement", "tranche", "profil") if str(ligne.get(c)) == str(connu[c])]
        if len(croisees) == 3 and ligne.get("situation") and 0 < int(ligne.get("valeur", 0)) < K:
            return ligne["situation"]
    return None


def _lignes_csv(chemin: Path) -> list[dict]:
    with chemin.open(encoding="utf-8-sig", newline="") as fichier:
        return list(csv.DictReader(fichier, delimiter=";"))


def test_reidentification_d_une_conversation_echoue(moteur, index, tmp_path):
    mois = mois_avant(AUJOURD_HUI, 2)
    lignes = evenements_exemple(mois, graine=7)
    cible = {**CIBLE, "jour": publication.premier_jour(mois[-1]) + timedelta(days=9), "danger": True,
             "issue": "oriente", "echec": "sans_structure_locale", "premier": True}
    stockage.ecrire(moteur, [*lignes, cible])

    # L'attaque marche sur un export naïf (tableau croisé complet, sans protection) : elle est sérieuse.
    naif = Counter((x["jour"].strftime("%Y-%m"), x["arrondissement"], x["tranche"], x["profil"], x["situation"])
                   for x in [*lignes, cible])
    naives = [{"arrondissement": a, "tranche": t, "profil": p, "situation": s, "valeur": n}
              for (m, a, t, p, s), n in naif.items() if m == mois[-1]]
    assert _attaque(naives, CIBLE) == "prostitution"

    for nom in (mois[-1], "deux-mois"):
        fichiers = exporter(moteur, [mois[-1]] if nom == mois[-1] else mois, tmp_path, nom, index)
        publiees = _lignes_csv(fichiers[0])
        assert _attaque(publiees, CIBLE) is None
        # Rien de rare n'est nommé : ni la situation, ni le site partenaire, ni la ligne proposée.
        codes = {x["code"] for x in publiees}
        assert not codes & {"prostitution", "asso-rare", "ligne-3977"}
        # Tout nombre publié vaut 0 ou au moins k ; seuls les totaux de mois peuvent être « < 5 ».
        for x in publiees:
            if x["tableau"] == "taux_echec":
                continue
            if x["valeur"] == "< 5":
                assert x["tableau"] == "total", x
            else:
                assert int(x["valeur"]) == 0 or int(x["valeur"]) >= K, x
        classeur = load_workbook(fichiers[1], read_only=True)
        for feuille in classeur.worksheets:
            for rang in feuille.iter_rows(min_row=2, values_only=True):
                assert not any(isinstance(v, int) and 0 < v < K for v in rang), (feuille.title, rang)
                assert not any(isinstance(v, str) and v in ("prostitution", "asso-rare") for v in rang)

    # Différences entre publications : la somme de la période n'ajoute rien aux mois publiés.
    par_periode = {(x["tableau"], x["code"]): x["valeur"] for x in _lignes_csv(tmp_path / "indicateurs-deux-mois.csv")
                   if x["periode"] == "deux-mois"}
    mensuelles = Counter()
    for x in _lignes_csv(tmp_path / "indicateurs-deux-mois.csv"):
        if x["periode"] != "deux-mois" and x["tableau"] not in ("total", "taux_echec"):
            mensuelles[(x["tableau"], x["code"])] += int(x["valeur"])
    for cle, valeur in par_periode.items():
        if cle[0] != "total":
            assert int(valeur) == mensuelles[cle], cle


# --- Exports --------------------------------------------------------------------------------------------


def test_export_csv_et_xlsx_en_ligne_de_commande(moteur, index, tmp_path, capsys):
    mois = mois_avant(AUJOURD_HUI, 3)
    stockage.ecrire(moteur, evenements_exemple(mois, graine=3))
    url = moteur.url.render_as_string(hide_password=False)
    assert exporter_cli(["export", "--mois", mois[0], "--sortie", str(tmp_path), "--url", url]) == 0
    sortie = capsys.readouterr().out
    assert f"indicateurs-{mois[0]}.csv" in sortie and f"indicateurs-{mois[0]}.xlsx" in sortie
    publiees = _lignes_csv(tmp_path / f"indicateurs-{mois[0]}.csv")
    assert {x["periode"] for x in publiees} == {mois[0]}
    total = next(int(x["valeur"]) for x in publiees if x["tableau"] == "total")
    assert total == sum(1 for x in evenements_exemple(mois, graine=3) if x["jour"].strftime("%Y-%m") == mois[0])
    for dimension in publication.DIMENSIONS:
        if dimension != "proposees":
            assert sum(int(x["valeur"]) for x in publiees if x["tableau"] == dimension) == total
    assert "Violences dans le couple" in {x["libelle"] for x in publiees}
    classeur = load_workbook(tmp_path / f"indicateurs-{mois[0]}.xlsx", read_only=True)
    assert classeur.sheetnames[:3] == ["Lisez-moi", "Mois", "Situations"]
    premiere = next(classeur["Mois"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert premiere[:2] == (mois[0], total)

    annee = int(mois[-1][:4])
    assert exporter_cli(["export", "--annee", str(annee), "--sortie", str(tmp_path), "--url", url]) == 0
    assert (tmp_path / f"indicateurs-{annee}.xlsx").exists()
    # Le mois en cours n'est jamais exporté (il change encore).
    en_cours = f"{AUJOURD_HUI.year:04d}-{AUJOURD_HUI.month:02d}"
    assert exporter_cli(["export", "--mois", en_cours, "--sortie", str(tmp_path), "--url", url]) == 2
    assert "n'est pas terminé" in capsys.readouterr().err


# --- Page des pilotes ------------------------------------------------------------------------------------


@pytest.fixture()
def serveur_page(index, monkeypatch):
    """La page de démonstration (le vrai gestionnaire) sur un port libre, branchée sur cette base."""
    monkeypatch.setenv("INDICATEURS_JETON", JETON)
    monkeypatch.setitem(page._RESSOURCES, "index", index)
    port = port_libre()
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                              functools.partial(Gestionnaire, directory=str(DOSSIER)))
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    yield f"http://127.0.0.1:{port}"
    serveur.shutdown()
    serveur.server_close()


def _demander(url: str, jeton: str | None = None, formulaire: dict | None = None) -> tuple[int, dict, str]:
    entetes = {"Authorization": f"Bearer {jeton}"} if jeton else {}
    donnees = urllib.parse.urlencode(formulaire).encode() if formulaire is not None else None
    requete = urllib.request.Request(url, data=donnees, headers=entetes)
    ouvreur = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with ouvreur.open(requete, timeout=60) as reponse:
            return reponse.status, dict(reponse.headers), reponse.read().decode()
    except urllib.error.HTTPError as erreur:
        return erreur.code, dict(erreur.headers), erreur.read().decode()


def test_page_fermee_sans_jeton(serveur_page, moteur, monkeypatch):
    url = f"{serveur_page}/indicateurs"
    for jeton, formulaire in ((None, None), ("mauvais-jeton-0123456789", None), (None, {"jeton": "x"}),
                              (JETON[:-1], None)):
        statut, entetes, corps = _demander(url, jeton, formulaire)
        assert statut == 403 and "Accès refusé" in corps and "Utilisation par mois" not in corps
        assert entetes["Cache-Control"] == "no-store"
    monkeypatch.setenv("INDICATEURS_JETON", "court")  # trop court : la page reste fermée
    assert _demander(url, "court")[0] == 403
    monkeypatch.delenv("INDICATEURS_JETON")
    assert _demander(url, "")[0] == 403
    assert _demander(f"{serveur_page}/")[0] == 200  # la démonstration, elle, reste publique


def test_page_des_pilotes(serveur_page, moteur, index):
    mois = mois_avant(AUJOURD_HUI, 14)
    stockage.ecrire(moteur, evenements_exemple(mois, graine=11))
    statut, entetes, corps = _demander(f"{serveur_page}/indicateurs", JETON)
    assert statut == 200, corps[:500]
    assert "default-src 'none'" in entetes["Content-Security-Policy"] and entetes["Referrer-Policy"] == "no-referrer"
    for titre in ("Utilisation par mois", "Situation", "Arrondissement", "Qui écrit", "Tranche horaire",
                  "Structures et lignes proposées", "Taux d'échec et tendance", "Lacunes de l'annuaire"):
        assert f">{html.escape(titre)}" in corps, titre
    assert corps.count("<img ") == 7 and corps.count('alt="') == 7
    assert corps.count("<table>") >= 12 and "<caption>" in corps and 'scope="row"' in corps
    assert "Violences dans le couple" in corps and "Arrondissement de Blois" in corps
    assert "<script" not in corps
    # Les 12 derniers mois publiables : ni le mois en cours, ni les plus anciens.
    assert page.nom_mois(mois[-1]) in corps and page.nom_mois(mois[1]) not in corps
    # Aucun effectif entre 1 et 4 dans les tableaux.
    for cellule in re.findall(r"<td>([\d\u202f]+)</td>", corps):
        assert int(cellule.replace("\u202f", "")) == 0 or int(cellule.replace("\u202f", "")) >= K
    # Une année choisie par le formulaire (le jeton voyage dans le corps, jamais dans l'adresse).
    annee = int(mois[0][:4])
    statut, _, corps = _demander(f"{serveur_page}/indicateurs", formulaire={"jeton": JETON, "annee": str(annee)})
    assert statut == 200 and f'<option value="{annee}" selected>' in corps
    assert "12 derniers mois" in corps


def test_page_sans_evenement(serveur_page, moteur):
    statut, _, corps = _demander(f"{serveur_page}/indicateurs", JETON)
    assert statut == 200 and "Rien à publier sur la période." in corps


# --- Purge ------------------------------------------------------------------------------------------------


def test_purge_a_36_mois_avec_celle_du_tracker_store(moteur, index, tmp_path, capsys):
    aujourd_hui = date.today()
    limite = stockage.limite_conservation(aujourd_hui)
    jours = [limite - timedelta(days=400), limite - timedelta(days=1), limite, aujourd_hui]
    modele = evenements_exemple(["2026-01"], volume=(1, 1))[0]
    stockage.ecrire(moteur, [{**modele, "jour": j} for j in jours])
    assert stockage.limite_conservation(date(2027, 3, 31)) == date(2024, 3, 31)
    assert stockage.limite_conservation(date(2028, 2, 29)) == date(2025, 2, 28)

    tracker_store = create_engine(f"sqlite:///{tmp_path / 'rasa.sqlite'}", future=True)
    with tracker_store.begin() as connexion:
        connexion.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL)"))
    url = moteur.url.render_as_string(hide_password=False)
    assert retention(["--url", str(tracker_store.url), "--indicateurs-url", url]) == 0
    assert "2 indicateur(s) supprimé(s) : plus de 36 mois" in capsys.readouterr().out
    restants = sorted(x["jour"] if isinstance(x["jour"], date) else date.fromisoformat(x["jour"])
                      for x in _lignes(moteur))
    assert restants == [limite, aujourd_hui]
    with pytest.raises(ValueError):
        stockage.purger(moteur, 0)
