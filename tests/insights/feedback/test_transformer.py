"""The optional transformer model: which scorer is chosen, how its labels become a sentiment, and
the one-line errors when it cannot be had offline. A tiny fake pipeline stands in for the model;
nothing is downloaded."""

from __future__ import annotations

import importlib.util
import sys
import types

import pyarrow as pa
import pytest

import whylens
from whylens.errors import ConfigError
from whylens.insights.feedback import transformer
from whylens.insights.feedback.sentiment import SentimentScorer
from whylens.insights.feedback.store import score_feedback
from whylens.insights.feedback.transformer import (
    ModelScorer,
    label_polarity,
    load_model,
    resolve,
)


class FakePipeline:
    """Answers like a text-classification pipeline with top_k=None: every label's probability."""

    def __init__(self, labels: tuple[str, ...] = ("NEGATIVE", "POSITIVE")) -> None:
        self.labels = labels
        self.calls: list[list[str]] = []
        self.options: dict = {}

    def __call__(self, texts: list[str], **options):
        self.calls.append(list(texts))
        self.options = options
        return [self._classes(t) for t in texts]

    def _classes(self, text: str) -> list[dict]:
        good = 0.9 if "love" in text.lower() else 0.2
        if len(self.labels) == 2:
            return [
                {"label": self.labels[1], "score": good},
                {"label": self.labels[0], "score": 1 - good},
            ]
        return [
            {"label": self.labels[2], "score": good * 0.8},
            {"label": self.labels[1], "score": 0.2},
            {"label": self.labels[0], "score": 0.8 - good * 0.8},
        ]


@pytest.mark.parametrize(
    ("label", "polarity"),
    [
        ("POSITIVE", 1.0),
        ("negative", -1.0),
        ("Neutral", 0.0),
        ("1 star", -1.0),
        ("4 stars", 0.5),
        ("LABEL_0", None),
        ("joy", None),
    ],
)
def test_label_polarity(label, polarity):
    assert label_polarity(label) == polarity


def test_the_model_scores_english_texts_and_leaves_the_rest_unscored():
    fake = FakePipeline()
    texts = ["I love the new app", "The parcel is late", None, "  ", "I love the new app"]
    texts += ["Die Lieferung hat zwei Wochen gedauert, sehr enttäuschend."]
    scores = ModelScorer(fake, "fake").score_many(texts)
    assert [s.label for s in scores] == [
        "positive",
        "negative",
        "unscored",
        "unscored",
        "positive",
        "unscored",
    ]
    assert scores[0].sentiment == pytest.approx(0.9 - 0.1)  # P(positive) - P(negative)
    assert scores[1].sentiment == pytest.approx(0.2 - 0.8)
    assert scores[5].language == "de" and scores[5].sentiment is None
    assert fake.calls == [["I love the new app", "The parcel is late"]]  # once each, English only
    assert fake.options == {"top_k": None, "truncation": True}


def test_three_class_and_star_models(monkeypatch):
    three = ModelScorer(FakePipeline(("negative", "neutral", "positive"))).score_many(["I love it"])
    assert three[0].sentiment == pytest.approx(0.72 - 0.08)
    monkeypatch.setattr(transformer, "BATCH", 2)
    stars = FakePipeline(("1 star", "3 stars", "5 stars"))
    scores = ModelScorer(stars).score_many(["I love it", "It is late", "I love this shop"])
    assert len(stars.calls) == 2  # batches of BATCH texts
    assert [s.label for s in scores] == ["positive", "negative", "positive"]


def test_a_model_whose_labels_are_not_sentiments_is_refused():
    with pytest.raises(ConfigError, match="label 'joy' is not positive"):
        ModelScorer(FakePipeline(("anger", "joy")), "emotions").score_many(["I love it"])


def test_the_lexicon_is_the_default_and_a_scorer_object_is_used_as_given():
    assert isinstance(resolve(None), SentimentScorer)
    fake = ModelScorer(FakePipeline())
    assert resolve(fake) is fake


def test_without_transformers_a_named_model_is_a_one_line_error(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "transformers" else real(name, *a),
    )
    with pytest.raises(ConfigError) as caught:
        load_model("models/sentiment")
    message = str(caught.value)
    assert "needs the `transformers` package" in message and "\n" not in message


@pytest.fixture
def fake_transformers(monkeypatch):
    """A `transformers` module whose loaders record their arguments and build the fake."""
    calls: list[tuple[str, str, dict]] = []

    def loader(kind: str):
        def from_pretrained(name: str, **options):
            calls.append((kind, name, options))
            if name == "missing":
                raise OSError("We couldn't connect to the Hub and the model is not cached.\nmore")
            return kind

        return types.SimpleNamespace(from_pretrained=from_pretrained)

    def pipeline(task: str, model, tokenizer):
        calls.append(("pipeline", task, {"model": model, "tokenizer": tokenizer}))
        return FakePipeline()

    module = types.SimpleNamespace(
        AutoTokenizer=loader("tokenizer"),
        AutoModelForSequenceClassification=loader("model"),
        pipeline=pipeline,
    )
    real = importlib.util.find_spec
    monkeypatch.setitem(sys.modules, "transformers", module)
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: object() if name == "transformers" else real(name, *a),
    )
    transformer._pipeline.cache_clear()
    yield calls
    transformer._pipeline.cache_clear()


def test_a_named_model_is_loaded_from_local_files_only(fake_transformers):
    scorer = load_model("models/sentiment")
    assert [s.label for s in scorer.score_many(["I love it"])] == ["positive"]
    tokenizer, model, pipeline = fake_transformers
    assert tokenizer == ("tokenizer", "models/sentiment", {"local_files_only": True})
    assert model == ("model", "models/sentiment", {"local_files_only": True})
    assert pipeline[:2] == ("pipeline", "text-classification")
    load_model("models/sentiment")
    assert len(fake_transformers) == 3  # loaded once per process


def test_a_model_not_on_this_machine_is_a_one_line_error(fake_transformers):
    with pytest.raises(ConfigError) as caught:
        load_model("missing")
    assert "not on this machine (nothing is downloaded)" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_stored_feedback_is_scored_by_the_chosen_model():
    ws = whylens.open(":memory:")
    table = pa.table(
        {
            "timestamp": pa.array(["2026-05-01 10:00:00", "2026-05-02 10:00:00"]).cast(
                pa.timestamp("us")
            ),
            "kind": ["text", "text"],
            "text": ["I love the app", "The parcel is late"],
        }
    )
    ws.add_feedback(table)
    score_feedback(ws.engine)
    lexicon = ws.engine.query("SELECT text, sentiment FROM feedback ORDER BY text").to_pylist()
    assert score_feedback(ws.engine, rescore=True, model=ModelScorer(FakePipeline())) == 2
    model = ws.engine.query("SELECT text, sentiment FROM feedback ORDER BY text").to_pylist()
    assert [r["sentiment"] for r in model] == [pytest.approx(0.8), pytest.approx(-0.6)]
    assert [r["sentiment"] for r in lexicon] != [r["sentiment"] for r in model]
