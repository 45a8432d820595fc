"""Sentiment of feedback texts: VADER extended with a customer-experience lexicon, offline.

Texts not in English are detected (language.py) and left unscored rather than scored wrongly by
an English lexicon.
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

from whylens.insights.feedback.constructions import constructions
from whylens.insights.feedback.language import detect_language, word_model
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
#: below this many distinct texts, starting worker processes costs more than it saves
PARALLEL_MIN = 20_000
_EMOJI = {**dict.fromkeys(EMOJI_GOOD, " cxsmile "), **dict.fromkeys(EMOJI_BAD, " cxfrown ")}
_EMOJI_PATTERN = re.compile("|".join(map(re.escape, _EMOJI)))
_CLAUSE = re.compile(r"([,;:.!?]+)(?=\s|$)")


@dataclass(frozen=True)
class Score:
    """One text's sentiment (-1..1, None when unscored), its label, detected language and the
    scorer that gave the sentiment (None when unscored): rows keep what scored them."""

    sentiment: float | None
    label: str
    language: str | None
    scorer: str | None = None


class SentimentScorer:
    """Scores texts; `plain=True` gives VADER alone (for comparison), without the CX lexicon."""

    def __init__(self, *, plain: bool = False) -> None:
        self._vader = _analyzer()
        self._plain = plain
        self.name = "vader" if plain else f"vader-cx-{VERSION}"
        self._rules: list[Rule] = []
        if not plain:
            self._vader.lexicon.update(WORDS)
            self._vader.lexicon.update(MARKERS)
            phrases = [(re.compile(p), f" {m} ") for p, m in PHRASES]
            self._rules = merged([*phrases, *constructions(self._vader.lexicon)])

    def score(self, text: str | None) -> Score:
        if text is None or not text.strip():
            return Score(None, "unscored", None)
        language = detect_language(text)
        if language != "en":
            return Score(None, "unscored", language)
        value = round(self._vader.polarity_scores(self.rewrite(text))["compound"], 4)
        return Score(value, label_of(value), language, self.name)

    def rewrite(self, text: str) -> str:
        """Emoji, complaint and praise phrases, then constructions, become marker tokens VADER
        knows (lower-cased only when a rule fired: VADER reads capitals as emphasis)."""
        if self._plain:
            return text
        text = _EMOJI_PATTERN.sub(lambda m: _EMOJI[m[0]], text)
        lowered = rewritten = text.lower().replace("’", "'")
        for pattern, replacement in self._rules:
            rewritten = pattern.sub(replacement, rewritten)  # type: ignore[arg-type]
        # negation ends with its clause: "no plastic, love that" does not negate "love"
        return _CLAUSE.sub(rf"\1 {CLAUSE_END}", rewritten if rewritten != lowered else text)

    def score_many(self, texts: Iterable[str | None]) -> list[Score]:
        """Identical texts (common in templates and short answers) are scored once."""
        cache: dict[str | None, Score] = {}
        out = []
        for text in texts:
            if text not in cache:
                cache[text] = self.score(text)
            out.append(cache[text])
        return out


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
    """A shared scorer: building VADER's lexicon takes a moment."""
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
    word_model()  # so is the language check's word model
    # fork: the children only run Python scoring (no DuckDB), and need no `__main__` guard
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(len(parts), mp_context=context) as pool:
        scored = dict(zip(unique, (s for part in pool.map(_score_part, parts) for s in part)))
    return [scored[text] for text in texts]


def _score_part(texts: list[str | None]) -> list[Score]:
    return scorer().score_many(texts)
