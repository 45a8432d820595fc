"""An optional transformer sentiment model, used instead of whylens' scorer when one is installed.

The model is loaded from the local disk only (`local_files_only`): a directory, or a model name
already in the local Hugging Face cache; nothing is downloaded. Its class probabilities give the
sentiment: the expected polarity of its labels, P(positive) - P(negative) for the usual ones.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, Protocol

from whylens.errors import ConfigError
from whylens.insights.feedback.sentiment import (
    Score,
    detect_language,
    label_of,
    score_texts,
    scorer,
)

#: texts per forward pass: large enough to use the cores, small enough for a laptop's memory
BATCH = 32
_STARS = re.compile(r"^([1-5]) stars?$")
#: a label name -> its polarity, when the name says it
_POLARITY = (("neg", -1.0), ("pos", 1.0), ("neu", 0.0))


class Scorer(Protocol):
    """What scores feedback: whylens' scorer and the model scorer alike."""

    def score_many(self, texts: Iterable[str | None]) -> list[Score]: ...


class ModelScorer:
    """Scores English texts with a text-classification pipeline (or anything called like one).

    Texts not in English stay unscored, as with whylens' scorer: one rule for every scorer.
    """

    def __init__(self, pipeline: Callable[..., Any], name: str = "model") -> None:
        self._pipeline = pipeline
        self.name = name

    def score_many(self, texts: Iterable[str | None]) -> list[Score]:
        texts = list(texts)
        unique = list(dict.fromkeys(t for t in texts if t is not None and t.strip()))
        languages = {t: detect_language(t) for t in unique}
        english = [t for t in unique if languages[t] == "en"]
        values: dict[str, float] = {}
        for start in range(0, len(english), BATCH):
            batch = english[start : start + BATCH]
            outputs = self._pipeline(batch, top_k=None, truncation=True)
            values.update(zip(batch, (_sentiment(o, self.name) for o in outputs)))
        scored: dict[str | None, Score] = {}
        for text in unique:
            value = values.get(text)
            scored[text] = Score(
                value, label_of(value), languages[text], None if value is None else self.name
            )
        return [scored.get(t, Score(None, "unscored", None)) for t in texts]


def _sentiment(output: Any, name: str) -> float:
    """Expected polarity over the model's labels, -1..1."""
    classes = [output] if isinstance(output, dict) else list(output)
    total = weight = 0.0
    for entry in classes:
        polarity = label_polarity(str(entry["label"]))
        if polarity is None:
            raise ConfigError(
                f"sentiment model {name}: label {entry['label']!r} is not positive, negative,"
                " neutral or N stars; use a sentiment model"
            )
        total += polarity * float(entry["score"])
        weight += float(entry["score"])
    return round(total / weight, 4) if weight else 0.0


def label_polarity(label: str) -> float | None:
    """POSITIVE -> 1, negative -> -1, Neutral -> 0, '4 stars' -> 0.5; None when unknown."""
    lowered = label.strip().lower()
    stars = _STARS.match(lowered)
    if stars:
        return (int(stars[1]) - 3) / 2
    return next((value for prefix, value in _POLARITY if lowered.startswith(prefix)), None)


def load_model(name_or_path: str) -> ModelScorer:
    """A local model as a scorer; a one-line ConfigError when it cannot be had offline."""
    if importlib.util.find_spec("transformers") is None:
        raise ConfigError(
            "--sentiment-model needs the `transformers` package (and torch): pip install transformers"
        )
    return ModelScorer(_pipeline(name_or_path), name_or_path)


@lru_cache(maxsize=2)
def _pipeline(name_or_path: str) -> Any:
    """Loading a model takes seconds: once per process and model."""
    import transformers

    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(name_or_path, local_files_only=True)
        model = transformers.AutoModelForSequenceClassification.from_pretrained(
            name_or_path, local_files_only=True
        )
    except (OSError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(
            f"sentiment model {name_or_path!r} is not on this machine (nothing is downloaded):"
            f" {first}"
        ) from None
    return transformers.pipeline("text-classification", model=model, tokenizer=tokenizer)


def resolve(model: str | Scorer | None) -> Scorer:
    """The scorer to use: whylens' by default, a local model when one is named."""
    if model is None:
        return scorer()
    if isinstance(model, str):
        return load_model(model)
    return model


def score_with(
    model: str | Scorer | None, texts: Sequence[str | None], workers: int | None = None
) -> list[Score]:
    """Scores by the chosen scorer (whylens' runs on `workers` cores for large batches)."""
    if model is None:
        return score_texts(texts, workers)
    return resolve(model).score_many(texts)
