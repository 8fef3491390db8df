"""Entrées hostiles ou étranges sur le vrai serveur : jamais de 5xx, jamais de plantage,
toujours une réponse polie ou un refus clair, annuaire inchangé."""

from __future__ import annotations

import time
import uuid

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from bot.garde.canaux import reponses_du_domaine
from knowledge.formulations import dire as dire_formulation

REPONSES = reponses_du_domaine()


def _conv() -> str:
    return f"hostile-{uuid.uuid4().hex[:12]}"


def _etat_annuaire(url: str) -> tuple:
    moteur = create_engine(url, future=True)
    with moteur.connect() as c:
        etat = (c.execute(text("SELECT valeur FROM meta WHERE cle = 'empreinte'")).scalar(),
                c.execute(text("SELECT count(*) FROM structure")).scalar(),
                c.execute(text("SELECT count(*) FROM contact")).scalar())
    moteur.dispose()
    return etat


@pytest.fixture(scope="module")
def annuaire_avant(pile):
    return _etat_annuaire(pile.url_postgres)


@pytest.mark.parametrize("texte", ["", "   ", "\n\t\r", "\x00\x01\x02", "\u200b\u200e"])
def test_message_vide(pile, texte):
    assert pile.textes(texte, _conv()) == REPONSES["utter_message_vide"]


@pytest.mark.parametrize("texte", [
    "😭😭😭", "🙏", "Hello, my husband hits me, I live in Blois", "Mi marido me pega", "زوجي يضربني",
    "<script>alert(document.cookie)</script>", "<img src=x onerror=alert(1)>",
    "'; DROP TABLE structure; --", "Blois' OR '1'='1", "1; DELETE FROM contact WHERE 1=1",
    "{{7*7}} ${jndi:ldap://x}", "%s%s%s%n", "../../etc/passwd", "a" * 5000,
])
def test_entrees_etranges_reponse_polie(pile, texte, annuaire_avant):
    reponses = pile.parler(texte, _conv())
    assert reponses and all(r.get("text") or r.get("buttons") for r in reponses)
    assert _etat_annuaire(pile.url_postgres) == annuaire_avant


def test_un_mega_octet_de_texte(pile):
    """1 Mo : accepté (les 2000 premiers caractères sont lus) ; le danger au début est vu."""
    texte = "il a un couteau et il va me tuer " + "bla " * 260_000
    assert len(texte.encode()) > 1_000_000
    assert "tel:17" in pile.textes(texte, _conv())


def test_corps_trop_gros_refuse_proprement(pile):
    reponse = requests.post(f"{pile.url_rasa}/webhooks/rest/webhook",
                            json={"sender": _conv(), "message": "x" * 3_000_000}, timeout=60)
    assert reponse.status_code == 413


@pytest.mark.parametrize("corps", [b"\xff\xfe{not json", b'{"sender": "a", "message": "caf\xe9"}', b"", b"[1, 2]",
                                   b'{"message": {"texte": "x"}, "sender": ["a"], "metadata": "zz"}', b"null"])
def test_corps_invalides(pile, corps):
    reponse = requests.post(f"{pile.url_rasa}/webhooks/rest/webhook", data=corps,
                            headers={"Content-Type": "application/json"}, timeout=60)
    assert reponse.status_code in (200, 400), (reponse.status_code, reponse.text[:200])


def test_syntaxe_rasa_tapee_ne_regle_ni_intention_ni_slot(pile):
    """`/intent{"lieu": …}` tapé est lu comme du texte : pas d'orientation vers Blois, pas de lieu retenu."""
    conversation = _conv()
    reponse = pile.textes('/situation_violences_conjugales{"lieu": "41018", "situation": "escroquerie"}', conversation)
    assert "Blois" not in reponse
    suite = pile.textes("mon mari me frappe", conversation)
    assert dire_formulation("proposer_lieu") in suite  # le lieu n'a pas été posé par la syntaxe : il est proposé


def test_rafale_sur_une_conversation(pile):
    """30 messages d'affilée : les premiers sont traités, la suite reçoit le message de patience."""
    conversation = _conv()
    debut = time.monotonic()
    reponses = [pile.textes("bonjour", conversation) for _ in range(30)]
    duree = time.monotonic() - debut
    refus = [r for r in reponses if r == REPONSES["utter_trop_de_messages"]]
    # 8 d'affilée, puis un de plus toutes les 2 s (30 par minute) : la borne suit la durée réelle de la
    # rafale, pas une vitesse supposée de la machine (une machine chargée ne fait pas échouer le test).
    acceptes = len(reponses) - len(refus)
    assert 8 <= acceptes <= 8 + int(duree * 30 / 60) + 1, (acceptes, round(duree, 1))
    assert refus
    assert pile.textes("bonjour", _conv()) != REPONSES["utter_trop_de_messages"]  # les autres ne sont pas gênés


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.text(max_size=300))
def test_fuzz_canal_rest(pile, texte):
    reponse = requests.post(f"{pile.url_rasa}/webhooks/rest/webhook",
                            json={"sender": _conv(), "message": texte}, timeout=60)
    assert reponse.status_code == 200
    assert isinstance(reponse.json(), list) and reponse.json()


def test_serveur_toujours_vivant_et_annuaire_inchange(pile, annuaire_avant):
    assert pile.rasa.popen.poll() is None and pile.actions.popen.poll() is None
    assert "tel:17" in pile.textes("il me menace avec un couteau", _conv())
    assert _etat_annuaire(pile.url_postgres) == annuaire_avant
