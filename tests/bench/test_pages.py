"""What the page benchmark reads from a visit's resource timing: the slowest call, the calls
asked twice, and how many round trips the page waited for one after another."""

from __future__ import annotations

from bench.pages import PageResult, Visit

BASE = "http://127.0.0.1:8000"


def call(path: str, start: float, end: float) -> dict:
    return {"url": BASE + path, "start": start, "end": end, "ms": end - start}


def page(*visits: list[dict]) -> PageResult:
    return PageResult("/trends", [Visit(500.0 + i, calls) for i, calls in enumerate(visits)])


def test_calls_in_parallel_after_the_key_check_are_two_round_trips():
    calls = [call("/api/access", 0, 10), call("/api/info", 11, 40), call("/api/trends?x=1", 12, 90)]
    result = page(calls)
    assert result.round_trips == 2
    assert result.calls_first("/api/access") and not result.calls_first("/api/info")
    assert result.slowest_call == "/api/trends?x=1" and result.slowest_ms == 78
    assert result.repeated == []


def test_a_chain_of_calls_counts_each_and_a_call_asked_twice_is_named():
    calls = [call("/api/access", 0, 10), call("/api/info", 10, 30), call("/api/info", 31, 50)]
    calls.append(call("/api/funnel", 51, 400))
    result = page(calls)
    assert result.round_trips == 4
    assert result.repeated == ["/api/info"]


def test_medians_over_the_visits():
    result = page([call("/api/a", 0, 100)], [call("/api/a", 0, 300)], [call("/api/b", 0, 200)])
    assert result.slowest_ms == 200 and result.drawn_ms == 501.0
    assert result.slowest_call == "/api/a"
    assert page([]).round_trips == 0 and page([]).slowest_call is None
