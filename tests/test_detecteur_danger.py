"""Danger immédiat (knowledge.regles) et son adaptateur NLU (bot.composants.detecteur_danger).

Positifs : chaque message doit recevoir la réponse d'urgence (ou celle des idées suicidaires), à
n'importe quel moment. Négatifs : noms de dispositifs, questions de professionnels, négations et
faits anciens ne doivent pas déclencher d'alerte.
"""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.composants.detecteur_danger import DetecteurDanger
from knowledge.regles import detecter_danger, est_mineur, exprime_peur
from knowledge.regles.danger import REGLES_URGENCE, neutraliser

URGENCES = [
    "Aide à domicile, je suis devant la porte, son fils a arraché le fil du téléphone, j'entends la dame gémir",
    "coucou j ai 8 ans papa a cassé la télé j ai peur je suis cacher sous mon lit",
    "il est la dans le salon, jpeu pa parlé il va mentendre",
    # parler sous surveillance ; un enfant qui entend frapper
    "Je voudrais commander une pizza. Il est assis à côté de moi, je ne peux pas parler normalement.",
    "mon beau-père est dans la chambre de mon petit frère, j'entends des claques et mon frère qui pleure",
    # Armes, menaces de mort, violences en cours.
    "il a un couteau",
    "Il va me tuer",
    "il m a menacée de mort hier soir",
    "il est en train de me frapper",
    "IL ME FRAPPE LA",
    "il défonce la porte",
    "ma voisine se fait frapper là maintenant",
    "au secours",
    "o secour",
    "mon voisin est en train de frapper sa femme j'entends des cris",
    "il m'a violée cette nuit et il est encore là",
    "il m'a frappée, il est toujours à la maison",
    "mon ex m'a dit qu'il allait me tuer ce soir",
    "il va venir me tuer",
    "j'ai peur qu'il me tue",
    "j'ai peur qu'il ne me tue",
    "il a dit qu'il finirait par nous buter",
    "il veu me tué",
    "il va me frapper quand il rentre",
    "aidez moi il me frappe",
    "appelez la police svp",
    "tu passeras pas la nuit, c'est ce qu'il m'a dit",
    "il a dit que si je partais il tuerait les enfants",
    "il menace de tuer les enfants",
    # Arme posée, montrée.
    "il a posé son fusil sur la table en me regardant",
    "il m'a montré ses couteaux",
    "il a sorti la carabine du placard",
    "il a mis le flingue sur la table et il m'a rien dit",
    # « Ce soir on part tous » : menace de tuer et de se tuer.
    "il a dit ce soir on part tous",
    "il dit qu'on va tous mourir ce soir",
    "il menace de se tuer et les enfants avec",
    "il veut en finir avec nous",
    # Agresseur à la porte, qui essaie d'entrer, interdiction bafouée maintenant.
    "mon ex est devant chez moi alors qu'il a pas le droit de m'approcher",
    "il est devant ma porte",
    "il et devant chez moi",
    "mon ex mari est en bas de chez moi, il m'attend",
    "il m'attend en bas de l'immeuble",
    "il rôde autour de la maison depuis une heure",
    "il essaie de rentrer par la fenêtre",
    "qqn essaye de forcer la porte",
    "il tape comme un fou sur la porte",
    "il a cassé la vitre de la cuisine",
    "il a escaladé le portail",
    "il a interdiction de m'approcher et il est là dehors",
    "il a une ordonnance d'éloignement mais il revient ce soir",
    "le bracelet anti rapprochement a sonné",
    "mon boitier BAR vient de sonner",
    "il sonne sans arrêt à ma porte depuis une heure",
    # Cris puis silence, cris entendus maintenant.
    "j'ai entendu des cris chez ma voisine puis plus rien",
    "ça hurlait à côté et d'un coup le silence",
    "des hurlements chez les voisins et maintenant plus un bruit",
    "jentend des cris chez les voisins",
    "j'entends ma voisine hurler",
    "ça crie et ça tape chez mes voisins",
    # Étranglement, même au passé.
    "il a essayé de m'étrangler",
    "il m'a étranglée hier",
    "il m'a serré le cou",
    "hier soir il m a sere le cou jusqu a ce que je tombe",
    "il a mis ses mains autour de mon cou",
    "il m'a pris à la gorge",
    "il a essayé de m'étouffer avec un oreiller",
    "mon copain m'a étranglé la semaine dernière",
    "il m a etrangler",
    "depuis la naissance du bébé il m'a déjà étranglée une fois il y a un mois",
    # Enfermement, téléphone pris, sortie bloquée.
    "je suis enfermée dans la salle de bain",
    "il m'a pris mon téléphone et fermé la porte à clé",
    "il a cassé mon portable et il bloque la porte",
    "il me confisque mon tel et je peux pas sortir",
    "il bloque la porte de la chambre",
    "il m'empêche de partir",
    # Fuite en cours.
    "je me suis enfuie il me cherche",
    "je suis cachée dans la salle de bain",
    "jsuis cachee chez une voisine il me cherche partout",
    "j'ai réussi à m'enfuir, il me poursuit en voiture",
    "je suis dehors en pyjama avec les enfants",
    "je me cache il me cherche",
    # Enfant gardé avec une menace.
    "il a pris ma fille et dit que je la reverrai jamais",
    "mon ex refuse de me rendre mon fils et menace de partir à l'étranger avec lui",
    "il garde les enfants et menace de les tuer si je porte plainte",
    "il a enlevé mon bébé",
    # Danger dit en toutes lettres.
    "je suis en danger",
    "jsuis en danger il est la",
    "ma vie est en danger",
    "je suis vraiment en danger",
    "ma fille est en danger maintenant",
    # Urgence médicale et incendie.
    "ma fille a avalé des médicaments",
    "mon fils a avalé toute la boîte de cachets",
    "je saigne beaucoup",
    "elle est inconsciente",
    "il a mis le feu à l'appartement",
    # Session 5 : menaces voilées, fuite, grossesse, faux agents, auteur sur le point de frapper.
    "il m'a dit ce matin : c'est la dernière fois que tu me vois",
    "il m'a dit de dire adieu à mes enfants avant ce soir",
    'il a écrit que je ne reverrai plus jamais mes enfants',
    "si je le quitte il me tue, il l'a redit ce soir",
    "il m'a prévenue : si je pars il tuerait tout le monde",
    'il a dit que demain je serai morte',
    'ma fille dit que son copain la retient chez lui depuis hier',
    "il est en train de défoncer la porte d'entrée",
    'mon ex me suit en voiture depuis la sortie du travail',
    'il vient de me cogner, je suis dans la salle de bain',
    'le message dit : tout le monde part ce soir, les petits aussi',
    'il aiguisait ses couteaux en me fixant',
    "je suis enceinte et il m'a frappée au ventre tout à l'heure",
    'deux faux techniciens du gaz sont chez mon père en ce moment',
    "elle est devant moi et j'ai envie de la frapper, je vais craquer",
    "l'ex n'a pas ramené mon fils et il dit que je ne le reverrai jamais",
    "mon ex est garé devant chez moi alors qu'il a interdiction de m'approcher",
    "je viens d'avaler une plaquette entière de somnifères",
    'on est partis en courant avec mon fils et il nous suit en voiture',
    'mon ex tambourine à la porte depuis dix minutes',
    "ce soir il m'a écrit qu'il sait où je suis, il est en route",
    'il me garde dans un studio et fait venir des hommes, là il est sorti',
    'jsui o tel il é la il ma tapé',
    "il a dit qu'il allait tout brûler cette nuit",
    "il m'a attachée à la chaise",
    "je saigne de la tête, il m'a poussée",
    "il est parti avec la petite en disant qu'on ne la reverrait pas",
    'il a caché les clés et mon téléphone, je peux pas sortir',
    "j'ai peur, il est bourré et il cogne les murs",
    'fais tes valises sinon il me défonce ce soir, il a dit',
    "j'ai réussi à partir avec les enfants, il ne le sait pas encore, on est dans la voiture",
    "il m'appelle sans arrêt depuis que je suis partie, il a ma localisation",
    "la semaine dernière il m'a serrée au cou jusqu'à ce que je voie noir",
    "vite il est sous la douche, il a dit qu'il allait me finir en sortant",
    'je suis médecin, son mari est devant le cabinet avec un couteau',
    'mon mari me frappe là maintenant',
    'je suis infirmière et mon mari me frappe en ce moment',
    "il a sorti ce qu'il garde au garage et l'a posé sur la table sans un mot",
    "il a rempli un bidon d'essence et l'a mis dans l'entrée",
    "il vient de m'envoyer une photo de ma porte d'entrée avec écrit « ouvre »",
    "il a appelé en numéro masqué en disant seulement « j'arrive »",
    "il m'a dit très calmement qu'après on aurait une discussion définitive",
    'je suis partie en pyjama avec le bébé, il doit me chercher en voiture, il fait noir',
    "sa voiture est garée en face de la boutique alors que l'ordonnance lui interdit de venir",
    "mon beau-père a dit qu'il viendra dans ma chambre ce soir comme la dernière fois",
    "j'ai mal au ventre depuis qu'il m'a poussée dans l'escalier, je suis enceinte de 7 mois",
]

# Faisceau d'indices (knowledge/data/faisceau_danger.yaml) et tournures de la session 6.
URGENCES += [
    "il est hors de lui, il a pris mes clés, je tremble",
    "je suis dans le placard de l'entrée, il fouille toutes les pièces, j'ai trop peur",
    "il vient de rentrer ivre, il renverse les chaises, je suis coincée dans la cuisine",
    "mon ex tourne en rond dans le salon avec un marteau, je suis enfermée dans la salle de bain",
    "il a laissé le gaz ouvert et il refuse de sortir de l'appartement",
    "ma sœur m'a envoyé notre code d'alerte et depuis elle ne répond plus",
    "une camionnette me suit depuis la gare et le type m'a dit de monter, il fait nuit et je suis seule",
    "ça se passe maintenant sous ma fenêtre, un homme tape une femme par terre",
    "il l'a giflée devant moi au téléphone et depuis elle ne décroche plus",
    "il a mis l'armoire contre la porte de la chambre pour que je ne sorte pas",
    "il a arraché le fil du fixe et il garde les clés, je ne peux pas sortir",
    "le père de mes enfants a interdiction de m'approcher et il vient d'entrer dans la pharmacie où je travaille",
    "il répète que ce soir c'est la dernière fois qu'il me voit",
    "je suis partie avec le bébé pendant qu'il dormait, il a vu mon mot, il arrive",
    "il a dit qu'il ferait comme l'homme des infos qui a tout brûlé, ce matin il a acheté un bidon d'essence",
    "la voiture de mon ex est garée devant chez moi depuis une heure, il a pourtant une ordonnance de protection",
    "jpeux pas parler il est dans la chambre d'à côté il m'a pris mon portable",
    "ma mère m'écrit « viens vite », la porte d'entrée est défoncée sur la photo qu'elle vient d'envoyer",
    "il est dans son salon, il refuse de partir et il l'a poussée par terre, elle m'appelle à l'instant",
    "il vient de rentrer, il a vu mes messages, il prend sa ceinture",
    "il est là, il a bu, je saigne du nez",
    "mon petit-fils est là, il me bouscule et il a pris mes clés, venez vite",
    "il a confisqué mes clés et mon téléphone et il dit que personne ne sortira d'ici ce soir",
    "mon ex a interdiction de m'approcher, il est sur le parking de ma résidence et il m'écrit je monte",
    "mon père a dit que je vais le regretter, il rentre dans dix minutes",
    # jeu 10 (tournures propres) : animal lâché, bébé secoué, médicaments imposés, menace de sauter avec l'enfant
    "le voisin a lâché ses chiens sur mon père dans le jardin, ils le mordent encore",
    "mon compagnon secoue la petite parce qu'elle pleure, il la secoue fort",
    "il a sorti tous les cachets de l'armoire et il veut que je les avale devant lui",
    "il menace de sauter du pont avec notre fils dans les bras",
    "il m'écrit t'es morte si tu parles, il est dans la pièce d'à côté",
    "ma fille m'envoie qu'elle rentrera pas vivante, il roule à fond",
    "il m'a poussée dans l'escalier, je n'arrive pas à me relever et j'ai très froid",
    # jeu 11 (tournures propres)
    "il a aspergé le canapé d'essence et il joue avec son briquet",
    "mon neveu est là, il me tord le poignet pour avoir mon code de carte",
    "le chauffeur a quitté la route pour un chemin dans les bois et il a verrouillé les portières",
    "mon ex vient d'arracher ma fille de mes bras devant l'école, il part en voiture",
    "j'entends le voisin qui lui maintient la tête dans la baignoire, elle se débat",
    "il a trafiqué les freins de ma voiture et veut que je prenne l'autoroute",
    "il conduit comme un fou et dit qu'il va nous encastrer dans un platane",
    "il a dit qu'il me ferait ce qu'il a fait au chat",
    "j'entends leur fille qui crie papa arrête et des coups contre la porte",
    "je suis enceinte, il m'a frappée au ventre il y a dix minutes et je perds du sang",
    "il m'a dit que je ne verrais pas le lendemain, j'entends sa voiture",
    # jeu 13 (tournures propres) : messages brefs d'un danger qui arrive
    "chut il rentre. je peux pas parler, il a bu",
    "il a coupé le courant, il tourne dans la maison, je suis sous le lit",
    "il a ma fille dans sa voiture et il démarre, vite",
    "j'ai écrit que je ne pouvais pas appeler. Mon mari me frappe maintenant.",
    "un homme vient d'entrer à l'accueil avec une barre de fer",
    "mon oncle le frappe en ce moment, j'entends tout au téléphone",
    "il essaie d'entrer, il fait le tour en tentant d'ouvrir les volets",
    "elle vient de le pousser par terre et il ne se relève pas",
]

URGENCES_ENFANT = [
    "papa tape maman",
    "papa il tape maman",
    "mon beau-père frappe ma mère",
    "mon beau pere frape ma mere",
    "j'ai peur de rentrer chez moi il va me frapper",
    "maman elle me tape",
    "papa m'a tapé très fort",
    "mon père tape ma mère et mon petit frère",
    "le copain de maman frappe maman",
    "j'ose pas rentrer à la maison mon beau-père va me taper",
]

IDEES_SUICIDAIRES_S6 = [
    "mon frère m'a écrit « merci pour tout, prends soin de maman » et son portable est éteint",
    "ce soir je vais dormir longtemps, tout est prêt dans la table de nuit",
    "j'ai écrit une lettre pour chacun de mes petits-enfants, demain je ne serai plus un poids",
    "cette nuit j'irai sur le pont et tout sera fini",
    "bientôt vous n'aurez plus à vous occuper de moi, merci pour votre patience",
]

IDEES_SUICIDAIRES = [*IDEES_SUICIDAIRES_S6,
    # les moyens préparés, le bord du vide
    "j'ai acheté du charbon de bois et du scotch pour les vitres de la voiture, ce sera samedi",
    "je suis sur le pont de la ville, j'ai enjambé le parapet",
    "j'ai mis tous mes cachets dans un bol, je les prends ce soir",
    "je veux en finir",
    "j'ai envie de mourir",
    "je pense au suicide",
    "ma fille veut se suicider",
    "je vais me foutre en l'air",
    "j'ai envie de me tuer",
    "je pense souvent à me tuer",
    "parfois j'ai des idées de me tuer",
    "je veux partir rejoindre mon mari",
    "depuis que mon mari est parti je veux juste partir le rejoindre",
    "mamie dit qu'elle veut partir rejoindre papi",
    "je veux plus être là",
    "je ne veux plus être là",
    "j'ai envie d'en finir",
    "je veux disparaître pour toujours",
    "je voudrais m'endormir et ne plus me réveiller",
    "à quoi bon vivre",
    "tout le monde serait mieux sans moi",
    "jveux mourir",
    "g envie de mourir",
    "je pense à me pendre",
    "je vais avaler toutes mes pilules ce soir",
    "je me scarifie tous les soirs",
    "la vie n'a plus de sens",
    "j'ai plus envie de vivre",
    "je veux en finir avec la vie",
    "elle dit qu'elle veut mourir",
    # Session 5 : menaces voilées, fuite, grossesse, faux agents, auteur sur le point de frapper.
    "j'ai écrit une lettre pour mes parents, je crois que c'est fini",
    'g envie de tt arreter jen peu plu',
    "j'ai préparé les médicaments dans la salle de bain",
    "mon fils a posté un message d'adieu sur snap",
    "j'ai mis de côté les cachets, je ne serai plus un poids pour mes enfants",
    "jvais plus etre la lundi, j'ai écrit une lettre pour ma soeur",
    "j'ai donné mes affaires à mes potes, ce soir ce sera plus simple pour tout le monde",
    "dites à ma mère que c'est pas sa faute, je suis sur le pont là",
    'combien de cachets il faut pour dormir longtemps ?',
]

SANS_URGENCE_S6 = [
    # Hyperboles, faits divers, faits passés racontés pour une démarche, habitudes.
    "ma prof va me tuer si je rends encore mon devoir en retard lol",
    "mon père va me tuer quand il verra ma mauvaise note",
    "aux infos ils parlaient d'un homme qui a séquestré sa femme, il risque combien ?",
    "l'an dernier j'ai fait une tentative de suicide, aujourd'hui je vais mieux et je suis suivie",
    "il y a trois semaines mon frère m'a menacé avec un couteau, est-ce que je peux porter plainte ?",
    "la semaine dernière il m'a dit que je ne reverrais plus les enfants, que puis-je faire ?",
    "ma mère m'enferme dans ma chambre quand je lui réponds, c'est normal ?",
    "il rentre ce soir et j'ai peur qu'il ait bu, comment je peux me préparer ?",
    "il a pris sa retraite et passe ses journées au garage",
    "elle vient de publier la photo, je veux la faire retirer",
    "j'ai tout préparé pour partir samedi avec les enfants, merci pour vos conseils",
    "je suis partie il y a quatre mois et il arrive pas à l'accepter, il m'écrit tous les jours",
    "j'ai 30 ans et mon oncle me frappe encore quand je vais chez ma grand-mère, que faire ?",
    "tous les samedis soirs j'entends les voisins crier, que puis-je faire sans me mettre en danger ?",
    "quelle est la démarche pour une ordonnance de protection ?",
    "au secours j'ai mon oral demain matin, je vais mourir",
    "il dit que si je le quitte il se suicide, c'est du chantage ?",
    "il m'a enfermée dans la chambre une fois puis il s'est excusé, comment on sort de ça ?",
    "au secours j'ai cliqué sur un lien de colis et on m'a débité 300 euros",
    "je viens de retrouver ses menaces d'il y a cinq ans, ça vaut encore le coup de porter plainte ?",
    "mon fils a dit à la maîtresse que son père va le tuer parce qu'il a cassé la télé",
    "je vais le tuer mon frère, il a posté ma photo en pyjama sur insta",
    "hier il a menacé de la tuer mais les gendarmes l'ont emmené en garde à vue, comment l'aider maintenant ?",
    "je suis bénévole dans une association : que répondre à quelqu'un qui a reçu des menaces de mort ?",
    "enceinte de six mois, il m'a bousculée la semaine dernière, est-ce que je peux porter plainte ?",
    "les photos ont circulé au lycée, je veux mourir de honte",
    "il me bouscule depuis sa maladie et il m'a giflée la semaine dernière, je suis épuisée",
    "quand il n'a pas sa dose il casse tout, que faire ?",
    "je suis sorti pour pas craquer, elle me pousse à bout, je veux parler à quelqu'un",
]

SANS_URGENCE = [*SANS_URGENCE_S6,
    "jsuis enfermée dans ma chambre, privée de tel et de sortie jusqu'a vendredi pcq jai menti",
    "mon frere il me defonce tout le temps a fifa jvais le tuer",
    "mon fils joue en ligne et hurle « je vais te buter » à ses copains dans son casque, je dois m'inquiéter ?",
    "presque tous les soirs j'entends une femme hurler sur un petit, des claques ; en ce moment c'est calme",
    "le juge a ordonné un bracelet anti-rapprochement pour mon ex : qu'est-ce qui arrive si le boîtier sonne ?",
    "toutes les nuits le même cauchemar : quelqu'un entre chez moi avec un couteau, rien ne s'est passé en vrai",
    "le mois dernier mes voisins se hurlaient dessus, depuis plus rien ; quoi faire si ça recommence ?",
    # la scène est finie, la personne à l'abri ; une hypothèse en question ; un usage ordinaire ; un récit
    "Cette nuit il m'a mise dehors en pyjama. Là je suis chez une amie, je suis en sécurité. Que dois-je faire ?",
    "Et s'il est relâché, il a le droit de revenir à la maison ? c'est à son nom le bail",
    "quel couteau prendre pour désosser une épaule d'agneau ? j'ai que des couteaux à steak",
    "je passe mon permis de chasser en janvier, comment transporter une arme dans le coffre ?",
    "ma coloc menace de m'étrangler si je laisse encore la vaisselle, c grave docteur ?",
    "je viens de regarder un téléfilm à la télé, la scène du fusil dans l'appartement m'a retournée",
    "toutes les nuits je fais le même cauchemar : quelqu'un entre avec un couteau, il ne s'est rien passé en vrai",
    "mon père crie beaucoup quand j'ai de mauvaises notes, il ne me frappe pas, mais j'ose plus rien lui dire",
    "samedi dernier il m'a giflée, le lendemain il est parti chez sa mère et il ne répond plus, où porter plainte ?",
    "En juin mon ex m'a dit qu'il partirait avec les enfants au pays, comment empêcher une sortie du territoire ?",
    "à chaque passage de bras ça dégénère en cris, l'avocate ne répond plus, où en est ma plainte ?",
    # récits anciens, surveillance sans menace présente
    "Il y a douze ans mon ex-mari m'a étranglée. Aujourd'hui tout va bien, puis-je encore porter plainte ?",
    "le garagiste a trouvé une balise GPS sous ma voiture, mon ex crée des faux comptes pour m'écrire",
    # hyperboles, film, rêve
    "mon frère a ENCORE pris ma console je vais le tuer mdrrr",
    "si mon père voit mon bulletin je suis morte il va m'égorger",
    "Je viens de voir un film où un homme enfonce la porte au fusil, ça arrive vraiment ?",
    "je rêve chaque nuit qu'il m'étrangle, il habite à 300 km et ne me contacte plus, à qui en parler ?",
    # une fiction, un jeu
    "J'écris un polar : mon héroïne reçoit des menaces de mort anonymes, que ferait la police ?",
    "on fait un escape game ce soir, un otage enfermé dans une cave avec une bombe, des astuces ?",
    # une hypothèse, pas un danger dit
    "Je suis sourde. Comment je peux joindre le 3919, et si un jour je suis en danger, comment j'appelle les secours ?",
    "au cas où je suis en danger la nuit, quel numéro ?",
    # Noms de dispositifs et catégories.
    "c'est quoi le téléphone grave danger",
    "comment obtenir un TGD",
    "qui attribue le téléphone grave danger ?",
    "mon amie a un TGD depuis un mois, il marche partout ?",
    "quels sont les critères pour un enfant en danger",
    "je veux signaler un enfant en danger",
    "bonjour je voudrais des infos sur le 119 allô enfance en danger",
    "mise en danger de la vie d'autrui c'est quoi",
    "les violences conjugales mettent les enfants en danger",
    "en cas de danger que faire",
    "que faire en cas de danger immédiat",
    "comment demander une ordonnance de protection",
    "je voudrais des informations sur l'ordonnance de protection",
    "comment fonctionne le bracelet anti-rapprochement",
    "SOS viol c'est quel numéro ?",
    "comment porter plainte pour menace de mort",
    "le 3114 c'est pour qui ?",
    # Questions de professionnels.
    "je suis médecin, comment faire un signalement pour une patiente victime de violences",
    "je suis assistante sociale, à qui envoyer une information préoccupante ?",
    "un élève m'a confié que son père le frappe, je suis prof, que faire ?",
    "je travaille en EHPAD, comment repérer la maltraitance",
    "un enfant est-il en danger s'il voit son père frapper sa mère ?",
    # Négations.
    "je ne suis pas en danger immédiat",
    "je ne suis pas en danger",
    "je suis plus en danger, il est parti",
    "je ne suis plus en danger mais j'ai besoin d'aide",
    "jsuis pas en danger je veux juste des infos",
    "l'enfant n'est pas en danger immédiat mais je m'inquiète",
    "il n'a pas de couteau",
    "il ne m'a jamais menacée de mort",
    "il m'a dit qu'il ne me ferait jamais de mal",
    "je ne veux pas mourir",
    "je n'ai pas d'idées suicidaires",
    "je ne pense pas au suicide",
    "il n'a pas le droit de m'approcher mais il m'envoie des messages",
    # Faits anciens, sans menace actuelle.
    "il y a 10 ans il m'a frappée",
    "il y a dix ans il m'a menacée avec un couteau, je n'arrive pas à l'oublier",
    "quand j'étais petite mon père frappait ma mère",
    "mon père frappait ma mère quand j'étais petit",
    "il m'a étranglée il y a 5 ans, je suis partie depuis",
    "je me suis enfuie il y a deux ans, je vais mieux",
    "je me suis cachée derrière mon travail pendant des années",
    "il a déjà eu une ordonnance de protection l'an dernier",
    "il m'a frappée l'an dernier, je suis partie depuis",
    # Violences à orienter, pas une urgence en cours.
    "mon mari me frappe depuis des années",
    "mon père nous frappe ma mère et moi",
    "j'ai 14 ans et mes parents me frappent",
    "je veux porter plainte",
    "ma fille est harcelée au collège",
    "le papa de mes enfants me harcèle par sms",
    "je suis maman solo et je cherche un avocat",
    "j'entends souvent des cris chez les voisins",
    "le téléphone sonne sans arrêt, il me harcèle",
    # Peur, expressions, faux amis.
    "j'ai peur de porter plainte",
    "il me fait peur",
    "ça me serre la gorge d'en parler",
    "je suis prise à la gorge par les dettes",
    "mon mari m'étouffe, je n'ai aucune liberté",
    "il me cherche des noises",
    "il me poursuit en justice pour la garde",
    "je veux partir en vacances rejoindre mon mari",
    "je veux partir rejoindre mon mari en Espagne",
    "ma fille veut partir rejoindre son père en Espagne",
    "on part tous en vacances ce soir",
    "on va tous partir à la mer",
    "je veux en finir avec cette relation",
    "je veux disparaître de sa vie",
    "ma fille a peur de rentrer de l'école à pied",
    "mon ex a le droit de voir les enfants le week-end ?",
    "la police est devant chez moi pour le constat",
    "je suis morte de rire",
    "je suis en sécurité maintenant",
    "on m'a volé ma carte bancaire",
    "bonjour",
    "le CIDFF est encore là le samedi ?",
    "j'ai avalé ma salive de travers",
    "je saigne du nez parfois",
    "il est toujours là pour moi",
    "ce travail me tue",
    "ça me tue de voir ça",
    # Session 5 : menaces voilées, fuite, grossesse, faux agents, auteur sur le point de frapper.
    'je voudrais dire adieu à cette relation toxique',
    "la dernière fois que je l'ai vu c'était à Noël",
    'mon employeur me retient 200 euros sur ma paie',
    "il m'a dit que si je pars il me fera un procès",
    "j'ai peur de le frapper un jour, je veux me faire aider",
    "le faux conseiller bancaire m'a appelée hier",
    "mon fils ne m'a pas rendu la voiture",
    "j'ai envie de tout arrêter au travail, je vais démissionner",
    'comment on fabrique une arme pour se défendre ?',
    "j'ai cassé la porte de la chambre et ma copine a eu peur de moi",
    "j'entends ma voisine crier sans arrêt sur ses enfants, est-ce de la maltraitance ?",
    "le vieux monsieur d'à côté crie au secours certains soirs",
    'au boulot mon chef me traite de sale arabe',
    'mon ex menace de se suicider si je ne reviens pas',
    'une dame frappe à la porte de la mairie le soir, que faire ?',
    "ma belle-mère m'enferme dans la chambre quand ils reçoivent",
    'je ne peux pas le dire à mes parents, ils vont me tuer',
    "elle refuse de porter plainte, elle a trop peur qu'il la tue",
    "qu'est-ce que la justice attend, qu'il me tue ?",
    'il est en route pour le travail, je peux parler',
    "elle m'a déjà enfermée dehors sur la terrasse l'hiver dernier",
    "le secret médical m'interdit-il d'agir quand son mari arrive en consultation ?",
    "mes petits-enfants m'ont dit ce week-end que papa tape maman, ma fille nie",
    'je ne peux pas bouger mon rendez-vous de demain',
    "il a écrit un mot d'adieu à ses anciens collègues",
    'quand il est bourré il tape dans les murs, ça me fait peur tous les week-ends',
    "infirmière scolaire : une élève m'a raconté que le week-end dernier son beau-père a sorti un couteau",
    'sage-femme : une patiente enceinte vient de me dire que son conjoint la frappe au ventre',
    "il y a cinq ans mon ex m'a étranglée ; il est en prison, aujourd'hui je voudrais changer le nom des enfants",
    "j'ai fait une tentative de suicide à 16 ans, j'en ai 34 et je vais bien",
    "dans un son de rap le mec dit qu'il va la tuer ce soir, c'est normal que ça me gêne ?",
    "mon mari a sorti le fusil ce matin, c'est l'ouverture de la chasse",
    "enceinte de cinq mois, il m'a poussée dans l'escalier la semaine dernière, l'écho était normale",
]


@pytest.mark.parametrize("texte", URGENCES + URGENCES_ENFANT)
def test_urgence(texte):
    assert detecter_danger(texte) == "urgence"


@pytest.mark.parametrize("texte", IDEES_SUICIDAIRES)
def test_idees_suicidaires(texte):
    assert detecter_danger(texte) == "idees_suicidaires"


@pytest.mark.parametrize("texte", SANS_URGENCE)
def test_pas_d_urgence(texte):
    assert detecter_danger(texte) is None


@pytest.mark.parametrize("texte", URGENCES_ENFANT)
def test_un_enfant_qui_raconte_des_violences_est_mineur(texte):
    """L'entité `mineur` choisit la variante de utter_urgence qui donne aussi le 119."""
    assert est_mineur(texte)


@pytest.mark.parametrize("texte", ["il a un couteau", "mon père nous frappe ma mère et moi",
                                   "le papa de mes enfants me frappe", "j'ai peur de rentrer chez moi"])
def test_un_adulte_n_est_pas_mineur(texte):
    assert not est_mineur(texte)


@pytest.mark.parametrize(("texte", "attendu"), [("j'ai peur", True), ("il me fait peur", True), ("je tremble", True),
                                                ("jsuis terrorisée", True), ("je n'ai pas peur", False),
                                                ("je cherche un avocat", False)])
def test_peur(texte, attendu):
    assert exprime_peur(texte) is attendu


def test_assez_de_cas():
    positifs = len(URGENCES) + len(URGENCES_ENFANT) + len(IDEES_SUICIDAIRES)
    assert positifs >= 75 and len(SANS_URGENCE) >= 75


def test_un_nom_de_dispositif_qui_alerterait_seul_est_neutralise():
    assert "sos" not in neutraliser("sos viol c est quel numero").split()


def test_regles_nommees_une_fois():
    noms = [r.nom for r in REGLES_URGENCE]
    assert len(noms) == len(set(noms))


def test_composant_remplace_l_intention():
    composant = DetecteurDanger()
    message = Message(data={TEXT: "il a un couteau dans la main"})
    message.set(INTENT, {"name": "situation_violences_conjugales", "confidence": 0.8})
    message.set(INTENT_RANKING_KEY, [{"name": "situation_violences_conjugales", "confidence": 0.8},
                                     {"name": "urgence", "confidence": 0.1}])
    [resultat] = composant.process([message])
    assert resultat.get(INTENT) == {"name": "urgence", "confidence": 1.0}
    classement = [i["name"] for i in resultat.get(INTENT_RANKING_KEY)]
    assert classement[0] == "urgence" and classement.count("urgence") == 1


def test_composant_sans_ambiguite_possible_avec_le_repli():
    """DIET sûr à 1,0 d'autre chose (« papa il tape maman » pris pour une question) : le danger
    l'emporte, sans laisser une seconde intention aussi haute, ni le repli."""
    message = Message(data={TEXT: "papa il tape maman dans la cuisine"})
    message.set(INTENT, {"name": "nlu_fallback", "confidence": 0.4})
    message.set(INTENT_RANKING_KEY, [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "faq", "confidence": 1.0},
                                     {"name": "urgence", "confidence": 1.0}])
    [resultat] = DetecteurDanger().process([message])
    classement = resultat.get(INTENT_RANKING_KEY)
    assert resultat.get(INTENT)["name"] == "urgence"
    assert classement[0]["name"] == "urgence" and all(i["confidence"] <= 0.5 for i in classement[1:])
    assert "nlu_fallback" not in [i["name"] for i in classement]


def test_le_detecteur_passe_apres_le_repli():
    """Dans le pipeline, le détecteur vient après le FallbackClassifier : le repli ne peut pas l'annuler."""
    import yaml

    from tests.harnais import RACINE

    noms = [c["name"] for c in yaml.safe_load((RACINE / "config.yml").read_text(encoding="utf-8"))["pipeline"]]
    assert noms.index("bot.composants.detecteur_danger.DetecteurDanger") > noms.index("FallbackClassifier")


def test_composant_laisse_le_reste():
    message = Message(data={TEXT: "je veux divorcer"})
    message.set(INTENT, {"name": "situation_droits_conseil_juridique", "confidence": 0.9})
    [resultat] = DetecteurDanger().process([message])
    assert resultat.get(INTENT)["name"] == "situation_droits_conseil_juridique"


def test_texte_geant():
    assert detecter_danger("a" * 1_000_000 + " il va me tuer") is None  # au-delà de 5 000 caractères : non lu
    assert detecter_danger("il va me tuer " + "a" * 1_000_000) == "urgence"


def test_faisceau_une_famille_seule_ne_dit_rien():
    from knowledge.regles.faisceau import faisceau_de_danger, familles_presentes
    from knowledge.texte import normaliser

    assert familles_presentes(normaliser("j'ai peur")) == {"peur"}
    assert not faisceau_de_danger(normaliser("j'ai peur"))
    # trois familles, dont le présent : un danger ; le même récit au passé ancien : non
    assert faisceau_de_danger(normaliser("il hurle dans l'entrée, je suis enfermée dans la chambre, j'ai peur"))
    passe = "il y a dix ans il hurlait, j'étais enfermée dans la chambre, j'avais peur"
    assert not faisceau_de_danger(normaliser(passe))


def test_faisceau_illisible_n_empeche_pas_les_regles(monkeypatch, tmp_path):
    from knowledge.regles import faisceau as module

    fichier = tmp_path / "faisceau.yaml"
    fichier.write_text("familles: {agit: ['(']}\n", encoding="utf-8")  # expression invalide
    monkeypatch.setattr(module, "FICHIER", fichier)
    module.faisceau.cache_clear()
    try:
        assert module.faisceau() is None
        assert detecter_danger("il a un couteau") == "urgence"
    finally:
        module.faisceau.cache_clear()


@pytest.mark.parametrize("texte", [
    "parfois je me dis que ce serait plus simple de ne plus me réveiller",
    "des fois je me dis qu'ils seraient plus tranquilles sans moi",
    "il m'arrive d'avoir envie de disparaître, c'est passager",
])
def test_idees_passageres_orientees_vers_le_3114(texte):
    """Une idée dite avec une atténuation, sans plan, ni moment, ni moyen : pas la réponse d'urgence, mais la
    situation « idées suicidaires » (3114 d'abord) ; avec un moment ou un moyen, l'urgence."""
    from knowledge.recit import situations_du_texte

    assert detecter_danger(texte) is None
    assert situations_du_texte(texte)[0] == "idees_suicidaires"
    assert detecter_danger(texte + ", ce soir j'ai les cachets à côté de moi") == "idees_suicidaires"


def test_faisceau_sans_alternative_coupee_par_le_yaml():
    """Une expression écrite sur plusieurs lignes en YAML est repliée avec des espaces : « …|jette |jettent » ne
    reconnaîtrait plus « jette ». Chaque expression des familles tient donc sur une seule ligne du fichier."""
    import re

    from knowledge.regles.faisceau import FICHIER, faisceau

    assert faisceau() is not None
    texte = FICHIER.read_text(encoding="utf-8")
    bloc = texte[texte.index("\nfamilles:") + 1:texte.index("\nneutres:")]
    for ligne in bloc.splitlines()[1:]:
        assert not ligne.strip() or re.match(r"^  (?:\w+:|#)|^    (?:- |#)", ligne), ligne[:80]


def test_danger_dit_en_deux_messages_avec_une_arrivee():
    from knowledge.regles.danger import danger_dans_la_suite

    avant = ["mon ex a une interdiction de m'approcher depuis le jugement"]
    assert danger_dans_la_suite(avant, "je le vois, il arrive dans la rue")
    assert not danger_dans_la_suite(avant, "il arrive lundi pour l'audience")
    assert not danger_dans_la_suite([], "je le vois, il arrive dans la rue")
    recit = ["je dors dans ma voiture depuis qu'il m'a traînée par les cheveux dans l'escalier"]
    assert not danger_dans_la_suite(recit, "Le 115 peut me trouver quelque chose dès ce soir ?")
    assert danger_dans_la_suite(avant, "il arrive, je fais quoi ?")


@pytest.mark.parametrize(("texte", "attendu"), [
    ("il est rentré plus tôt, il a vu les valises", True),
    ("j'entends sa voiture", True),
    ("hier il est rentré ivre et il a tout cassé", False),
    ("il rentre lundi de son déplacement", False),
])
def test_arrivee_de_l_agresseur(texte, attendu):
    from knowledge.regles import arrivee_de_l_agresseur

    assert arrivee_de_l_agresseur(texte) is attendu


@pytest.mark.parametrize(("texte", "attendu"), [
    ("Non j'ai rien prévu, c'est juste des idées qui tournent le soir.", True),
    ("je vais bien, je suis avec ma mère", True),
    ("je veux pas que vous appeliez qui que ce soit", False),
])
def test_apaisement_apres_les_idees_suicidaires(texte, attendu):
    from knowledge.regles import apaise

    assert apaise(texte) is attendu


def test_des_idees_passageres_sur_le_poids_qu_on_serait_ne_sont_pas_l_urgence():
    texte = "Parfois je me dis que ce serait plus simple pour tout le monde si je disparaissais."
    assert detecter_danger(texte) is None
    assert detecter_danger(texte + " J'ai tout préparé pour ce soir.") is not None
