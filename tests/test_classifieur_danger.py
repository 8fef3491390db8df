"""Le classifieur appris du danger (knowledge.regles.danger_appris) et son adaptateur NLU.

Entraîné ici comme `rasa train` le fait (NLU du projet et data/danger/exemples.yml), sauvé dans un
stockage de modèle réel, rechargé, puis appliqué à des messages écrits pour ce test (aucun n'est un exemple).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from bot.composants.classifieur_danger import ClassifieurDanger
from knowledge.regles import detecter_danger
from knowledge.regles.danger_appris import INTENTIONS, SANS_DANGER, lire_exemples

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = RACINE / "data" / "danger" / "exemples.yml"

# Des dangers que les règles ne reconnaissent pas : le modèle appris les reconnaît.
DANGERS_HORS_REGLES = [
    "il vient de casser la vitre de la cuisine et il crie mon prénom dans le jardin",
    "il a garé sa camionnette en travers de mon allée et il me fixe depuis le volant",
]
SANS_ALERTE = [
    "comment demander un téléphone grave danger pour une victime que je suis",  # un dispositif, un professionnel
    "dans le film d'hier soir il l'enfermait dans la cave et la menaçait avec un couteau",  # une fiction
    "il y a cinq ans mon ex m'a étranglée, est-ce que je peux encore porter plainte",  # un fait ancien
    "je voudrais des renseignements sur le 3919",
    "bonjour",
]


@pytest.fixture(scope="module")
def composant(tmp_path_factory: pytest.TempPathFactory) -> ClassifieurDanger:
    stockage = LocalModelStorage(tmp_path_factory.mktemp("modele"))
    ressource = Resource("classifieur_danger")
    contexte = ExecutionContext(graph_schema=None, model_id="test")  # type: ignore[arg-type]
    config = ClassifieurDanger.get_default_config()
    ClassifieurDanger.create(config, stockage, ressource, contexte).train(load_data(str(RACINE / "data" / "nlu")))
    return ClassifieurDanger.load(config, stockage, ressource, contexte)


def _intention(composant: ClassifieurDanger, texte: str, avant: str = "situation_violences_conjugales") -> str:
    message = Message(data={TEXT: texte})
    message.set(INTENT, {"name": avant, "confidence": 0.7})
    message.set(INTENT_RANKING_KEY, [{"name": avant, "confidence": 0.7}])
    [resultat] = composant.process([message])
    return resultat.get(INTENT)["name"]


@pytest.mark.parametrize("texte", DANGERS_HORS_REGLES)
def test_le_danger_dit_autrement_est_reconnu_apres_rechargement(composant, texte):
    assert detecter_danger(texte) is None  # les règles ne le voient pas
    assert _intention(composant, texte) == "urgence"


@pytest.mark.parametrize("texte", SANS_ALERTE)
def test_pas_d_alerte(composant, texte):
    assert _intention(composant, texte) == "situation_violences_conjugales"


def test_une_fiction_bien_notee_reste_exclue(composant):
    """Le modèle donne un score haut à la scène du film ; les exclusions des règles l'emportent."""
    texte = SANS_ALERTE[1]
    assert sum(composant.modele.probabilites(texte)[i] for i in INTENTIONS) >= composant.config["seuil"]
    assert composant.modele.intention(texte) is None


def test_une_intention_de_danger_deja_donnee_est_gardee(composant):
    assert _intention(composant, DANGERS_HORS_REGLES[0], avant="idees_suicidaires") == "idees_suicidaires"


def test_les_exemples_changent_l_empreinte(tmp_path):
    fichier = tmp_path / "exemples.yml"
    fichier.write_text("version: 1\nurgence: [il arrive]\n", encoding="utf-8")
    config = {**ClassifieurDanger.get_default_config(), "exemples": str(fichier)}
    avant = ClassifieurDanger.fingerprint_addon(config)
    fichier.write_text("version: 1\nurgence: [il arrive, il monte]\n", encoding="utf-8")
    assert ClassifieurDanger.fingerprint_addon(config) != avant


def test_exemples_lisibles_et_sans_contradiction():
    exemples = lire_exemples(EXEMPLES)
    etiquettes: dict[str, set[str]] = {}
    for exemple in exemples:
        etiquettes.setdefault(" ".join(exemple.texte.lower().split()), set()).add(exemple.etiquette)
    assert {e.etiquette for e in exemples} == {*INTENTIONS, SANS_DANGER}
    assert all(len(e) == 1 for e in etiquettes.values())


def test_place_dans_le_pipeline():
    """Après le repli (qui ne peut pas l'annuler), juste avant le détecteur à règles (qui a le dernier mot)."""
    noms = [c["name"] for c in yaml.safe_load((RACINE / "config.yml").read_text(encoding="utf-8"))["pipeline"]]
    classifieur = noms.index("bot.composants.classifieur_danger.ClassifieurDanger")
    assert noms.index("FallbackClassifier") < classifieur
    assert noms[classifieur + 1] == "bot.composants.detecteur_danger.DetecteurDanger"


def test_l_alerte_de_diet_sur_une_hyperbole_est_retiree(composant):
    """DIET range « mdr je vais tuer mon frère, il a fini mes chips » dans le suicide : les règles disent
    l'hyperbole, l'intention suivante du classement la remplace."""
    message = Message(data={TEXT: "mdr je vais tuer mon frère il a mangé tout le gâteau"})
    message.set(INTENT, {"name": "idees_suicidaires", "confidence": 0.6})
    message.set(INTENT_RANKING_KEY, [{"name": "idees_suicidaires", "confidence": 0.6},
                                     {"name": "hors_sujet", "confidence": 0.3}])
    [resultat] = composant.process([message])
    assert resultat.get(INTENT)["name"] == "hors_sujet"
    assert "idees_suicidaires" not in [i["name"] for i in resultat.get(INTENT_RANKING_KEY)]


def test_l_alerte_de_diet_que_le_modele_juge_sans_danger_est_retiree(composant):
    """« Le 115, il faut donner son nom ? » rangé en urgence par DIET : le modèle appris n'y voit rien, l'alerte est
    retirée ; un danger que DIET voit et que le modèle confirme reste."""
    for texte, gardee in (("Le 115 il faut donner son nom ? Ils trouvent quelque chose dès ce soir ?", False),
                          (DANGERS_HORS_REGLES[0], True)):
        message = Message(data={TEXT: texte})
        message.set(INTENT, {"name": "urgence", "confidence": 0.7})
        message.set(INTENT_RANKING_KEY, [{"name": "urgence", "confidence": 0.7},
                                         {"name": "situation_hebergement_urgence", "confidence": 0.2}])
        [resultat] = composant.process([message])
        assert (resultat.get(INTENT)["name"] == "urgence") is gardee
