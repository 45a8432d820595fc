"""Training the churn model on 1,000,000 persons' features: `learn` (fit on one cutoff, check on
the next, drivers by permutation importance, refit, reasons), against one plain scikit-learn fit
with its defaults on the same rows, measured in the same run. Target: < 60 s on 2 cores.

The feature rows are synthetic (drawn per person as whole numpy arrays): the demo shop's events
for 1M persons would be about 50M events, minutes to generate and import before any training.
Each person has an activity level, some are decaying, and churn depends on both, so the model
has a real signal to find (its held-out AUC is reported beside the time).
"""

from __future__ import annotations

import os
import resource
import time
from datetime import datetime
from statistics import median
from typing import Any

import numpy as np

from bench.report import Row, Section, Target, count, seconds, times

PERSONS = 1_000_000
TARGET_S = 60.0
SEED = 20240601
DAYS = 30.0
TRAIN_CUTOFF, EVAL_CUTOFF = datetime(2025, 5, 1), datetime(2025, 5, 31)


def frame(persons: int, seed: int) -> Any:
    """Labelled churn features (the columns `features(..., labelled=True)` returns)."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    rate = rng.lognormal(0.5, 0.8, persons)  # sessions per week
    decaying = rng.random(persons) < 0.2
    tenure = rng.uniform(1, 180, persons)
    before = np.clip((tenure - 28) / 28, 0, 1)  # share of the previous window they were around
    sessions_previous = rng.poisson(4 * rate * before)
    sessions_recent = rng.poisson(4 * rate * np.where(decaying, rng.uniform(0.05, 0.6, persons), 1))
    sessions_recent = np.maximum(sessions_recent, 1)  # in the population: seen in the last 30 days
    events_previous = rng.poisson(6 * sessions_previous)
    events_recent = rng.poisson(6 * sessions_recent)
    key_previous, key_recent = rng.binomial(events_previous, 0.3), rng.binomial(events_recent, 0.3)
    negative = rng.poisson(0.05 + 0.4 * decaying)
    seen = np.minimum(rng.exponential(28 / (sessions_recent + 1)), DAYS - 0.01)
    risk = -1.2 + 2.0 * decaying + 0.08 * seen - 0.15 * sessions_recent + 0.6 * negative
    columns = {
        "person_id": np.char.add("p", np.arange(persons).astype(str)),
        "days_since_last_seen": seen,
        "tenure_days": np.maximum(tenure, seen),
        "active_days_recent": np.minimum(rng.binomial(sessions_recent, 0.8), 28),
        "active_days_previous": np.minimum(rng.binomial(sessions_previous, 0.8), 28),
        "sessions_recent": sessions_recent,
        "sessions_previous": sessions_previous,
        "events_recent": events_recent,
        "events_previous": events_previous,
        "cart_abandoned": (rng.random(persons) < 0.15 + 0.1 * decaying).astype(float),
        "support_contacts": rng.poisson(0.1 + 0.3 * decaying),
        "negative_feedback": negative,
        "key_event": "view_item",
        "churned": rng.random(persons) < 1 / (1 + np.exp(-risk)),
    }
    data = pd.DataFrame(columns)
    for name in ("active_days", "sessions", "events"):
        data[f"{name}_change"] = _change(data[f"{name}_recent"], data[f"{name}_previous"])
    data["key_event_change"] = _change(key_recent, key_previous)
    return data


def _change(recent: Any, previous: Any) -> np.ndarray:
    recent, previous = np.asarray(recent, float), np.asarray(previous, float)
    return np.divide(
        recent - previous, previous, out=np.full(len(recent), np.nan), where=previous > 0
    )


def measure(persons: int = PERSONS, runs: int = 3) -> dict[str, Any]:
    """Child task: seconds (and CPU seconds) per run of `learn` and of the plain fit on all the
    training rows, the time of each stage in the last run, and the model's held-out AUC."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    from whylens.insights.churn.features import COLUMNS, Events
    from whylens.insights.churn.model import learn

    past, held_out = frame(persons, SEED), frame(persons, SEED + 1)
    ours, ours_cpu, stages, model = [], [], {}, None
    for _ in range(runs):
        marks: list[tuple[str, float]] = []
        start, cpu = time.perf_counter(), _cpu_seconds()
        model = learn(
            past,
            held_out,
            DAYS,
            Events(),
            TRAIN_CUTOFF,
            EVAL_CUTOFF,
            progress=lambda stage, to=marks: to.append((stage, time.perf_counter())),
        )
        ours.append(time.perf_counter() - start)
        ours_cpu.append(_cpu_seconds() - cpu)
        ends = [t for _, t in marks[1:]] + [start + ours[-1]]
        stages = {stage: end - begun for (stage, begun), end in zip(marks, ends)}
    matrix, labels = past[list(COLUMNS)].to_numpy(float), past["churned"].to_numpy(int)
    plain = []
    for _ in range(runs):
        start = time.perf_counter()
        with threadpool_limits(1):  # as whylens fits (insights/churn/model.py, `_one_thread`)
            HistGradientBoostingClassifier().fit(matrix, labels)
        plain.append(time.perf_counter() - start)
    assert model is not None
    return {
        "persons": persons,
        "cores": os.cpu_count() or 1,
        "whylens_s": ours,
        "whylens_cpu_s": ours_cpu,
        "plain_fit_s": plain,
        "stages_s": stages,
        "auc": model.evaluation["auc"],
        "trees": int(model.classifier.n_iter_),
    }


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def section(measured: list[dict[str, Any]]) -> Section:
    """The report's section: the whole training against one plain fit, and where the time goes."""
    built = Section(
        "Churn model training",
        f"`learn` (`insights/churn/model.py`) on {count(PERSONS)} persons' feature rows at each of"
        " two cutoffs (`bench/churn.py`; synthetic rows, as the demo shop's events for 1M persons"
        " would be about 50M events): fit on the earlier cutoff, score the later one (AUC,"
        " precision at k, deciles), drivers by permutation importance on a sample of the held-out"
        " persons, refit on the later cutoff, reasons. Each fit learns from a random 200,000 of"
        " the persons (`TRAIN_SAMPLE`); the held-out checks cover all 1M. The features SQL is not"
        " included. The baseline is one `HistGradientBoostingClassifier()` fit with"
        " scikit-learn's defaults on all the training rows, on one thread as whylens fits."
        " Median of the runs; CPU = user + system seconds of the process.",
        "one plain fit",
    )
    for result in measured:
        ours, plain = median(result["whylens_s"]), median(result["plain_fit_s"])
        target = Target(
            f"{count(PERSONS)} persons < {TARGET_S:.0f} s on 2 cores",
            seconds(ours),
            ours < TARGET_S if result["persons"] >= PERSONS else None,
        )
        built.rows.append(
            Row(
                f"train on {count(result['persons'])} persons ({result['cores']} cores, one thread)",
                f"{seconds(ours)} (CPU {seconds(median(result['whylens_cpu_s']))})",
                seconds(plain),
                times(ours / plain),
                target,
            )
        )
        spent = ", ".join(f"{stage} {seconds(s)}" for stage, s in result["stages_s"].items())
        built.notes.append(
            f"Last run by stage: {spent}. Held-out AUC {result['auc']:.3f}, {result['trees']}"
            " trees (early stopping)."
        )
    return built
