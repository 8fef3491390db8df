"""Garde des canaux et journal caviardé : fonctions pures et enveloppe autour d'un vrai canal Rasa."""

from __future__ import annotations

import asyncio
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.garde import journal
from bot.garde.canaux import Garde, LimiteurDebit, assainir, origines_autorisees

journal.installer()


@pytest.mark.parametrize(("brut", "attendu"), [
    ('/intent_inconnu{"lieu": "41018"}', 'intent_inconnu{"lieu": "41018"}'),
    ("///restart", "restart"),
    ("  il\x00 me\x1b[31m frappe\u200b  ", "il me [31m frappe"),
    ("mon mari\ud800 me menace", "mon mari me menace"),
    ("\t\n  ", ""),
    (17, "17"),
    ({"texte": "x"}, ""),
    (None, ""),
    ("e\u0301te\u0301", "été"),
])
def test_assainir(brut, attendu):
    assert assainir(brut) == attendu


def test_assainir_coupe_les_tres_longs_messages_a_un_espace():
    texte = assainir("il me frappe " * 100_000, longueur_max=2000)
    assert 1000 < len(texte) <= 2000
    assert texte.endswith("frappe") or texte.endswith("me") or texte.endswith("il")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=5000), st.binary(max_size=200).map(lambda b: b.decode("utf-8", "replace")),
                 st.integers(), st.none(), st.lists(st.text(max_size=5))))
def test_assainir_total(brut):
    """Toujours une chaîne UTF-8 encodable, bornée, sans contrôle, sans « / » de tête."""
    texte = assainir(brut, longueur_max=500)
    assert isinstance(texte, str) and len(texte) <= 500
    texte.encode("utf-8")
    assert not texte.startswith("/") and texte == texte.strip()
    assert not any(ord(c) < 32 for c in texte)


def test_limiteur_rafale_puis_debit():
    limiteur = LimiteurDebit(rafale=3, par_minute=60)
    assert [limiteur.accepter("a", 0.0) for _ in range(4)] == [True, True, True, False]
    assert limiteur.accepter("b", 0.0)  # par conversation
    assert not limiteur.accepter("a", 0.5)
    assert limiteur.accepter("a", 1.6)


def test_limiteur_borne_en_memoire():
    limiteur = LimiteurDebit(conversations_max=100)
    for i in range(1000):
        limiteur.accepter(str(i), 0.0)
    assert len(limiteur._seaux) == 100


def test_conversation_et_metadonnees():
    assert Garde.conversation("abc-123") == "abc-123"
    for mauvais in (None, 12, "", "x" * 200, "a b", "../etc", {"a": 1}):
        nouveau = Garde.conversation(mauvais)
        assert len(nouveau) == 32 and nouveau != "default"
    assert Garde.metadonnees({"partenaire": "prefecture-41", "email": "a@b.fr", "ip": "1.2.3.4"}) == {
        "partenaire": "prefecture-41"}
    assert Garde.metadonnees({"partenaire": "<script>"}) == {}
    assert Garde.metadonnees("partenaire") == {}


def test_origines(monkeypatch):
    monkeypatch.delenv("ORIENTATION41_MODE", raising=False)
    assert origines_autorisees("https://a.fr, https://b.fr/") == ["https://a.fr", "https://b.fr"]
    assert origines_autorisees("") is None
    with pytest.raises(ValueError, match="refusée"):
        origines_autorisees("*")
    monkeypatch.setenv("ORIENTATION41_MODE", "developpement")
    assert origines_autorisees(["*"]) == "*"


def _envoyer(garde: Garde, recu: list[UserMessage], texte, sender="conv-1", bot=None):
    """Un message passé par la garde vers un faux « bot » qui répond `bot` (ou rien)."""
    sortie = CollectingOutputChannel()

    async def bot_factice(message: UserMessage) -> None:
        recu.append(message)
        if isinstance(bot, Exception):
            raise bot
        if bot:
            await message.output_channel.send_response(message.sender_id, {"text": bot})

    asyncio.run(garde.envelopper(bot_factice)(UserMessage(texte, sortie, sender, metadata={"partenaire": "p",
                                                                                          "nom": "Dupont"})))
    return [m.get("text") for m in sortie.messages]


def test_garde_passe_le_texte_assaini_au_bot():
    garde, recu = Garde(), []
    assert _envoyer(garde, recu, '/situation_violences_conjugales{"lieu":"41018"}', bot="ok") == ["ok"]
    assert recu[0].text == 'situation_violences_conjugales{"lieu":"41018"}'
    assert recu[0].metadata == {"partenaire": "p"}


def test_garde_message_vide_repond_sans_le_bot():
    garde, recu = Garde(), []
    assert _envoyer(garde, recu, "  \u200b ", bot="ok") == [garde.reponses["utter_message_vide"]]
    assert recu == []


def test_garde_debit_depasse():
    garde, recu = Garde(rafale=2, par_minute=1), []
    reponses = [_envoyer(garde, recu, "bonjour", bot="ok") for _ in range(4)]
    assert reponses[:2] == [["ok"], ["ok"]]
    assert reponses[2] == [garde.reponses["utter_trop_de_messages"]]
    assert "tel:17" in reponses[2][0] and "sms:114" in reponses[2][0]
    assert len(recu) == 2


def test_garde_bot_muet_ou_en_erreur_excuse_avec_numeros(caplog):
    garde, recu = Garde(), []
    with caplog.at_level(logging.ERROR, logger="bot.garde.canaux"):
        muet = _envoyer(garde, recu, "je cherche de l'aide à Blois", bot=None)
        erreur = _envoyer(garde, recu, "encore", sender="conv-2", bot=RuntimeError("panne"))
    excuse = garde.reponses["utter_service_indisponible"]
    assert muet == [excuse] and erreur == [excuse]
    for numero in ("tel:17", "tel:112", "sms:114", "tel:3919", "tel:116006"):
        assert numero in excuse
    assert len([r for r in caplog.records if r.name == "bot.garde.canaux"]) == 1  # une fois, pas par message


PERSONNEL = ("Je m'appelle Amandine Lefèvre, j'habite 12 rue des Lilas 41000 Blois, "
             "mon numéro 06 12 34 56 78, +33 6 98 76 54 32, amandine.lefevre@exemple.fr, depuis 192.168.1.24")


@pytest.mark.parametrize("fragment", ["Amandine", "Lefèvre", "12 rue des Lilas", "41000", "06 12 34 56 78",
                                      "+33 6 98 76 54 32", "amandine.lefevre@exemple.fr", "192.168.1.24"])
def test_journal_masque_les_donnees_personnelles_meme_hors_message(fragment):
    """Sans contexte de message : les motifs seuls suffisent pour ces données."""
    assert fragment not in journal.caviarder(f"Erreur en traitant {PERSONNEL!r}")


def test_journal_masque_le_message_en_cours_et_ses_mots(caplog):
    texte = "Mon beau-père Gérard me surveille depuis que je suis rentrée de Tours"
    with caplog.at_level(logging.DEBUG, logger="rasa.core.processor"):
        with journal.message_en_cours(texte):
            logging.getLogger("rasa.core.processor").debug("Received user message '%s' with entities %s",
                                                           texte, [{"value": "Gérard"}, {"value": "tours"}])
            try:
                raise ValueError(f"slot inattendu : {texte.upper()}")
            except ValueError:
                logging.getLogger("rasa.core.processor").exception("échec")
        logging.getLogger("rasa.core.processor").debug("après le message : Gérard reste lisible")
    lignes = "\n".join(caplog.text.splitlines())
    for mot in ("beau-père", "Gérard me", "surveille", "rentrée", "Tours", "GÉRARD", "SURVEILLE"):
        assert mot not in lignes
    assert "[message]" in lignes
    assert caplog.records[-1].getMessage().endswith("Gérard reste lisible")


def test_journal_une_panne_une_fois_par_fenetre():
    filtre = journal.FiltreRepetitions(fenetre=3600)
    fabrique = logging.getLogRecordFactory()

    def record(msg: str) -> logging.LogRecord:
        return fabrique("rasa.core.processor", logging.ERROR, __file__, 1, msg, (), None)

    assert filtre.filter(record("Failed to run custom action 'action_orienter' on port 5055"))
    assert not filtre.filter(record("Failed to run custom action 'action_orienter' on port 5056"))
    assert filtre.filter(record("Autre panne"))
    assert filtre.filter(fabrique("x", logging.INFO, __file__, 1, "info", (), None))


def test_journal_masque_les_champs_texte_de_structlog_hors_contexte():
    """Rasa journalise `text` hors du traitement (délai dépassé) : masqué quand même."""
    json_ligne = '{"text": "Romorantin, mon mari \\"Jean\\" me bat", "event": "rest.message.received.timeout"}'
    assert journal.caviarder(json_ligne) == '{"text": "[message]", "event": "rest.message.received.timeout"}'
    console = "rest.message.received.failure text='il me frappe, je suis à Salbris' level=error"
    assert journal.caviarder(console) == "rest.message.received.failure text=[message] level=error"
