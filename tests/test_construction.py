"""Construction de la base : validation, transaction unique, base précédente intacte."""

from __future__ import annotations

import re
import shutil

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from knowledge.__main__ import principal
from knowledge.annuaire import Annuaire
from knowledge.chargement import DOSSIER_DONNEES, AnnuaireInvalide
from knowledge.construction import construire
from knowledge.db import CommuneLigne, ContactLigne, MetaLigne, StructureLigne, creer_moteur


@pytest.fixture()
def copie_donnees(tmp_path):
    """Une copie modifiable des fichiers de l'annuaire."""
    cible = tmp_path / "data"
    shutil.copytree(DOSSIER_DONNEES, cible)
    return cible


def _compter(moteur) -> tuple[int, int]:
    with Session(moteur, future=True) as session:
        return (session.scalar(select(func.count()).select_from(StructureLigne)),
                session.scalar(select(func.count()).select_from(ContactLigne)))


def test_construction_puis_reconstruction_identique(tmp_path):
    moteur = creer_moteur(f"sqlite:///{tmp_path / 'a.sqlite'}")
    premier = construire(moteur)
    second = construire(moteur)
    assert premier == second
    assert _compter(moteur) == (premier.structures, premier.contacts)


def test_yaml_casse_refuse_base_precedente_intacte(tmp_path, copie_donnees):
    moteur = creer_moteur(f"sqlite:///{tmp_path / 'b.sqlite'}")
    construire(moteur)
    avant = _compter(moteur)
    with Session(moteur, future=True) as session:
        empreinte = session.get(MetaLigne, "empreinte").valeur
    fichier = copie_donnees / "structures" / "justice-acces-au-droit.yaml"
    fichier.write_text(fichier.read_text(encoding="utf-8") + "\n- id: [cassé\n", encoding="utf-8")
    with pytest.raises(AnnuaireInvalide) as erreur:
        construire(moteur, copie_donnees)
    assert "structures/justice-acces-au-droit.yaml" in str(erreur.value)
    assert _compter(moteur) == avant
    with Session(moteur, future=True) as session:
        assert session.get(MetaLigne, "empreinte").valeur == empreinte


def test_erreur_nomme_fichier_entree_et_champ(copie_donnees):
    fichier = copie_donnees / "structures" / "social-enfance-sante.yaml"
    texte = fichier.read_text(encoding="utf-8").replace('valeur: "02 54 56 06 96"', 'valeur: "02 54 56"')
    fichier.write_text(texte, encoding="utf-8")
    with pytest.raises(AnnuaireInvalide) as erreur:
        construire(creer_moteur("sqlite://"), copie_donnees)
    [probleme] = erreur.value.erreurs
    assert probleme.fichier == "structures/social-enfance-sante.yaml"
    assert probleme.entree == "crip-41"
    assert probleme.champ.startswith("contacts.0")
    assert "mal formé" in probleme.message


def test_contact_sans_source_refuse(copie_donnees):
    fichier = copie_donnees / "structures" / "lignes-nationales.yaml"
    texte = re.sub(r'(\{type: telephone, valeur: "3039"), source: "[^"]+"', r"\1", fichier.read_text(encoding="utf-8"))
    fichier.write_text(texte, encoding="utf-8")
    with pytest.raises(AnnuaireInvalide) as erreur:
        construire(creer_moteur("sqlite://"), copie_donnees)
    assert any(e.entree == "ligne-3039" and "source" in e.champ for e in erreur.value.erreurs)


def test_renvoi_vers_situation_inconnue_refuse(copie_donnees):
    fichier = copie_donnees / "structures" / "securite-prevention.yaml"
    fichier.write_text(fichier.read_text(encoding="utf-8").replace("porter_plainte: 1,", "porter_plaint: 1,", 1),
                       encoding="utf-8")
    with pytest.raises(AnnuaireInvalide) as erreur:
        construire(creer_moteur("sqlite://"), copie_donnees)
    assert any("porter_plaint" in e.message for e in erreur.value.erreurs)


def test_champ_inconnu_refuse(copie_donnees):
    fichier = copie_donnees / "structures" / "urgences.yaml"
    fichier.write_text(fichier.read_text(encoding="utf-8").replace("  gratuit: true", "  gratuite: true", 1),
                       encoding="utf-8")
    with pytest.raises(AnnuaireInvalide) as erreur:
        construire(creer_moteur("sqlite://"), copie_donnees)
    assert any(e.champ == "gratuite" for e in erreur.value.erreurs)


def test_circonscription_de_police_enregistree(moteur_sqlite):
    with moteur_sqlite.connect() as connexion:
        requete = select(CommuneLigne.zone, CommuneLigne.circonscription_police).where(CommuneLigne.nom == "Vineuil")
        assert tuple(connexion.execute(requete).one()) == ("police", "Blois")


def test_base_d_un_ancien_schema_reconstruite_avec_les_nouvelles_colonnes(tmp_path):
    """Une base construite avant l'ajout d'une colonne (ici situation.violence) est remise à jour."""
    moteur = creer_moteur(f"sqlite:///{tmp_path / 'ancienne.sqlite'}")
    with moteur.begin() as connexion:
        connexion.execute(text("CREATE TABLE situation (id VARCHAR(60) PRIMARY KEY, libelle TEXT NOT NULL)"))
    construire(moteur)
    situations = Annuaire(moteur).situations()
    assert situations["violences_conjugales"].violence and not situations["escroquerie"].violence


def test_construction_postgresql(moteur_postgres):
    assert _compter(moteur_postgres)[0] >= 60


def test_cli_valide_construit_montre_exporte_lacunes(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANNUAIRE_DB_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    assert principal(["validate"]) == 0
    assert principal(["build"]) == 0
    assert principal(["build", "--si-besoin"]) == 0
    assert "Base à jour" in capsys.readouterr().out
    assert principal(["show", "crip-41"]) == 0
    sortie = capsys.readouterr().out
    assert "02 54 56 06 96" in sortie and "departement41.fr" in sortie
    assert principal(["show", "inexistant"]) == 1
    assert principal(["export", str(tmp_path / "contacts.csv")]) == 0
    csv = (tmp_path / "contacts.csv").read_text(encoding="utf-8")
    assert "crip-41" in csv and "https://departement41.fr" in csv
    assert principal(["gaps"]) == 0
    lacunes = capsys.readouterr().out
    assert "france-victimes-41" in lacunes and "aucun contact" in lacunes and "pas de téléphone" in lacunes
    assert "crip-41 " in lacunes and "repose seulement sur le plan" in lacunes


def test_service_recharge_apres_reconstruction_et_garde_l_ancien_si_refusee(tmp_path, copie_donnees):
    """Le service suit une reconstruction réussie ; une reconstruction refusée ne change rien."""
    from knowledge.annuaire import Annuaire

    moteur = creer_moteur(f"sqlite:///{tmp_path / 'c.sqlite'}")
    construire(moteur)
    service = Annuaire(moteur, verification=0)
    avant = service.structure("mjd-blois")
    assert avant is not None
    fichier = copie_donnees / "structures" / "justice-acces-au-droit.yaml"
    propre = fichier.read_text(encoding="utf-8")
    fichier.write_text(propre + "\n- id: [cassé\n", encoding="utf-8")
    with pytest.raises(AnnuaireInvalide):
        construire(moteur, copie_donnees)
    assert service.structure("mjd-blois") == avant
    nouveau = propre.replace("Maison de justice et du droit de Blois (point-justice)", "MJD de Blois", 1)
    fichier.write_text(nouveau, encoding="utf-8")
    construire(moteur, copie_donnees)
    assert service.structure("mjd-blois").nom != avant.nom


def test_service_garde_l_instantane_si_la_base_devient_illisible(tmp_path, caplog):
    """Base corrompue après le chargement : réponses inchangées, une seule ligne de journal."""
    from knowledge.annuaire import Annuaire

    chemin = tmp_path / "d.sqlite"
    moteur = creer_moteur(f"sqlite:///{chemin}")
    construire(moteur)
    service = Annuaire(moteur, verification=0)
    attendu = [p.structure.id for p in service.orient("violences_conjugales", "41269").toutes]
    moteur.dispose()
    chemin.write_bytes(b"ceci n'est pas une base SQLite" * 100)
    with caplog.at_level("WARNING", logger="knowledge.annuaire"):
        for _ in range(3):
            assert [p.structure.id for p in service.orient("violences_conjugales", "41269").toutes] == attendu
    assert len([r for r in caplog.records if "illisible" in r.getMessage()]) == 1


def test_pendant_un_rechargement_les_autres_demandes_n_attendent_pas(tmp_path, monkeypatch):
    """Un fil relit la base après une reconstruction ; les autres servent l'instantané en place."""
    import threading

    import knowledge.annuaire as module

    moteur = creer_moteur(f"sqlite:///{tmp_path / 'r.sqlite'}")
    construire(moteur)
    service = module.Annuaire(moteur, verification=0)
    avant = service.instantane()
    entree, sortie = threading.Event(), threading.Event()
    lire = module.lire_instantane

    def lecture_lente(m):
        entree.set()
        assert sortie.wait(10)
        return lire(m)

    monkeypatch.setattr(module, "lire_empreinte", lambda m: "reconstruite")
    monkeypatch.setattr(module, "lire_instantane", lecture_lente)
    fil = threading.Thread(target=service.instantane)
    fil.start()
    assert entree.wait(10)
    assert service.instantane() is avant  # répond tout de suite, pendant la relecture
    sortie.set()
    fil.join(10)
    assert service.instantane() is not avant


def test_prechargement_au_demarrage(tmp_path, monkeypatch, caplog):
    """Le serveur d'actions lit la base avant la première demande ; sans base, rien n'est créé."""
    import knowledge.annuaire as module

    absente = tmp_path / "absente.sqlite"
    monkeypatch.setenv("ANNUAIRE_DB_URL", f"sqlite:///{absente}")
    monkeypatch.setattr(module, "_par_defaut", None)
    assert module.precharger() is False and not absente.exists()

    chemin = tmp_path / "p.sqlite"
    construire(creer_moteur(f"sqlite:///{chemin}"))
    monkeypatch.setenv("ANNUAIRE_DB_URL", f"sqlite:///{chemin}")
    monkeypatch.setattr(module, "_par_defaut", None)
    assert module.precharger() is True
    assert module.annuaire()._instantane is not None

    chemin.write_bytes(b"pas une base" * 100)
    monkeypatch.setattr(module, "_par_defaut", None)
    with caplog.at_level("WARNING", logger="knowledge.annuaire"):
        assert module.precharger() is False
    assert any("nouvel essai" in r.getMessage() for r in caplog.records)
