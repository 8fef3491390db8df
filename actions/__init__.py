"""Actions Rasa. Le journal du serveur d'actions est caviardé dès l'import (bot.garde.journal), et
l'annuaire est lu dès le démarrage du serveur d'actions plutôt qu'à la première demande
(ANNUAIRE_PRECHARGE=0 pour ne pas le faire, comme dans les tests unitaires)."""

import os

from bot.garde import journal as _journal
from knowledge.annuaire import precharger as _precharger

_journal.installer()
if os.environ.get("ANNUAIRE_PRECHARGE", "1") != "0":
    _precharger()
