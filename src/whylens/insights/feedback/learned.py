"""A learned reading of feedback: naive Bayes over the words and word pairs of the text the
lexicon's rules have rewritten, counted on the hand-labelled sets (ADR 0010 and its amendment).

Why: rules named the wordings they were drawn from and read a set written later at 60%; a model
weighs every word it was shown, including the rules' markers, and reads new wording better.
Naive Bayes rather than a logistic regression: on a thousand-odd short comments it gives each
word the evidence its own counts carry, where the regression leaned on the rules' markers (near
perfect on the sets they were drawn from) and read sets nobody had drawn from worse
(docs/feedback.md gives the leave-one-set-out figures). The counts ship as
`sentiment_model.json`, made by `python -m tests.insights.feedback.training`; scoring needs no
training and no download.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from whylens.insights.feedback.lexicon import MARKERS, WORDS

CLASSES = ("negative", "neutral", "positive")
MODEL_FILE = "sentiment_model.json"
#: additive smoothing of the word counts, chosen by leave-one-set-out accuracy on the sets no
#: rule was drawn from (0.5 and 1 read within a comment of each other; docs/feedback.md)
ALPHA = 1.0
#: naive Bayes treats a comment's words as independent evidence and so is over-sure; dividing
#: its log-odds by this makes P(class) match how often it is right (the value that minimises the
#: log-loss of leave-one-set-out predictions, 3.94); the likeliest class does not change
TEMPERATURE = 4.0
_NEGATORS = frozenset(
    {"not", "no", "never", "nothing", "nobody", "none", "cannot", "without", "nowhere", "nor"}
)
_TOKEN = re.compile(r"[a-z0-9']+|[.,;:!?]")


@lru_cache(maxsize=1)
def _valences() -> dict[str, float]:
    """VADER's word list with the customer-experience words and markers (lexicon.py)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    markers = {marker: value for marker, value in MARKERS.items() if value}
    return {**SentimentIntensityAnalyzer().lexicon, **WORDS, **markers}


def words(text: str) -> list[str]:
    """Words, pairs of neighbours and pairs one apart (`late _ again`). A word after a negator,
    up to the clause's end, is `NOT_word`; a word of the lexicon (VADER's or ours, markers
    included) is followed by its valence class (`vpos`, `vneg`, `vpos2`, `vneg2` when |valence|
    >= 2), so a sentiment word the training sets never used still counts, and a pair one apart
    also joins a sentiment word to the word after it ("late again": `late _ again`)."""
    valences = _valences()
    out: list[str] = []
    negated = False
    for word in _TOKEN.findall(text.lower().replace("’", "'")):
        if word in ".,;:!?":
            negated = False
            continue
        prefix = "NOT_" if negated else ""
        out.append(prefix + word)
        if word in valences:
            value = valences[word]
            out.append(f"{prefix}{'vpos' if value > 0 else 'vneg'}{'2' if abs(value) >= 2 else ''}")
        if word in _NEGATORS or word.endswith("n't"):
            negated = True
    pairs = [f"{a} {b}" for a, b in zip(out, out[1:])]
    return out + pairs + [f"{a} _ {b}" for a, b in zip(out, out[2:])]


class LinearModel:
    """The fitted model, linear in log space: per class, how many training comments had each
    feature, read as smoothed log-probabilities (multinomial naive Bayes over feature presence).
    Every class is as likely as the others before the words are read: the sets' shares of each
    class are how their authors wrote them (few neutral comments), not how customers write."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self._vocabulary = {feature: i for i, feature in enumerate(spec["features"])}
        counts = np.asarray(spec["counts"], dtype=np.float64) + spec["alpha"]
        log_prob = np.log(counts) - np.log(counts.sum(axis=1, keepdims=True))
        self._weights = log_prob.T / spec["temperature"]

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """P(negative), P(neutral), P(positive) per text (rows), from rewritten texts."""
        rows: list[int] = []
        columns: list[int] = []
        for row, text in enumerate(texts):
            present = {self._vocabulary.get(feature) for feature in words(text)} - {None}
            rows += [row] * len(present)
            columns += present  # type: ignore[arg-type]
        logits = np.zeros((len(texts), len(CLASSES)))
        for k in range(len(CLASSES)):
            logits[:, k] += np.bincount(
                rows, weights=self._weights[columns, k], minlength=len(texts)
            )
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)


def fit(texts: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """The model's spec from rewritten texts and their labels (negative, neutral, positive): per
    class, the number of texts with each feature. Deterministic, well under a second for a
    thousand texts."""
    from sklearn.feature_extraction.text import CountVectorizer

    y = np.array([CLASSES.index(label) for label in labels])
    if set(y) != {0, 1, 2}:
        raise ValueError("training needs negative, neutral and positive texts")
    vectorizer = CountVectorizer(analyzer=words, binary=True)
    x = vectorizer.fit_transform(texts).tocsr()
    counts = np.vstack([np.asarray(x[y == k].sum(axis=0)).ravel() for k in range(len(CLASSES))])
    return {
        "classes": list(CLASSES),
        "alpha": ALPHA,
        "temperature": TEMPERATURE,
        "features": vectorizer.get_feature_names_out().tolist(),
        "counts": counts.astype(int).tolist(),
    }


@lru_cache(maxsize=1)
def shipped() -> LinearModel:
    """The model that ships with whylens (read once per process)."""
    path = resources.files("whylens.insights.feedback").joinpath(MODEL_FILE)
    return LinearModel(json.loads(path.read_text(encoding="utf-8")))
