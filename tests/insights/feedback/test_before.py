"""What persons did before they answered NPS: the worked example of docs/metrics.md, and every
number on small shops compared with a plain-Python reference written from that definition."""

from __future__ import annotations

import math
import random
import statistics
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pyarrow as pa
import pytest

import whylens
from whylens.errors import QueryError
from whylens.insights.feedback import feedback_behavior

T0 = datetime(2026, 3, 2)
SESSION_GAP = timedelta(minutes=30)
BANDS = ("detractor", "passive", "promoter")
NAMED = ("view_item", "search", "contact_support", "cancel", "purchase")
BOOKKEEPING = ("$pageview", "survey shown")


def shop(events: list[tuple], answers: list[tuple]) -> whylens.Workspace:
    """events: (person, event, time); answers: (feedback id, person or None, time, kind, score)."""
    ws = whylens.open(":memory:")
    ws.import_table(
        pa.table(
            {
                "event_id": [f"e{i:04d}" for i in range(len(events))],
                "user_id": [p for p, _, _ in events],
                "event": [e for _, e, _ in events],
                "timestamp": pa.array([t for _, _, t in events], pa.timestamp("us")),
            }
        )
    )
    ws.add_feedback(
        pa.table(
            {
                "feedback_id": [a[0] for a in answers],
                "person_id": pa.array([a[1] for a in answers], pa.string()),
                "timestamp": pa.array([a[2] for a in answers], pa.timestamp("us")),
                "kind": [a[3] for a in answers],
                "score": pa.array([a[4] for a in answers], pa.float64()),
            }
        )
    )
    return ws


def before(ws: whylens.Workspace, days: int = 7, **options: Any) -> dict[str, Any]:
    return feedback_behavior(ws.engine, before_days=days, **options).to_dict()["before_answer"]


def day(d: float, hour: float = 12) -> datetime:
    return T0 + timedelta(days=d, hours=hour)


def test_the_worked_example_of_the_definition():
    events = [
        ("d", "view", day(2)),
        ("d", "contact_support", day(9)),
        ("p", "view", day(8)),
        ("q", "view", day(1)),
    ]
    answers = [
        ("f1", "d", day(10), "nps", 3.0),
        ("f2", "p", day(10), "nps", 9.0),
        ("f3", "q", day(10), "nps", 10.0),
    ]
    with shop(events, answers) as ws:
        document = before(ws)
    bands = {b["band"]: b for b in document["bands"]}
    assert bands["detractor"]["persons"] == 1 and bands["detractor"]["sessions_median"] == 1
    assert bands["detractor"]["last_events"] == [
        {"event": "contact_support", "persons": 1, "share": 1.0}
    ]
    assert bands["promoter"]["persons"] == 2 and bands["promoter"]["active_persons"] == 1
    assert bands["promoter"]["sessions_mean"] == 0.5
    assert bands["passive"] == {
        "band": "passive",
        "persons": 0,
        "active_persons": 0,
        "sessions_mean": None,
        "sessions_median": None,
        "events_mean": None,
        "session_duration_median_s": None,
        "last_events": [],
    }
    (row,) = document["events"]
    assert (row["event"], row["detractors"], row["promoters"]) == ("contact_support", 1.0, 0.0)
    assert row["difference"] == 1.0 and row["ratio"] is None and row["passives"] is None


def test_the_window_ends_at_the_latest_answer_and_leaves_bookkeeping_out():
    events = [
        ("d", "cancel", day(3, 11)),  # before the first answer only
        ("d", "search", day(9, 11)),
        ("d", "$pageview", day(9, 11.5)),
        ("d", "survey shown", day(9, 11.9)),
        ("d", "view_item", day(9, 12)),  # at the answer: not before it
        ("p", "search", day(9, 11)),
    ]
    answers = [
        ("f1", "d", day(4), "nps", 10.0),
        ("f2", "d", day(9), "nps", 2.0),  # the latest answer sets the band and the window
        ("f3", "d", day(9, 13), "csat", 1.0),
        ("f4", "p", day(9, 12), "nps", 9.0),
        ("f5", None, day(9, 12), "nps", 0.0),  # no person: in no band
    ]
    with shop(events, answers) as ws:
        document = before(ws, days=1)
    bands = {b["band"]: b for b in document["bands"]}
    detractor = bands["detractor"]
    assert detractor["persons"] == 1 and detractor["events_mean"] == 3  # search, $pageview, shown
    assert detractor["sessions_median"] == 1
    assert detractor["session_duration_median_s"] == pytest.approx(0.9 * 3600)
    assert detractor["last_events"][0]["event"] == "search"
    assert document["events"] == []  # search: 1/1 of detractors and 1/1 of promoters
    assert document["days"] == 1


def test_before_days_must_be_positive(ws):
    with pytest.raises(QueryError, match="before_days must be a positive number"):
        feedback_behavior(ws.engine, before_days=0)


def random_shop(seed: int, persons: int = 40) -> tuple[list[tuple], list[tuple]]:
    """Persons over 30 days: events to the minute (distinct per person), and zero to three NPS
    answers (a third of persons answer badly, do more and contact support more; a third well), some CSAT
    answers and an answer without a person."""
    rng = random.Random(seed)
    events, answers = [], []
    for n in range(persons):
        person = f"p{n:02d}"
        minutes = rng.sample(
            range(30 * 24 * 60), rng.randint(40, 120) if n % 3 == 0 else rng.randint(0, 80)
        )
        # bursts: some events a few minutes after another, so sessions have length
        minutes += [m + rng.randint(1, 20) for m in minutes[: len(minutes) // 2]]
        for m in sorted(set(minutes)):
            name = rng.choice(NAMED + BOOKKEEPING)
            if n % 3 == 0 and rng.random() < 0.3:
                name = "contact_support"  # a third of persons, mostly detractors, complain
            events.append((person, name, T0 + timedelta(minutes=m)))
        for k in range(rng.randint(0, 3)):
            low, high = ((0, 6), (9, 10), (5, 8))[n % 3]  # detractors, promoters, middling
            score = float(rng.randint(low, high))
            at = T0 + timedelta(minutes=rng.randrange(30 * 24 * 60), seconds=k)
            answers.append((f"f{n:02d}{k}", person, at, "nps", score))
        if rng.random() < 0.3:
            answers.append((f"c{n:02d}", person, T0 + timedelta(days=29), "csat", 5.0))
    answers.append(("anon", None, T0 + timedelta(days=20), "nps", 0.0))
    return events, answers


def reference(events: list[tuple], answers: list[tuple], days: int) -> dict[str, Any]:
    """The definition of docs/metrics.md ("Before answering"), in plain Python."""
    latest: dict[str, tuple] = {}
    for fid, person, at, kind, score in answers:
        if (
            kind == "nps"
            and person is not None
            and (person not in latest or (at, fid) > latest[person][:2])
        ):
            latest[person] = (at, fid, score)
    band = {p: _band(score) for p, (_, _, score) in latest.items()}
    numbered = sorted((p, t, f"e{i:04d}", e) for i, (p, e, t) in enumerate(events))
    session: dict[str, str] = {}  # event id -> session (30 minutes of inactivity splits)
    for i, (p, t, eid, _) in enumerate(numbered):
        previous = numbered[i - 1] if i else None
        same = previous and previous[0] == p and t - previous[1] <= SESSION_GAP
        session[eid] = session[previous[2]] if same else eid
    window: dict[str, list[tuple]] = {p: [] for p in latest}
    for p, t, eid, e in numbered:
        if p in latest and latest[p][0] - timedelta(days=days) <= t < latest[p][0]:
            window[p].append((t, eid, e))
    bands, did = [], {b: Counter() for b in BANDS}
    size = {b: sum(1 for p in band if band[p] == b) for b in BANDS}
    for b in BANDS:
        members = [p for p in band if band[p] == b]
        counts = [len({session[eid] for _, eid, _ in window[p]}) for p in members]
        spans: dict[str, list[datetime]] = {}
        last: Counter = Counter()
        for p in members:
            for t, eid, _ in window[p]:
                spans.setdefault(session[eid], []).append(t)
            chosen = [(t, eid, e) for t, eid, e in window[p] if e not in BOOKKEEPING]
            if chosen:
                last[max(chosen)[2]] += 1
            did[b].update({e for _, _, e in chosen})
        durations = [(max(ts) - min(ts)).total_seconds() for ts in spans.values()]
        bands.append(
            {
                "band": b,
                "persons": len(members),
                "active_persons": sum(c > 0 for c in counts),
                "sessions_mean": statistics.mean(counts) if members else None,
                "sessions_median": statistics.median(counts) if members else None,
                "events_mean": statistics.mean(len(window[p]) for p in members)
                if members
                else None,
                "session_duration_median_s": statistics.median(durations) if durations else None,
                "last_events": [
                    {"event": e, "persons": k, "share": k / len(members)}
                    for e, k in sorted(last.items(), key=lambda x: (-x[1], x[0]))[:3]
                ],
            }
        )
    rows = []
    if size["detractor"] and size["promoter"]:
        for e in set(did["detractor"]) | set(did["promoter"]):
            share = {b: did[b][e] / size[b] if size[b] else None for b in ("detractor", "promoter")}
            if share["detractor"] > share["promoter"]:
                rows.append(_row(e, share, did, size))
    rows.sort(key=lambda r: (-r["difference"], r["event"]))
    return {"days": days, "bands": bands, "events": rows[:10]}


def _band(score: float) -> str:
    return "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"


def _row(event: str, share: dict, did: dict, size: dict) -> dict[str, Any]:
    d, p = share["detractor"], share["promoter"]
    pooled = (did["detractor"][event] + did["promoter"][event]) / (
        size["detractor"] + size["promoter"]
    )
    se_pooled = math.sqrt(pooled * (1 - pooled) * (1 / size["detractor"] + 1 / size["promoter"]))
    se = math.sqrt(d * (1 - d) / size["detractor"] + p * (1 - p) / size["promoter"])
    z = (d - p) / se_pooled
    return {
        "event": event,
        "detractors": d,
        "passives": did["passive"][event] / size["passive"] if size["passive"] else None,
        "promoters": p,
        "difference": d - p,
        "ratio": d / p if p else None,
        "ci_low": d - p - 1.959964 * se,
        "ci_high": d - p + 1.959964 * se,
        "p_value": math.erfc(abs(z) / math.sqrt(2)),
    }


def close(a: Any, b: Any, where: str = "") -> None:
    if isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), (where, set(a) ^ set(b))
        for key in a:
            close(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), (where, a, b)
        for i, (x, y) in enumerate(zip(a, b)):
            close(x, y, f"{where}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-6, abs=1e-9), (where, a, b)
    else:
        assert a == b, (where, a, b)


@pytest.mark.parametrize(("seed", "days"), [(1, 7), (2, 7), (3, 3), (4, 14)])
def test_sql_agrees_with_the_plain_python_reference(seed, days):
    events, answers = random_shop(seed)
    expected = reference(events, answers, days)
    assert expected["events"] and all(b["persons"] for b in expected["bands"])
    with shop(events, answers) as ws:
        close(before(ws, days), expected)
