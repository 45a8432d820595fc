"""The persons table (traits of identified persons) and the answer key of every person.

Traits are what a shop's CRM would export; the answer key holds the hidden labels the planted
behaviors were drawn with, so analyses can be checked against them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from whylens.demo import params as P
from whylens.demo.cast import Cast
from whylens.demo.journeys import SessionPlan
from whylens.demo.schedule import Schedule
from whylens.demo.strings import take

# fmt: off
FIRST_NAMES = (
    "anna", "ben", "carla", "david", "emma", "farid", "greta", "hugo", "ines", "jonas", "kim",
    "lena", "marco", "nora", "oscar", "priya", "quinn", "rosa", "sam", "tara",
)
LAST_NAMES = (
    "smith", "mueller", "garcia", "rossi", "martin", "jansen", "kowalski", "silva", "nguyen",
    "brown", "schmidt", "dubois", "lopez", "berg", "patel", "khan",
)
# fmt: on


def persons_table(
    cast: Cast,
    sched: Schedule,
    plan: SessionPlan,
    ids: dict[str, pa.Array],
    first_day: dt.date,
    rng: np.random.Generator,
) -> pa.Table:
    """Traits of identified persons; existing customers signed up before the window."""
    person = np.flatnonzero(cast.identified)
    identify_day = np.zeros(cast.size, dtype=np.int64)
    identify_day[sched.person[plan.identify]] = sched.day[plan.identify]
    before = -rng.integers(14, 730, cast.size)
    signup = np.where(cast.existing, before, identify_day)[person]
    first = rng.integers(0, len(FIRST_NAMES), len(person))
    last = rng.integers(0, len(LAST_NAMES), len(person))
    email = pc.binary_join_element_wise(
        take(FIRST_NAMES, first),
        ".",
        take(LAST_NAMES, last),
        pa.array(person, pa.int64()).cast(pa.string()),
        "@example.com",
        "",
    )
    return pa.table(
        {
            "person_id": ids["user"].take(pa.array(person)),
            "email": email,
            "plan": take(P.PLANS, cast.plan[person]),
            "signup_date": pa.array(np.datetime64(first_day, "D") + signup, pa.date32()),
            "country": take([c[0] for c in P.COUNTRIES], cast.country[person]),
            "acquisition_channel": take(P.CHANNELS, cast.channel[person]),
        }
    )


def truth_table(cast: Cast, ids: dict[str, pa.Array], days: int, first_day: dt.date) -> pa.Table:
    """The hidden labels of every person, to check analyses against (never imported)."""
    segment = np.select(
        [cast.high_intent, cast.churning, cast.bouncer, cast.identified],
        [1, 2, 3, 0],
        4,
    )
    churn = cast.churning
    natural = ~churn & (cast.stop < days)
    day0 = np.datetime64(first_day, "D")
    return pa.table(
        {
            "person_id": ids["user"].take(pa.array(np.arange(cast.size), mask=~cast.identified)),
            "anonymous_id": ids["anonymous"].take(pa.array(np.arange(cast.size) * 2)),
            "segment": take(
                ("regular", "high_intent", "churning", "bouncer", "anonymous"), segment
            ),
            "churn_date": pa.array(day0 + cast.stop, pa.date32(), mask=~churn),
            "decay_start": pa.array(day0 + cast.decay_start, pa.date32(), mask=~churn),
            "stop_date": pa.array(day0 + cast.stop, pa.date32(), mask=~(churn | natural)),
            "funnel_step": take(P.FUNNEL_STEPS, cast.outcome, ~cast.bouncer),
            "arm": take(P.ARMS, cast.arm),
            "acquisition_channel": take(P.CHANNELS, cast.channel),
            "device_type": take(P.DEVICES, cast.device),
            "plan": take(P.PLANS, np.maximum(cast.plan, 0), cast.plan >= 0),
            "cancels": pa.array(cast.cancels),
        }
    )
