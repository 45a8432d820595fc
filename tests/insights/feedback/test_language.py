"""Language of feedback texts: short English answers are scored, foreign comments are not."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from whylens.insights.feedback import language
from whylens.insights.feedback.language import detect_language
from whylens.insights.feedback.sentiment import SentimentScorer

#: short English answers a character n-gram detector takes for another language
SHORT_ENGLISH = (
    "ok",
    "meh",
    "fast delivery thanks",
    "Rubbish",
    "Shambles",
    "Works",
    "nope",
    "Bravo",
    "Hmm",
    "Zero stars",
    "Ta",
    "Mediocre",
    "parcel en route",
    "Top",
    "Super",
    "Cheers",
    "So-so",
    "Kudos",
    "Brill",
    "gr8 service",
)

#: comments of typical length in other languages, with their language
FOREIGN = (
    ("Die Lieferung kam pünktlich, aber der Karton war beschädigt.", "de"),
    ("Sehr gut", "de"),
    ("Preise sind viel zu hoch geworden.", "de"),
    ("Le colis est arrivé abîmé et personne ne répond.", "fr"),
    ("Très bien", "fr"),
    ("Tout est parfait, merci!", "fr"),
    ("Entrega rápida y buen precio.", "es"),
    ("Muy bueno", "es"),
    ("El reembolso tarda semanas, no vuelvo a comprar.", "es"),
    ("A entrega atrasou uma semana e ninguém respondeu.", "pt"),
    ("Pedido chegou rápido", "pt"),
    ("Servizio clienti pessimo, mai più.", "it"),
    ("Va bene", "it"),
    ("Il pacco non è mai arrivato.", "it"),
    ("Pakket kwam te laat en de doos was kapot.", "nl"),
    ("Geen probleem", "nl"),
    ("Leveransen var snabb och smidig.", "sv"),
    ("Pakken kom hurtigt, tak.", "da"),
    ("Zamówienie przyszło uszkodzone.", "pl"),
    ("Objednávka dorazila pozdě.", "cs"),
    ("Очень быстрая доставка, спасибо.", "ru"),
    ("配送がとても遅かったです。", "ja"),
)


@pytest.mark.parametrize("text", SHORT_ENGLISH)
def test_short_english_texts_are_english_and_scored(text):
    assert detect_language(text) == "en"
    assert SentimentScorer().score(text).label != "unscored"


@pytest.mark.parametrize(("text", "code"), FOREIGN)
def test_foreign_texts_are_named_and_left_unscored(text, code):
    assert detect_language(text) == code
    score = SentimentScorer().score(text)
    assert score.label == "unscored" and score.sentiment is None and score.scorer is None


def test_english_comments_of_every_set_stay_english():
    from tests.insights.feedback.blind import BLIND
    from tests.insights.feedback.fourth import FOURTH
    from tests.insights.feedback.third import THIRD

    for text, *_ in BLIND + THIRD + FOURTH:
        assert detect_language(text) == "en", text


def test_a_foreign_language_must_be_far_likelier_than_english():
    """A word several languages share ("Bravo", "Super") is no evidence against English."""
    best, margin, english_share = language._weigh(["bravo"])
    assert margin < language.MARGIN and english_share == 1.0
    best, margin, _ = language._weigh(["sehr", "gut"])
    assert best == "de" and margin >= language.MARGIN


def test_the_models_ship_inside_their_packages(monkeypatch):
    """Nothing is downloaded: with the network refused, the word lists and py3langid load from
    the installed packages."""
    import py3langid
    import wordfreq

    def refuse(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    language.word_model.cache_clear()
    try:
        assert detect_language("Die Bestellung ist nie angekommen.") == "de"
        assert detect_language("Huduma nzuri sana") != "en"  # py3langid's turn
    finally:
        language.word_model.cache_clear()
    package = Path(wordfreq.__file__).parent
    assert (
        package in Path(wordfreq.DATA_PATH).parents or Path(wordfreq.DATA_PATH) == package / "data"
    )
    assert (Path(py3langid.__file__).parent / "data").exists()
