"""The churn model: gradient-boosted trees on behavioral features, judged on a later period than
the one it learned from, so its metrics are what it will do on the future (no leakage).

Time split: the evaluation cutoff is the last one whose label is fully observed (data end minus
the inactivity period); training uses features at one inactivity period earlier, with labels that
end at the evaluation cutoff. The scoring model is the same recipe refit on the evaluation cutoff.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights import timeline
from whylens.insights.churn.evaluation import evaluate
from whylens.insights.churn.features import COLUMNS, Events, features
from whylens.insights.churn.reasons import Explainer
from whylens.insights.scope import Scope
from whylens.insights.units import duration_s

if TYPE_CHECKING:  # scikit-learn is imported when a model is fitted, not with whylens
    from sklearn.ensemble import HistGradientBoostingClassifier

MIN_PERSONS = 50
SERIAL_ROWS = 200_000


@dataclass
class ChurnModel:
    """A trained model with its evaluation on the held-out period, ready to score persons."""

    classifier: HistGradientBoostingClassifier
    explainer: Explainer
    inactive_days: float
    names: Events
    train_cutoff: datetime
    eval_cutoff: datetime
    evaluation: dict[str, Any]
    importance: dict[str, float] = field(default_factory=dict)
    #: person_id, score (of the model trained on the earlier cutoff) and churned, at eval_cutoff
    held_out: pd.DataFrame = field(default_factory=pd.DataFrame)

    def summary(self) -> dict[str, Any]:
        """The `churn train --json` document."""
        drivers = sorted(self.importance.items(), key=lambda kv: -kv[1])
        return {
            "inactive_days": self.inactive_days,
            "train_cutoff": self.train_cutoff.isoformat(),
            "eval_cutoff": self.eval_cutoff.isoformat(),
            "evaluation": self.evaluation,
            "drivers": [{"feature": name, "importance": value} for name, value in drivers],
        }

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        if frame.empty:
            return np.zeros(0)
        with _threads(len(frame)):
            return self.classifier.predict_proba(_matrix(frame))[:, 1]


def train(
    engine: Engine,
    scope: Scope,
    inactive: str = "30d",
    names: Events = Events(),
    eval_cutoff: Any = None,
    k: int | None = None,
) -> ChurnModel:
    """Fit on the earlier cutoff, evaluate on the later one, refit there for scoring."""
    days = float(duration_s(inactive)) / 86400
    later = _as_cutoff(eval_cutoff) if eval_cutoff else _last_labelled_cutoff(engine, scope, days)
    earlier = later - timedelta(days=days)
    past = _labelled(engine, scope, earlier, days, names)
    held_out = _labelled(engine, scope, later, days, names)
    first = _fit(past)
    with _threads(len(held_out)):
        scores = first.predict_proba(_matrix(held_out))[:, 1]
    labels = held_out["churned"].to_numpy(int)
    evaluation = evaluate(labels, scores, k)
    importance = _importance(first, held_out, labels)
    final = _fit(held_out)
    explainer = Explainer(held_out, labels, importance)
    held = pd.DataFrame({"person_id": held_out["person_id"], "score": scores, "churned": labels})
    return ChurnModel(final, explainer, days, names, earlier, later, evaluation, importance, held)


def score(
    engine: Engine, scope: Scope, model: ChurnModel, at: Any = None, top: int | None = 100
) -> pd.DataFrame:
    """Persons of the population at `at` (default: the day after the data ends), most at risk
    first, with `score` (probability of churning) and `reasons` (up to three phrases)."""
    cutoff = _as_cutoff(at) if at else _data_end(engine, scope)
    frame = features(engine, scope, cutoff, model.inactive_days, model.names, labelled=False)
    frame["score"] = model.predict(frame)
    frame = frame.sort_values(["score", "person_id"], ascending=[False, True], kind="stable")
    if top is not None:
        frame = frame.head(int(top))
    frame["reasons"] = model.explainer.reasons(frame)
    frame.attrs["cutoff"] = cutoff
    return frame.reset_index(drop=True)


def _labelled(engine: Engine, scope: Scope, cutoff: datetime, days: float, names: Events):
    frame = features(engine, scope, cutoff, days, names)
    if len(frame) < MIN_PERSONS or frame["churned"].nunique() < 2:
        raise QueryError(
            f"too little history to train at cutoff {cutoff.date()}: {len(frame)} persons active "
            "in the 8 weeks before it, needing churned and retained ones; use more data or a "
            "shorter --inactive"
        )
    return frame


def _fit(frame: pd.DataFrame) -> HistGradientBoostingClassifier:
    with _threads(len(frame)):
        return _classifier().fit(_matrix(frame), frame["churned"].to_numpy(int))


def _threads(rows: int) -> Any:
    """One thread below SERIAL_ROWS: OpenMP threads on a busy small machine cost far more than
    they save on a few thousand rows (50x slower measured on 2 loaded cores)."""
    return threadpool_limits(1) if rows < SERIAL_ROWS else contextlib.nullcontext()


def _classifier() -> HistGradientBoostingClassifier:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=150,
        learning_rate=0.08,
        max_leaf_nodes=15,
        min_samples_leaf=20,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=0,
    )


def _importance(classifier, frame: pd.DataFrame, labels: np.ndarray) -> dict[str, float]:
    """Drop in held-out AUC when a feature's values are shuffled (scikit-learn's permutation)."""
    from sklearn.inspection import permutation_importance

    with _threads(len(frame)):
        found = permutation_importance(
            classifier, _matrix(frame), labels, scoring="roc_auc", n_repeats=3, random_state=0
        )
    return {name: float(value) for name, value in zip(COLUMNS, found.importances_mean)}


def _matrix(frame: pd.DataFrame) -> np.ndarray:
    return frame[list(COLUMNS)].to_numpy(dtype=float)


def _data_end(engine: Engine, scope: Scope) -> datetime:
    """Midnight after the last event in scope: the cutoff for scoring now."""
    span = timeline.data_range(engine, scope)
    if span is None:
        raise QueryError("no events in scope")
    return datetime.combine(span[1].date() + timedelta(days=1), time())


def _last_labelled_cutoff(engine: Engine, scope: Scope, days: float) -> datetime:
    end = _data_end(engine, scope)
    return datetime.combine((end - timedelta(days=days)).date(), time())


def _as_cutoff(value: Any) -> datetime:
    from whylens.insights.scope import parse_moment

    moment = parse_moment(value)
    if moment is None:
        raise QueryError(f"cannot read {value!r} as a cutoff date")
    return moment
