"""The three order modes of a funnel on ClickHouse, over one group's step events held as sorted
arrays: keys `fk` (microseconds * 32 + first step matched, offset to be unsigned: funnel_sql.py
sorts them as the high half of one number per event), step masks `fm` (bit k-1 set when the
event matches step k), breakdown values `fb` (with a breakdown, and always in unordered mode),
`fs` marking the first event of each run of equal keys; strict and unordered also read times
`ft` (microseconds), and strict numbers the runs (`fg`).

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

#: room for the step number under each microsecond of a key (more than MAX_STEPS)
STEP_BITS = 32
#: added to every key so that keys of times before 1970 are positive too (a multiple of STEP_BITS)
KEY_OFFSET = 1 << 62
#: "no chain" in a time array: below any timestamp in microseconds
NONE = "toInt64(-4611686018427387904)"
#: the group's codes (funnel_sql.groups: key above mask) as keys `fk` and masks `fm`
DECODE = [
    "arrayMap(c -> toUInt64(bitShiftRight(c, 32)), codes) AS fk",
    "arrayMap(c -> toUInt32(bitAnd(c, 4294967295)), codes) AS fm",
]
#: the first event of each run of equal keys (events at one instant, first matching one step)
RUNS = "arrayMap((k, b) -> k != b, fk, arrayPushFront(arrayPopBack(fk), toUInt64(0))) AS fs"


def time_of(key: str) -> str:
    """The microseconds since the epoch of a key."""
    return f"(toInt64(intDiv({key}, {STEP_BITS})) - {KEY_OFFSET // STEP_BITS})"


#: the stages of the columns the strict and unordered modes read: times `ft` besides the above
COMMON = [DECODE, [f"arrayMap(k -> {time_of('k')}, fk) AS ft", RUNS]]


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


def _strict_links(k: int) -> str:
    """Per event, the latest start among step-(k-1) chains ending at the run of keys just
    before (sorted within each run, its last element is its largest)."""
    best = f"arraySort((v, g) -> (g, v), {_starts_or_none(k - 1)}, fg)"
    return _spread(_shifted(best, NONE))


def _predecessor_strict(j: int) -> list[str]:
    """The step-j event of the attempt: in the run just before step j+1's, a step-j chain end
    with the latest start (the one step j+1 extended)."""
    return [
        f"s{j + 1}[i{j + 1}] AS start{j}",
        f"fg[i{j + 1}] - 1 AS run{j}",
        f"arrayLastIndex((x, y, z) -> x AND y = start{j} AND z = run{j}, h{j}, s{j}, fg)",
    ]


def strict(spec: FunnelSpec, window_us: str) -> list[list[str]]:
    """Per event and step k, the best start among the step-(k-1) chains ending in the run of
    keys just before; the attempt's earlier steps are found going back from its last step."""
    n = spec.n
    stages = [
        *COMMON,
        ["arrayCumSum(fs) AS fg", "ft AS s1", "arrayMap(m -> bitTest(m, 0), fm) AS h1"],
    ]
    for k in range(2, n + 1):
        step = _step(k, _strict_links(k), spec, window_us)
        stages += [step[:1], step[1:]]
    stages.append([f"arrayFirstIndex(x -> x, h{k}) AS e{k}" for k in range(1, n + 1)])
    reached = ", ".join(f"e{k} > 0, {k}" for k in range(n, 0, -1))
    stages.append([f"multiIf({reached}, 0) AS reached"])
    stages.append([f"if(reached = {n}, e{n}, 0) AS i{n}"])
    for j in range(n - 1, 0, -1):
        *scalars, found = _predecessor_strict(j)
        stages.append(scalars)
        stages.append([f"multiIf(reached = {j}, e{j}, reached > {j}, {found}, 0) AS i{j}"])
    times = ", ".join(f"ft[i{k}]" for k in range(1, n + 1))
    last = "greatest(" + ", ".join(f"i{k}" for k in range(1, n + 1)) + ")"
    stages.append(
        [
            f"arraySlice([{times}], 1, reached) AS us",
            f"{_chain_value(spec, last)} AS b",
            f"(reached, -toInt64(fk[{last}]), ft[i1]) AS rank",
        ]
    )
    return stages


def _chain_value(spec: FunnelSpec, last: str) -> str:
    """The breakdown value of a chain: its step-1 event, its last event, or its step-N event
    (none without a breakdown: the groups have no values then)."""
    attribution = spec.attribution
    if spec.breakdown is None:
        return "CAST(NULL AS Nullable(String))"
    if attribution.kind == "first_touch":
        return "fb[i1]"
    if attribution.kind == "last_touch":
        return f"fb[{last}]"
    return f"if(i{attribution.step} > 0, fb[i{attribution.step}], NULL)"


def ordered(spec: FunnelSpec, window_us: str) -> list[list[str]]:
    """Per event and step k, the chain it would extend: (start key, index) of the latest
    step-(k-1) chain ending at an earlier key, a forward fill of the chain ends (`c{k-1}`, with
    `h{k-1}` marking them) taken one event later and spread over each run of equal keys. The
    attempt is the first event ending the furthest chain; its earlier steps are the indices its
    chain carries, looked up one step at a time."""
    n = spec.n
    stages = [
        DECODE,
        [
            RUNS,
            "arrayEnumerate(fk) AS fi",
            "arrayMap(m -> bitTest(m, 0), fm) AS h1",
            "arrayZip(fk, arrayEnumerate(fk)) AS c1",
        ],
    ]
    # keys are times * STEP_BITS plus a step, so whole divisions compare their times
    within = (
        "true"
        if spec.window_s is None
        else f"intDiv(key, {STEP_BITS}) <= intDiv(z.1, {STEP_BITS}) + {window_us}"
    )
    for k in range(2, n + 1):
        start = "(toUInt64(0), toUInt32(0))"
        latest = (
            f"arrayFill((z, h) -> h, arrayPushFront(c{k - 1}, {start}),"
            f" arrayPushFront(h{k - 1}, true))"
        )
        stages.append([f"{_spread(f'arrayPopBack({latest})')} AS l{k}"])
        ends = [
            f"arrayMap((m, z, key) -> bitTest(m, {k - 1}) AND z.1 != 0 AND {within}, fm, l{k}, fk)"
            f" AS h{k}"
        ]
        if k < n:
            ends.append(f"arrayZip(l{k}.1, fi) AS c{k}")
        stages.append(ends)
    stages.append([f"indexOf(h{k}, true) AS e{k}" for k in range(1, n + 1)])
    reached = ", ".join(f"e{k} > 0, {k}" for k in range(n, 0, -1))
    stages.append([f"multiIf({reached}, 0) AS reached"])
    stages.append([f"if(reached = {n}, e{n}, 0) AS i{n}"])
    for j in range(n - 1, 0, -1):
        stages.append(
            [f"multiIf(reached = {j}, e{j}, reached > {j}, l{j + 1}[i{j + 1}].2, 0) AS i{j}"]
        )
    times = ", ".join(time_of(f"fk[i{k}]") for k in range(1, n + 1))
    last = "greatest(" + ", ".join(f"i{k}" for k in range(1, n + 1)) + ")"
    stages.append(
        [
            f"arraySlice([{times}], 1, reached) AS us",
            f"{_chain_value(spec, last)} AS b",
            f"(reached, -toInt64(fk[{last}]), {time_of('fk[i1]')}) AS rank",
        ]
    )
    return stages


def unordered(spec: FunnelSpec, window_us: str) -> list[list[str]]:
    """Per entry (a step-1 event) and step j, the r-th other step-j event from the entry's
    instant on (r counts repeats of an identical step); steps 2..k in any order. Every array
    below has one element per event; only entries' elements are used."""
    n = spec.n
    stages = [*COMMON]
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
