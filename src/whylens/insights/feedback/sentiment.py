"""Sentiment of feedback texts: VADER extended with a customer-experience lexicon, offline.

Texts not in English are detected (py3langid, whose model ships in the package) and left
unscored rather than scored wrongly by an English lexicon.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

from whylens.insights.feedback.lexicon import (
    EMOJI_BAD,
    EMOJI_GOOD,
    ENGLISH_WORDS,
    MARKERS,
    PHRASES,
    WORDS,
)

LABELS = ("positive", "neutral", "negative", "unscored")
#: VADER's own convention: |compound| below this is neutral
NEUTRAL_BAND = 0.05
#: below this share of common English words, a text the detector calls foreign is foreign
ENGLISH_SHARE = 0.5
#: below this many distinct texts, starting worker processes costs more than it saves
PARALLEL_MIN = 20_000
_TOKEN = re.compile(r"[a-z']+")
_EMOJI = {**dict.fromkeys(EMOJI_GOOD, " cxsmile "), **dict.fromkeys(EMOJI_BAD, " cxfrown ")}
_EMOJI_PATTERN = re.compile("|".join(map(re.escape, _EMOJI)))


@dataclass(frozen=True)
class Score:
    """One text's sentiment (-1..1, None when unscored), its label and detected language."""

    sentiment: float | None
    label: str
    language: str | None


class SentimentScorer:
    """Scores texts; `plain=True` gives VADER alone (for comparison), without the CX lexicon."""

    def __init__(self, *, plain: bool = False) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._vader = SentimentIntensityAnalyzer()
        self._plain = plain
        if not plain:
            self._vader.lexicon.update(WORDS)
            self._vader.lexicon.update(MARKERS)
        self._phrases = [(re.compile(p), f" {m} ") for p, m in PHRASES]

    @property
    def lexicon(self) -> dict[str, float]:
        """VADER's words (with ours): all English, so evidence of English text."""
        return self._vader.lexicon

    def score(self, text: str | None) -> Score:
        if text is None or not text.strip():
            return Score(None, "unscored", None)
        language = detect_language(text)
        if language != "en":
            return Score(None, "unscored", language)
        value = round(self._vader.polarity_scores(self.rewrite(text))["compound"], 4)
        return Score(value, label_of(value), language)

    def rewrite(self, text: str) -> str:
        """Emoji, complaint and praise phrases become marker tokens VADER knows."""
        if self._plain:
            return text
        text = _EMOJI_PATTERN.sub(lambda m: _EMOJI[m[0]], text)
        lowered = rewritten = text.lower()
        for pattern, marker in self._phrases:
            rewritten = pattern.sub(marker, rewritten)
        return rewritten if rewritten != lowered else text

    def score_many(self, texts: Iterable[str | None]) -> list[Score]:
        """Identical texts (common in templates and short answers) are scored once."""
        cache: dict[str | None, Score] = {}
        out = []
        for text in texts:
            if text not in cache:
                cache[text] = self.score(text)
            out.append(cache[text])
        return out


def label_of(value: float | None) -> str:
    if value is None:
        return "unscored"
    if value >= NEUTRAL_BAND:
        return "positive"
    if value <= -NEUTRAL_BAND:
        return "negative"
    return "neutral"


def detect_language(text: str) -> str:
    """ISO 639-1 code; short English texts the detector doubts are kept as English."""
    tokens = _TOKEN.findall(text.lower().replace("’", "'"))
    words = [t.replace("'", "") for t in tokens]
    if not words:
        return "en"  # emoji or punctuation only: VADER reads emoji
    lexicon = scorer().lexicon
    known = sum(w in ENGLISH_WORDS or w in lexicon for w in words)
    if known / len(words) >= ENGLISH_SHARE:
        return "en"  # the detector is only asked about the rest (it costs most of the time)
    return _identifier().classify(text)[0]


@lru_cache(maxsize=1)
def _identifier():
    import py3langid

    return py3langid


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
    # fork: the children only run Python scoring (no DuckDB), and need no `__main__` guard
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(len(parts), mp_context=context) as pool:
        scored = dict(zip(unique, (s for part in pool.map(_score_part, parts) for s in part)))
    return [scored[text] for text in texts]


def _score_part(texts: list[str | None]) -> list[Score]:
    return scorer().score_many(texts)
