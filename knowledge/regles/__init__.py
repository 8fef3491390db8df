"""Règles déterministes sur le texte français, sans Rasa : danger, profil, refus, question.

Chaque règle existe ici une seule fois ; les composants NLU (bot/composants/) et les actions
n'en sont que des adaptateurs. Toutes lisent le texte normalisé (knowledge.texte.normaliser).
"""

from knowledge.regles.danger import (
    apaise,
    arrivee_de_l_agresseur,
    danger_dans_la_suite,
    detecter_danger,
    exprime_peur,
)
from knowledge.regles.hostile import demande_l_adresse_d_une_personne, demande_une_adresse, est_hostile
from knowledge.regles.profil import detecter_profil, est_mineur, parle_d_un_mineur, se_presente
from knowledge.regles.question import est_question
from knowledge.regles.refus import est_refus

__all__ = ["apaise", "arrivee_de_l_agresseur", "danger_dans_la_suite", "demande_l_adresse_d_une_personne",
           "demande_une_adresse", "detecter_danger", "detecter_profil", "est_hostile",
           "est_mineur", "est_question", "est_refus", "exprime_peur", "parle_d_un_mineur", "se_presente"]
