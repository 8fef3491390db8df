"""Danger immédiat et idées suicidaires : règles déterministes qui priment sur le classifieur.

`detecter_danger(texte)` donne l'intention à forcer, `urgence` ou `idees_suicidaires`, ou None. Le
chemin d'urgence qui suit ne repose que sur des règles et des réponses du domaine (ni serveur
d'actions, ni base). Avant les motifs, les noms de dispositifs qui déclencheraient seuls une alerte
(noms, sigles et alias des fiches) et les expressions neutres de `knowledge/data/danger_neutre.yaml`
(« mise en danger », « en cas de danger ») sont neutralisés ; une négation juste avant un motif
l'annule (« pas en danger ») ; un récit ancien sans signe actuel (« il y a dix ans ») n'est pas une
urgence. Si ces fichiers sont illisibles, rien n'est neutralisé : plus d'alertes, jamais moins.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path

import yaml

from knowledge.regles.enfant import urgence_enfant
from knowledge.regles.faisceau import faisceau_de_danger
from knowledge.regles.motifs import AUTEUR, PRESENT_IMMEDIAT, Regle, premiere, present, regle
from knowledge.regles.profil import detecter_profil
from knowledge.regles.question import est_question
from knowledge.texte import LONGUEUR_LUE, lire_message, normaliser

journal = logging.getLogger(__name__)
DOSSIER_DONNEES = Path(__file__).resolve().parent.parent / "data"
_FICTION = re.compile(
    r"\b(?:dans|j ecris|j ai revu|j ai vu|je regarde|j ecoute|je lis|je viens de voir|on vient de voir|j ai regarde"
    r"|on a regarde|on regarde) (?:un |une |le |la |ce |cette |mon )?"
    r"(?:son de rap|chanson|film|serie|roman|livre|clip|scene|jeu video|polar|thriller|nouvelle|scenario"
    r"|piece de theatre|court metrage|bd|manga)\b|\bj ecris un (?:roman|polar|thriller|livre|scenario)\b"
    r"|\b(?:escape game|jeu de role|murder party)\b"
    r"|\b(?:joue|jouent|jouer|il joue) (?:en ligne|en reseau|a (?:fortnite|call of duty|gta|minecraft|la console))\b"
    r"|\b(?:je viens de regarder|j ai regarde|on a regarde|je regardais) (?:\w+ ){0,6}(?:a la tele|a la television"
    r"|au cinema|sur netflix|en streaming)\b"
)
# Un rêve, un cauchemar (pas « c'est un cauchemar », « je vis un cauchemar ») : « chez moi » y appartient au rêve.
_REVE = re.compile(
    r"\b(?:je reve|j ai reve|je fais (?:\w+ ){0,5}(?:cauchemars?|reves?)|le meme (?:cauchemar|reve)"
    r"|dans (?:mes|mon) (?:reves?|cauchemars?))\b"
)
# Un fait divers, un procès, une peine demandée : on parle d'autres gens, pas d'un danger vécu.
# Les deux à la fois : un média ou un procès, et une question sur la peine (« il ferait comme le type vu aux
# infos » est une menace, pas un fait divers).
_FAIT_DIVERS = re.compile(
    r"^(?=.*\b(?:a la radio|la radio|a la tele|aux infos|au journal|dans le journal|un article|un reportage"
    r"|fait divers|un proces|le proces|au tribunal de)\b)"
    r"(?=.*\b(?:quelle peine|quelles peines|combien (?:de temps )?(?:on )?risque|que risque|qu est ce qu on risque"
    r"|risque combien|il risque|condamne a)\b)"
)
# La scène est finie : l'auteur est arrêté, en garde à vue ou en prison.
_RESOLU = re.compile(
    r"\b(?:en garde a vue|l ont (?:emmene|embarque|arrete|interpelle)|a ete (?:arrete|interpelle|incarcere|place en"
    r" detention)|est en prison|est incarcere|les gendarmes sont venus et|la police est venue et)\b"
)
_RELACHE = re.compile(r"\b(?:relache|relachee?|libere|liberee?|ressorti|est revenu|est de retour|est sorti|est la)\b")
# Une hyperbole (« ma mère va me tuer quand elle verra mon bulletin », « mdr ») : pas une menace.
_HYPERBOLE = re.compile(
    r"\b(?:md+r+|lo+l+|ptdr+|xptdr+|hah\w*|hih\w*|jpp+|mort de rire)\b"
    r"|^(?=.*\b(?:bulletin|notes?|controle|exam\w*|retard|permis|facture|chargeur|console)\b)"
    r".*\b(?:je suis (?:mort|morte)|(?:elle|il) va m (?:egorger|tuer|buter|defoncer|massacrer))\b"
    r"|^(?=.*\b(?:demain|examen|exam|oral|bac|partiel|convoqu\w*|reunion|entretien|retard|honte|ridicule|bulletin"
    r"|controle)\b).*\bje vais (?:mourir|crever)\b"
    r"|\bc (?:est )?grave docteur\b"
    r"|\bmenace\w* de m (?:etrangler|tuer|buter|egorger) si (?:\w+ ){0,8}(?:vaisselle|menage|poubelles?|linge"
    r"|chaussettes|frigo|musique|chargeur|console|telecommande|chips|nutella)\b"
    r"|\b(?:va|vont|allait|allaient) (?:me|le|la|nous) tuer (?:si|quand|s il|s ils|s elle|le jour ou|parce qu"
    r"|parce que|car)"
    r" (?:\w+ ){0,6}"
    r"(?:retard|bulletin|notes?|controle|exam\w*|rate|oublie|facture|rayure|raye|permis|devoirs|mauvaise note"
    r"|casse\w*|tele|television|ballon|vase|console)\b"
    r"|^(?=.*\b(?:photo|snap|insta|pyjama|console|jeu|devoirs?|story|tiktok|fifa|fortnite|minecraft|mario|partie)\b)"
    r"(?=.*\b(?:frere|soeur|pote|cousine?|copine|copain)\b)"
    r".*\bje vais (?:le|la|les) (?:tuer|buter|massacrer|defoncer)\b"
)
# Une punition racontée par un ado (« enfermée dans ma chambre, privée de tel jusqu'à vendredi ») : pas une urgence.
_PUNITION = re.compile(
    r"^(?!.*\b(?:frapp\w*|tape\w*|coups?|gifl\w*|menac\w*|bless\w*|sang|ceinture)\b)"
    r".*\b(?:privee? de (?:tel|telephone|portable|sortie|sorties|console|wifi|ecran)|je suis punie?|on m a punie?)\b"
)
# Dans un film ou une chanson, « ce soir » appartient à l'histoire : seul ce qui se passe chez la personne compte.
_CHEZ_MOI_MAINTENANT = re.compile(r"\b(?:maintenant|en ce moment|la maintenant|chez moi|a la maison|il est la)\b")
# Ce qui dit qu'une situation décrite par un professionnel se joue maintenant (sinon : pas d'alerte).
_MAINTENANT = re.compile(
    rf"\b(?:{PRESENT_IMMEDIAT}"
    r"|(?:vient|viennent) (?:de|d)(?! (?:me|nous) (?:dire|raconter|confier|parler|reveler|expliquer|montrer))"
    r"|dans mon bureau|(?:il|elle|mari|conjoint|compagnon|ex|copain) (?:m |l |nous )?attend\b|devant (?:l ecole"
    r"|le college|l hopital|la mairie|le cabinet|mon bureau)|(?:il|elle) (?:est|arrive) (?:la|ici|devant)"
    r"|tout de suite|urgence|ne (?:repond|decroche|ouvre) (?:pas|plus)|par la fenetre"
    r"|(?:je suis|je me trouve|j attends) (?:\w+ ){0,3}devant (?:la maison|chez|sa porte|son domicile|l immeuble"
    r"|la porte)|j entends (?:\w+ ){0,4}(?:gemir|crier|hurler|pleurer|appeler a l aide|appeler au secours))\b"
)

# L'agresseur là, tout près, malgré « je suis en sécurité ».
_MAINTENANT_DEVANT = re.compile(r"\b(?:il est (?:la|ici|devant|dehors|en bas)|devant (?:chez moi|la porte|ma porte))\b")

# « il s'est excusé » : la scène est finie (enfermement, téléphone pris).
_EXCUSES = r"\bil s est excuse\w*\b|\belle s est excusee\b"
_PRONOM = r"(?:me|m|la|l|le|nous|les|te|t|lui|ma|mon|mes)"
_LIEU_A_MOI = (
    r"(?:chez (?:moi|nous)|(?:ma|la|notre) porte|(?:la|ma|notre) maison|(?:mon|l) immeuble|la residence"
    r"|(?:mon|l) appart\w*|mon logement|mon domicile|(?:ma|la) fenetre|mes fenetres|(?:le|mon) portail|la grille"
    r"|(?:le|mon) batiment|mon travail|mon boulot|ma voiture)"
)
_ENFANTS = r"(?:fils|fille|filles|enfant|enfants|bebe|petit|petite|petits|gamin|gamine|gamins|gosses|loulou)"
_TRAJETS = r"(?! (?:en|au|aux|a|chez|pour|dans|camper|manger|diner|faire|demain|bientot|ce week|vers)\b)"

# Dit avant les idées suicidaires : une menace de tuer les autres avec soi est une urgence (17).
REGLES_AVANT_SUICIDE: list[Regle] = [
    regle("on_part_tous", rf"\bon (?:va |vas |vont )?(?:part|partir|partira|partirait) (?:tous|toutes)\b{_TRAJETS}"
          rf"|\bon (?:va |vas )?(?:tous|toutes) (?:partir|mourir|y passer|crever)\b{_TRAJETS}"
          rf"|\btout le monde (?:va )?(?:part|partir|partira|s en va|y passe|y passera)\b{_TRAJETS}"),
    regle("homicide_suicide",
          r"\b(?:se tuer|me tuer|se suicider|me suicider|se foutre en l air|en finir|mourir)\b(?: \w+){0,4} "
          r"(?:avec (?:nous|les enfants|moi|eux|toute la famille|les petits)|et (?:nous|les enfants|moi) (?:avec|aussi)"
          r"|(?:nous|les enfants|les petits) (?:avec|aussi))\b"
          r"|\ben finir avec (?:nous|les enfants|moi|toute la famille|tout le monde)\b"
          r"|\bemmener avec (?:lui|elle) (?:dans la mort|dans sa mort|au ciel|la haut|en enfer|dans la tombe)\b"
          r"|\b(?:saute|sauter|sautera|se jeter|se jette|se jettera)\b.{0,20}\bavec (?:lui|elle|eux|le petit|la petite"
          r"|notre (?:fils|fille|bebe)|mon (?:fils|bebe)|ma fille|les enfants|le bebe)\b"
          r"|\b(?:jambe|jambes|pied) (?:\w+ ){0,2}par dessus (?:la|le) (?:rambarde|balustrade|garde corps|parapet)\b"
          r"|\bon (?:finit|finira|finisse) ensemble (?:dans|contre|sous)\b"
          r"|\b(?:nous|me|m|les) (?:envoyer|planter|jeter|foncer|encastrer) (?:dans|contre) (?:un|le|une|la) "
          r"(?:platane|arbre|mur|fosse|ravin|pont|camion|poteau)\b"),
]

REGLES_SUICIDE: list[Regle] = [
    regle("suicide", r"\b(?:me|se|te) suicider\b|\bsuicid", ancien=False,
          # « il menace de se suicider si je ne reviens pas » : un chantage, pas la personne qui écrit
          sauf=r"\bmenace\w* de se (?:suicider|tuer|foutre en l air) si\b|\bchantage au suicide\b"
               r"|\bsi (?:je|tu) (?:\w+ ){0,3}(?:quitte|quittes|pars|le quitte|la quitte)\b.{0,30}\b(?:il|elle) se "
               r"(?:suicide|suiciderait|suicidera|tue|tuera|tuerait)\b"
               r"|\b(?:tentative de suicide|tente de me suicider|fait une ts) (?:\w+ ){0,3}(?:a \d+ ans|il y a \d+ ans"
               r"|quand j etais)\b"
               r"|\b(?:l an dernier|l annee derniere|il y a (?:\w+ )?(?:ans?|mois|annees)|en (?:19|20)\d\d)\b.{0,60}"
               r"\b(?:tentative de suicide|fait une ts)\b(?=.*\b(?:ca va (?:\w+ )?mieux|je vais mieux|je suis suivie?"
               r"|je me soigne)\b)"),
    regle("derniers_gestes",
          r"\b(?:donne|distribue)\w* (?:\w+ ){0,3}(?:mes affaires|mes bijoux|ma console|mes trucs|mes habits)\b"
          r"(?=.*\b(?:plus simple|mieux|ce soir|pour tout le monde|tt le monde)\b)"
          r"|\b(?:plus simple|mieux|plus facile) pour (?:tout le monde|tt le monde|vous|eux|ma famille)\b"
          r"|\bcombien (?:\w+ ){0,4}(?:pour|faut il pour) (?:dormir longtemps|ne plus se reveiller|mourir|en finir)\b"
          r"|\bdormir (?:longtemps|pour toujours) (?:\w+ ){0,3}(?:medocs|medicaments|cachets|boites)\b"
          r"|\bdites? a (?:ma|mon|mes) (?:mere|pere|parents|soeur|frere|maman|papa) que (?:c est "
          r"|c )?pas (?:sa|leur|ta|de sa) faute\b"
          r"|\bsur (?:le|un) pont\b(?=.*\b(?:la|maintenant|froid|sauter|vide)\b)"
          r"|\becrit a (?:ma|mon|mes) (?:mere|pere|parents|soeur|frere) pour (?:lui "
          r"|leur )?dire (?:pardon|adieu|au revoir)\b"
          r"|\bj irai plus nulle part\b"
          # adieux envoyés par un proche : « merci pour tout, prends soin de mon chat », « pardon maman »
          r"|\bmerci pour tout\b(?=.*\b(?:prends soin|prenez soin|tu vas me manquer|vous allez me manquer|adieu"
          r"|eteint son (?:telephone|portable)|ne repond plus|ne decroche plus)\b)"
          r"|\bprends soin de (?:mon|ma|mes) (?:chat|chien|enfants|fils|fille|maman|mere|animaux|plantes)\b"
          r"(?=.*\b(?:manquer|adieu|merci pour tout|pardon)\b)"
          r"|\bpardon (?:maman|papa|a tous|pour tout)\b(?=.*\b(?:trop lourd|trop dur|plus la force|adieu|viaduc|pont"
          r"|pas rentre|ne repond)\b)"
          r"|^(?=.*\b(?:ce soir|cette nuit|tout ce qu il faut|tiroir|merci a|pour toujours|tout est pret)\b).*"
          r"\bdormir longtemps\b"
          r"|\b(?:sur|au|vers) (?:le )?pont\b.{0,60}\b(?:ce sera (?:termine|fini)|tout sera (?:termine|fini)"
          r"|je saute)\b"
          r"|\b(?:ce soir|cette nuit)\b.{0,60}\b(?:ce sera|tout sera) (?:termine|fini)\b"
          r"|\b(?:n aurez|n aurons|n aura|n auront|aurez|aurons) (?:bientot )?plus a (?:vous|nous|t|te|s|vous en) ?"
          r"occuper de moi\b"
          r"|^(?!.*\b(?:je pars|partir|depart|valise|quitter|demenag\w*)\b)(?=.*\b(?:merci|adieu|pardon|lettre"
          r"|quelqu un avant)\b).*\bj ai tout (?:prepare|organise|range|regle)\b",
          ancien=False),
    regle("lettre_d_adieu", r"\b(?:lettres?|messages?|mots?|posts?|videos?) d adieux?\b"
                            r"(?! (?:a|pour|aux) (?:son|ses|leur|mes|mon|ma|sa) (?:ancien|anciens|ancienne|collegues"
                            r"|equipe|travail|boulot|club|eleves|classe))"
                            r"|\b(?:prepare|ecrit|laisse|redige)\w* (?:\w+ ){0,2}(?:une |des |ma )?lettres? (?:pour|a) "
                            r"(?:chacun (?:de|d) |chacune (?:de|d) |tous |toutes )?"
                            r"(?:mes|mon|ma|les) (?:enfants|fils|fille|mari|femme|famille|parents|proches|mere|pere"
                            r"|petits|soeur|frere|copine|copain|meilleure amie|meilleur ami|maman|papa)\b",
          ancien=False),
    regle("en_finir", r"\ben finir\b(?! avec (?:cette relation|ce mariage|mon couple|les violences|la violence"
                      r"|ce harcelement|le harcelement|cette procedure|les demarches|lui|mon ex)\b)", ancien=False),
    regle("fin_de_vie", r"\bmettre fin a (?:mes jours|ma vie|ses jours|sa vie)\b", ancien=False),
    regle("mourir", r"\b(?:envie|idee|idees|pense|penser) (?:de|a) mourir\b"
                    r"|\b(?:veux|jveux|voudrais|prefere|prefererais|souhaite|aimerais) "
                    r"(?:mourir(?! de (?:honte|rire|froid|chaud|faim|fatigue|ennui|peur))"
                    r"|crever(?! de (?:honte|rire|froid|chaud|faim|fatigue|ennui))"
                    r"|ne plus me reveiller|plus me reveiller|dormir pour toujours|ne plus exister"
                    r"|plus exister|ne plus vivre|plus vivre|ne plus etre la|plus etre la|ne plus etre en vie"
                    r"|plus etre en vie)\b|\bne (?:plus|jamais) me reveiller\b"
                    r"|\b(?:il|elle|ils|elles) (?:\w+ ){0,2}(?:veut|voudrait|voulait|veulent) "
                    r"(?:mourir|se tuer|en finir)\b",
          ancien=False),
    regle("plus_envie_de_vivre",
          r"\bplus (?:envie|aucune envie|la force|aucune raison|de raison) de vivre\b|\bmarre de (?:la vie|vivre)\b"
          r"|\bfatiguee? de (?:vivre|la vie)\b|\ba quoi bon (?:vivre|continuer)\b|\bla vie n a plus (?:de|aucun) sens\b"
          r"|\b(?:seraient|serait|seront|serais) (?:mieux|plus tranquilles?|plus heureux|plus heureuse) sans moi\b"
          r"|\bserais mieux morte?\b|\bdebarrasse\w* de moi\b"
          r"|\b(?:plus simple|mieux|plus facile) de (?:ne )?(?:plus me reveiller|mourir|disparaitre"
          r"|plus etre la|ne plus etre la|en finir)\b", ancien=False),
    regle("disparaitre", r"\bdisparaitre (?:pour toujours|a jamais|de ce monde|de la surface)\b"
                         r"|\b(?:veux|voudrais|aimerais|envie de) disparaitre\b(?! (?:de (?:sa|chez)|loin|pour qu))",
          ancien=False),
    # « Je veux partir rejoindre mon mari » : une veuve qui veut mourir.
    regle("rejoindre_un_defunt",
          r"\b(?:partir|aller|vais|veux|voudrais|irai) (?:pour )?(?:(?:le|la|les) (?:rejoindre"
          r"|retrouver)|rejoindre (?:papi|papy|mamie|mamy|pepe|meme)"
          r"|rejoindre (?:mon|ma|mes) (?:defunte? )?(?:mari|femme|epoux|epouse|fils|fille|enfant|enfants|bebe|parents"
          r"|mere|pere|maman|papa|papi|papy|mamie|mamy|compagnon|compagne|homme|cheri|cherie))\b"
          r"(?! (?:en|a|chez|dans|pour|sur)\b| au (?!ciel|paradis))"
          r"|\b(?:rejoindre|retrouver) (?:\w+ ){1,2}(?:au ciel|au paradis|la haut|dans l au dela|de l autre cote)\b"
          r"|\brejoindre (?:mon|ma) (?:defunt|defunte|regrette|regrettee|feu)\b", ancien=False),
    regle("moyens", r"\bje (?:vais|veux) me (?:tuer|foutre en l air|jeter)\b"
                    r"|\b(?:je|j) (?:\w+ ){0,4}me (?:tuer|pendre|jeter sous)\b"
                    r"|\b(?:envie|idee|idees|pense|penser|besoin) (?:de|a) me tuer\b|\bme foutre en l air\b"
                    r"|\bme (?:pendre|ouvrir les veines|couper les veines|jeter (?:sous|par|du|d un|dans))\b"
                    r"|\b(?:vais|veux|envie de|pense a) (?:sauter (?:du|d un|par|de la|depuis|sous)"
                    r"|avaler (?:tous|toute|toutes))\b"
                    r"|\bme (?:scarifie|scarifier|mutile|mutiler)\b"
                    r"|\bprepar\w* (?:\w+ ){0,2}(?:cachets?|medocs?|medicaments|comprimes|pilules|corde)\b"
                    r"|\bmis de cote (?:les |des |mes |tous mes )?(?:cachets|medicaments|medocs|comprimes|pilules)\b"
                    r"|\b(?:ne serai|serai) plus (?:un|une) (?:poids|fardeau|charge)\b"
                    r"|^(?=.*\b(?:medicaments|cachets|medocs|comprimes|pilules|boites)\b).*\bje vais (?:les|tout) "
                    r"(?:prendre|avaler)\b"
                    # les moyens préparés, le bord du vide
                    r"|^(?=.*\bcharbon de bois\b).*\b(?:ruban adhesif|scotch|calfeutr\w*|vitres|fenetres fermees"
                    r"|voiture fermee|garage)\b"
                    r"|\b(?:passe|enjambe|franchi)\w* (?:la|le) (?:rambarde|garde corps|parapet|balustrade)\b"
                    r"|\b(?:comprimes|cachets|medicaments|medocs|pilules) (?:\w+ ){0,4}dans (?:un|le|mon) (?:bol|verre"
                    r"|sachet)\b(?=.*\b(?:ce soir|cette nuit|je les prends|les prendre|avaler)\b)",
          ancien=False),
    regle("tout_arreter", r"\b(?:envie|envi|besoin) de (?:tout|tt) (?:arreter|arrete|stopper|lacher)\b",
          avec=r"\b(?:j ?en peu\w* plu\w*|en peu\w* plu\w*|(?:peux|peut|pe) (?:plus|plu)|cachets?|medocs?|ce soir"
               r"|vivre|mourir|fatiguee?"
               r"|la force|sert a rien)\b", ancien=False),
]

# Des idées passagères, dites avec une atténuation (« parfois je me dis que… »), sans plan ni moment ni moyen :
# pas la réponse d'urgence, mais l'orientation vers le 3114 (la situation « idees_suicidaires » des récits).
IDEES_PASSIVES = frozenset({"mourir", "plus_envie_de_vivre", "disparaitre", "derniers_gestes"})
_PASSAGER = re.compile(
    r"\b(?:parfois|des fois|il m arrive (?:de|d)|de temps en temps|de temps a autre|ca m arrive de|ca me traverse"
    r"|il y a des jours ou)\b"
)
_IMMINENT = re.compile(
    r"\b(?:ce soir|cette nuit|maintenant|aujourd hui|demain|tout de suite|cachets?|medicaments|medocs|comprimes"
    r"|pont|corde|adieu|lettre|tout prepare|j ai prepare|plan|comment faire|je vais le faire|sauter)\b"
)

REGLES_URGENCE: list[Regle] = [
    # Menaces de mort.
    # sauf : « qu'attend la justice, qu'il me tue ? », « mes parents vont me tuer s'ils le savent »
    regle("menace_de_tuer",
          r"\b(?:va|vas|veut|veu|voulait|vont|menace de|menace|menacee? de|essaie de|essaye de|a essaye de) "
          rf"{_PRONOM} ?"
          r"(?:tuer|tue|egorger|etrangler|buter|cramer)\b"
          rf"|\b{_PRONOM} ?(?:tuer|egorger|buter|tuera|tuerait)\b"
          r"|\bqu (?:il|elle|ils) (?:ne )?(?:me|m|nous|te|t) ?tue(?:nt)?\b(?! \?)"
          r"|\b(?:va|vas|allait|vont|veut|voulait) (?:me|m|te|nous|la|le) "
          r"(?:finir|achever|saigner|planter|faire la peau|faire disparaitre)\b"
          r"|\bjusqu a ce qu (?:on|nous|elle|je|ils|les enfants) n (?:existe|existions|existent) plus\b"
          r"|\bmenac\w* de morts?\b"
          r"|\b(?:tuer|buter|egorger|tuera|tuerait) (?:les enfants|mes enfants|nos enfants|les petits|toute la famille"
          r"|tout le monde|ma mere|sa femme|ma fille|mon fils)\b",
          sauf=r"\battend\w* (?:\w+ ){0,3}qu (?:il|elle) (?:me|la|nous) tue\b"
               r"|\b(?:le dire|dire|le savent|l apprennent|savaient|decouvrent)\b.{0,40}"
               r"\b(?:vont|va|allaient) me tuer\b"),
    regle("menace_voilee",
          r"\b(?:passeras|passera|passerez|verras|verra|verrez) (?:pas|plus|jamais) (?:la nuit|demain|noel|le matin)\b"
          r"|\b(?:c est|ce sera) (?:ta|votre|notre) derniere (?:nuit|soiree|journee|heure)\b"
          r"|\b(?:tu es|t es|tu as|t as) (?:plus que|encore) (?:\d+|quelques|une|deux) (?:heures?|jours?|minutes?)"
          r" a vivre\b"
          r"|\btentative (?:de strangulation|d etranglement|de meurtre|d homicide|d assassinat)\b"
          # « c'est la dernière fois que tu me vois », « dis adieu à tes enfants », « on ne la reverra plus »
          r"|\bderniere fois (?:que|qu) (?:tu|vous|on|je|il|elle) (?:me |le |la |les |nous |te |l )?"
          r"(?:vois|verras|verrez|verra|voit)\b(?! (?:au|a la|en|dans|chez)\b)"
          r"|\b(?:fais|faire|faites) (?:tes|vos|ses) adieux\b"
          r"|\b(?:dire|dis|dites) adieu a (?:tes|vos|mes|ses|ta|sa|ma|la) "
          r"(?:enfants|gosses|petits|famille|proches|mere|pere|fille|fils|vie)\b"
          r"|\b(?:verrais|verras|verra|verrai|verrez) pas (?:le jour suivant|le lendemain|demain|le matin"
          r"|le soleil se lever|la fin de la (?:nuit|journee|semaine))\b"
          r"|\b(?:tu|vous|on) (?:ne )?(?:la|le|les|me|nous|te|l) ?(?:reverra|reverras|reverrez|reverrons|reverrait"
          r"|reverraient|verras|verrez|verra|verrait) (?:plus|jamais|pas)\b"
          r"|\bsinon (?:il|elle|ils) (?:me|m|nous|te|la|le) ?(?:defonce|tue|frappe|cogne|massacre|bute|crame)\w*\b"
          r"|\bpersonne (?:ne )?(?:viendra|pourra) (?:t |m |nous |te |me )?(?:aider|sauver|proteger|entendre)\b"
          # « si je pars il me tuera », « il tuerait le chien et moi après »
          r"|\bsi (?:je|tu|on) (?:\w+ ){0,3}(?:pars|partais|quitte|quittais|porte plainte|portais plainte|parle|parlais"
          r"|appelle|appelais|divorce|divorcais)\b.{0,60}\b(?:tuer\w*|tue|crever|buter|massacrer|egorger|defoncer"
          r"|tuera|tuerait|tuerai)\b"
          r"|\b(?:il|elle|ils) (?:\w+ )?(?:tuera|tuerait|tueront|tueraient)\b"
          r"|\bsi \w+ .{0,60}\b(?:il|elle|ils) (?:me|te|nous|la|le|les|m|t) ?tue(?:nt|ra|rait)?\b"
          r"|\bsi (?:je|tu) (?:\w+ ){0,6}(?:il|elle|ils) (?:me|m|te|t|nous|la|le) ?(?:\w+ )?(?:ferait|fera|feront"
          r"|va|vont) (?:\w+ ){0,2}(?:tomber|du mal|mal|la peau|disparaitre)\b"
          r"|\bsi (?:je|tu) (?:\w+ ){0,4}(?:m en vais|pars|partais|le quitte)\b.{0,60}\bplus personne\b"
          r"|\b(?:je|tu|vous|elle|on) (?:serai|serais|seras|sera|serez|serait) (?:morte?s?|crevee?s?|a la morgue"
          r"|au cimetiere|dans un cercueil)\b"
          r"|\bje (?:ne )?(?:le|la|les) ?(?:reverrai|reverrais) (?:plus|jamais)\b.{0,30}"
          r"|\b(?:rentrerai|reviendrai|sortirai|rentrera|reviendra|sortira) pas vivante?s?\b"
          r"|\bje (?:ne )?reverrai (?:plus jamais|plus|jamais) (?:le|la|les|mon|ma|mes) "
          r"(?:petit|petite|petits|enfants?|fils|fille|bebe)\b"
          ),
    # Une personne sur le point de frapper, la victime devant elle.
    regle("sur_le_point_de_frapper", r"\b(?:envie|peur) de (?:la|le|les|lui) (?:frapper|tuer|taper|etrangler"
                                     r"|faire du mal)\b",
          avec=r"\b(?:devant moi|maintenant|en ce moment|en train de|peter les plombs|vais craquer)\b"),
    # Armes : citées, montrées, posées sur la table.
    regle("arme", r"\b(?:couteaux?|fusil|pistolet|revolver|carabine|arme a feu|une arme|son arme|hache|flingue|machette"
                  r"|barre de fer|barre a mine"
                  r"|poignard|sabre|batte de baseball|arbalete)\b|\bmenace(?:e|s)? (?:avec|d) (?:un|une) "
                  r"(?:couteau|arme|fusil|pistolet|hache|marteau)\b"
                  r"|\b(?:pose|posee|sorti|sortie|montre|brandi\w*|exhibe|nettoie|nettoyait|charge|agite|pointe) "
                  r"(?:\w+ ){0,4}(?:armes|fusils|couteaux|carabines|pistolets|flingues)\b",
          # « comment fabriquer une arme ? » : une demande, pas une arme présente
          sauf=r"\b(?:ouverture de la chasse|partie de chasse|part a la chasse|parti a la chasse|parti chasser)\b"
               r"|\bcomment (?:on |je |fait on pour |faire pour )?(?:fabrique\w*|construire|faire"
               r"|acheter|avoir|obtenir)"
               r" (?:une |des |un )?(?:arme|armes|fusil|pistolet|couteau)\b"
               # cuisine, chasse, tir sportif : un objet, pas une menace
               r"|^(?!.*\b(?:menac\w*|pointe\w*|sur moi|contre moi|me tuer|nous tuer|brandi\w*)\b)"
               r"(?=.*\b(?:permis de chass\w*|chasseur|ball trap|club de tir|tir sportif|desosser|recette|cuisiner"
               r"|eplucher|aiguiser|affuter|couteaux? a (?:steak|pain|huitres|beurre|legumes))\b)"),
    # Violences en cours, agresseur encore là.
    regle("violences_en_cours",
          rf"\b(?:en train de|continue de) (?:{_PRONOM} ?)?(?:frapper|battre|taper|tabasser|etrangler|violer|cogner"
          r"|donner des coups|mettre des coups|porter des coups)\b"
          rf"|\b(?:vient|viennent|viens) de (?:{_PRONOM} ?)(?:frapper|battre|taper|tabasser|etrangler|violer|cogner"
          r"|pousser|bousculer|jeter par terre|faire tomber"
          r"|blesser|poignarder|bruler|defoncer)\b"
          r"|\b(?:en train de|continue de) (?:casser|defoncer|enfoncer|forcer|tout casser|tout peter|tout detruire"
          r"|tout saccager) ?(?:la|ma|notre|les)? ?(?:porte|portes|fenetre|maison|appart\w*)?\b"
          rf"|\b(?:il|elle|ils|on|{AUTEUR}) {_PRONOM} (?:frappe|bat|tape|etrangle|viole|cogne) "
          r"(?:la|maintenant|en ce moment|encore(?! (?:quand|depuis|a \d|alors|aujourd hui|a mon age|adulte|parfois"
          r"|souvent)))\b"
          r"|\bse (?:fait|font|faire) (?:frapper|battre|taper|tabasser|etrangler|violer|cogner) "
          r"(?:la|maintenant|en ce moment)\b"
          r"|\b(?:enfant|bebe|fils|fille|petit|petite) .{0,40}\b(?:frappe|battu|battue|secoue|secouee) "
          r"(?:la|maintenant|en ce moment)\b"
          r"|\b(?:il|elle|ils) (?:frappe|frappent|bat|battent|tape|tapent|tabasse|cogne|etrangle|secoue) (?:\w+ ){1,3}"
          r"(?:la\b(?! (?:nuit|journee|semaine|plupart|bas|haut|tete|figure|gueule|face))|maintenant|en ce moment)"
          r"|\baidez moi (?:\w+ ){0,2}(?:il|elle) (?:me|m) (?:frappe|tape|bat|cogne|etrangle|viole)\b"
          r"|\b(?:il|elle|ils|on) (?:va|vont|vas|veut) (?:encore |revenir |rentrer et |venir )?(?:me|m|nous) ?"
          r"(?:frapper|taper|battre|tabasser|cogner|defoncer|massacrer)\b(?! sur les nerfs)"),
    regle("me_bouscule", r"^(?=.*\b(?:ce soir|maintenant|la maintenant|en ce moment|ivre|a bu|bourre)\b).*"
                         r"\b(?:il|elle) (?:me|m) (?:bouscule|pousse|secoue|tire les cheveux|tord le bras)\b"
                         r"(?! a bout)",
          habitude=True),
    regle("casse_tout", r"\b(?:il|elle|ils) (?:casse|cassent|defonce|detruit|saccage|fracasse) tout\b",
          avec=r"\b(?:pas le temps|vite|la maintenant|maintenant|en ce moment|peur|juste a cote)\b", habitude=True),
    regle("gare_en_face", r"\b(?:il|elle|sa voiture) (?:est )?garee? (?:juste )?(?:en face|devant|en bas)\b",
          avec=r"\b(?:vient d ecrire|m ecrit|message|regarde par la fenetre|interdiction|ordonnance|peur|menace\w*)\b"),
    regle("enfant_emmene",
          r"\b(?:il|elle) (?:a|tient) (?:ma|mon|mes|notre|nos) (?:fille|fils|enfants?|bebe|petit|petite)"
          r" (?:\w+ ){0,3}(?:voiture|camion|bras)\b|\bparti\w* avec (?:le|la|les|mon|ma|mes|notre|nos) "
          r"(?:petit|petite|petits|enfants?|fils|fille|bebe)\b(?=.*\b(?:bu|ivre|bourre|saoul|alcool"
                           r"|menac\w*)\b)",
          avec=r"\b(?:roule|part|demarre|vite|refuse|menac\w*|bu|ivre|bourre|file|fonce|vient de)\b"),
    regle("il_est_la_il_m_a_frappee",
          r"\b(?:il|elle) (?:est|e) (?:la|ici|a cote)\b.{0,30}\b(?:m a|ma|il m a) "
          r"(?:tape|frappe|cogne|battue?|etranglee?|giflee?)\b"),
    regle("localisee", r"\b(?:a ma localisation|me localise|me geolocalise|me trace|traceur|balise gps)\b",
          # une balise sous la voiture seule : une surveillance, pas un danger en cours
          avec=r"\b(?:parti\w*|enfui\w*|fui|cache\w*|ce soir|appel\w*|fois)\b"),
    regle("arme_posee", r"\bposee? (?:\w+ ){0,3}sur la table\b"
                        r"(?=.*\b(?:sans un mot|me regarde|me fixe|sans rien dire)\b)"
                        r"|\b(?:ressorti|sorti|pris|montre|accroche) (?:\w+ ){0,2}(?:la|une) corde\b"
                        r"|\b(?:bidon|jerrican|jerricane) (?:d )?essence\b"),
    regle("cache_enfermee",
          r"\b(?:je suis|on est|jsuis) (?:\w+ ){0,3}(?:dans la salle de bain|dans les toilettes"
          r"|dans la chambre|dans la cave)"
          r" (?:\w+ ){0,3}(?:verrou|fermee? a cle|bloque la porte)\b"
          r"|\bpartie? en pyjama\b|\ben pyjama (?:\w+ ){0,4}(?:bebe|enfants?|route|rue|dehors)\b"
          r"|\b(?:il|elle) (?:doit|va|vont) (?:me|nous) chercher\b(?=.*\b(?:nuit|noir|route|voiture|batterie)\b)"
          r"|\bpar dessus mon epaule\b"),
    regle("menace_rapportee",
          r"\b(?:disant|dit|ecrit|envoye|sms|message)\w* (?:\w+ ){0,3}j arrive\b(?! (?:pas|plus|a))"
          r"|\bdiscussion definitive\b"
          r"|\bregarde par la fenetre\b(?=.*\b(?:garee?|en face|devant|en bas)\b)"
          r"|\b(?:il|elle) (?:a jure|a dit|dit|jure) qu (?:il|elle) (?:nous|me|m) (?:retrouverait|retrouvera|trouvera"
          r"|trouverait)\b"
          r"|\bphoto (?:\w+ ){0,2}(?:ma|la|notre|mon) (?:porte|maison|rue|fenetre|voiture|immeuble|boite aux lettres)\b"
          r"(?=.*\b(?:minutes?|ouvre|je suis la|devant|en bas|ce soir|maintenant)\b)"
          r"|\b(?:viendra|vient|va venir) dans ma chambre\b"),
    regle("attachee", r"\b(?:m a|il m a|m ont|m avait) (?:attachee?|ligotee?|scotchee?)\b"
                      r"|\battachee? (?:au|a la|a un|a une) (?:radiateur|lit|chaise|poteau|table)\b"),
    regle("ivre_et_violent", r"\b(?:il|elle) (?:est )?(?:bourre|saoul|soul|sou|ivre|defonce|alcoolise)\b",
          avec=r"\b(?:tape|frappe|cogne|casse|hurle|menace)\b(?=.*\bpeur\b)|\bpeur\b(?=.*\b(?:tape|frappe|cogne|casse"
               r"|hurle|menace)\b)", habitude=True),
    regle("agresseur_encore_la",
          r"\b(?:il|elle|ils) (?:est|sont) (?:encore|toujours) (?:la|a la maison|dans la maison|chez moi)\b",
          avec=r"\b(?:viol\w*|frapp\w*|battu\w*|coups?|tape\w*|cogn\w*|agress\w*|tabass\w*)\b"),
    # « il rentre et je vais le regretter », « tu vas voir ce qui va t'arriver, j'arrive »
    regle("menace_a_l_arrivee",
          r"\b(?:vas|va|vais|allez|allons) (?:le regretter|le payer|morfler|prendre cher|voir ce qui va (?:se passer"
          r"|t arriver|m arriver|vous arriver))\b",
          avec=r"\b(?:arrive|rentre|rentrer|revient|dans (?:\d+|cinq|dix|quinze|vingt) minutes|ce soir|en route"
               r"|j arrive|je monte|je viens)\b"),
    regle("il_arrive", r"\b(?:il|elle) (?:arrive|revient|est devant|est la) (?:et|il|elle)? ?(?:va|veut) "),
    # Partie, et il arrive : la fuite découverte.
    regle("depart_poursuivi", r"\b(?:je suis|jsuis|j suis|on est|nous sommes) (?:\w+ )?parti(?:e|es|s)?\b",
          avec=r"\b(?:il|elle|ils) (?:arrive|arrivent|me cherche|nous cherche|me suit|nous suit|est en route"
               r"|vient me chercher|va me retrouver|me court apres)\b(?! (?:pas|a|plus))"),
    regle("en_route", r"\b(?:il|elle|ils) (?:est|sont) en (?:route|chemin)\b(?! (?:pour le travail|pour le boulot))"
                      r"|\b(?:il|elle) sait ou (?:je suis|j habite|je me cache|on est)\b"
                      r"(?=.*\b(?:ce soir|maintenant|arrive|vient|en route|la)\b)"),
    # Étranglement, même raconté au passé (« il m'a étranglée hier », « serré le cou »).
    regle("etranglement",
          r"\b(?:etrangl(?:e|ee|es|ees|er|ait|aient|ant)|strangul(?:e|ee|er|ait))\b"
          r"|\b(?:ser{1,2}(?:e|ee|es|er|ait|aient|ant)|sert) (?:\w+ ){0,2}"
          r"(?:le cou|mon cou|son cou|ma gorge|sa gorge|au cou|a la gorge)\b"
          r"|\b(?:m a|il m a|m avait) (?:tenu|tenue|pris|prise|attrape\w*) (?:\w+ ){0,1}le cou\b"
          r"|(?<!\bca )\b(?:m a|ma|l a|il a|elle a|m avait|me|m|la) (?:ser{1,2}\w*|sert) (?:\w+ )?la gorge\b"
          r"|\bmains? (?:autour|sur) (?:de |du )?(?:mon|ma|le|la|son|sa)? ?(?:cou|gorge)\b"
          r"|\b(?:m|l|me|la) (?:a |avait )?(?:pris|prise|attrape|attrapee|saisi|saisie|prend|tient|tenu|tenue|saisit)"
          r" (?:\w+ )?(?:par|a) la gorge\b"
          r"|\b(?:etouffer|etouffee?) (?:avec|sous) (?:un|l|son|mon|le) (?:oreiller|coussin|sac)\b"
          r"|\b(?:essaye|essaie|tente|a essaye|a tente|voulu|voulait|veut) de (?:m |l |nous )?etouffer\b"),
    # Agresseur à la porte, qui essaie d'entrer, ou qui vient malgré une interdiction.
    regle("devant_chez_moi",
          rf"\b{AUTEUR} (?:est|et|sont|attend|m attend|nous attend|rode|rodent|traine|tourne|tournent|guette|me guette"
          r"|campe|stationne|se cache)(?: encore| toujours| la| juste| deja)?(?: garee?| stationnee?| assise?| plante"
          r"| poste)? (?:devant|derriere|en bas de|au pied de"
          rf"|autour de|sous|a cote de|pres de) {_LIEU_A_MOI}\b"
          r"|\b(?:mon ex|son ex|l ex|mon ex \w+|mon agresseur|l agresseur|un inconnu|un homme|quelqu un) "
          r"(?:est|et) (?:dans|sur) (?:mon|le|notre|ma|la) (?:jardin|cour|escalier|hall|garage|balcon|terrasse)\b",
          habitude=True),
    regle("essaie_d_entrer",
          rf"\b{AUTEUR}(?: \w+){{0,2}} (?:essaie|essaye|essai|tente|a essaye|a tente|cherche a) (?:d |de |a )?"
          r"(?:entrer|rentrer|forcer|ouvrir|defoncer|enfoncer|casser|fracturer)\b"
          r"(?! (?:dans (?:l armee|la police|la fac|une ecole)|en (?:formation|ecole)|a la fac)\b)"
          r"|\b(?:force|forcer|forcent|forcait|fracture|fracturer|crochete|crocheter) (?:la|ma|les|une|notre|mes) "
          r"(?:porte|serrure|fenetre|fenetres|portail|baie)\b"
          r"|(?<!j ai )\b(?:defonce|enfonce|casse) la porte\b"
          r"|\bporte (?:d entree )?(?:defoncee|enfoncee|fracturee|arrachee)\b(?=.*\b(?:vient de|viens vite|a l instant"
          r"|maintenant|en ce moment|photo)\b)"
          rf"|\b{AUTEUR} (?:\w+ )?(?:tape|frappe|tambourine|cogne) a (?:la|ma|notre) porte\b"
          r"|\b(?:tape|tapent|frappe|frappent|cogne|cognent|tambourine|tambourinent|donne des coups|defonce|enfonce"
          r"|secoue) (?:\w+ ){0,3}(?:sur|contre|dans) (?:la|ma|les|notre|mes) (?:porte|portes|fenetre|fenetres"
          r"|volets?|vitres?|baie)\b"
          r"|\b(?:casse|brise|explose) (?:la|une|les|ma|mes) (?:vitre|vitres|fenetre|fenetres|carreau|carreaux)\b"
          r"|\b(?:escalade|a escalade|saute|a saute|enjambe|a enjambe) (?:par dessus )?(?:le|la|mon|ma|notre) "
          r"(?:portail|grillage|cloture|mur|balcon|haie)\b"
          r"|\b(?:entre|rentre|introduit|penetre) (?:\w+ ){0,2}(?:de force|par effraction|par la fenetre)\b"
          r"|\ben (?:essayant|tentant) d (?:ouvrir|forcer|entrer|rentrer|defoncer) (?:\w+ ){0,2}(?:porte|portes|volets?"
          r"|fenetres?|portail|baie)\b"
          r"|\bsonne (?:sans arret|en boucle|en continu|non stop|comme un fou)(?: \w+){0,3} (?:a|sur) (?:la|ma|notre) "
          r"(?:porte|sonnette)\b"
          r"|\b(?:sonnette|interphone) (?:\w+ ){0,3}(?:sans arret|en boucle|en continu|non stop)\b"),
    regle("interdiction_violee",
          r"\b(?:pas le droit|plus le droit|interdiction|interdit) (?:\w+ ){0,3}(?:m approcher|approcher|me contacter"
          r"|contacter|venir|paraitre|entrer en contact|de me voir|du domicile|le domicile)\b"
          r"|\b(?:ordonnance de protection|l ordonnance|eloignement|bracelet|controle judiciaire)\b",
          avec=r"\b(?:garee? en face|en face de (?:chez moi|la boutique|mon travail|la maison|l ecole|la creche"
               r"|le college|mon|ma))\b|\b(?:est|sont) (?:\w+ )?assise?s? (?:\w+ ){0,3}(?:en face|devant|a cote)\b"
          # « il est là », pas « quelle est la procédure » : un sujet est exigé
          r"|\b(?:il|elle|ils|lui|mon ex|son ex|l ex|sa voiture|son camion) (?:\w+ )?(?:est|sont) (?:la|ici|devant"
          r"|dehors|en bas|a cote|dans (?:ma|la|notre) (?:rue|cour|residence|jardin|immeuble))\b"
          r"|\b(?:garee?|stationnee?|poste|plante) (?:\w+ ){0,2}(?:devant|en bas|en face)\b"
          r"|\b(?:sur|dans) le parking (?:de|d|du) (?:ma|mon|la|notre|l)\b|\bfixe (?:ma|la|mes|notre) (?:fenetre|porte"
          r"|fenetres|maison)\b"
          r"|\b(?:revient|revenu|(?<!qui )arrive|m attend|debarque|se pointe|vient d (?:entrer|arriver)|est entre"
          r"|me fixe|me regarde|m observe|m epie|je monte|j arrive"
          r"|s est pointe|rode|tourne autour)\b|\bme suit\b(?! sur)"),
    regle("alerte_bracelet",
          r"\b(?:bracelet|boitier|bar)\b(?: \w+){0,4} (?:sonn\w*|bip\w*|vibr\w*|alerte|m alerte|s est declenche"
          r"|declench\w*|se declencher|s allume|a retenti)\b"),
    # Un voisin entend des cris, des coups, puis le silence.
    regle("cris_puis_silence",
          r"\b(?:cris|cri|crier|crie|criait|crient|hurl\w*|appel\w* (?:au secours|a l aide)|coups|bruits?|pleurs"
          r"|pleure|pleurait|pleurant|dispute|pousse|poussee?|giflee?|frappee?|chuchot\w*|menace\w*|tousse|se debat\w*"
          r"|suffoque\w*|etouffe\w*)\b.{0,160}"
          r"\b(?:ne repond plus|ne decroche plus|ne decroche pas|la ligne a coupe|ca a coupe|a raccroche"
          r"|(?<!ose )(?<!osais )plus rien(?! (?:lui |leur |me |te |vous )?(?:dire|faire|demander|dit|manger))"
          r"|silence"
          r"|plus un bruit|plus aucun bruit|plus de bruit"
          r"|plus de cris|calme plat|ca s est arrete|on entend plus|j entends plus|n entends plus)\b",
          # un service qui ne répond plus (« l'avocate ne répond plus ») n'est pas une victime qui se tait
          sauf=r"\b(?:avocate?|gendarmerie|police|commissariat|juge|tribunal|administration|mairie|assistante sociale"
               r"|caf|parquet|greffe|service)\b (?:\w+ ){0,6}ne (?:repond|decroche) (?:plus|pas)\b"
               # celui qui a frappé est parti et ne répond plus : il n'est pas la victime qui se tait
               r"|\b(?:il est parti|il a pris ses affaires|il est chez sa mere|il est chez ses parents)\b"),
    regle("j_entends",
          r"\b(?:j (?:entends|entend|entent|viens d entendre)|jentends|jentend)\b(?: \w+){0,6} "
          r"(?:crier|hurler|hurlements?|cris|hurle|crie|supplie|papa arrete|arrete papa|pleure|des claques|claques"
          r"|des gifles"
          r"|appeler (?:a l aide|au secours)|des coups|coups|frapper|taper|se faire (?:frapper|taper|battre)"
          r"|se battre|supplier)\b"
          r"|\b(?:ca|on) (?:crie|hurle|se bat|tape|cogne)\b.{0,40}\b(?:voisin\w*|a cote|au dessus|en dessous)\b",
          habitude=True),
    regle("t_es_morte", r"\b(?:t es|tu es|vous etes|t etais) (?:morte?s?|finie?s?|cuite?s?)\b",
          avec=r"\b(?:si|sinon|quand|le jour ou)\b"),
    regle("feu_menace", r"\b(?:alcool a bruler|essence|gasoil|white spirit|bidon|jerrican)\b",
          avec=r"\b(?:briquet|allumettes?|allume|mettre le feu|flamme)\b"),
    regle("tord_le_bras",
          r"\b(?:me|m|lui|la|le) (?:tord|tordent|ecrase|ecrasent|retourne|retournent)\w* (?:le|les|mon|son)"
          r" (?:bras|poignet|doigts|main)\b"),
    regle("portes_verrouillees", r"^(?=.*\b(?:voiture|bois|route|chemin|vehicule|camion|camionnette)\b).*"
                                 r"\b(?:verrouille|bloque|ferme)\w* (?:\w+ ){0,2}(?:les portes|les portieres)\b"),
    regle("enfant_arrache", r"\barrach\w* (?:\w+ ){0,2}(?:notre|mon|ma|mes|nos|le|la|les) "
                            r"(?:fils|fille|bebe|enfants?|petit|petite|petits)\b"),
    regle("noyade", r"\b(?:lui|la|me|m|le) (?:maintient|met|plonge|tient|enfonce|garde)\w* (?:\w+ ){0,2}(?:la tete )?"
                    r"(?:sous l eau|dans (?:l eau|la baignoire|le bain))\b|\bboire la tasse jusqu\b"
                    r"|\bse debat\w* dans l eau\b"),
    regle("sabotage", r"\b(?:frein|freins|durite|pedale de frein)\b.{0,80}\b(?:coupe\w*|s enfonce|ne (?:marche|repond)"
                      r" plus|sabote\w*|trafique\w*)\b|\b(?:coupe|sabote|trafique)\w* (?:\w+ ){0,2}(?:les freins"
                      r"|la durite|le frein)\b"),
    regle("ce_qu_il_a_fait_au_chien",
          r"\b(?:ferait|fera|va faire|vas faire|fais|ferai) (?:\w+ ){0,2}ce qu (?:il|elle) "
          r"a fait (?:a|au|a la) (?:chien|chienne|chat|chatte|lapin|cheval)\b"),
    regle("chien_lache", r"\b(?:lache|lance|excite)\w* (?:son|ses|le|les|leur) chiens? sur\b"
                         r"|\bchiens? (?:\w+ ){0,3}(?:mord|mordent|attaque|attaquent|devore)\w* (?:\w+ ){0,3}"
                         r"(?:encore|la|maintenant|toujours)\b"),
    regle("bebe_secoue", rf"\b(?:il|elle|ils|{AUTEUR}) (?:\w+ )?(?:secoue|secouent|a secoue|est en train de secouer) "
                         r"(?:\w+ ){0,2}(?:le|mon|notre|son|la|ma) "
                         r"(?:bebe|nourrisson|petit|petite|enfant|fils|fille)\b"
                         r"|\b(?:il|elle) (?:le|la) secoue (?:fort|violemment|comme un prunier|dans tous les sens)\b"),
    regle("force_a_avaler", r"\b(?:veut|force|oblige|exige)\w* (?:\w+ ){0,4}(?:avale|avaler|boire|prendre) "
                            r"(?:\w+ ){0,3}(?:medicaments|cachets|comprimes|pilules|medocs|les boites|tout)\b"
                            r"|\b(?:veut|force|oblige|exige)\w* (?:\w+ ){0,3}que je les avale\b"),
    regle("ca_se_passe_maintenant",
          r"\b(?:ca se passe|c est en train de se passer|ca se produit|ca arrive) (?:la|maintenant|en ce moment"
          r"|sous mes yeux|juste devant moi)\b"
          r"|\b(?:traine|trainent|tire|tirent) (?:\w+ ){0,3}par les cheveux\b(?=.*\b(?:se debat|crie|hurle|maintenant"
          r"|en ce moment)\b)"
          r"|\bse debat\b(?=.*\b(?:crie|hurle|voiture|camionnette)\b)"),
    regle("signal_convenu",
          r"\b(?:signal|code|mot) (?:qu on avait|convenu|d alerte|secret)\b(?=.*\b(?:ne repond|ne decroche|tourne mal"
          r"|rien depuis|plus de nouvelles)\b)"),
    regle("inconnu_qui_suit",
          r"\b(?:voiture|camionnette|homme|type|mec|conducteur|inconnu|groupe)\b.{0,80}\b(?:repasse|me suit|nous suit"
          r"|ralentit a ma hauteur|m a dit de monter|veut que je monte|me colle)\b"
          r"(?=.*\b(?:personne dans la rue|seule?|nuit|noir|peur|encore|troisieme fois|deuxieme fois)\b)"),
    # Enfermement, sortie bloquée, téléphone pris.
    regle("enfermement",
          r"\b(?:enfermee?s?|sequestree?s?|sequestration|bloquee? dans)\b"
          r"|\bm empeche(?:nt)? de (?:sortir|partir|m en aller|quitter la maison|m enfuir|fuir)\b"
          r"|\b(?:il|elle|ils)(?: \w+){0,2} (?:bloque|bloquait|barre|barricade|garde|obstrue|a bloque|a barre) "
          r"(?:\w+ ){0,2}(?:la porte|les portes|ma porte|la sortie|le passage)\b"
          r"|\b(?:il|elle|ils)(?: \w+){0,3} (?:ferme|verrouille|boucle)\w* (?:\w+ ){0,4}(?:a (?:cle|clef|double tour)"
          r"|de l interieur)\b"
          r"|\bpersonne ne (?:quitte|quittera|sort|sortira|bouge|bougera|partira|part) (?:d ici|la maison|cette maison"
          r"|ce soir|de la maison|vivant)\b"
          r"|\b(?:il|elle|ils)(?: \w+){0,2} (?:ferme|verrouille|bloque|cadenasse)\w* (?:\w+ ){0,2}(?:le portail"
          r"|la grille|toutes les portes|les volets)\b(?=.*\b(?:pris|cles|telephone|portable|personne|ce soir)\b)"
          r"|\bpour (?:que je|qu on|que nous|qu elle|que les enfants) ne (?:sorte|sortions|sortent|puisse|puissions"
          r"|parte|partions)\b"
          r"|\b(?:pousse|mis|place|traine|coince)\w* (?:\w+ ){0,2}(?:commode|armoire|meuble|lit|canape|frigo|table)"
          r" (?:devant|contre) (?:la|ma|notre) porte\b"
          r"|\b(?:reste|se tient|plante|poste|assis) devant (?:la|ma) porte (?:\w+ ){0,3}(?:les|mes|ses) cles\b"
          r"|\b(?:il|ils|elle) (?:me|nous) (?:garde|gardent|retient|retiennent) (?:\w+ ){0,2}(?:dans|chez|enferme\w*)\b"
          r"|\b(?:la|le|me|nous|les|m) (?:retient|retiennent|sequestre|sequestrent|garde enfermee?s?)\b"
          r"(?! \d| (?:sur|au|a|en|pour|de|des|du|une|un|les|la|le|mon|ma|mes|son|sa|ses)\b)",
          sauf=_EXCUSES, habitude=True),  # « elle m'enferme quand ils reçoivent » : une habitude racontée
    regle("telephone_pris",
          r"\b(?:pris|prend|prise|confisque|confisquer|casse|cache|arrache|garde|vole|jete|pique|retire|enleve|balance"
          r"|explose|brise) (?:\w+ ){0,3}(?:mon|mes|le|son|sa) (?:telephone|portable|tel|phone|smartphone|iphone|fixe"
          r"|fil du (?:fixe|telephone)|ligne)\b"
          r"|\b(?:il|elle) a (?:mes papiers et )?(?:mon|mes) (?:telephone|portable)\b",
          avec=r"\b(?:(?:peux|peut|pouvons) (?:pas|plus) (?:sortir|partir|rentrer)|hopital|porte|portes"
                r"|cle|cles|clef|clefs|sortir"
          r"|partir|enferm\w*|bloqu\w*|verrouill\w*|coince\w*)\b",
          sauf=_EXCUSES),
    # Fuite en cours.
    regle("fuite",
          r"\b(?:je me suis|j me suis|jme suis|je me sui|on s est|nous nous sommes) (?:enfui|enfuie|enfuis|sauve"
          r"|sauvee|echappe|echappee|cache|cachee|planque|planquee|refugie|refugiee|barre|barree)\b"
          r"|\b(?:je suis|jsuis|j suis|chui|on est) (?:cachee?s?|cacher|planquee?s?|refugiee?s?|enfuie?s?)\b"
          r"|\b(?:je me|jme|j me|on se) (?:cache|planque|refugie|sauve|barre|enfuis)\b"
          r"|\bj ai (?:pu |reussi a )?(?:fuir|fui|m enfuir|m echapper|sauter par la fenetre)\b"
          r"|\bj ai (?:pu |reussi a )(?:partir|m en aller|quitter la maison|sortir de la maison)\b"
          r"|\b(?:je suis|jsuis|on est|nous sommes) (?:partie?s?|sortie?s?) en courant\b"
          r"|\b(?:il|elle|ils|on) (?:me|nous) (?:poursuit|poursuivent|pourchasse|traque|traquent|court apres)\b"
          r"(?! (?:en justice|au tribunal|pour)\b)"
          r"|\b(?:il|elle|ils|on) (?:me|nous) (?:cherche|cherchent|recherche) (?:partout|dans|en voiture|dehors|la"
          r"|pour me|avec)\b"
          rf"|\b(?:il|elle|ils|{AUTEUR}) (?:me|nous) (?:suit|suivent|suivait) "
          r"(?:en voiture|dans la rue|a pied|la|en ce moment|jusqu|depuis)\b"
          r"|\b(?:dehors|dans la rue) (?:\w+ ){0,2}(?:en pyjama|pieds nus|sans chaussures|en chaussons)\b",
          sauf=r"\bil y a (?:\d+|une|deux|trois|quelques|plusieurs) semaines?\b|\b(?:la semaine|le mois) derni\w+\b"
          r"|\bdepuis que je (?:suis partie?|me suis enfuie?|l ai quitte)\b", habitude=True),
    # Un enfant gardé par l'autre parent, avec une menace.
    regle("enfant_retenu",
          r"\b(?:a pris|a emmene|a embarque|a enleve|a kidnappe|a recupere|garde|retient|a garde|detient|sequestre"
          r"|refuse de (?:me )?rendre|veut pas (?:me )?rendre|ne me rend pas|ne m a pas rendu|est parti avec"
          r"|est partie avec|s est enfuie? avec|a disparu avec) (?:mon|ma|mes|les|notre|nos|le|la) " + _ENFANTS + r"\b",
          avec=r"\b(?:menac\w*|(?:re)?verr\w* (?:plus|jamais)|plus jamais|tuer|tue|faire du mal|fera du mal"
          r"|l etranger|au pays|disparaitre|sinon|si je (?:porte plainte|appelle|previens)|se tuer|se suicider"
          r"|part avec (?:elle|lui|eux)|refuse de (?:la|le|les) lacher|l emmene|les emmene)\b"),
    regle("enfant_non_rendu",
          r"\b(?:pas|jamais) (?:ramene|rendu|raccompagne|ramenee|rendue|ramenes|rendus|ramenees)\b"
          r"|\bdevait (?:ramener|rendre|deposer|raccompagner) (?:\w+ ){0,3}(?:a|vers) \d",
          avec=r"\b(?:menac\w*|(?:re)?verr\w* (?:plus|jamais)|plus jamais|tuer|tue|faire du mal|fera du mal"
          r"|l etranger|au pays|disparaitre|regrettera|truc|se tuer|se suicider|perdre quelqu un|tu vas comprendre"
          r"|tu vas regretter)\b"),
    # Faux agents ou faux techniciens chez une personne, en ce moment.
    regle("faux_agents",
          r"\b(?:faux|fausse|fausses|se disant|qui (?:se )?disent? (?:venir|etre)|pretend\w* (?:venir|etre))\b",
          avec=r"\b(?:en ce moment|la maintenant|sont (?:la|chez|dans)|est (?:la|chez|dans)|fouill\w*|encore la)\b"),
    regle("enlevement",
          r"\b(?:a enleve|a kidnappe|enlevement de) (?:mon|ma|mes|notre|nos) " + _ENFANTS
          + r"\b(?! (?:de|a) l ecole| de la creche)"),
    # Parler sous surveillance (« je voudrais commander une pizza… il est assis à côté de moi »).
    regle("parler_sous_surveillance",
          r"^(?=.*\b(?:il est (?:la|a cote|assis|juste|derriere)|a cote de moi|il ecoute|il me regarde|il surveille"
          r"|il lit par dessus|il va m entendre|il va mentendre|il m entend)\b)"
          r".*\b(?:je ne peux pas|je peux pas|j peux pas|jpeux pas|je ne peux plus) (?:vous )?parl(?:er|e)\b"),
    # Danger dit en toutes lettres.
    regle("en_danger",
          # pas une hypothèse (« si un jour je suis en danger, comment j'appelle les secours ? »)
          r"(?<!\bsi )(?<!\bsi jamais )(?<!\bsi un jour )(?<!\bau cas ou )(?<!\bquand )(?<!\blorsque )"
          r"\b(?:je suis|jsuis|j suis|chui|on est|nous sommes|je me sens|je me sent|jme sens|je me sans"
          r"|ma vie est|nos vies sont)(?: (?!pas\b|plus\b|jamais\b)\w+)? en (?:grand |grave )?danger\b"
          r"|\bdanger de mort\b|\b(?:est|sont) en (?:grand |grave )?danger (?:maintenant|la|en ce moment|ce soir"
          r"|cette nuit|immediat)\b"),
    regle("appel_au_secours", r"\b(?:au secou?rs?|o secou?rs?|aidez moi vite|a l aide vite|sos)\b|\ba l aide\s*$"
                              r"|\b(?:viens|venez) vite\b(?! (?:voir|manger|jouer|regarder))"
                              r"|\bappelez (?:la police|les flics|le 17|les gendarmes|les secours)\b",
          # un voisin qui crie « au secours » certains soirs : une habitude rapportée, pas un appel
          sauf=r"\b(?:crie|crient|criait|hurle|hurlent|appelle)\w* (?:au secours|a l aide)\b.*"
               r"\b(?:certains|souvent|parfois|des fois|tous les)\b"
               # « au secours, j'ai cliqué sur un lien » : une arnaque racontée, sans violence
               r"|^(?!.*\b(?:frapp\w*|tape\w*|coups?|tuer|tue|couteau|arme|il est la|viol\w*|menace\w*|enferm\w*"
               r"|battu\w*|saign\w*)\b).*\b(?:clique|lien|debite\w*|compte bancaire|arnaqu\w*|escroqu\w*|piratee?"
               r"|code|colis)\b"),
    # Urgence médicale (la réponse d'urgence donne le 15) et incendie (le 112).
    regle("urgence_medicale",
          r"\bsaigne(?:s|nt)? (?:beaucoup|abondamment|enormement|de partout|fort)\b"
          r"|\b(?:perd|perds|perdu) beaucoup de sang\b|\bhemorragie\b"
          r"|\baval\w* (?:\w+ ){0,5}(?:medicaments|medocs|cachets|comprimes|pilules|somniferes|anxiolytiques"
          r"|antidepresseurs|doliprane|paracetamol|boite|flacon|plaquettes?)\b"
          r"|\b(?:overdose|inconsciente?|ne respire plus|perdu connaissance|ne se reveille pas"
          r"|bouge plus|ne bouge plus)\b"
          r"|\b(?:a mis|met|mettre) le feu\b"
          r"|\bne se releve (?:pas|plus)\b"
          r"|\b(?:ouvert|ouvre|laisse ouvert) (?:\w+ ){0,2}(?:le )?gaz\b|\bodeur de gaz\b|\bgaz (?:\w+ ){0,2}ouvert\b"
          r"|\bbriquet (?:dans la main|a la main|allume)\b"
          r"|\bmenace\w* de (?:mettre le feu|tout bruler|bruler la maison|nous bruler)\b"
          r"|\b(?:va|vont|allait|veut|voulait) (?:tout )?(?:bruler|cramer|faire sauter)\b"
          r"|\bsaigne\w* (?:de la tete|du crane|de la bouche|de l oreille|au front|du front|a la tete)\b"
          r"|\b(?:je ne peux|j arrive|je peux) (?:plus|pas) (?:bouger|marcher|respirer|me lever)\b"
          r"(?! (?:mon|ma|mes|le|la|les|un|une|ce|cette|de|d)\b)"
          r"|\b(?:n arrive|arrive|ne peux|peux) (?:pas|plus) a (?:me relever|me lever|marcher|bouger|respirer)\b"
          r"|\b(?:jambe|bras|cheville) (?:\w+ ){0,2}(?:fait un angle|tordue|cassee|en sang)\b"
          # enceinte et frappée : l'urgence quand c'est maintenant, ou quand ça saigne ou fait mal
          r"|^(?=.*\b(?:maintenant|a l instant|vien\w* (?:de|d)|ce soir|cette nuit|saign\w*|contractions?|mal au ventre"
          r"|perd les eaux|en ce moment|tout a l heure|sang|quart d heure|minutes)\b)"
          r".*\benceinte\b.{0,120}\b(?:coups?|frapp\w*|saign\w*"
          r"|pousse\w* par terre|tape\w* dans le ventre)\b"
          r"|^(?=.*\benceinte\b)(?=.*\b(?:mal au ventre|saign\w*|contractions|ne sens plus|tout a l heure"
          r"|a l instant)\b).*\bpousse\w* (?:dans|du haut de) l escalier\b"
          r"|\b(?:coups?|frapp\w*) (?:\w+ ){0,4}(?:dans|sur) (?:le|mon) ventre\b.{0,80}\benceinte\b"
          r"|\b(?:verse|renverse|repandu|asperge|arrose)\w* (?:\w+ ){0,3}"
          r"(?:essence|alcool a bruler|gasoil|white spirit)\b"),
]
_PEUR = re.compile(r"\b(?:peur|trembl\w*|terroris\w*|terrifi\w*|effray\w*|apeur\w*|paniqu\w*|angoiss\w*)\b")


def _lire_neutres() -> list[str]:
    """Expressions neutres des données, et noms de dispositifs qui déclencheraient seuls l'urgence."""
    motifs = []
    for motif in yaml.safe_load((DOSSIER_DONNEES / "danger_neutre.yaml").read_text("utf-8")) or []:
        try:
            motifs.append(re.compile(motif).pattern)
        except (re.error, TypeError) as erreur:
            journal.warning("Expression neutre ignorée (%r) : %s", motif, erreur)
    noms: set[str] = set()
    for chemin in sorted((DOSSIER_DONNEES / "structures").glob("*.yaml")):
        for fiche in yaml.safe_load(chemin.read_text("utf-8")) or []:
            for nom in [fiche.get("nom"), fiche.get("sigle"), *(fiche.get("alias") or [])]:
                normalise = normaliser(str(nom or ""))
                if normalise and _urgence_sans_neutraliser(normalise):
                    noms.add(normalise)
    return [*motifs, *(rf"\b{re.escape(n)}\b" for n in sorted(noms, key=len, reverse=True))]


@cache
def _neutres() -> re.Pattern[str] | None:
    try:
        motifs = _lire_neutres()
        return re.compile("|".join(motifs)) if motifs else None
    except (OSError, yaml.YAMLError, re.error, TypeError, AttributeError) as erreur:
        journal.warning("Expressions neutres illisibles, rien n'est neutralisé : %s", erreur)
        return None


def neutraliser(normalise: str) -> str:
    """Remplace noms de dispositifs et expressions neutres par un mot sans effet."""
    neutres = _neutres()
    return neutres.sub(" dispositif ", normalise) if neutres is not None else normalise


def _urgence_sans_neutraliser(normalise: str) -> bool:
    return bool(premiere(REGLES_AVANT_SUICIDE, normalise) or premiere(REGLES_URGENCE, normalise)
                or urgence_enfant(normalise))


# La personne dit être à l'abri (« là je suis chez une amie, je suis en sécurité ») : la scène est finie.
_EN_SECURITE = re.compile(
    r"\b(?:je suis|jsuis|on est|nous sommes|je me sens) (?:maintenant |desormais |enfin )?(?:en securite|a l abri)\b"
    r"|\b(?:en ce moment|pour l instant|la maintenant|ce soir) c est calme\b"
)
# Une hypothèse posée en question (« et s'il est relâché, il a le droit de revenir ? »).
_HYPOTHESE = re.compile(r"\b(?:s il|s ils|si jamais|si un jour|au cas ou|et si|si (?:le|la|les|mon|ma|son|sa) \w+"
                        r" (?:sonne|revient|arrive|sort|est relache|recommence))\b")


def hors_danger(texte: str, normalise: str) -> bool:
    """Le message parle d'un danger qui n'est pas celui de la personne maintenant : une fiction, un fait
    divers, une hyperbole, une scène finie, une punition, un rêve, une personne déjà à l'abri, une hypothèse posée
    en question, la situation décrite par un professionnel sans signe du présent.
    `normalise` : le message lu et neutralisé (`lire_pour_le_danger`)."""
    if (_FICTION.search(normalise) or _FAIT_DIVERS.search(normalise) or _HYPERBOLE.search(normalise)) \
            and not _CHEZ_MOI_MAINTENANT.search(normalise):
        return True  # une chanson, un film, un roman, un fait divers, une hyperbole
    if _RESOLU.search(normalise) and not _RELACHE.search(normalise):
        return True  # « les gendarmes l'ont emmené en garde à vue, elle va bien aujourd'hui »
    if _PUNITION.search(normalise):
        return True  # « enfermée dans ma chambre, privée de tel jusqu'à vendredi parce que j'ai menti »
    if _REVE.search(normalise) and not _MAINTENANT_DEVANT.search(normalise):
        return True  # « toutes les nuits le même cauchemar : quelqu'un entre chez moi avec un couteau »
    if _EN_SECURITE.search(normalise) and not (_ARRIVEE.search(normalise) or _MAINTENANT_DEVANT.search(normalise)):
        return True  # « cette nuit il m'a mise dehors… là je suis chez une amie, je suis en sécurité »
    if est_question(texte) and _HYPOTHESE.search(normalise) and not _MAINTENANT.search(normalise):
        return True  # « et s'il est relâché, il a le droit de revenir à la maison ? »
    # Un professionnel décrit une situation : l'orientation et la procédure, pas l'alerte.
    return detecter_profil(texte) == "professionnel" and not _MAINTENANT.search(normalise)


def lire_pour_le_danger(texte: str) -> str:
    """Le message tel que le danger le lit : normalisé, noms de dispositifs et expressions neutres effacés."""
    return neutraliser(lire_message(texte))


def detecter_danger(texte: str) -> str | None:
    """`urgence`, `idees_suicidaires` ou None selon les signes de danger du message."""
    normalise = lire_pour_le_danger(texte)
    if hors_danger(texte, normalise):
        return None
    if premiere(REGLES_AVANT_SUICIDE, normalise):
        return "urgence"
    suicide = premiere(REGLES_SUICIDE, normalise)
    if suicide is not None:
        if suicide.nom in IDEES_PASSIVES and _PASSAGER.search(normalise) and not _IMMINENT.search(normalise):
            return None  # « parfois je me dis qu'ils seraient mieux sans moi » : l'orientation vers le 3114
        return "idees_suicidaires"
    if premiere(REGLES_URGENCE, normalise) or urgence_enfant(normalise) or faisceau_de_danger(normalise):
        return "urgence"
    return None


# L'agresseur arrive, est là, rentre : sans contexte, ces mots ne disent rien (« il rentre à 18 h ») ;
# au milieu d'une conversation sur des violences, c'est le danger qui se rapproche.
_ARRIVEE = re.compile(
    r"\b(?:il|elle|ils) (?:arrive|arrivent|rentre|rentrent|est rentre|sont rentres|revient|est revenu|est la"
    r"|sont la|est devant|monte|monte l escalier|sonne|frappe a la porte|tape a la porte|est dans l escalier"
    r"|se gare|est en bas|est a la porte|est dans la maison|est a la maison)\b(?! (?:demain|la semaine|lundi|mardi"
    r"|mercredi|jeudi|vendredi|samedi|dimanche|a \d|vers \d|dans \d+ (?:jours|semaines)|ce week end|le week end"
    r"|bientot|la semaine prochaine|le mois prochain|pour noel|pendant les vacances|a la rentree))"
    r"|\bj entends (?:sa voiture|ses pas|la porte|ses cles|les cles|la cle|la voiture)\b"
    r"|\b(?:le|la) voila\b"
)


# « hier il est rentré et… » : une arrivée racontée, pas en cours.
_RACONTE = re.compile(r"\b(?:hier|avant hier|l autre jour|la semaine derniere|le mois dernier|il y a|l an dernier"
                      r"|la derniere fois|quand)\b")


def danger_dans_la_suite(precedents: list[str], texte: str) -> bool:
    """Le danger dit en deux messages : « j'ai une ordonnance de protection », puis « il est assis en face de
    l'école en ce moment ». Ni l'un ni l'autre seul, mais le second dit le présent, et les deux ensemble
    sont une urgence (à lire par les actions, qui ont la conversation)."""
    if not precedents:
        return False
    normalise = lire_message(texte)
    if not (_MAINTENANT.search(normalise) or _ARRIVEE.search(normalise)):
        return False  # le second message dit le présent (« en ce moment ») ou l'arrivée (« il arrive »)
    if est_question(texte) and not _ARRIVEE.search(normalise):
        return False  # « ils peuvent me trouver quelque chose dès ce soir ? » : une démarche, pas une scène
    if detecter_danger(texte) is not None:
        return False  # dit seul, c'est la réponse d'urgence du message
    avant = " ".join(precedents)
    return detecter_danger(avant) is None and detecter_danger(f"{avant} {texte}") == "urgence"


# « Non, j'ai rien prévu, c'est juste des idées » : la personne dit que le passage à l'acte n'est pas pour maintenant.
_APAISEMENT = re.compile(
    r"\b(?:rien prevu|pas de plan|juste des idees|je vais bien|ca va mieux|je ne vais pas le faire|je vais pas le faire"
    r"|je ne ferai rien|je ferai rien|je suis avec (?:quelqu un|ma mere|mon pere|des amis))\b"
)


def apaise(texte: str) -> bool:
    """Après la réponse aux idées suicidaires, la personne dit que ce n'est pas pour maintenant."""
    lu = lire_message(texte)
    return bool(_APAISEMENT.search(lu) or _EN_SECURITE.search(lu))


def exprime_peur(texte: str) -> bool:
    """Le message dit la peur (« j'ai peur », « il me fait peur », « je tremble »)."""
    return present(_PEUR, normaliser((texte or "")[:LONGUEUR_LUE]))


def arrivee_de_l_agresseur(texte: str) -> bool:
    """« il arrive », « il est rentré », « j'entends sa voiture » (à lire dans une conversation de violences),
    pas racontée (« hier il est rentré… »)."""
    normalise = lire_message(texte)
    return present(_ARRIVEE, normalise) and not _RACONTE.search(normalise)
