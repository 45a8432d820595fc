"""Funnels against an independent plain-Python reference on many small random data sets.

The reference follows docs/metrics.md literally: it enumerates every chain of step events of a
person (ordered, strict) or looks at every entry's window (unordered), picks the attempt that
counts, then counts persons per step. It shares no code or SQL with whylens.
"""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from itertools import pairwise

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import whylens

T0 = datetime(2024, 5, 1, 9, 0)
STEP_CHOICES = ["A", "B", "C", "A|B"]


# -- the reference -------------------------------------------------------------------------------
def key(event: dict, steps: list[set[str]]) -> tuple[datetime, int]:
    """(time, first step the event matches, 0 for none): the order of a person's events."""
    first = next((k for k, names in enumerate(steps, 1) if event["event"] in names), 0)
    return (event["time"], first)


def chains(events: list[dict], steps: list[set[str]], window: timedelta | None, strict: bool):
    """Every chain of distinct events matching steps 1..k in increasing key order, in window."""
    ordered = sorted(events, key=lambda e: key(e, steps))
    found = []

    def extend(chain: tuple) -> None:
        found.append(chain)
        k, last = len(chain), chain[-1]
        if k == len(steps):
            return
        for e in ordered:
            if e["event"] not in steps[k] or not key(e, steps) > key(last, steps):
                continue
            if window is not None and e["time"] - chain[0]["time"] > window:
                continue
            if strict and any(key(last, steps) < key(x, steps) < key(e, steps) for x in ordered):
                continue
            extend((*chain, e))

    for e in ordered:
        if e["event"] in steps[0]:
            extend((e,))
    return found


def chain_attempt(events, steps, window, strict):
    """The furthest chain; among those the earliest end; then the latest predecessors."""
    found = chains(events, steps, window, strict)
    if not found:
        return None
    reached = max(len(c) for c in found)
    longest = [c for c in found if len(c) == reached]

    def rank(c):
        return (key(c[-1], steps), *[_neg(key(e, steps)) for e in reversed(c[:-1])])

    best = min(longest, key=rank)
    return (reached, _neg(key(best[-1], steps)), best[0]["time"]), [e["time"] for e in best]


def unordered_attempt(events, steps, window, strict=False):
    """Per entry, the r-th other event of each later step in its window (r: repeats of the same
    step); the furthest entry, then the earliest completion, then the latest entry."""
    best = None
    for entry in (e for e in events if e["event"] in steps[0]):
        start, found = entry["time"], []
        for j in range(1, len(steps)):
            repeat = sum(1 for i in range(1, j + 1) if steps[i] == steps[j])
            times = sorted(
                e["time"]
                for e in events
                if e is not entry
                and e["event"] in steps[j]
                and e["time"] >= start
                and (window is None or e["time"] <= start + window)
            )
            found.append(times[repeat - 1] if len(times) >= repeat else None)
        reached = 1
        while reached < len(steps) and found[reached - 1] is not None:
            reached += 1
        done = [start] + [max([start, *found[: k - 1]]) for k in range(2, reached + 1)]
        rank = (reached, -_epoch(done[-1]), start, _neg(key(entry, steps)))
        if best is None or rank > best[0]:
            best = (rank, done)
    return best


def _epoch(t: datetime) -> float:
    return (t - T0).total_seconds()


def _neg(k: tuple[datetime, int]) -> tuple[float, int]:
    return (-_epoch(k[0]), -k[1])


ATTEMPTS = {"ordered": chain_attempt, "strict": chain_attempt, "unordered": unordered_attempt}


def reference(events, step_specs, window_s, order, exclusions=(), hold=None):
    """person -> times of the steps of their attempt (the furthest step is their length)."""
    steps = [set(s.split("|")) for s in step_specs]
    window = None if window_s is None else timedelta(seconds=window_s)
    groups: dict[tuple, list[dict]] = {}
    for e in events:
        if hold is None:
            groups.setdefault((e["person"],), []).append(e)
        elif e.get(hold) is not None:
            groups.setdefault((e["person"], e[hold]), []).append(e)
    best: dict[str, tuple] = {}
    for group, rows in groups.items():
        found = ATTEMPTS[order](rows, steps, window, order == "strict")
        if found is not None and (group[0] not in best or found[0] > best[group[0]][0]):
            best[group[0]] = found
    result = {}
    for person, (_, times) in best.items():
        if not any(
            len(times) >= b
            and any(
                e["person"] == person
                and e["event"] == name
                and times[a - 1] < e["time"] < times[b - 1]
                for e in events
            )
            for name, (a, b) in exclusions
        ):
            result[person] = times
    return result


def summary(attempts: dict[str, list[datetime]], n: int) -> list[dict]:
    rows = []
    for k in range(1, n + 1):
        reached = [t for t in attempts.values() if len(t) >= k]
        gaps = [(t[k - 1] - t[k - 2]).total_seconds() for t in reached] if k > 1 else []
        rows.append(
            {
                "persons": len(reached),
                "mean": statistics.mean(gaps) if gaps else None,
                "median": statistics.median(gaps) if gaps else None,
            }
        )
    return rows


# -- random data -----------------------------------------------------------------------------------
event_lists = st.lists(
    st.tuples(
        st.sampled_from(["p1", "p2", "p3"]),
        st.sampled_from(["A", "B", "C", "X"]),
        st.integers(min_value=0, max_value=8),  # in units of 5 minutes: ties are common
        st.sampled_from(["s1", "s2"]),
    ),
    min_size=1,
    max_size=24,
).map(
    lambda items: [
        {
            "eid": f"e{i:03d}",
            "person": p,
            "event": ev,
            "time": T0 + timedelta(minutes=5 * m),
            "sid": sid,
        }
        for i, (p, ev, m, sid) in enumerate(items)
    ]
)
funnels = st.tuples(
    st.lists(st.sampled_from(STEP_CHOICES), min_size=2, max_size=4),
    st.sampled_from([None, 600.0, 1200.0]),
)


def load(events: list[dict]) -> whylens.Workspace:
    ws = whylens.open(":memory:")
    ws.import_table(
        pa.table(
            {
                "event_id": [e["eid"] for e in events],
                "user_id": [e["person"] for e in events],
                "event": [e["event"] for e in events],
                "timestamp": pa.array([e["time"] for e in events], pa.timestamp("us")),
                "sid": [e["sid"] for e in events],
            }
        )
    )
    return ws


def check(ws, events, steps, window_s, order, **options) -> None:
    result = ws.funnel(steps, window=window_s if window_s else "none", order=order, **options)
    expected = reference(events, steps, window_s, order, **_reference_options(options))
    for got, want in zip(result.document["steps"], summary(expected, len(steps))):
        assert got["persons"] == want["persons"], (order, steps, window_s, options)
        if "hold" not in options:
            assert got["mean_time_from_previous_s"] == pytest.approx(want["mean"])
            assert got["median_time_from_previous_s"] == pytest.approx(want["median"])
    for k in range(1, len(steps)):
        stopped = sorted(p for p, t in expected.items() if len(t) == k)
        assert sorted(result.dropped(k)["person_id"]) == stopped


def _reference_options(options: dict) -> dict:
    exclusions = [
        (x.split(":")[0], tuple(int(v) for v in x.split(":")[1].split("-")))
        for x in options.get("exclusions", [])
    ]
    return {"exclusions": exclusions, "hold": options.get("hold")}


SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(event_lists, funnels)
def test_every_order_mode_matches_the_reference(events, funnel):
    steps, window_s = funnel
    with load(events) as ws:
        for order in ("ordered", "strict", "unordered"):
            check(ws, events, steps, window_s, order)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event_lists, funnels, st.sampled_from(["ordered", "strict", "unordered"]))
def test_exclusions_and_held_values_match_the_reference(events, funnel, order):
    steps, window_s = funnel
    with load(events) as ws:
        check(ws, events, steps, window_s, order, exclusions=[f"X:1-{len(steps)}"])
        check(ws, events, steps, window_s, order, hold="sid")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event_lists, funnels, st.sampled_from(["ordered", "strict", "unordered"]))
def test_invariants(events, funnel, order):
    """Never grows; step 1 = persons with a step-1 event; dropped(k) + step k+1 = step k."""
    steps, window_s = funnel
    with load(events) as ws:
        result = ws.funnel(steps, window=window_s or "none", order=order)
        persons = [s["persons"] for s in result.document["steps"]]
        assert all(a >= b for a, b in pairwise(persons))
        names = steps[0].split("|")
        entered = ws.sql(
            "SELECT count(DISTINCT person_id) AS n FROM events WHERE list_contains($names, event)",
            {"names": names},
        )["n"][0]
        assert persons[0] == entered
        for k in range(1, len(steps)):
            assert len(result.dropped(k)) + persons[k] == persons[k - 1]
