"""Provenance honnête : date de la source, date de lecture, date et moyen de confirmation ; rapport des
lacunes ; « information de <mois année> » sur une fiche dont la confirmation a plus de 12 mois."""

from __future__ import annotations

import csv
from datetime import date, datetime

import pytest
from pydantic import ValidationError

from knowledge.__main__ import principal
from knowledge.chargement import charger
from knowledge.horaires import FUSEAU
from knowledge.presentation import fiche
from knowledge.provenance import lacunes, mention_datee, mois_avant, plus_ancienne_que
from knowledge.schema import Contact, Source, en_clair, fin_de_periode

DONNEES = charger()
STRUCTURES = {s.id: s for _, s in DONNEES.structures}
LE_28_NOVEMBRE = date(2026, 11, 28)


@pytest.mark.parametrize(("brut", "attendu"), [(2021, "2021"), ("2026-01", "2026-01"),
                                               (date(2026, 3, 7), "2026-03-07"), (None, None)])
def test_date_de_publication_a_la_precision_de_la_source(brut, attendu):
    assert Source(url="https://exemple.fr", consultee_le=date(2026, 11, 27), publiee_le=brut).publiee_le == attendu


@pytest.mark.parametrize("brut", ["2026-13", "21", "mars 2026", "2026-02-30"])
def test_date_mal_formee_refusee(brut):
    with pytest.raises(ValidationError):
        Source(url="https://exemple.fr", consultee_le=date(2026, 11, 27), publiee_le=brut)


def test_source_publiee_apres_sa_lecture_refusee():
    with pytest.raises(ValidationError, match="publiée après"):
        Source(url="https://exemple.fr", consultee_le=date(2026, 1, 1), publiee_le="2026-03")


def test_appel_ou_reponse_de_la_structure_porte_date_et_fonction():
    commun = {"type": "telephone", "valeur": "02 54 00 00 00", "source": "https://exemple.fr",
              "consultee_le": date(2026, 11, 28)}
    with pytest.raises(ValidationError, match="confirme_qui"):
        Contact(**commun, confirme_par="appel", confirme_le="2026-11-28")
    contact = Contact(**commun, confirme_par="structure", confirme_le="2026-11-28", confirme_qui="secrétariat")
    assert contact.confirme_le == "2026-11-28"


def test_fin_de_periode_et_en_clair():
    assert fin_de_periode("2021") == date(2021, 12, 31)
    assert fin_de_periode("2024-02") == date(2024, 2, 29)
    assert fin_de_periode("2026-03-07") == date(2026, 3, 7)
    assert en_clair("2026-01") == "janvier 2026" and en_clair("2021") == "2021" and en_clair("2025-05-21") == "mai 2025"
    assert mois_avant(date(2026, 3, 31), 1) == date(2026, 2, 28)


def test_les_dates_ne_sont_pas_toutes_le_jour_de_lecture():
    """Plus de « vérifié le 27/11/2026 » partout : la date de confirmation d'une page est la sienne."""
    publiees = {s.publiee_le for _, st in DONNEES.structures for s in st.sources if s.publiee_le}
    assert len(publiees) >= 20
    assert "2018" in publiees and "2026-01" in publiees
    for structure in STRUCTURES.values():
        for contact in structure.contacts:
            if contact.confirme_par == "page" and contact.confirme_le:
                assert contact.confirme_le != contact.consultee_le.isoformat(), (structure.id, contact.valeur)


def test_citations_corrigees():
    """Chaque affirmation citée vient d'une page qui la contient (audit P3, P4, P6)."""
    siao = STRUCTURES["siao-115-41"]
    assert "medianawplus" in siao.horaires.source and not siao.horaires.permanent
    assert all("asld41.com" not in s.url for s in STRUCTURES["referent-vif-asld"].sources)
    courriel = next(c for c in STRUCTURES["ligne-116006"].contacts if c.type == "email")
    assert "infovictimes" not in courriel.source


@pytest.fixture(scope="module")
def rapport(annuaire_sqlite):
    return lacunes(annuaire_sqlite.toutes(), LE_28_NOVEMBRE, 12)


def _problemes(rapport, identifiant):
    return {(ligne.element, ligne.probleme) for ligne in rapport if ligne.structure == identifiant}


def test_lacunes_ancien_plan_sans_contact(rapport):
    assert ("source", "publiée il y a plus de 12 mois") in _problemes(rapport, "asld-41")  # page de 2018
    assert ("fiche", "repose seulement sur le plan (PDPD 2021-2024, échu)") in _problemes(rapport, "taxi-asld")
    assert ("fiche", "aucun contact") in _problemes(rapport, "france-victimes-41")
    assert ("horaires", "confirmés il y a plus de 12 mois") in _problemes(rapport, "ligne-viols-femmes-informations")
    assert not any(p for e, p in _problemes(rapport, "siao-115-41") if e != "source"), "115 confirmé en janvier 2026"
    assert ("telephone n°1", "date de confirmation inconnue") in _problemes(rapport, "ligne-3919")


def test_le_seuil_de_mois_compte(annuaire_sqlite):
    longues = lacunes(annuaire_sqlite.toutes(), LE_28_NOVEMBRE, 240)
    assert not any("plus de 240 mois" in ligne.probleme for ligne in longues)
    assert plus_ancienne_que("2024-11", LE_28_NOVEMBRE, 12) and not plus_ancienne_que("2026-01", LE_28_NOVEMBRE, 12)
    assert not plus_ancienne_que(None, LE_28_NOVEMBRE, 12)


def test_cli_gaps_tableau_et_csv(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANNUAIRE_DB_URL", f"sqlite:///{tmp_path / 'gaps.sqlite'}")
    assert principal(["build"]) == 0
    capsys.readouterr()
    fichier, texte = tmp_path / "lacunes.csv", tmp_path / "lacunes.txt"
    assert principal(["gaps", "--mois", "12", "--le", "2026-11-28", "--csv", str(fichier), "--texte", str(texte)]) == 0
    sortie = capsys.readouterr().out
    assert "Lacunes de l'annuaire au 2026-11-28" in sortie and "repose seulement sur le plan" in sortie
    assert texte.read_text(encoding="utf-8") == sortie
    lignes = list(csv.DictReader(fichier.open(encoding="utf-8")))
    assert set(lignes[0]) == {"structure", "nom", "element", "probleme", "date", "par", "source"}
    assert any(ligne["structure"] == "asld-41" and ligne["date"] == "2018" for ligne in lignes)


def test_fiche_dit_information_de_quand_la_confirmation_a_plus_de_12_mois(annuaire_sqlite):
    mds = annuaire_sqlite.structure("mds-41")  # adresse de Mer confirmée par une page du 21 mai 2025
    assert "(information de mai 2025)" in fiche(mds, datetime(2026, 11, 28, 10, tzinfo=FUSEAU))
    assert "information de" not in fiche(mds, datetime(2026, 3, 2, 10, tzinfo=FUSEAU))
    siao = annuaire_sqlite.structure("siao-115-41")  # janvier 2026
    assert "information de" not in fiche(siao, datetime(2026, 11, 28, 10, tzinfo=FUSEAU))
    assert mention_datee("2021", LE_28_NOVEMBRE) == "2021" and mention_datee(None, LE_28_NOVEMBRE) is None
