"""Actions Rasa. Le journal du serveur d'actions est caviardé dès l'import (bot.journal)."""

from bot import journal as _journal

_journal.installer()
