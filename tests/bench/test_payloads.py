"""The load test's bodies are what the real clients send: whylens accepts every event of them,
and every event has an id of its own, so the store can be counted against the answers."""

from __future__ import annotations

import orjson
import pytest

from bench import http_load, payloads
from whylens.ingest.capture import posthog, segment

NOW_US = 1_800_000_000_000_000


def spec(payload: str, worker: int, events: int) -> http_load.Spec:
    return http_load.Spec("127.0.0.1", 1, payload, "wlw_key", worker, 1, 1, 1.0, 0.0, events)


def parsed(path: str, body: bytes):
    document = orjson.loads(body)
    if path.startswith("/v1/"):
        return segment.parse(path.rsplit("/", 1)[1], document, NOW_US, 32 * 1024)
    return posthog.parse(document, NOW_US, 32 * 1024)


@pytest.mark.parametrize("payload", ["segment-batch", "posthog-batch", "single"])
def test_every_event_is_accepted_with_its_own_id(payload):
    size = 1 if payload == "single" else 100
    ids = []
    for worker in (0, 1):
        for number in range(4):
            path, body, _ = payloads.BUILDERS[payload](spec(payload, worker, size), number)
            result = parsed(path, body)
            assert result.rejections == [] and result.key == "wlw_key"
            assert len(result.records) == size
            ids += [r["event_id"] for r in result.records]
    assert len(set(ids)) == len(ids) == 8 * size
    assert {i.split(":")[0] for i in ids} == {payloads.PREFIX[payload]}


def test_single_events_alternate_between_the_two_apis():
    built = [payloads.single(spec("single", 0, 1), n)[0] for n in range(4)]
    assert built == ["/v1/track", "/i/v0/e/", "/v1/track", "/i/v0/e/"]


def test_batches_touch_many_persons():
    _, body, _ = payloads.posthog_batch(spec("posthog-batch", 0, 100), 7)
    persons = {e["distinct_id"] for e in orjson.loads(body)["batch"]}
    assert len(persons) > 50
