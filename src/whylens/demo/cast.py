"""Who the demo shop's persons are: one row of hidden attributes per person, drawn up front.

Everything later (sessions, events, feedback) follows from these draws, so each planted truth
has one place where it is decided.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from whylens.demo import params as P


@dataclass(frozen=True)
class Cast:
    """Per-person arrays (index = person number); days count from the window's first day."""

    existing: np.ndarray  # customer before the window: first seen in week one, logs in
    arrival: np.ndarray  # day of the first visit
    stop: np.ndarray  # first day with no more visits (days when they never stop)
    channel: np.ndarray  # index into CHANNELS: the first visit's source
    device: np.ndarray  # index into DEVICES of the first device
    device2: np.ndarray  # index into DEVICES of a second device, -1 when none
    browser: np.ndarray  # (persons, 2): index into BROWSERS[device] for each device
    country: np.ndarray
    high_intent: np.ndarray
    bouncer: np.ndarray
    identified: np.ndarray
    churning: np.ndarray  # the decaying cohort
    decay_start: np.ndarray  # day the decay begins (churning persons only)
    outcome: np.ndarray  # furthest funnel step, 0 (view_item) .. 3 (purchase)
    arm: np.ndarray  # 0 control, 1 treatment
    plan: np.ndarray  # index into PLANS, -1 for anonymous persons
    cancels: np.ndarray  # churning persons who send cancel_subscription
    rate: np.ndarray  # sessions per day before decay

    @property
    def size(self) -> int:
        return len(self.arrival)


def draw_cast(users: int, days: int, seed: int, rng: np.random.Generator) -> Cast:
    """Draw every person's hidden attributes; see docs/demo-data.md for the reasons."""
    n = users
    existing = rng.random(n) < P.EXISTING_SHARE
    arrival = np.where(existing, rng.integers(0, min(7, days), n), rng.integers(0, days, n))
    channel = rng.choice(len(P.CHANNELS), n, p=P.CHANNEL_SHARE)
    device = rng.choice(len(P.DEVICES), n, p=P.DEVICE_SHARE)
    country = rng.choice(len(P.COUNTRIES), n, p=[c[1] for c in P.COUNTRIES])
    high_intent = rng.random(n) < P.HIGH_INTENT_SHARE
    bouncer_rate = P.BOUNCER_SHARE / ((1 - P.EXISTING_SHARE) * (1 - P.HIGH_INTENT_SHARE))
    bouncer = ~existing & ~high_intent & (rng.random(n) < bouncer_rate)
    arm = _arm(n, seed)
    outcome = _outcomes(channel, device, high_intent, arm, rng)
    signs_up = (rng.random(n) < P.SIGNUP_SHARE) | (outcome >= 2)
    identified = existing | (~bouncer & signs_up)
    churning, decay_start, stop, arrival = _churn(identified, high_intent, arrival, days, rng)
    plan_regular = rng.choice(3, n, p=P.PLAN_SHARE)
    plan_churning = rng.choice(3, n, p=P.PLAN_SHARE_CHURNING)
    plan = np.where(identified, np.where(churning, plan_churning, plan_regular), -1)
    cancels = churning & (plan > 0) & (rng.random(n) < P.CANCEL_SHARE)
    anonymous_stop = arrival + 1 + rng.exponential(P.ANONYMOUS_LIFETIME_DAYS, n).astype(int)
    stop = np.where(identified, stop, np.minimum(anonymous_stop, days))
    stop = np.where(bouncer, arrival + 1, stop)
    device2 = np.where(
        identified & (rng.random(n) < P.SECOND_DEVICE_SHARE), _other_device(device), -1
    )
    browser = np.stack([_browser(device, rng), _browser(np.maximum(device2, 0), rng)], axis=1)
    return Cast(
        existing=existing,
        arrival=arrival,
        stop=stop,
        channel=channel,
        device=device,
        device2=device2,
        browser=browser,
        country=country,
        high_intent=high_intent,
        bouncer=bouncer,
        identified=identified,
        churning=churning,
        decay_start=decay_start,
        outcome=outcome,
        arm=arm,
        plan=plan,
        cancels=cancels,
        rate=_rates(identified, high_intent, rng),
    )


def _arm(n: int, seed: int) -> np.ndarray:
    """50/50 by a hash of (seed, person number): stable for a person, independent of the rng."""
    with np.errstate(over="ignore"):  # splitmix64; wrap-around is the point
        x = np.arange(n, dtype=np.uint64) + np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    return (x & np.uint64(1)).astype(np.int8)


def _outcomes(
    channel: np.ndarray,
    device: np.ndarray,
    high_intent: np.ndarray,
    arm: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Furthest funnel step per person, from the step rates of its channel, device and arm."""
    table = np.array(
        [
            [[P.step_rates(c, d, h, a) for a in P.ARMS] for h in (False, True)]
            for c in P.CHANNELS
            for d in P.DEVICES
        ]
    )  # (channel*device, high_intent, arm, step)
    rates = table[channel * len(P.DEVICES) + device, high_intent.astype(int), arm]
    passed = rng.random((len(channel), 3)) < rates
    return np.cumprod(passed, axis=1).sum(axis=1)


def _churn(
    identified: np.ndarray,
    high_intent: np.ndarray,
    arrival: np.ndarray,
    days: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pick the decaying cohort (exactly CHURN_SHARE of identified persons) and its dates.

    Natural churn for everyone else identified: an exponential lifetime, no decay first."""
    n = len(arrival)
    eligible = np.flatnonzero(identified & ~high_intent)
    count = min(round(P.CHURN_SHARE * identified.sum()), len(eligible))
    churning = np.zeros(n, dtype=bool)
    churning[rng.choice(eligible, count, replace=False)] = True
    latest = max(days - P.CHURN_QUIET_DAYS, 2)
    earliest = min(int(P.CHURN_EARLIEST * days), latest - 1)
    churn_day = rng.integers(earliest, latest, n)
    decay_start = churn_day - rng.integers(P.CHURN_DECAY_DAYS[0], P.CHURN_DECAY_DAYS[1] + 1, n)
    # a churning person was around for at least a week of normal activity before the decay
    early = rng.integers(0, np.maximum(decay_start - 7, 0) + 1)
    arrival = np.where(churning, np.minimum(arrival, early), arrival)
    natural = arrival + 1 + rng.exponential(P.NATURAL_LIFETIME_DAYS, n).astype(int)
    stop = np.minimum(np.where(churning, churn_day, natural), days)
    return churning, np.where(churning, decay_start, stop), stop, arrival


def _other_device(device: np.ndarray) -> np.ndarray:
    """The second device differs from the first: desktop <-> mobile, tablet -> mobile."""
    return np.array([1, 0, 1])[device]


def _browser(device: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Index into BROWSERS[device], drawn with that device's weights."""
    u = rng.random(len(device))
    out = np.zeros(len(device), dtype=np.int64)
    for d, options in enumerate(P.BROWSERS):
        cumulative = np.cumsum([o[2] for o in options])
        mask = device == d
        out[mask] = np.searchsorted(cumulative / cumulative[-1], u[mask], side="right")
    return out


def _rates(identified: np.ndarray, high_intent: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Sessions per day: gamma-distributed around the mean of the person's kind."""
    per_week = np.where(
        high_intent,
        P.SESSIONS_PER_WEEK["high_intent"],
        np.where(identified, P.SESSIONS_PER_WEEK["identified"], P.SESSIONS_PER_WEEK["anonymous"]),
    )
    return rng.gamma(2.0, per_week / 2.0 / 7.0)
