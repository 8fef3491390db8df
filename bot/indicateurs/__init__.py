"""Indicateurs d'activité anonymes, pour les pilotes du dispositif (CDPDR, Département, associations).

Des **événements, pas des conversations** : à la fin de chaque orientation, réponse à une question
ou incompréhension, le serveur d'actions écrit une ligne anonyme dans la base de l'annuaire
(table `indicateur_evenement`) : jour, tranche de 4 heures, arrondissement (jamais la commune),
situation, profil, chemin du danger emprunté juste avant (oui/non), structures et lignes
proposées, issue, échec éventuel, site partenaire déclaré, premier échange de la conversation ou
non. Jamais de texte, d'identifiant de conversation, de commune, d'adresse IP ni d'heure exacte.

- `enregistrement` : `noter(tracker, dispatcher, issue, …)`, l'API des actions ;
- `stockage` : la table, la lecture et la purge (36 mois, lancée par bot.stockage.retention) ;
- `publication` : les règles de petits effectifs (k = 5), communes à la page et aux exports ;
- `page` : la page des pilotes (`/indicateurs` de bot.page_demo, derrière INDICATEURS_JETON) ;
- `export` et `python -m bot.indicateurs export --mois AAAA-MM` : CSV et XLSX.
"""

from bot.indicateurs.enregistrement import attendre_ecritures, noter

__all__ = ["attendre_ecritures", "noter"]
