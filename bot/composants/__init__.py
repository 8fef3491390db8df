"""Composants NLU du pipeline. Rasa importe ce paquet (chemins de config.yml) à l'entraînement et
avant de charger le modèle : c'est là qu'il faut poser les surcharges de Rasa (bot.surcharges),
avant que SpacyNLP, DIET et TED ne soient chargés."""

from bot import surcharges

surcharges.installer()
