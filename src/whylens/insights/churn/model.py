"""The churn model: gradient-boosted trees on behavioral features, judged on a later period than
the one it learned from, so its metrics are what it will do on the future (no leakage).

Time split: the evaluation cutoff is the last one whose label is fully observed (data end minus
the inactivity period); training uses features at one inactivity period earlier, with labels that
end at the evaluation cutoff. The scoring model is the same recipe refit on the evaluation cutoff.
`train` reads the features (SQL); `learn` is the modelling on them alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights import timeline
from whylens.insights.churn.drivers import drivers
from whylens.insights.churn.evaluation import evaluate
from whylens.insights.churn.features import COLUMNS, Events, features
from whylens.insights.churn.reasons import Explainer
from whylens.insights.scope import Scope
from whylens.insights.units import duration_s

if TYPE_CHECKING:  # scikit-learn is imported when a model is fitted, not with whylens
    from sklearn.ensemble import HistGradientBoostingClassifier

MIN_PERSONS = 50
#: persons a model learns from at most (a seeded random sample beyond): on 1M persons' features
#: (bench/churn.py) 200,000 gave a held-out AUC of 0.8390 against 0.8395 for all of them, in
#: 2 s of CPU instead of 12
TRAIN_SAMPLE = 200_000
#: early stopping holds out this share of the training rows to choose the number of trees; it
#: needs this many persons of the rarer outcome (fewer: a fixed number of trees)
VALIDATION_SHARE = 0.15
EARLY_STOPPING_FROM = 20
#: the stages of `train`, in order, as its `progress` callback names them
STAGES = (
    "features at the training cutoff",
    "features at the held-out cutoff",
    "fitting the model",
    "checking it on the held-out period",
    "drivers (permutation importance)",
    "refitting on the held-out cutoff",
)
Progress = Callable[[str], None]


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
    #: standard deviation of each feature's importance over the shuffles
    importance_std: dict[str, float] = field(default_factory=dict)
    #: person_id, score (of the model trained on the earlier cutoff) and churned, at eval_cutoff
    held_out: pd.DataFrame = field(default_factory=pd.DataFrame)

    def summary(self) -> dict[str, Any]:
        """The `churn train --json` document."""
        order = sorted(self.importance, key=lambda name: -self.importance[name])
        return {
            "inactive_days": self.inactive_days,
            "train_cutoff": self.train_cutoff.isoformat(),
            "eval_cutoff": self.eval_cutoff.isoformat(),
            "evaluation": self.evaluation,
            "drivers": [
                {
                    "feature": name,
                    "importance": self.importance[name],
                    "importance_std": self.importance_std.get(name),
                }
                for name in order
            ],
        }

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        if frame.empty:
            return np.zeros(0)
        with _one_thread():
            return self.classifier.predict_proba(_matrix(frame))[:, 1]


def train(
    engine: Engine,
    scope: Scope,
    inactive: str = "30d",
    names: Events = Events(),
    eval_cutoff: Any = None,
    k: int | None = None,
    progress: Progress | None = None,
) -> ChurnModel:
    """Fit on the earlier cutoff, evaluate on the later one, refit there for scoring.

    `progress` is called with the name of each stage (STAGES) as it starts."""
    report = progress or _silent
    days = float(duration_s(inactive)) / 86400
    later = _as_cutoff(eval_cutoff) if eval_cutoff else _last_labelled_cutoff(engine, scope, days)
    earlier = later - timedelta(days=days)
    report(STAGES[0])
    past = _labelled(engine, scope, earlier, days, names)
    report(STAGES[1])
    held_out = _labelled(engine, scope, later, days, names)
    return learn(past, held_out, days, names, earlier, later, k, report)


def learn(
    past: pd.DataFrame,
    held_out: pd.DataFrame,
    inactive_days: float,
    names: Events,
    train_cutoff: datetime,
    eval_cutoff: datetime,
    k: int | None = None,
    progress: Progress | None = None,
) -> ChurnModel:
    """The model from labelled features (`features(..., labelled=True)`) at the two cutoffs:
    fitted on `past`, judged and explained on `held_out`, refitted on `held_out` for scoring."""
    report = progress or _silent
    report(STAGES[2])
    first = _fit(past)
    report(STAGES[3])
    matrix, labels = _matrix(held_out), held_out["churned"].to_numpy(int)
    with _one_thread():
        scores = first.predict_proba(matrix)[:, 1]
    evaluation = evaluate(labels, scores, k)
    report(STAGES[4])
    with _one_thread():
        found = drivers(first, matrix, labels, COLUMNS)
    report(STAGES[5])
    final = _fit(held_out)
    explainer = Explainer(held_out, labels, found.importance)
    held = pd.DataFrame({"person_id": held_out["person_id"], "score": scores, "churned": labels})
    return ChurnModel(
        final,
        explainer,
        inactive_days,
        names,
        train_cutoff,
        eval_cutoff,
        evaluation,
        found.importance,
        found.spread,
        held,
    )


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
    if len(frame) > TRAIN_SAMPLE:
        rows = np.random.default_rng(0).choice(len(frame), TRAIN_SAMPLE, replace=False)
        frame = frame.iloc[np.sort(rows)]
    labels = frame["churned"].to_numpy(int)
    classifier = _classifier(labels)  # imports scikit-learn's OpenMP runtime: before the limit
    with _one_thread():
        return classifier.fit(_matrix(frame), labels)


def _one_thread() -> Any:
    """Models fit and predict on one thread: scikit-learn's OpenMP threads spin while they wait
    for each other, and on a busy machine (other requests, other processes) that cost far more
    than they saved: on 2 loaded cores a 12,000-person fit took 54 s instead of 1 s, and a
    1M-person fit 417 s where one thread needs 12 s of CPU.

    The limit reaches only the OpenMP runtime loaded when it is set: scikit-learn must be
    imported before (a first fit limited too early ran on every core)."""
    return threadpool_limits(1)


def _classifier(labels: np.ndarray) -> HistGradientBoostingClassifier:
    """Trees added until the held-back share stops improving (at most 200): 40 to 70 on the demo
    shop, with a held-out AUC as good as a fixed 150, in half the time."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    rarer = int(np.bincount(labels, minlength=2).min()) if len(labels) else 0
    stopping = rarer >= EARLY_STOPPING_FROM
    return HistGradientBoostingClassifier(
        max_iter=200 if stopping else 100,
        learning_rate=0.1,
        max_leaf_nodes=15,
        min_samples_leaf=20,
        l2_regularization=1.0,
        early_stopping=stopping,
        validation_fraction=VALIDATION_SHARE,
        n_iter_no_change=10,
        random_state=0,
    )


def _silent(stage: str) -> None:
    """No progress to report to."""


def _matrix(frame: pd.DataFrame) -> np.ndarray:
    """The features as floats; a column with no value at all (a change against a previous window
    the data does not reach) is 0, as scikit-learn cannot bin a column of missing values only."""
    matrix = frame[list(COLUMNS)].to_numpy(dtype=float, copy=True)  # a view may be read-only
    if len(matrix):
        matrix[:, np.isnan(matrix).all(axis=0)] = 0.0
    return matrix


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
