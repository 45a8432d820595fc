"""A realistic synthetic online shop with known answers: events, persons and feedback.

Planted behaviors (docs/demo-data.md) give every insight something true to find in a demo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from whylens.demo.cast import draw_cast
from whylens.demo.catalog import E, draw_catalog
from whylens.demo.events import events_table
from whylens.demo.feedback import feedback_table
from whylens.demo.journeys import build_rows, plan_sessions, time_rows
from whylens.demo.persons import persons_table, truth_table
from whylens.demo.runs import run_starts
from whylens.demo.schedule import DAY_S, draw_schedule
from whylens.demo.strings import hex_ids, numbered

DEFAULT_END = dt.date(2026, 11, 1)


@dataclass(frozen=True)
class DemoData:
    """The generated shop: what a user would import, plus the answer key.

    `events`, `persons` (traits of identified persons) and `feedback` are the tables to import;
    `truth` holds each person's hidden labels (segment, churn date, arm...) for checking
    analyses, and is never imported."""

    events: pa.Table
    persons: pa.Table
    feedback: pa.Table
    truth: pa.Table


def generate(
    users: int = 20_000, days: int = 90, seed: int = 0, end: dt.date = DEFAULT_END
) -> DemoData:
    """The demo shop over the `days` before `end` (events fall in [end - days, end), UTC).

    `users` persons visit (about 70% of them sign up or log in); the same arguments give
    byte-identical tables."""
    if users < 1 or days < 1:
        raise ValueError("generate() needs users >= 1 and days >= 1")
    rng = np.random.default_rng(seed)
    first_day = end - dt.timedelta(days=days)
    cast = draw_cast(users, days, seed, rng)
    catalog = draw_catalog(rng)
    sched = draw_schedule(cast, days, first_day, rng)
    plan = plan_sessions(cast, sched, rng)
    rows = build_rows(cast, sched, plan, catalog, days, rng)
    micros = time_rows(rows, sched, rng)
    ids = {
        "user": numbered("user-", np.arange(users), 6),
        "anonymous": hex_ids(users * 2, rng, prefix="anon-"),
        "session": hex_ids(sched.size, rng, uuid=True),
    }
    starts = np.flatnonzero(run_starts(rows["session"]))
    session_end = np.maximum.reduceat(micros, starts)
    support = rows["event"] == E["support_contact"]
    start_us = int(np.datetime64(first_day, "us").astype(np.int64))
    end_us = start_us + days * DAY_S * 1_000_000
    return DemoData(
        events=events_table(rows, micros, cast, sched, plan, catalog, ids, first_day, seed),
        persons=persons_table(cast, sched, plan, ids, first_day, rng),
        feedback=feedback_table(
            cast,
            sched,
            plan,
            session_end,
            (rows["session"][support], micros[support]),
            ids,
            start_us,
            end_us,
            rng,
        ),
        truth=truth_table(cast, ids, days, first_day),
    )
