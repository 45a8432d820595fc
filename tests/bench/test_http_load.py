"""The load generator counts every request and answer: against the no-op app on loopback, and
on hand-made responses cut at every byte."""

from __future__ import annotations

import time

import pytest

from bench import http_load, served

RESPONSE = b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 12\r\nretry-after: 2\r\n\r\n"
RESPONSE += b'{"status":1}'


@pytest.fixture(scope="module")
def noop(tmp_path_factory):
    port = served.free_port()
    log = tmp_path_factory.mktemp("noop") / "noop.log"
    with served.serving(served.noop_command(port), port, log) as server:
        yield server


def spec(port: int, requests: int, seconds: float, connections: int = 4) -> http_load.Spec:
    return http_load.Spec(
        served.HOST, port, "single", "wlw_key", 0, connections, requests, seconds, time.time()
    )


def test_a_response_is_complete_only_with_its_whole_body():
    for cut in range(len(RESPONSE)):
        assert http_load._complete_response(bytearray(RESPONSE[:cut])) is None
    assert http_load._complete_response(bytearray(RESPONSE)) == 503
    assert http_load._retry_after(RESPONSE[: RESPONSE.find(b"\r\n\r\n")]) == 2.0


def test_a_response_without_length_is_refused():
    with pytest.raises(ValueError):
        http_load._complete_response(bytearray(b"HTTP/1.1 200 OK\r\nx: y\r\n\r\nbody"))


def test_every_request_of_the_count_is_sent_once_and_answered(noop):
    result = http_load.run(spec(noop.port, requests=301, seconds=120))
    assert result["sent"] == 301
    assert result["statuses"] == {"200": 301}
    assert result["acknowledged_events"] == 301
    assert len(result["latencies_us"]) == 301 and min(result["latencies_us"]) > 0
    assert result["unanswered"] == [] and result["errors"] == []


def test_the_time_bound_stops_a_count_that_cannot_be_reached(noop):
    result = http_load.run(spec(noop.port, requests=10**12, seconds=0.3))
    assert 0 < result["sent"] < 10**12
    assert result["statuses"] == {"200": result["sent"]}


def test_a_server_that_is_gone_is_reported_not_waited_for():
    port = served.free_port()  # nothing listens there
    with pytest.raises(OSError):
        http_load.run(spec(port, requests=10, seconds=5))
