"""`POST /v1/feedback` bodies: the three forms, the defaults, and every bad field named."""

from __future__ import annotations

import orjson
import pytest

from whylens.ingest.capture.feedback import parse, table
from whylens.ingest.capture.records import CaptureError

RECEIVED = 1_777_000_000_000_000  # 2026-04-24T03:06:40Z, in microseconds
LIMIT = 32 * 1024


def test_one_item_an_array_and_a_batch():
    item = {"person": "u1", "kind": "NPS", "score": 9, "text": "Fast delivery", "tags": ["web"]}
    (single,) = parse({**item, "writeKey": "k"}, RECEIVED, LIMIT).records
    assert single == {
        "person_id": "u1",
        "timestamp": RECEIVED,  # no time given: when the request arrived
        "kind": "nps",
        "score": 9.0,
        "text": "Fast delivery",
        "source": "api",
        "tags": ["web"],
    }
    parsed = parse([item, {"text": "Meh"}], RECEIVED, LIMIT)
    assert [r["kind"] for r in parsed.records] == ["nps", "text"] and parsed.key is None
    parsed = parse({"api_key": "k2", "batch": [item]}, RECEIVED, LIMIT)
    assert parsed.key == "k2" and parsed.target == "feedback" and len(parsed.records) == 1


def test_kinds_default_as_in_the_csv_import_and_times_are_read_as_events_are():
    parsed = parse(
        [
            {"score": 3},
            {"kind": "ces", "score": 7, "timestamp": "2026-05-01T12:00:00+02:00", "id": "x-1"},
            {"kind": "csat", "score": 1, "timestamp": 1777600000},
        ],
        RECEIVED,
        LIMIT,
    )
    assert [r["kind"] for r in parsed.records] == ["nps", "ces", "csat"]
    assert parsed.records[1]["timestamp"] == 1_777_629_600_000_000  # 10:00 UTC
    assert parsed.records[1]["id"] == "x-1"
    assert parsed.records[2]["timestamp"] == 1_777_600_000_000_000


@pytest.mark.parametrize(
    ("item", "field", "reason"),
    [
        ({"kind": "nps", "score": 11}, "score", "11 is out of range for nps (0-10)"),
        ({"kind": "csat", "score": 0}, "score", "0 is out of range for csat (1-5)"),
        ({"kind": "ces", "score": 8}, "score", "8 is out of range for ces (1-7)"),
        ({"kind": "text", "score": 3, "text": "x"}, "score", "a text item has no score"),
        ({"score": "9"}, "score", "must be a number"),
        ({"score": True}, "score", "must be a number"),
        ({"kind": "stars", "score": 4}, "kind", "must be one of nps, csat, ces, text"),
        ({"source": "app"}, "text", "an item needs a text or a score"),
        ({"text": "x", "tags": "web"}, "tags", "must be an array of strings"),
        ({"text": "x", "tags": [str(i) for i in range(21)]}, "tags", "has 21 tags"),
        ({"text": "x", "tags": [{"a": 1}]}, "tags[0]", "must be a string"),
        ({"text": "x", "timestamp": "yesterday"}, "timestamp", "cannot read 'yesterday'"),
        ({"text": "x", "timestamp": "2200-01-01"}, "timestamp", "is outside"),
        ({"text": "x" * 10_001}, "text", "at most 10000"),
        ({"text": "x", "person": {"id": 1}}, "person", "must be a string"),
    ],
)
def test_a_bad_item_is_named_by_index_and_field_and_the_rest_kept(item, field, reason):
    good = {"text": "Great support", "person": "u1"}
    parsed = parse({"batch": [good, item, good]}, RECEIVED, LIMIT)
    assert len(parsed.records) == 2
    (rejected,) = parsed.rejections
    assert (rejected.index, rejected.field) == (1, field)
    assert reason in rejected.reason
    assert orjson.loads(rejected.raw) == item


def test_bodies_that_are_not_feedback_are_refused_whole():
    for body, field in (("text", None), ({"batch": {"text": "x"}}, "batch"), ([], "batch")):
        with pytest.raises(CaptureError) as caught:
            parse(body, RECEIVED, LIMIT)
        assert caught.value.field == field and caught.value.status == 400
    parsed = parse(["just text"], RECEIVED, LIMIT)
    assert parsed.rejections[0].reason == "a feedback item must be a JSON object"


def test_an_item_over_the_size_limit_is_a_413_rejection():
    parsed = parse([{"text": "x" * 2000}, {"text": "ok"}], RECEIVED, 1024)
    assert [r.status for r in parsed.rejections] == [413] and len(parsed.records) == 1


def test_the_table_the_writer_stores():
    items = parse(
        [{"text": "Slow", "tags": ["b", "a", "b"], "id": "c1"}, {"score": 10}], RECEIVED, LIMIT
    ).records
    stored = table(items).to_pylist()
    assert stored[0]["feedback_id"] == "c1" and stored[1]["feedback_id"] is None
    assert orjson.loads(stored[0]["properties"]) == {"tags": ["b", "a"]}  # order kept, once each
    assert stored[1]["properties"] is None and stored[1]["score"] == 10.0
