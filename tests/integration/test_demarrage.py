"""Démarrage : le serveur est prêt pour la première personne (modèle préchauffé, annuaire lu)."""

from __future__ import annotations

import re


def test_rasa_prechauffe_au_demarrage(pile):
    journal = pile.rasa.texte_journal()
    assert re.search(r"Serveur préchauffé en \d+\.\d s", journal)
    assert "Préchauffage impossible" not in journal


def test_annuaire_lu_par_le_serveur_d_actions_avant_la_premiere_demande(pile):
    debut = pile.actions.texte_journal().split("Action endpoint is up and running")[0]
    assert re.search(r"Annuaire chargé au démarrage \(\d+ structures\)", debut)

