"""Lire la ou les situations d'un récit (knowledge/recit.py, motifs dans knowledge/data/recits.yaml)."""

from __future__ import annotations

import pytest

from knowledge.recit import situations_du_texte


@pytest.mark.parametrize(("texte", "attendues"), [
    ("mon mari me frappe et les enfants voient tout", ["violences_conjugales", "enfant_en_danger"]),
    ("Depuis deux ans mon conjoint boit. Le soir il hurle et casse tout. Hier il m'a poussée contre le mur "
     "devant ma fille de six ans. J'ai honte d'en parler.", ["violences_conjugales", "enfant_en_danger"]),
    ("ma grand-mère se fait voler son argent par son aide à domicile", ["maltraitance_personne_vulnerable"]),
    ("je me suis fait avoir par un faux conseiller bancaire, 3000 euros partis", ["escroquerie"]),
    ("au collège ils se moquent de moi tous les jours dans la cour", ["harcelement_scolaire"]),
    ("le voisin me traite de sale arabe, c'est du racisme", ["discrimination"]),
    ("mon fils de 15 ans fume du cannabis tous les soirs", ["addiction_jeune"]),
    ("je dors dans ma voiture depuis qu'il m'a mise dehors", ["hebergement_urgence"]),
])
def test_situations_lues(texte, attendues):
    lues = situations_du_texte(texte)
    assert lues[: len(attendues)] == attendues


@pytest.mark.parametrize("texte", ["il fait beau aujourd'hui", "bonjour", "merci beaucoup", "quelle heure est-il"])
def test_rien_a_lire(texte):
    assert situations_du_texte(texte) == []
