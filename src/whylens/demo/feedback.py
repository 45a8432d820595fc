"""Survey answers, support ratings and reviews of the demo shop's identified persons.

Persons of the decaying cohort answer during their decline, with lower scores and mostly
negative comments, so that a sentiment analysis can tie what they said to their leaving.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from whylens.demo import params as P
from whylens.demo.cast import Cast
from whylens.demo.journeys import SessionPlan
from whylens.demo.runs import first_of_runs
from whylens.demo.schedule import Schedule
from whylens.demo.texts import comments

MINUTE_US = 60_000_000
#: score distributions and the lowest score, per kind: (churning persons, others, lowest)
SCORES = {"nps": (P.NPS_CHURNING, P.NPS_OTHERS, 0), "csat": (P.CSAT_CHURNING, P.CSAT_OTHERS, 1)}


@dataclass(frozen=True)
class Answers:
    """Feedback rows of one kind and source; times in microseconds after the window start."""

    person: np.ndarray
    micros: np.ndarray
    kind: str
    source: str
    score: np.ndarray  # NaN where there is none
    text: list[str | None]


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
    """NPS after a session, CSAT or a message after a support contact, app reviews.

    `support` holds the session and time of each support_contact event."""
    p = sched.person
    declining = cast.churning[p] & (sched.day >= cast.decay_start[p])
    # churning persons answer while declining; others in any session once logged in
    eligible = plan.logged_in & np.where(cast.churning[p], declining | _last(sched), True)
    respond = np.where(cast.churning, P.NPS_RESPONSE["churning"], P.NPS_RESPONSE["others"])
    surveyed = _one_session_each(p, eligible & (rng.random(cast.size) < respond)[p], rng)
    reviewed = _one_session_each(p, eligible & (rng.random(cast.size) < P.REVIEW_SHARE)[p], rng)
    contact, contact_us = support
    rated = rng.random(len(contact)) < P.CSAT_SHARE
    wrote = ~rated & (rng.random(len(contact)) < P.SUPPORT_MESSAGE_SHARE)
    answers = [
        _scored(
            cast, p[surveyed], session_end[surveyed] + _minutes(1, 3, surveyed, rng), "nps", rng
        ),
        _scored(
            cast, p[contact[rated]], contact_us[rated] + _minutes(10, 180, rated, rng), "csat", rng
        ),
        _written(
            cast, p[contact[wrote]], contact_us[wrote] + _minutes(0, 2, wrote, rng), "support", rng
        ),
        _written(
            cast,
            p[reviewed],
            session_end[reviewed] + _minutes(5, 600, reviewed, rng),
            "app_review",
            rng,
        ),
    ]
    return _table(answers, ids, start_us, end_us)


def _scored(
    cast: Cast, person: np.ndarray, micros: np.ndarray, kind: str, rng: np.random.Generator
) -> Answers:
    """Scores from the group's distribution; some also leave a comment. Comment sentiments are
    drawn by group, then handed out in score order (lowest score, most negative comment)."""
    churning = cast.churning[person]
    for_churning, for_others, lowest = SCORES[kind]
    values = np.arange(lowest, lowest + len(for_churning))
    score = np.where(
        churning,
        rng.choice(values, len(person), p=for_churning),
        rng.choice(values, len(person), p=for_others),
    ).astype(float)
    commented = np.flatnonzero(rng.random(len(person)) < P.COMMENT_SHARE[kind])
    sentiment = _sentiment(churning[commented], rng)
    for group in (True, False):
        rows = np.flatnonzero(churning[commented] == group)
        noisy = score[commented[rows]] + rng.normal(0, 1.0, len(rows))
        sentiment[rows[np.argsort(noisy, kind="stable")]] = np.sort(sentiment[rows])
    text: list[str | None] = [None] * len(person)
    for row, comment in zip(commented, comments(sentiment, rng), strict=True):
        text[row] = comment
    source = "survey" if kind == "nps" else "support"
    return Answers(person, micros, kind, source, score, text)


def _written(
    cast: Cast, person: np.ndarray, micros: np.ndarray, source: str, rng: np.random.Generator
) -> Answers:
    """Comments without a score (kind `text`)."""
    text: list[str | None] = list(comments(_sentiment(cast.churning[person], rng), rng))
    return Answers(person, micros, "text", source, np.full(len(person), np.nan), text)


def _table(
    answers: list[Answers], ids: dict[str, pa.Array], start_us: int, end_us: int
) -> pa.Table:
    """All answers in time order, none at or after the window's end."""
    person = np.concatenate([a.person for a in answers])
    micros = np.minimum(np.concatenate([a.micros for a in answers]), end_us - start_us - 1)
    order = np.lexsort((person, micros))
    text = [t for a in answers for t in a.text]
    return pa.table(
        {
            "person_id": ids["user"].take(pa.array(person[order])),
            "timestamp": pa.array(start_us + micros[order], pa.timestamp("us")),
            "kind": pa.array(np.concatenate([[a.kind] * len(a.person) for a in answers])[order]),
            "score": pa.array(np.concatenate([a.score for a in answers])[order], from_pandas=True),
            "text": pa.array([text[i] for i in order], pa.string()),
            "source": pa.array(
                np.concatenate([[a.source] * len(a.person) for a in answers])[order]
            ),
        }
    )


def _sentiment(churning: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Index into texts.SENTIMENTS, drawn with the person's group probabilities."""
    return np.where(
        churning,
        rng.choice(3, len(churning), p=P.SENTIMENT_CHURNING),
        rng.choice(3, len(churning), p=P.SENTIMENT_OTHERS),
    )


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


def _minutes(low: float, high: float, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A delay in microseconds, uniform between two numbers of minutes, one per selected row
    (`rows`: indices or a boolean mask)."""
    count = int(rows.sum()) if rows.dtype == bool else len(rows)
    return (rng.uniform(low, high, count) * MINUTE_US).astype(np.int64)
