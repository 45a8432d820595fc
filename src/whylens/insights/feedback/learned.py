"""A learned reading of feedback: a linear model over the words and letter groups of the text the
lexicon's rules have rewritten, trained on the hand-labelled sets (ADR 0010).

Why: rules named the wordings they were drawn from and read a set written later at 60%; a model
weighs every word it was shown, including the rules' markers, and reads new wording better
(docs/feedback.md gives the leave-one-set-out figures). The weights ship as `sentiment_model.json`,
made by `python -m tests.insights.feedback.training`; scoring needs no training and no download.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # scipy and scikit-learn load when a text is first scored, not at start-up
    from sklearn.feature_extraction.text import CountVectorizer

from whylens.insights.feedback.lexicon import MARKERS, WORDS

CLASSES = ("negative", "neutral", "positive")
MODEL_FILE = "sentiment_model.json"
#: inverse regularisation of the logistic regression, chosen by leave-one-set-out accuracy
C = 10.0
#: letter groups of 2 to 4 characters within words, kept when two training texts share them
CHARS = (2, 4)
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
    """Words and word pairs. A word after a negator, up to the clause's end, is `NOT_word`; a
    word of the lexicon (VADER's or ours, markers included) also gives its valence class (`vpos`,
    `vneg`, `vpos2`, `vneg2` when |valence| >= 2), so a sentiment word the training sets never
    used still counts."""
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
    return out + [f"{a} {b}" for a, b in zip(out, out[1:])]


class LinearModel:
    """The fitted model: vocabularies, idf weights and coefficients of the three classes."""

    def __init__(self, spec: dict[str, Any]) -> None:
        from sklearn.feature_extraction.text import CountVectorizer

        self.spec = spec
        self._blocks = [
            (
                CountVectorizer(analyzer=words, vocabulary=spec["words"]["vocabulary"]),
                np.asarray(spec["words"]["idf"]),
            ),
            (
                CountVectorizer(
                    analyzer="char_wb", ngram_range=CHARS, vocabulary=spec["letters"]["vocabulary"]
                ),
                np.asarray(spec["letters"]["idf"]),
            ),
        ]
        self._coef = np.asarray(spec["coef"]).T
        self._intercept = np.asarray(spec["intercept"])

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """P(negative), P(neutral), P(positive) per text (rows), from rewritten texts."""
        if not texts:
            return np.zeros((0, len(CLASSES)))
        logits = features(self._blocks, texts) @ self._coef + self._intercept
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)


def features(blocks: list[tuple[CountVectorizer, np.ndarray]], texts: Sequence[str]) -> Any:
    """Sublinear term counts times idf, each block scaled to unit length: what sklearn's
    TfidfVectorizer(sublinear_tf=True) gives, with the vocabulary fixed."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.preprocessing import normalize

    parts = []
    for vectorizer, idf in blocks:
        counts = csr_matrix(vectorizer.transform(texts), dtype=np.float64)
        counts.data = 1.0 + np.log(counts.data)
        parts.append(normalize(counts.multiply(idf).tocsr()))
    return hstack(parts).tocsr()


def fit(texts: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """The model's spec from rewritten texts and their labels (negative, neutral, positive):
    deterministic, a second or two for a thousand texts."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    word_block = TfidfVectorizer(analyzer=words, sublinear_tf=True)
    letter_block = TfidfVectorizer(
        analyzer="char_wb", ngram_range=CHARS, sublinear_tf=True, min_df=2
    )
    x = hstack([word_block.fit_transform(texts), letter_block.fit_transform(texts)]).tocsr()
    y = np.array([CLASSES.index(label) for label in labels])
    model = LogisticRegression(C=C, max_iter=5000).fit(x, y)
    if tuple(model.classes_) != (0, 1, 2):
        raise ValueError("training needs negative, neutral and positive texts")
    return {
        "classes": list(CLASSES),
        "words": _block(word_block),
        "letters": _block(letter_block),
        "coef": np.round(model.coef_, 4).tolist(),
        "intercept": np.round(model.intercept_, 4).tolist(),
    }


def _block(vectorizer: Any) -> dict[str, list]:
    order = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    return {"vocabulary": order, "idf": np.round(vectorizer.idf_, 4).tolist()}


@lru_cache(maxsize=1)
def shipped() -> LinearModel:
    """The model that ships with whylens (read once per process)."""
    path = resources.files("whylens.insights.feedback").joinpath(MODEL_FILE)
    return LinearModel(json.loads(path.read_text(encoding="utf-8")))
