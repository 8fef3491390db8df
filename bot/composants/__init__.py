"""Composants NLU du pipeline. Importés par Rasa à chaque chargement du modèle (et à
l'entraînement) : c'est là que s'installent le chargement rapide des modèles TensorFlow
(bot.demarrage) et les allègements par message (bot.performance)."""

from bot import demarrage as _demarrage
from bot import performance as _performance

_demarrage.installer()
_performance.installer()
