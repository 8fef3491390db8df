"""Relecture par les partenaires : classeur XLSX réel (openpyxl), aller-retour vers les YAML, lignes fautives."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from knowledge.__main__ import principal
from knowledge.chargement import DOSSIER_DONNEES, charger
from knowledge.revue import AJOUT, COLONNES, FEUILLE, RevueInvalide, exporter, importer

LE_28 = date(2026, 11, 28)


@pytest.fixture()
def donnees(tmp_path) -> Path:
    cible = tmp_path / "data"
    shutil.copytree(DOSSIER_DONNEES, cible)
    return cible


@pytest.fixture()
def classeur(tmp_path, donnees) -> Path:
    chemin = tmp_path / "revue.xlsx"
    exporter(chemin, donnees)
    return chemin


def _remplir(chemin: Path, lignes: dict[str, tuple]) -> None:
    """Remplit les colonnes du partenaire (confirmé, correction, source, qui, date) des lignes données par clé."""
    livre = load_workbook(chemin)
    feuille = livre[FEUILLE]
    debut = COLONNES.index("confirmé")
    trouvees = set()
    for ligne in feuille.iter_rows(min_row=2):
        if ligne[0].value in lignes:
            for decalage, valeur in enumerate(lignes[ligne[0].value]):
                ligne[debut + decalage].value = valeur
            trouvees.add(ligne[0].value)
    assert trouvees == set(lignes)
    livre.save(chemin)


def _empreinte(dossier: Path) -> dict[str, bytes]:
    return {str(p.relative_to(dossier)): p.read_bytes() for p in sorted(dossier.rglob("*.yaml"))}


def _structure(dossier: Path, identifiant: str) -> dict:
    for fichier in (dossier / "structures").glob("*.yaml"):
        for structure in yaml.safe_load(fichier.read_text(encoding="utf-8")):
            if structure["id"] == identifiant:
                return structure
    raise KeyError(identifiant)


def test_export_une_ligne_par_affirmation(classeur, donnees):
    livre = load_workbook(classeur)
    assert livre.sheetnames == ["Lisez-moi", FEUILLE]
    feuille = livre[FEUILLE]
    assert tuple(c.value for c in feuille[1]) == COLONNES
    structures = [s for _, s in charger(donnees).structures]
    attendu = sum(len(s.contacts) + (1 if s.horaires else 0) + 1 for s in structures)
    assert feuille.max_row - 1 == attendu
    crip = next(r for r in feuille.iter_rows(min_row=2, values_only=True) if r[0] == "crip-41|contacts[0]")
    assert crip[5] == "02 54 56 06 96" and crip[6].startswith("https://departement41.fr") and crip[9] == "2026-11-27"


def test_aller_retour_confirme_corrige_ajoute(classeur, donnees):
    avant = _empreinte(donnees)
    _remplir(classeur, {
        "crip-41|contacts[0]": ("oui", None, None, "secrétaire de la CRIP", "2026-11-20"),
        f"mds-41|{AJOUT}": (None, "telephone : 02 54 00 00 00", "https://exemple.fr/mds", "cheffe de service",
                            "2026-11-21"),
        "ligne-3928|horaires": ("non", "lundi-vendredi 09:00-17:00", None, "juriste", "2026-11-22"),
    })
    resultat = importer(classeur, donnees, aujourd_hui=LE_28)
    assert len(resultat.changements) == 3
    assert "+    - {type: telephone, valeur: \"02 54 00 00 00\"" in resultat.diff
    crip = _structure(donnees, "crip-41")["contacts"][0]
    assert (crip["confirme_par"], crip["confirme_qui"], crip["confirme_le"]) == ("structure", "secrétaire de la CRIP",
                                                                                date(2026, 11, 20))
    assert crip["valeur"] == "02 54 56 06 96"
    mds = _structure(donnees, "mds-41")["contacts"][-1]
    assert mds["valeur"] == "02 54 00 00 00" and mds["source"] == "https://exemple.fr/mds"
    assert _structure(donnees, "ligne-3928")["horaires"]["plages"] == [{"jours": "lundi-vendredi",
                                                                      "heures": ["09:00-17:00"]}]
    apres = _empreinte(donnees)
    modifies = {f for f in apres if apres[f] != avant[f]}
    assert modifies == {"structures/social-enfance-sante.yaml", "structures/lignes-nationales.yaml"}
    texte = (donnees / "structures" / "social-enfance-sante.yaml").read_text(encoding="utf-8")
    assert texte.startswith("# Services sociaux"), "commentaires gardés"
    charger(donnees)  # l'annuaire reste valide


def test_essai_ne_touche_a_rien(classeur, donnees):
    avant = _empreinte(donnees)
    _remplir(classeur, {"crip-41|contacts[0]": ("oui", None, None, "secrétaire", "2026-11-20")})
    resultat = importer(classeur, donnees, ecrire=False, aujourd_hui=LE_28)
    assert resultat.diff and _empreinte(donnees) == avant


@pytest.mark.parametrize(("ligne", "colonne", "message"), [
    (("non", "02 54", None, "secrétaire", "2026-11-20"), "L (correction)", "numéro mal formé"),
    (("oui", None, None, None, "2026-11-20"), "N (qui (fonction))", "fonction"),
    (("peut-être", None, None, "secrétaire", "2026-11-20"), "K (confirmé)", "« oui » ou « non »"),
    (("oui", None, None, "secrétaire", "2027-01-01"), "O (date)", "futur"),
    (("oui", None, None, "secrétaire", "hier"), "O (date)", "AAAA-MM-JJ"),
    (("non", None, None, "secrétaire", "2026-11-20"), "L (correction)", "sans correction"),
    (("oui", None, "pas un lien", "secrétaire", "2026-11-20"), "M (source de la correction)", "lien"),
])
def test_ligne_fautive_localisee_et_rien_ecrit(classeur, donnees, ligne, colonne, message):
    avant = _empreinte(donnees)
    _remplir(classeur, {
        "crip-41|contacts[1]": ("oui", None, None, "secrétaire", "2026-11-20"),  # une bonne ligne aussi
        "crip-41|contacts[0]": ligne,
    })
    with pytest.raises(RevueInvalide) as erreur:
        importer(classeur, donnees, aujourd_hui=LE_28)
    texte = "\n".join(erreur.value.erreurs)
    assert f"colonne {colonne}" in texte and message in texte, texte
    assert "ligne " in texte
    assert _empreinte(donnees) == avant, "une ligne fautive ne change rien"


def test_cle_modifiee_ou_en_tete_modifie(classeur, donnees):
    livre = load_workbook(classeur)
    feuille = livre[FEUILLE]
    feuille["A2"] = "n-existe-pas|contacts[0]"
    feuille["K2"], feuille["N2"], feuille["O2"] = "oui", "secrétaire", "2026-11-20"
    livre.save(classeur)
    with pytest.raises(RevueInvalide, match=r"ligne 2, colonne A .*structure inconnue"):
        importer(classeur, donnees, aujourd_hui=LE_28)
    feuille["B1"] = "autre"
    livre.save(classeur)
    with pytest.raises(RevueInvalide, match="en-têtes modifiés"):
        importer(classeur, donnees, aujourd_hui=LE_28)


def test_cli_export_et_import(tmp_path, capsys):
    fichier = tmp_path / "revue.xlsx"
    assert principal(["export-revue", str(fichier)]) == 0
    assert principal(["export-revue", str(tmp_path / "revue.ods")]) == 2
    assert principal(["import-revue", str(fichier), "--essai"]) == 0
    assert "0 ligne(s) relue(s)" in capsys.readouterr().out
    _remplir(fichier, {"crip-41|contacts[0]": ("peut-être", None, None, "secrétaire", "2026-11-20")})
    assert principal(["import-revue", str(fichier), "--essai"]) == 2
    assert "colonne K" in capsys.readouterr().err
