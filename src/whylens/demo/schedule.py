"""When each person visits: session start times, drawn per person and day, decay included.

Sessions of one person start at least two hours apart and last at most 80 minutes, so a browser
SDK's 30-minute inactivity rule would give exactly these sessions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from whylens.demo import params as P
from whylens.demo.cast import Cast
from whylens.demo.runs import ordinal_in_runs, run_starts

DAY_S = 86_400
#: minimum time between two session starts of one person
SEPARATION_S = 2 * 3600
#: longest session; SEPARATION_S - MAX_SESSION_S stays above the 30-minute timeout
MAX_SESSION_S = 80 * 60


@dataclass(frozen=True)
class Schedule:
    """Sessions sorted by (person, start); `first`/`count` index them per person."""

    person: np.ndarray
    start_s: np.ndarray  # seconds since the window's first midnight
    ordinal: np.ndarray  # 0-based position among the person's sessions
    first: np.ndarray  # per person: index of its first session
    count: np.ndarray  # per person: number of sessions

    @property
    def day(self) -> np.ndarray:
        return self.start_s // DAY_S

    @property
    def size(self) -> int:
        return len(self.person)

    def last(self) -> np.ndarray:
        """Per person: index of its last session."""
        return self.first + self.count - 1


def draw_schedule(cast: Cast, days: int, first_day: dt.date, rng: np.random.Generator) -> Schedule:
    """Poisson sessions per person and day, at local times of day, then spaced apart."""
    counts = rng.poisson(_intensity(cast, days, first_day))
    everyone = np.arange(cast.size)
    counts[everyone, cast.arrival] = np.maximum(counts[everyone, cast.arrival], 1)  # first visit
    counts[cast.bouncer] = 0
    counts[cast.bouncer, cast.arrival[cast.bouncer]] = 1
    person, day = np.nonzero(counts)
    repeats = counts[person, day]
    person, day = np.repeat(person, repeats), np.repeat(day, repeats)
    start = day * DAY_S + _time_of_day(cast.country[person], rng)
    order = np.lexsort((start, person))
    person, start = person[order], start[order]
    limit = np.minimum(cast.stop, days)[person] * DAY_S - SEPARATION_S
    start = np.where(run_starts(person), np.minimum(start, limit), start)
    start = _spread(person, start)
    keep = start <= limit
    return _index(person[keep], start[keep], cast.size)


def _intensity(cast: Cast, days: int, first_day: dt.date) -> np.ndarray:
    """Expected sessions per (person, day): rate x weekday x alive x linear decay."""
    d = np.arange(days)[None, :]
    weekday = (first_day.weekday() + np.arange(days)) % 7
    weekly = np.where(weekday >= 5, 1.15, 0.94)[None, :]
    alive = (d >= cast.arrival[:, None]) & (d < cast.stop[:, None])
    length = np.maximum(cast.stop - cast.decay_start, 1)[:, None]
    decay = np.clip((cast.stop[:, None] - d - 0.5) / length, 0.0, 1.0)
    decay = np.where(cast.churning[:, None], decay, 1.0)
    return cast.rate[:, None] * weekly * alive * decay


def _time_of_day(country: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Seconds after UTC midnight, from the local hourly profile shifted by the country offset."""
    hourly = np.array(P.HOURLY) / sum(P.HOURLY)
    local = rng.choice(24, len(country), p=hourly) * 3600 + rng.integers(0, 3600, len(country))
    offset = np.array([c[2] for c in P.COUNTRIES])[country] * 3600
    return (local - offset) % DAY_S


def _spread(person: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Push each session to at least SEPARATION_S after the previous one of the same person.

    t'_k = max(t_k, t'_{k-1} + S) is t'_k = S*k + cummax_{j<=k}(t_j - S*j) within a person;
    a large per-person offset keeps the running maximum from leaking across persons."""
    ordinal = ordinal_in_runs(person)
    shifted = start - SEPARATION_S * ordinal
    offset = person.astype(np.int64) * (1 << 40)
    return np.maximum.accumulate(shifted + offset) - offset + SEPARATION_S * ordinal


def _index(person: np.ndarray, start: np.ndarray, persons: int) -> Schedule:
    count = np.bincount(person, minlength=persons)
    first = np.concatenate([[0], np.cumsum(count)[:-1]])
    return Schedule(person, start.astype(np.int64), ordinal_in_runs(person), first, count)
