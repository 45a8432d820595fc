"""Report sections of the served product: the capture service under load, the dashboard pages.

The targets are those of the ingestion service's and the dashboard's issues; each figure is
judged against one, and everything that went wrong on the way (non-200 answers, a lost or doubled
event, a page that showed an error) is written out rather than left out.
"""

from __future__ import annotations

from typing import Any

from bench.load import CLIENT_PROCESSES, LoadResult, PhaseResult
from bench.pages import PageResult
from bench.report import NONE, Row, Section, Target, count, seconds, times

BATCH_EVENTS_PER_S_MIN = 50_000
SINGLE_REQUESTS_PER_S_MIN = 3_000
P99_MAX_MS = 100.0
API_CALL_MAX_MS = 300.0
DRAWN_MAX_MS = 1_000.0
#: below this share of the no-op rate, the client had room to spare
CLIENT_HEADROOM = 0.67


def per_s(value: float, unit: str) -> str:
    return f"{value:,.0f} {unit}/s"


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def micros(value_s: float) -> str:
    return f"{value_s * 1e6:,.0f} µs"


def load_section(result: LoadResult | None) -> Section:
    section = Section(
        "Capture service under load",
        "A real `whylens serve` process on 127.0.0.1 over a fresh database, with a project's write"
        f" key. Client: {CLIENT_PROCESSES} processes of keep-alive HTTP/1.1 connections on raw"
        " asyncio (`bench/http_load.py`; a request is one write of prepared bytes), each phase"
        f" bounded by a request count and by {_phase_seconds(result)}. Every event has its own"
        " id. Meanwhile a reader runs analyses through `/api` with the read key, one after"
        " another (the server runs them below capture's priority: docs/adr/0011); a last phase sends single events again once it has stopped (not judged:"
        " the targets hold while analyses run). Baseline: a no-op ASGI app (reads the body, answers 200; `bench/noop.py`)"
        " served by the same uvicorn settings and loaded by the same client in the same run."
        " Latency: from the request's write to the last byte of its answer, over every request."
        " CPU: user + system seconds of the server process over the phase (all its threads: the"
        " store's writer and the reader's analyses too), per request or event: other work on the"
        " machine sways it less than rates.",
        "no-op ASGI app",
    )
    if result is None:
        return section
    noop = result.noop
    for phase in result.phases:
        _phase_rows(section, phase, noop)
    _phase_rows(section, result.quiet, noop, judged=False)
    _client_note(section, result)
    _store_rows(section, result)
    _reader_rows(section, result)
    return section


def _phase_seconds(result: LoadResult | None) -> str:
    return "time" if result is None else f"{result.seconds_per_phase:g} s"


def _phase_rows(
    section: Section, phase: PhaseResult, noop: PhaseResult, judged: bool = True
) -> None:
    """Rate, latency and CPU of a phase; judged against the targets when analyses ran beside."""
    name = phase.phase.name
    single = phase.phase.events_per_request == 1
    conns = phase.phase.connections * CLIENT_PROCESSES
    if single:
        section.rows.append(
            Row(
                f"{name}: requests answered 200 per second ({conns} connections)",
                per_s(phase.acknowledged / phase.seconds, "req"),
                per_s(noop.requests_per_s, "req"),
                times(phase.acknowledged / phase.seconds / noop.requests_per_s),
                _target(
                    judged,
                    f"≥ {SINGLE_REQUESTS_PER_S_MIN:,} req/s",
                    per_s(phase.acknowledged / phase.seconds, "req"),
                    phase.acknowledged / phase.seconds >= SINGLE_REQUESTS_PER_S_MIN,
                ),
            )
        )
    else:
        section.rows.append(
            Row(
                f"{name}: events answered 200 per second ({conns} connections)",
                per_s(phase.events_per_s, "events"),
                target=_target(
                    judged,
                    f"≥ {BATCH_EVENTS_PER_S_MIN:,} events/s",
                    per_s(phase.events_per_s, "events"),
                    phase.events_per_s >= BATCH_EVENTS_PER_S_MIN,
                ),
            )
        )
    p99 = phase.latency_ms(0.99)
    section.rows.append(
        Row(
            f"{name}: latency p50 / p99 / max",
            f"{ms(phase.latency_ms(0.5))} / {ms(p99)} / {ms(phase.latency_ms(1.0))}",
            f"{ms(noop.latency_ms(0.5))} / {ms(noop.latency_ms(0.99))} / {ms(noop.latency_ms(1.0))}"
            if single
            else NONE,
            target=_target(judged, f"p99 < {P99_MAX_MS:g} ms", ms(p99), p99 < P99_MAX_MS),
        )
    )
    unit = "request" if single else "event"
    amount = phase.requests if single else max(phase.acknowledged, 1)
    section.rows.append(
        Row(
            f"{name}: server CPU per {unit}",
            micros(phase.server_cpu_s / amount),
            micros(noop.server_cpu_s / noop.requests) if single else NONE,
            times(phase.server_cpu_s / amount / (noop.server_cpu_s / noop.requests))
            if single
            else NONE,
        )
    )
    others = {s: n for s, n in phase.statuses.items() if s != "200"}
    if others or phase.errors:
        answers = ", ".join(f"{n:,} × {s}" for s, n in sorted(others.items()))
        section.notes.append(
            f"**{name}: {count(phase.requests)} requests, not all answered 200**: {answers}"
            + (f"; client errors: {'; '.join(phase.errors[:3])}" if phase.errors else "")
            + " (a 503 says the store is behind: the client sends the request again once its"
            " Retry-After has passed, as Segment's and PostHog's clients do, while the phase"
            " lasts)."
        )


def _target(judged: bool, text: str, figure: str, met: bool) -> Target | None:
    """The targets hold while analyses run; a phase without them is shown, not judged."""
    return Target(text, figure, met) if judged else None


def _client_note(section: Section, result: LoadResult) -> None:
    noop = result.noop
    single = [p for p in result.phases if p.phase.events_per_request == 1]
    client_us = noop.client_cpu_s / max(noop.requests, 1) * 1e6
    text = (
        f"Client ceiling: against the no-op app the same client reached"
        f" {per_s(noop.requests_per_s, 'req')} ({CLIENT_PROCESSES} processes, {client_us:.0f} µs"
        " of client CPU per request)"
    )
    if single:
        share = single[0].requests_per_s / noop.requests_per_s
        verdict = (
            "so the client was not what limited whylens"
            if share < CLIENT_HEADROOM
            else "**close to whylens' own rate: the client (sharing the cores) may be a limit**"
        )
        text += f", whylens single events {share:.0%} of that: {verdict}"
    section.notes.append(text + ".")


def _store_rows(section: Section, result: LoadResult) -> None:
    acknowledged = sum(p.acknowledged for p in [*result.phases, result.quiet])
    stored = sum(n for n, _ in result.stored.values())
    distinct = sum(d for _, d in result.stored.values())
    found = distinct - result.stored_unanswered
    missing, doubled = acknowledged - found, stored - distinct
    section.rows.append(
        Row(
            "acknowledged events in the store after the run (counted by id once the server"
            " stopped)",
            f"{count(found)} of {count(acknowledged)}; {count(doubled)} doubled",
            target=Target(
                "every one, once", f"{count(missing)} missing", missing == 0 and doubled == 0
            ),
        )
    )
    if result.stored_unanswered:
        section.notes.append(
            f"{count(result.stored_unanswered)} events of requests not answered 200 are stored"
            " too (a request can be logged before its answer fails): allowed, retries are"
            " deduplicated."
        )
    section.rows.append(
        Row(
            "the store holds every acknowledged event, after the last request",
            seconds(result.caught_up_s),
        )
    )
    if result.stopped_in_s is not None:
        section.rows.append(
            Row("SIGTERM to exit (the drain included)", seconds(result.stopped_in_s))
        )


def _reader_rows(section: Section, result: LoadResult) -> None:
    reader = result.reader
    by_path: dict[str, list[float]] = {}
    for path, status, spent in reader.queries:
        if status == 200:
            by_path.setdefault(path, []).append(spent)
    section.rows.append(
        Row(
            "analyses run through `/api` during the load (one at a time, median time)",
            f"{count(len(reader.queries))} ({seconds(reader.median_s())})",
        )
    )
    if by_path:
        section.notes.append(
            "Analyses during the load, median time each: "
            + ", ".join(f"`{p}` {seconds(sorted(t)[len(t) // 2])}" for p, t in by_path.items())
            + "."
        )
    if reader.failed:
        first = reader.failed[0]
        section.notes.append(
            f"**{len(reader.failed)} analyses during the load failed** (first: `{first[0]}`"
            f" answered {first[1] or 'no answer'})."
        )


def pages_section(demo: dict[str, Any] | None, results: list[PageResult]) -> Section:
    size = (
        f"{count(demo['events'])} events, {count(demo['persons'])} persons" if demo else "the demo"
    )
    section = Section(
        "Dashboard pages",
        f"`whylens demo` data ({size}) served by `whylens serve --demo`; each page opened three"
        " times in headless Chromium (1280×900, scripts cached by a first visit), medians shown."
        " API: the slowest `/api/` request of the page, from the browser's resource timing (start"
        " to last byte). Drawn: from navigation to the first frame painted after the page marks"
        " itself ready (it has drawn what it first asked for).",
        None,
    )
    for page in results:
        name = f"`{page.path}`"
        if not page.visits:
            section.rows.append(
                Row(
                    f"{name}: drawn",
                    "never",
                    target=Target(f"< {DRAWN_MAX_MS / 1000:g} s", "never drawn", False),
                )
            )
            section.notes.append(f"**{name} could not be measured**: {page.failure}")
            continue
        if page.call_count:
            section.rows.append(
                Row(
                    f"{name}: slowest of {page.call_count} API calls (`{page.slowest_call}`)",
                    ms(page.slowest_ms),
                    target=Target(
                        f"< {API_CALL_MAX_MS:g} ms",
                        ms(page.slowest_ms),
                        page.slowest_ms < API_CALL_MAX_MS,
                    ),
                )
            )
        trips = f", after {page.round_trips} API round trips in a row" if page.call_count else ""
        section.rows.append(
            Row(
                f"{name}: drawn{trips}",
                ms(page.drawn_ms),
                target=Target(
                    f"< {DRAWN_MAX_MS / 1000:g} s", ms(page.drawn_ms), page.drawn_ms < DRAWN_MAX_MS
                ),
            )
        )
        if page.error:
            section.notes.append(f"**{name} showed an error**: {page.error}")
        if page.repeated:
            section.notes.append(f"{name} asked more than once for: {', '.join(page.repeated)}.")
    first = [p for p in results if p.visits and p.calls_first("/api/access")]
    if first:
        section.notes.append(
            f"{len(first)} of {len(results)} pages ask `/api/access` (the key check) before any"
            " other call: one round trip before the page's own."
        )
    return section
