"""Composants NLU du pipeline. Importés par Rasa à chaque chargement du modèle : c'est là que
s'installe le chargement rapide des modèles TensorFlow (bot.demarrage)."""

from bot import demarrage as _demarrage

_demarrage.installer()
