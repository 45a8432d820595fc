"""Paths and transitions: hand-computed journeys, a plain-Python reference on random data, and
the invariants (every step adds up to the persons followed; collapsing removes repeats)."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import timedelta

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import whylens
from tests.insights.journeys import T0, at, workspace
from whylens.errors import QueryError

BOUNDARIES = ("start", "end")
TIMEOUT = timedelta(minutes=30)


# -- a plain-Python reference, written from docs/sections/paths.md ---------------------------------
def units(events, pageviews=False, by_session=False, collapse=False):
    """person -> list of sequences (whole history: one; by session: one per session), each a list
    of (node, time) in order of time then event id."""
    found, session, previous = {}, 0, None
    for e in sorted(events, key=lambda e: (e["person"], e["time"], e["id"])):
        if previous is None or previous["person"] != e["person"]:
            session = 0
        elif e["time"] - previous["time"] > TIMEOUT:  # sessions are cut over all events
            session += 1
        previous = e
        if pageviews and e["event"] != "$pageview":
            continue
        node = (e["path"] or "(no path)") if pageviews else e["event"]
        run = found.setdefault(e["person"], {}).setdefault(session if by_session else 0, [])
        if not (collapse and run and run[-1][0] == node):
            run.append((node, e["time"]))
    return {p: list(runs.values()) for p, runs in found.items()}


def reference_transitions(events, **options):
    pairs = Counter()
    for runs in units(events, **options).values():
        for run in runs:
            pairs.update((a[0], b[0]) for a, b in zip(run, run[1:]))
    out_of = Counter()
    for (a, _), n in pairs.items():
        out_of[a] += n
    return {(a, b): (n, n / out_of[a]) for (a, b), n in pairs.items()}


def first_match(runs, name):
    """(sequence, position) of the person's first node called `name`, or None."""
    for r, run in enumerate(runs):
        for i, item in enumerate(run):
            if item[0] == name:
                return r, i
    return None


def walk(runs, start, end, depth):
    """({step: node}, path, elapsed seconds) for one person, or None when not followed."""
    if start is None and end is None:
        run = runs[0][:depth]
        return {k + 1: x[0] for k, x in enumerate(run)}, [x[0] for x in run], None
    found = first_match(runs, start if start is not None else end)
    if found is None:
        return None
    run, i = runs[found[0]], found[1]
    if start is None:
        before = run[max(0, i - depth) : i + 1]
        steps = {k - len(before) + 1: x[0] for k, x in enumerate(before)}
        return steps, [x[0] for x in before], None
    if end is None:
        after = run[i : i + depth + 1]
        return {k: x[0] for k, x in enumerate(after)}, [x[0] for x in after], None
    ends = [j for j in range(i + 1, len(run)) if run[j][0] == end]
    if not ends:
        return None
    stretch = run[i : ends[0] + 1]
    path = [x[0] for x in stretch[: depth + 1]]
    if len(stretch) - 1 > depth:
        path += (["..."] if len(stretch) - 1 > depth + 1 else []) + [end]
    elapsed = (stretch[-1][1] - stretch[0][1]).total_seconds()
    return {k: x[0] for k, x in enumerate(stretch[: depth + 1])}, path, elapsed


def by_persons(counter):
    """Most persons first, ties by name; `other`, then `end` / `start` last."""

    def key(item):
        return (2 if item[0] in BOUNDARIES else 1 if item[0] == "other" else 0, -item[1], item[0])

    return sorted(counter.items(), key=key)


def reference_paths(events, start=None, end=None, depth=3, top=2, top_paths=3, **options):
    everyone = units(events, **options)
    walks = {p: w for p, runs in everyone.items() if (w := walk(runs, start, end, depth))}
    anchor = start if start is not None else end
    reached = [p for p, runs in everyone.items() if anchor is None or first_match(runs, anchor)]
    if start is None and end is not None:
        steps = range(-depth, 1)
    else:
        steps = range(0 if start is not None else 1, depth + 1)
    grid = {
        (p, k): w[0].get(k, "start" if k < 0 else "end") for p, w in walks.items() for k in steps
    }
    kept = {}
    for k in steps:
        counts = Counter(n for (_, s), n in grid.items() if s == k and n not in BOUNDARIES)
        kept[k] = {n for n, _ in by_persons(counts)[:top]}
    label = {
        (p, k): n if n in BOUNDARIES or n in kept[k] else "other" for (p, k), n in grid.items()
    }
    anywhere = set().union(*kept.values())
    by_path = {}
    for w in walks.values():
        by_path.setdefault(tuple(w[1]), []).append(w[2])
    paths = sorted(by_path.items(), key=lambda item: (-len(item[1]), list(item[0])))[:top_paths]
    return {
        "persons": len(reached),
        "followed": len(walks),
        "nodes": {
            k: by_persons(Counter(n for (_, s), n in label.items() if s == k)) for k in steps
        },
        "links": dict(
            Counter(
                (k, label[(p, k - 1)], label[(p, k)])
                for p in walks
                for k in steps
                if k - 1 in steps
            )
        ),
        "matrix": dict(
            Counter(
                (k, n if n in BOUNDARIES or n in anywhere else "other")
                for (_, k), n in grid.items()
            )
        ),
        "paths": [
            (list(p), len(t), statistics.median(t) if start and end else None) for p, t in paths
        ],
    }


# -- what the SQL says, in the reference's shape ---------------------------------------------------
def observed(result):
    doc = result.to_dict()
    return {
        "persons": doc["persons"],
        "followed": sum(n["persons"] for n in doc["steps"][0]["nodes"]) if doc["steps"] else 0,
        "nodes": {s["step"]: [(n["name"], n["persons"]) for n in s["nodes"]] for s in doc["steps"]},
        "links": {(x["step"], x["source"], x["target"]): x["persons"] for x in doc["links"]},
        "matrix": {(x["step"], x["name"]): x["persons"] for x in doc["step_matrix"]},
        "paths": [(p["path"], p["persons"], p.get("median_s")) for p in doc["top_paths"]],
    }


def load(events):
    ws = whylens.open(":memory:")
    ws.import_table(
        pa.table(
            {
                "event_id": [e["id"] for e in events],
                "user_id": [e["person"] for e in events],
                "event": [e["event"] for e in events],
                "timestamp": pa.array([e["time"] for e in events], pa.timestamp("us")),
                "url": pa.array(
                    [f"https://shop.example{e['path']}" if e["path"] else None for e in events],
                    pa.string(),
                ),
            }
        )
    )
    return ws


event_lists = st.lists(
    st.tuples(
        st.sampled_from(["p1", "p2", "p3"]),
        st.integers(min_value=0, max_value=24).map(lambda n: n * 5),  # minutes: ties and gaps
        st.sampled_from(["a", "b", "c", "$pageview"]),
        st.sampled_from([None, "/x", "/y"]),
    ),
    min_size=8,
    max_size=40,
).map(
    lambda items: [
        {
            "id": f"e{i:03d}",
            "person": p,
            "time": T0 + timedelta(minutes=m),
            "event": ev,
            "path": path if ev == "$pageview" else None,
        }
        for i, (p, m, ev, path) in enumerate(items)
    ]
)
options = st.fixed_dictionaries(
    {
        "pageviews": st.booleans(),
        "by_session": st.booleans(),
        "collapse": st.booleans(),
    }
)


@settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event_lists, options, st.integers(1, 4), st.integers(1, 3))
def test_paths_match_the_reference(events, opts, depth, top):
    names = ["/x", "/y", "(no path)"] if opts["pageviews"] else ["a", "b", "c"]
    with load(events) as ws:
        transitions = ws.path_transitions(**opts).to_dict()["transitions"]
        assert {
            (t["from"], t["to"]): (t["count"], pytest.approx(t["probability"])) for t in transitions
        } == reference_transitions(events, **opts)
        for start, end, steps in [
            (None, None, depth),
            (names[0], None, depth),
            (None, names[1], depth),
            (names[0], names[1], depth),
            (names[0], names[1], 1),  # paths longer than the depth: "..."
            (names[2], names[2], depth),
        ]:
            got = observed(ws.paths(start, end, steps, top=top, top_paths=3, **opts))
            want = reference_paths(events, start, end, steps, top, 3, **opts)
            assert got == want, (start, end)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event_lists, options, st.integers(1, 4))
def test_every_step_adds_up_to_the_persons_followed(events, opts, depth):
    name = "/x" if opts["pageviews"] else "a"
    with load(events) as ws:
        for start, end in [(name, None), (None, name), (None, None)]:
            doc = ws.paths(start, end, depth, top=1, **opts).to_dict()
            reached = doc["persons"]
            for step in doc["steps"]:
                assert sum(n["persons"] for n in step["nodes"]) == reached
                assert sum(n["share"] for n in step["nodes"]) == pytest.approx(
                    1.0 if reached else 0
                )
                assert (
                    sum(x["persons"] for x in doc["step_matrix"] if x["step"] == step["step"])
                    == reached
                )
            for k in {x["step"] for x in doc["links"]}:
                assert sum(x["persons"] for x in doc["links"] if x["step"] == k) == reached
            if opts["collapse"]:
                assert all(
                    x["source"] != x["target"]
                    for x in doc["links"]
                    if x["source"] not in (*BOUNDARIES, "other")
                )
                assert all(
                    a != b for p in doc["top_paths"] for a, b in zip(p["path"], p["path"][1:])
                )


# -- hand-computed journeys -----------------------------------------------------------------------
def shop():
    """a: home search search buy; b: home buy; c: search; d: buy home (a day later: 2 sessions)."""
    rows = [
        ("a", "home", 0),
        ("a", "search", 1),
        ("a", "search", 2),
        ("a", "buy", 3),
        ("b", "home", 0),
        ("b", "buy", 5),
        ("c", "search", 0),
        ("d", "buy", 0),
        ("d", "home", 24 * 60),
    ]
    return workspace([{"person": p, "event": e, "time": at(minutes=m)} for p, e, m in rows])


def test_next_steps_after_the_first_start_event():
    doc = shop().paths("home", depth=3).to_dict()
    assert doc["persons"] == 3  # a, b and d did home
    assert [[(n["name"], n["persons"]) for n in s["nodes"]] for s in doc["steps"]] == [
        [("home", 3)],
        [("buy", 1), ("search", 1), ("end", 1)],
        [("search", 1), ("end", 2)],
        [("buy", 1), ("end", 2)],
    ]
    assert {(x["step"], x["source"], x["target"]): x["persons"] for x in doc["links"]} == {
        (1, "home", "buy"): 1,
        (1, "home", "search"): 1,
        (1, "home", "end"): 1,
        (2, "buy", "end"): 1,
        (2, "search", "search"): 1,
        (2, "end", "end"): 1,
        (3, "search", "buy"): 1,
        (3, "end", "end"): 2,
    }
    assert [(p["path"], p["persons"]) for p in doc["top_paths"]] == [
        (["home"], 1),
        (["home", "buy"], 1),
        (["home", "search", "search", "buy"], 1),
    ]


def test_other_holds_the_nodes_beyond_the_top_ones():
    doc = shop().paths("home", depth=1, top=1).to_dict()
    assert [(n["name"], n["persons"]) for n in doc["steps"][1]["nodes"]] == [
        ("buy", 1),
        ("other", 1),
        ("end", 1),
    ]


def test_previous_steps_before_the_end_event():
    doc = shop().paths(None, "buy", depth=2).to_dict()
    assert doc["direction"] == "previous" and doc["persons"] == 3
    assert [(s["step"], [(n["name"], n["persons"]) for n in s["nodes"]]) for s in doc["steps"]] == [
        (-2, [("search", 1), ("start", 2)]),
        (-1, [("home", 1), ("search", 1), ("start", 1)]),
        (0, [("buy", 3)]),
    ]
    assert ["search", "search", "buy"] in [p["path"] for p in doc["top_paths"]]


def test_paths_between_two_events_with_share_and_median_time():
    doc = shop().paths("home", "buy", depth=1).to_dict()
    assert (doc["persons"], doc["converted"], doc["conversion"]) == (3, 2, pytest.approx(2 / 3))
    assert doc["median_s"] == 240.0  # a: 3 min, b: 5 min
    assert doc["top_paths"] == [
        {"path": ["home", "buy"], "persons": 1, "share": 0.5, "median_s": 300.0},
        {"path": ["home", "search", "...", "buy"], "persons": 1, "share": 0.5, "median_s": 180.0},
    ]


def test_without_start_or_end_steps_count_from_each_persons_first_event():
    doc = shop().paths(depth=2).to_dict()
    assert doc["persons"] == 4
    assert [(s["step"], [(n["name"], n["persons"]) for n in s["nodes"]]) for s in doc["steps"]] == [
        (1, [("home", 2), ("buy", 1), ("search", 1)]),
        (2, [("buy", 1), ("home", 1), ("search", 1), ("end", 1)]),
    ]


def test_by_session_stops_at_the_end_of_the_session():
    ws = shop()
    assert [n["name"] for n in ws.paths("buy", depth=1).to_dict()["steps"][1]["nodes"]] == [
        "home",
        "end",
    ]
    by_session = ws.paths("buy", depth=1, by_session=True).to_dict()
    assert [(n["name"], n["persons"]) for n in by_session["steps"][1]["nodes"]] == [("end", 3)]
    pairs = ws.path_transitions(by_session=True).to_dict()["transitions"]
    assert ("buy", "home") not in {(t["from"], t["to"]) for t in pairs}


def test_transitions_count_every_consecutive_pair():
    doc = shop().path_transitions().to_dict()
    assert doc == {
        "transitions": [  # most frequent first, then by from and to
            {"from": "buy", "to": "home", "count": 1, "probability": 1.0},
            {"from": "home", "to": "buy", "count": 1, "probability": 0.5},
            {"from": "home", "to": "search", "count": 1, "probability": 0.5},
            {"from": "search", "to": "buy", "count": 1, "probability": 0.5},
            {"from": "search", "to": "search", "count": 1, "probability": 0.5},
        ]
    }


def test_collapse_joins_consecutive_repeats():
    ws = shop()
    assert ws.paths("home", depth=3, collapse=True).to_dict()["top_paths"][-1]["path"] == [
        "home",
        "search",
        "buy",
    ]
    pairs = {
        (t["from"], t["to"]): t["probability"]
        for t in ws.path_transitions(collapse=True).to_dict()["transitions"]
    }
    assert pairs == {
        ("home", "buy"): 0.5,
        ("home", "search"): 0.5,
        ("buy", "home"): 1.0,
        ("search", "buy"): 1.0,
    }


def test_transitions_order_events_at_one_instant_by_event_id_not_by_arrival():
    """Ties are ordered apart from the rest (transitions.py): ids here run against arrival."""
    ws = whylens.open(":memory:")
    rows = [("a", "c", 0, "e3"), ("a", "b", 0, "e2"), ("a", "a", 0, "e1"), ("a", "d", 1, "e4")]
    rows += [("z", "x", 0, "e6"), ("z", "y", 1, "e5")]  # no tie: the cheap pass alone
    ws.import_table(
        pa.table(
            {
                "event_id": [r[3] for r in rows],
                "user_id": [r[0] for r in rows],
                "event": [r[1] for r in rows],
                "timestamp": pa.array([at(minutes=r[2]) for r in rows], pa.timestamp("us")),
            }
        )
    )
    pairs = {
        (t["from"], t["to"]): t["count"] for t in ws.path_transitions().to_dict()["transitions"]
    }
    assert pairs == {("a", "b"): 1, ("b", "c"): 1, ("c", "d"): 1, ("x", "y"): 1}


def test_steps_at_one_instant_go_by_event_id_however_they_arrived():
    """Ties in time are walked again exactly (steps.py `_walks`): ids here run against arrival."""
    ws = whylens.open(":memory:")
    rows = [("a", "search", 0, "e1"), ("a", "z", 1, "e5"), ("a", "y", 1, "e4"), ("a", "x", 1, "e3")]
    rows += [("a", "buy", 2, "e6"), ("b", "search", 0, "e9"), ("b", "x", 1, "e8")]
    ws.import_table(
        pa.table(
            {
                "event_id": [r[3] for r in rows],
                "user_id": [r[0] for r in rows],
                "event": [r[1] for r in rows],
                "timestamp": pa.array([at(minutes=r[2]) for r in rows], pa.timestamp("us")),
            }
        )
    )
    after = ws.paths("search", depth=2).to_dict()["top_paths"]
    assert sorted((p["path"], p["persons"]) for p in after) == [
        (["search", "x"], 1),
        (["search", "x", "y"], 1),
    ]
    before = ws.paths(end="buy", depth=2).to_dict()["top_paths"]
    assert [p["path"] for p in before] == [["y", "z", "buy"]]


def test_pageviews_are_named_by_path_and_ties_in_time_go_by_event_id():
    ws = workspace(
        [
            {"person": "a", "event": "$pageview", "time": at(0), "url": "https://s.io/pricing"},
            {"person": "a", "event": "click", "time": at(0), "url": "https://s.io/pricing"},
            {"person": "a", "event": "$pageview", "time": at(0), "url": "https://s.io/signup?x=1"},
            {"person": "a", "event": "$pageview", "time": at(minutes=1), "url": "https://s.io/"},
        ]
    )
    doc = ws.paths("/pricing", depth=3, pageviews=True).to_dict()
    assert doc["top_paths"][0]["path"] == ["/pricing", "/signup", "/"]
    assert ws.paths("$pageview", depth=1).to_dict()["top_paths"][0]["path"] == [
        "$pageview",
        "click",
    ]


def test_start_may_be_any_of_several_events_or_carry_filters():
    ws = workspace(
        [
            {"person": "a", "event": "view", "time": at(0), "plan": "free"},
            {"person": "a", "event": "view", "time": at(minutes=1), "plan": "pro"},
            {"person": "a", "event": "buy", "time": at(minutes=2)},
            {"person": "b", "event": "open", "time": at(0)},
            {"person": "b", "event": "buy", "time": at(minutes=1)},
        ]
    )
    pro = ws.paths({"event": "view", "where": ["plan = pro"]}, depth=1).to_dict()
    assert pro["start"] == "view"
    assert pro["top_paths"] == [{"path": ["view", "buy"], "persons": 1, "share": 1.0}]
    either = ws.paths("view|open", depth=1).to_dict()
    assert [(p["path"], p["persons"]) for p in either["top_paths"]] == [
        (["open", "buy"], 1),
        (["view", "view"], 1),
    ]


def test_scope_filters_choose_the_events_in_the_sequences():
    ws = shop()
    late = ws.paths("home", depth=1, date_from=at(minutes=2).isoformat()).to_dict()
    assert late["persons"] == 1  # only d's home is in range
    kept = ws.paths("home", depth=1, where="event != search").to_dict()["top_paths"]
    assert [(p["path"], p["persons"]) for p in kept] == [(["home", "buy"], 2), (["home"], 1)]


def test_frames_and_plots():
    ws = shop()
    result = ws.paths("home", depth=2)
    assert list(result.df.columns) == ["step", "name", "persons", "share"]
    assert result.step_matrix.sum().round(6).tolist() == [1.0, 1.0, 1.0]
    assert result.plot().data[0].type == "sankey"
    assert "min_by" in result.sql[0]
    transitions = ws.path_transitions()
    assert transitions.matrix.loc["home", "buy"] == 0.5
    assert transitions.plot().data[0].type == "heatmap"


def test_no_events_and_bad_arguments():
    ws = workspace([])
    doc = ws.paths("home").to_dict()
    assert doc["persons"] == 0 and doc["top_paths"] == [] and doc["steps"][0]["nodes"] == []
    assert ws.path_transitions().to_dict() == {"transitions": []}
    with pytest.raises(QueryError):
        ws.paths("home", depth=0)
    with pytest.raises(QueryError):
        ws.paths("", depth=2)
