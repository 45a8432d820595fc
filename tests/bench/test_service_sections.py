"""The service report judges each figure against its target: a lost or doubled event fails the
store check, and a page that never got ready fails its own target only."""

from __future__ import annotations

from bench import load, pages, service_sections


def phase(spec: load.Phase, requests: int, seconds: float, p99_ms: float) -> load.PhaseResult:
    latencies = [1.0] * 98 + [p99_ms, p99_ms]
    return load.PhaseResult(
        phase=spec,
        seconds=seconds,
        requests=requests,
        statuses={"200": requests},
        acknowledged=requests * spec.events_per_request,
        latencies_ms=latencies,
        server_cpu_s=1.0,
        client_cpu_s=0.5,
        unanswered={},
        errors=[],
    )


def result(stored: dict[str, tuple[int, int]]) -> load.LoadResult:
    batch, posthog, single = load.PHASES
    return load.LoadResult(
        noop=phase(load.NOOP, 100_000, 10.0, 5.0),
        phases=[
            phase(batch, 6_000, 10.0, 50.0),  # 60,000 events/s
            phase(posthog, 4_000, 10.0, 150.0),  # 40,000 events/s, p99 too slow
            phase(single, 40_000, 10.0, 20.0),
        ],
        quiet=phase(load.QUIET, 50_000, 10.0, 150.0),  # not judged
        reader=load.ReaderResult([("/api/overview", 200, 0.5)]),
        caught_up_s=2.0,
        stopped_in_s=1.0,
        stored=stored,
        stored_unanswered=0,
        seconds_per_phase=10.0,
    )


def verdicts(section) -> dict[str, bool | None]:
    return {row.measure: row.target.met for row in section.rows if row.target}


def test_each_phase_is_judged_against_its_target():
    all_stored = {"sb": (600_000, 600_000), "pb": (400_000, 400_000), "s1": (90_000, 90_000)}
    met = verdicts(service_sections.load_section(result(all_stored)))
    judged = iter(met.values())
    assert [next(judged) for _ in range(6)] == [True, True, False, False, True, True]
    assert list(met.values())[-1] is True  # every acknowledged event stored once


def test_a_missing_or_doubled_event_fails_the_store_check():
    missing = {"sb": (599_999, 599_999), "pb": (400_000, 400_000), "s1": (90_000, 90_000)}
    doubled = {"sb": (600_001, 600_000), "pb": (400_000, 400_000), "s1": (90_000, 90_000)}
    for stored in (missing, doubled):
        section = service_sections.load_section(result(stored))
        assert list(verdicts(section).values())[-1] is False


def test_a_page_that_never_got_ready_is_a_missed_target_and_the_others_are_judged():
    ok = pages.PageResult(
        "/trends",
        [pages.Visit(400.0, [{"url": "http://h/api/trends", "start": 0, "end": 120, "ms": 120}])],
    )
    never = pages.PageResult("/segments", [], "Timeout 60000ms exceeded.")
    section = service_sections.pages_section(None, [ok, never])
    assert list(verdicts(section).values()) == [True, True, False]
    assert any("could not be measured" in note and "Timeout" in note for note in section.notes)
