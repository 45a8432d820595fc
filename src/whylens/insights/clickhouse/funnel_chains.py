"""The three order modes of a funnel on ClickHouse, over one group's step events held as sorted
arrays: keys `fk` (microseconds * 32 + first step matched), times `ft` (microseconds), breakdown
values `fb`, step masks `fm` (bit k-1 set when the event matches step k), `fs` marking the first
event of each run of equal keys and `fg` numbering the runs.

Each mode is a list of stages, each a list of `expression AS name` items of one SELECT over the
stage before (ClickHouse copies an alias's expression wherever it is used, so aliases built on
aliases in one SELECT would grow exponentially). The last stage gives `reached` (0: the group has
no attempt), `us` (the attempt's step times, Array(Int64)), `b` (its breakdown value) and `rank`
(larger is the attempt that counts). The definitions are those of docs/metrics.md, Funnels, as
insights/funnels/ computes them: a step-k chain ends at an event by extending the latest earlier
step-(k-1) chain (ordered), or the best one ending at the instant just before (strict);
unordered looks for the r-th other event of each step in the entry's window.

Every stage is a pass over the arrays (a sort within runs, for strict): fills (arrayFill,
arrayReverseFill) carry "the latest chain before this event" or "the next event of step j" to
every event, instead of a lookup per event, so a person with many events costs little more than
a sort of them.
"""

from __future__ import annotations

from collections.abc import Callable

from whylens.insights.funnels.spec import FunnelSpec

#: "no chain" in a time array: below any timestamp in microseconds
NONE = "toInt64(-4611686018427387904)"
#: the columns each mode reads, from the group's array of (key, time, value, mask) tuples
COMMON = [
    "arrayMap(x -> x.1, evs) AS fk",
    "arrayMap(x -> x.2, evs) AS ft",
    "arrayMap(x -> x.3, evs) AS fb",
    "arrayMap(x -> x.4, evs) AS fm",
    # the first event of each run of equal keys (events at one instant, first matching one step)
    "arrayMap((d, i) -> i = 1 OR d != 0, arrayDifference(fk), arrayEnumerate(fk)) AS fs",
]


def _shifted(array: str, pad: str) -> str:
    """Each element replaced by the one before it (`pad` first)."""
    return f"arrayPushFront(arrayPopBack({array}), {pad})"


def _spread(array: str) -> str:
    """Each run of equal keys takes the value its first event has in `array`."""
    return f"arrayFill((v, s) -> s, {array}, fs)"


def _within(spec: FunnelSpec, window_us: str, time: str, start: str) -> str:
    return "true" if spec.window_s is None else f"{time} <= {start} + {window_us}"


def _step(k: int, starts: str, spec: FunnelSpec, window_us: str) -> list[str]:
    """Step k from `starts` (the start time of the chain an event would extend, per event)."""
    within = _within(spec, window_us, "t", "s")
    return [
        f"{starts} AS s{k}",
        f"arrayMap((m, s, t) -> bitTest(m, {k - 1}) AND s != {NONE} AND {within}, fm, s{k}, ft)"
        f" AS h{k}",
    ]


def _starts_or_none(k: int) -> str:
    """Start time of the step-k chain ending at each event, NONE where none ends there."""
    return f"arrayMap((h, s) -> if(h, s, {NONE}), h{k}, s{k})"


def _ordered_links(k: int) -> str:
    """Per event, the start of the latest step-(k-1) chain ending at an earlier key."""
    latest = f"arrayFill(x -> x != {NONE}, {_starts_or_none(k - 1)})"
    return _spread(_shifted(latest, NONE))


def _strict_links(k: int) -> str:
    """Per event, the latest start among step-(k-1) chains ending at the run of keys just
    before (sorted within each run, its last element is its largest)."""
    best = f"arraySort((v, g) -> (g, v), {_starts_or_none(k - 1)}, fg)"
    return _spread(_shifted(best, NONE))


def _predecessor_ordered(j: int) -> list[str]:
    """The step-j event of the attempt: the latest step-j chain end before step j+1's key."""
    return [
        f"fk[i{j + 1}] AS below{j}",
        f"arrayLastIndex((x, y) -> x AND y < below{j}, h{j}, fk)",
    ]


def _predecessor_strict(j: int) -> list[str]:
    """The step-j event of the attempt: in the run just before step j+1's, a step-j chain end
    with the latest start (the one step j+1 extended)."""
    return [
        f"s{j + 1}[i{j + 1}] AS start{j}",
        f"fg[i{j + 1}] - 1 AS run{j}",
        f"arrayLastIndex((x, y, z) -> x AND y = start{j} AND z = run{j}, h{j}, s{j}, fg)",
    ]


def _chains(
    spec: FunnelSpec,
    window_us: str,
    links: Callable[[int], str],
    predecessor: Callable[[int], list[str]],
) -> list[list[str]]:
    n = spec.n
    stages = [
        COMMON,
        ["arrayCumSum(fs) AS fg", "ft AS s1", "arrayMap(m -> bitTest(m, 0), fm) AS h1"],
    ]
    for k in range(2, n + 1):
        step = _step(k, links(k), spec, window_us)
        stages += [step[:1], step[1:]]
    stages.append([f"arrayFirstIndex(x -> x, h{k}) AS e{k}" for k in range(1, n + 1)])
    reached = ", ".join(f"e{k} > 0, {k}" for k in range(n, 0, -1))
    stages.append([f"multiIf({reached}, 0) AS reached"])
    stages.append([f"if(reached = {n}, e{n}, 0) AS i{n}"])
    for j in range(n - 1, 0, -1):
        *scalars, found = predecessor(j)
        stages.append(scalars)
        stages.append([f"multiIf(reached = {j}, e{j}, reached > {j}, {found}, 0) AS i{j}"])
    times = ", ".join(f"ft[i{k}]" for k in range(1, n + 1))
    last = "greatest(" + ", ".join(f"i{k}" for k in range(1, n + 1)) + ")"
    stages.append(
        [
            f"arraySlice([{times}], 1, reached) AS us",
            f"{_chain_value(spec, last)} AS b",
            f"(reached, -fk[{last}], ft[i1]) AS rank",
        ]
    )
    return stages


def _chain_value(spec: FunnelSpec, last: str) -> str:
    """The breakdown value of a chain: its step-1 event, its last event, or its step-N event."""
    attribution = spec.attribution
    if attribution.kind == "first_touch":
        return "fb[i1]"
    if attribution.kind == "last_touch":
        return f"fb[{last}]"
    return f"if(i{attribution.step} > 0, fb[i{attribution.step}], NULL)"


def ordered(spec: FunnelSpec, window_us: str) -> list[list[str]]:
    return _chains(spec, window_us, _ordered_links, _predecessor_ordered)


def strict(spec: FunnelSpec, window_us: str) -> list[list[str]]:
    return _chains(spec, window_us, _strict_links, _predecessor_strict)


def unordered(spec: FunnelSpec, window_us: str) -> list[list[str]]:
    """Per entry (a step-1 event) and step j, the r-th other step-j event from the entry's
    instant on (r counts repeats of an identical step); steps 2..k in any order. Every array
    below has one element per event; only entries' elements are used."""
    n = spec.n
    stages = [COMMON]
    for j in range(2, n + 1):
        stages += _nth_events(spec, j, window_us)
    names = [f"y{j}" for j in range(2, n + 1)]
    missing = ", ".join(f"NOT y{j}, {j - 1}" for j in range(2, n + 1))
    stage = [
        f"arrayMap((m, {', '.join(names)}) -> if(bitTest(m, 0), multiIf({missing}, {n}), 0),"
        f" fm, {', '.join(f'x{j}v' for j in range(2, n + 1))}) AS reached_each"
    ]
    for k in range(2, n + 1):
        latest = ", ".join(["t", *(f"y{j}.1" for j in range(2, k + 1))])
        arrays = ", ".join(f"x{j}a" for j in range(2, k + 1))
        stage.append(
            f"arrayMap((t, {', '.join(names[: k - 1])}) -> greatest({latest}), ft, {arrays})"
            f" AS done{k}"
        )
    stages.append(stage)
    # (reached, -time of the last step reached, entry time, -entry key): the largest counts
    done = ", ".join(["y1", *(f"y{k}" for k in range(2, n + 1))])
    stages.append(
        [
            f"arrayMap((r, key, {done}) -> (r, -[{done}][greatest(r, 1)], y1, -key),"
            f" reached_each, fk, ft, {', '.join(f'done{k}' for k in range(2, n + 1))}) AS ranks"
        ]
    )
    stages.append(["arrayReduce('argMax', arrayEnumerate(fk), ranks) AS best"])
    times = ", ".join(["ft[best]", *(f"done{k}[best]" for k in range(2, n + 1))])
    stages.append(["reached_each[best] AS reached", "ranks[best] AS rank", f"[{times}] AS times"])
    stages.append(["arraySlice(times, 1, reached) AS us"])
    stages.append([f"{_unordered_value(spec)} AS b"])
    return stages


def _nth_events(spec: FunnelSpec, j: int, window_us: str) -> list[list[str]]:
    """x{j}a: per event, (time, value) of the step-j event its entry would use; x{j}v: whether
    there is one in the window. r{j}_q holds the q-th step-j event at or after each event (a
    reverse fill of r{j}_(q-1) taken one step-j event later)."""
    steps = spec.steps
    repeat = sum(1 for i in range(2, j + 1) if steps[i - 1] == steps[j - 1])
    none = f"({NONE}, NULL)"
    stages = [
        [f"arrayMap(m -> bitTest(m, {j - 1}), fm) AS f{j}"],
        [
            f"arrayCumSum(arrayMap(x -> toUInt32(x), f{j})) AS c{j}",
            f"arrayReverseFill((x, y) -> y, arrayMap((x, y, z) -> if(x, (y, z), {none}),"
            f" f{j}, ft, fb), f{j}) AS r{j}_1",
        ],
        # step-j events before the entry's run of keys, to rank the entry among them
        [f"{_spread(_shifted(f'c{j}', 'toUInt32(0)'))} AS before{j}"],
    ]
    for q in range(2, repeat + 2):
        later = f"arrayPopFront(arrayPushBack(r{j}_{q - 1}, {none}))"
        stages.append(
            [
                f"arrayReverseFill((x, y) -> y, arrayMap((x, y) -> if(x, y, {none}), f{j},"
                f" {later}), f{j}) AS r{j}_{q}"
            ]
        )
    # the entry itself does not count: when it is among the first `repeat`, take one more
    stages.append(
        [
            f"arrayMap((x, c, o, y, z) -> if(x AND c - o <= {repeat}, z, y), f{j}, c{j},"
            f" before{j}, {_spread(f'r{j}_{repeat}')}, {_spread(f'r{j}_{repeat + 1}')}) AS x{j}a"
        ]
    )
    within = _within(spec, window_us, "x.1", "t")
    stages.append([f"arrayMap((x, t) -> x.1 != {NONE} AND {within}, x{j}a, ft) AS x{j}v"])
    return stages


def _unordered_value(spec: FunnelSpec) -> str:
    """At the entry, at step N's event, or at the event that completed the attempt (the latest
    of its events; at one instant the highest step)."""
    attribution, n = spec.attribution, spec.n
    if attribution.kind == "first_touch" or attribution.step == 1:
        return "fb[best]"
    if attribution.kind == "step":
        return f"if(reached >= {attribution.step}, x{attribution.step}a[best].2, NULL)"
    cases = ", ".join(
        f"reached >= {j} AND x{j}a[best].1 = us[reached], x{j}a[best].2" for j in range(n, 1, -1)
    )
    return f"multiIf({cases}, fb[best])"


MODES: dict[str, Callable[[FunnelSpec, str], list[list[str]]]] = {
    "ordered": ordered,
    "strict": strict,
    "unordered": unordered,
}
