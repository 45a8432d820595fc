"""Sentiment of feedback texts, offline: the customer-experience lexicon's rules rewrite a text
into marker words, and a model counted on hand-labelled feedback (naive Bayes) reads the result
(learned.py, ADR 0010).

Texts not in English are detected (language.py) and left unscored rather than scored wrongly by
an English model.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from whylens.insights.feedback.constructions import constructions
from whylens.insights.feedback.language import detect_language, word_model
from whylens.insights.feedback.learned import LinearModel, shipped
from whylens.insights.feedback.lexicon import (
    CLAUSE_END,
    EMOJI_BAD,
    EMOJI_GOOD,
    MARKERS,
    PHRASES,
    RESOLVED,
    VERSION,
    WORDS,
)
from whylens.insights.feedback.rewriter import Rule, merged

LABELS = ("positive", "neutral", "negative", "unscored")
#: VADER's own convention: |compound| below this is neutral
NEUTRAL_BAND = 0.05
#: positive and negative this close in probability read as neither: the words pull both ways
#: (chosen with the leave-one-set-out figures, docs/feedback.md: it costs about a point of sign
#: accuracy and keeps bare facts such as "Ordered a bag and it arrived." neutral)
TORN = 0.04
#: below this many distinct texts, starting worker processes costs more than it saves
PARALLEL_MIN = 20_000
#: share of a "but"/"however" comment's score given by what follows the turn (VADER weighs the
#: two clauses 1.5 : 0.5, the same share)
TURN_WEIGHT = 0.75
MODES = ("model", "lexicon", "vader")
_EMOJI = {**dict.fromkeys(EMOJI_GOOD, " cxsmile "), **dict.fromkeys(EMOJI_BAD, " cxfrown ")}
_EMOJI_PATTERN = re.compile("|".join(map(re.escape, _EMOJI)))
_CLAUSE = re.compile(r"([,;:.!?]+)(?=\s|$)")
_TURN = re.compile(r"\b(?:but|however)\b[\s,]*(\S+\s+\S.*)$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Score:
    """One text's sentiment (-1..1, None when unscored), its label, detected language and the
    scorer that gave the sentiment (None when unscored): rows keep what scored them."""

    sentiment: float | None
    label: str
    language: str | None
    scorer: str | None = None


class SentimentScorer:
    """Scores texts. `mode="model"` (whylens' scorer): the rules rewrite, the learned model reads;
    `"lexicon"`: VADER reads the rewritten text (the scorer before version 7, kept to compare);
    `"vader"` (or `plain=True`): VADER alone. `model` replaces the shipped weights (the tests
    measure models trained on part of the labelled sets)."""

    def __init__(
        self, *, plain: bool = False, mode: str = "model", model: LinearModel | None = None
    ) -> None:
        mode = "vader" if plain else mode
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.mode = mode
        self._model = model
        self._vader = _analyzer()
        self.name = {
            "model": f"vader-cx-{VERSION}",
            "lexicon": f"vader-cx-lexicon-{VERSION}",
            "vader": "vader",
        }[mode]
        self._rules: list[Rule] = []
        if mode != "vader":
            self._vader.lexicon.update(WORDS)
            self._vader.lexicon.update(MARKERS)
            phrases = [(re.compile(p), f" {m} ") for p, m in PHRASES]
            self._rules = merged([*phrases, *constructions(self._vader.lexicon)])

    def score(self, text: str | None) -> Score:
        return self.score_many([text])[0]

    def rewrite(self, text: str) -> str:
        """Emoji, complaint and praise phrases, then constructions, become marker tokens
        (lower-cased only when a rule fired: VADER reads capitals as emphasis)."""
        if self.mode == "vader":
            return text
        text = _EMOJI_PATTERN.sub(lambda m: _EMOJI[m[0]], text)
        lowered = rewritten = text.lower().replace("’", "'")
        for pattern, replacement in self._rules:
            rewritten = pattern.sub(replacement, rewritten)  # type: ignore[arg-type]
        # negation ends with its clause: "no plastic, love that" does not negate "love"
        return _CLAUSE.sub(rf"\1 {CLAUSE_END}", rewritten if rewritten != lowered else text)

    def score_many(self, texts: Iterable[str | None]) -> list[Score]:
        """Identical texts (common in templates and short answers) are scored once; the model
        reads the English ones in one batch."""
        texts = list(texts)
        unique = list(dict.fromkeys(texts))
        languages = {t: _language(t) for t in unique}
        english = [t for t in unique if languages[t] == "en"]
        values = dict(zip(english, self.values(english)))  # type: ignore[arg-type]
        scores: dict[str | None, Score] = {}
        for text in unique:
            value = values.get(text)
            scorer = None if value is None else self.name
            scores[text] = Score(value, label_of(value), languages[text], scorer)
        return [scores[text] for text in texts]

    def values(self, texts: Sequence[str]) -> list[float]:
        """Sentiments (-1..1) of English texts."""
        if self.mode != "model":
            return [
                round(self._vader.polarity_scores(self.rewrite(t))["compound"], 4) for t in texts
            ]
        value = self._polarity([self.rewrite(t) for t in texts])
        turns = [(i, sides[1]) for i, t in enumerate(texts) if (sides := turn(t))]
        if turns:
            rows = [i for i, _ in turns]
            after = self._polarity([self.rewrite(clause) for _, clause in turns])
            value[rows] = (1 - TURN_WEIGHT) * value[rows] + TURN_WEIGHT * after
        return [round(float(v), 4) for v in value]

    def _polarity(self, rewritten: list[str]) -> np.ndarray:
        """P(positive) - P(negative), whose label is the likeliest class: where that is neutral,
        or the text is torn between positive and negative, scaled into the neutral band (the
        sign still says which way the text leans); where it is positive or negative, kept at
        least the band's width from 0."""
        p = (self._model or shipped()).probabilities(rewritten)
        value = p[:, 2] - p[:, 0]
        likeliest = np.where(np.abs(value) < TORN, 1, p.argmax(axis=1))
        value = np.where((likeliest == 2) & (value > 0), np.maximum(value, NEUTRAL_BAND), value)
        value = np.where((likeliest == 0) & (value < 0), np.minimum(value, -NEUTRAL_BAND), value)
        return np.where(likeliest == 1, value * NEUTRAL_BAND / 2, value)


def turn(text: str) -> tuple[str, str] | None:
    """A comment turned by "but" or "however" (two words or more after it): what comes before
    the turn and what follows it; None when nothing turns it."""
    match = _TURN.search(text)
    return None if match is None else (text[: match.start()], match[1])


def _language(text: str | None) -> str | None:
    """The text's language, None when there is no text."""
    if text is None or not text.strip():
        return None
    return detect_language(text)


def _analyzer() -> Any:
    """VADER, except that negation stops at the end of its clause, and does not reach a marker
    whose rule has read the negation already ("not quick and not cheap": the second "not" is in
    the marker, the first must not flip it)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    class Analyzer(SentimentIntensityAnalyzer):
        def sentiment_valence(
            self, valence: float, text: Any, item: str, i: int, sentiments: list[float]
        ) -> list[float]:
            if item == CLAUSE_END:  # a boundary, not a word: boosters before it boost nothing
                sentiments.append(0.0)
                return sentiments
            return super().sentiment_valence(valence, text, item, i, sentiments)

        def _negation_check(self, valence: float, words: list[str], start: int, i: int) -> float:
            if words[i].lower() in RESOLVED or CLAUSE_END in words[i - start : i]:
                return valence
            return super()._negation_check(valence, words, start, i)

    return Analyzer()


def label_of(value: float | None) -> str:
    if value is None:
        return "unscored"
    if value >= NEUTRAL_BAND:
        return "positive"
    if value <= -NEUTRAL_BAND:
        return "negative"
    return "neutral"


@lru_cache(maxsize=2)
def scorer(plain: bool = False) -> SentimentScorer:
    """A shared scorer: building VADER's lexicon and reading the model take a moment."""
    return SentimentScorer(plain=plain)


def score_texts(texts: Sequence[str | None], workers: int | None = None) -> list[Score]:
    """Scores in this process, or on every core for large batches (scoring is CPU-bound)."""
    unique = list(dict.fromkeys(texts))
    workers = workers or os.cpu_count() or 1
    forkable = "fork" in multiprocessing.get_all_start_methods()
    if workers < 2 or len(unique) < PARALLEL_MIN or not forkable:
        return scorer().score_many(texts)
    size = -(-len(unique) // workers)
    parts = [unique[i : i + size] for i in range(0, len(unique), size)]
    scorer()  # built once here, inherited by the workers
    shipped()  # so are the model's weights
    word_model()  # and the language check's word model
    # fork: the children only run Python scoring (no DuckDB), and need no `__main__` guard
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(len(parts), mp_context=context) as pool:
        scored = dict(zip(unique, (s for part in pool.map(_score_part, parts) for s in part)))
    return [scored[text] for text in texts]


def _score_part(texts: list[str | None]) -> list[Score]:
    return scorer().score_many(texts)
