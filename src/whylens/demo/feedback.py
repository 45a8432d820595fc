"""Survey answers, support ratings and reviews of the demo shop's identified persons.

Persons of the decaying cohort answer during their decline, with lower scores and mostly
negative comments, so that a sentiment analysis can tie what they said to their leaving.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from whylens.demo import params as P
from whylens.demo.cast import Cast
from whylens.demo.journeys import SessionPlan
from whylens.demo.runs import first_of_runs
from whylens.demo.schedule import Schedule
from whylens.demo.texts import comments

MINUTE_US = 60_000_000


def feedback_table(
    cast: Cast,
    sched: Schedule,
    plan: SessionPlan,
    session_end: np.ndarray,
    support: tuple[np.ndarray, np.ndarray],
    ids: dict[str, pa.Array],
    start_us: int,
    end_us: int,
    rng: np.random.Generator,
) -> pa.Table:
    """NPS surveys (survey), CSAT after support contacts (support), support messages and app
    reviews (text); timestamps are microseconds after the window start, before `end`."""
    p = sched.person
    declining = cast.churning[p] & (sched.day >= cast.decay_start[p])
    # churning persons answer while declining; others at any session once logged in
    eligible = plan.logged_in & np.where(cast.churning[p], declining | _last(sched), True)
    respond = np.where(cast.churning, P.NPS_RESPONSE["churning"], P.NPS_RESPONSE["others"])
    nps_session = _one_session_each(p, eligible & (rng.random(cast.size) < respond)[p], rng)
    review_session = _one_session_each(p, eligible & (rng.random(cast.size) < 0.05)[p], rng)
    support_session, support_us = support
    rated = rng.random(len(support_session)) < 0.5
    wrote = ~rated & (rng.random(len(support_session)) < 0.4)
    parts = [
        _scored(
            cast,
            p[nps_session],
            session_end[nps_session] + _after(1, 3, rng, len(nps_session)),
            "nps",
            "survey",
            0.55,
            rng,
        ),
        _scored(
            cast,
            p[support_session[rated]],
            support_us[rated] + _after(10, 180, rng, rated.sum()),
            "csat",
            "support",
            0.4,
            rng,
        ),
        _texts(
            cast,
            p[support_session[wrote]],
            support_us[wrote] + _after(0, 2, rng, wrote.sum()),
            "support",
            rng,
        ),
        _texts(
            cast,
            p[review_session],
            session_end[review_session] + _after(5, 600, rng, len(review_session)),
            "app_review",
            rng,
        ),
    ]
    person = np.concatenate([part["person"] for part in parts])
    micros = np.minimum(np.concatenate([part["micros"] for part in parts]), end_us - start_us - 1)
    order = np.lexsort((person, micros))
    text = [t for part in parts for t in part["text"]]
    return pa.table(
        {
            "person_id": ids["user"].take(pa.array(person[order])),
            "timestamp": pa.array(start_us + micros[order], pa.timestamp("us")),
            "kind": pa.array(np.concatenate([part["kind"] for part in parts])[order], pa.string()),
            "score": pa.array(
                np.concatenate([part["score"] for part in parts])[order],
                pa.float64(),
                from_pandas=True,
            ),
            "text": pa.array([text[i] for i in order], pa.string()),
            "source": pa.array(
                np.concatenate([part["source"] for part in parts])[order], pa.string()
            ),
        }
    )


def _scored(
    cast: Cast,
    person: np.ndarray,
    micros: np.ndarray,
    kind: str,
    source: str,
    text_share: float,
    rng: np.random.Generator,
) -> dict[str, np.ndarray | list]:
    """Scores from the group's distribution; a share also leave a comment whose sentiment is
    drawn by group and then paired with the scores, lowest score with most negative text."""
    churning = cast.churning[person]
    low = 0 if kind == "nps" else 1
    dist = {"nps": (P.NPS_CHURNING, P.NPS_OTHERS), "csat": (P.CSAT_CHURNING, P.CSAT_OTHERS)}[kind]
    values = np.arange(low, low + len(dist[0]))
    score = np.where(
        churning,
        rng.choice(values, len(person), p=dist[0]),
        rng.choice(values, len(person), p=dist[1]),
    ).astype(float)
    has_text = rng.random(len(person)) < text_share
    sentiment = _sentiment(churning, rng)
    for group in (True, False):
        rows = np.flatnonzero(has_text & (churning == group))
        by_score = rows[np.argsort(score[rows] + rng.normal(0, 1.0, len(rows)), kind="stable")]
        sentiment[by_score] = np.sort(sentiment[rows])
    texts = comments(sentiment, rng)
    return _part(
        person,
        micros,
        kind,
        source,
        score,
        [t if w else None for t, w in zip(texts, has_text, strict=True)],
    )


def _texts(
    cast: Cast, person: np.ndarray, micros: np.ndarray, source: str, rng: np.random.Generator
) -> dict[str, np.ndarray | list]:
    text = comments(_sentiment(cast.churning[person], rng), rng)
    return _part(person, micros, "text", source, np.full(len(person), np.nan), text)


def _sentiment(churning: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Index into SENTIMENTS, drawn with the person's group probabilities."""
    return np.where(
        churning,
        rng.choice(3, len(churning), p=P.SENTIMENT_CHURNING),
        rng.choice(3, len(churning), p=P.SENTIMENT_OTHERS),
    )


def _part(
    person: np.ndarray,
    micros: np.ndarray,
    kind: str,
    source: str,
    score: np.ndarray,
    text: list[str | None],
) -> dict[str, np.ndarray | list]:
    n = len(person)
    return {
        "person": person,
        "micros": micros,
        "kind": np.full(n, kind),
        "source": np.full(n, source),
        "score": score,
        "text": text,
    }


def _one_session_each(
    person: np.ndarray, candidate: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """One random candidate session per person that has any."""
    index = np.flatnonzero(candidate)
    return first_of_runs(index[np.lexsort((rng.random(len(index)), person[index]))], person)


def _last(sched: Schedule) -> np.ndarray:
    """True at each person's last session (for a churning person with none while declining)."""
    last = np.zeros(sched.size, dtype=bool)
    last[sched.last()[sched.count > 0]] = True
    return last


def _after(low_min: float, high_min: float, rng: np.random.Generator, count: int) -> np.ndarray:
    """A delay in microseconds, uniform between two numbers of minutes."""
    return (rng.uniform(low_min, high_min, count) * MINUTE_US).astype(np.int64)
