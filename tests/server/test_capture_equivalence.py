"""Events captured through the server, one writer batch per request, leave the same store as one
bulk import of the same events: the sessions table, persons, every event's session, and the
analyses built on them (continued sessions, a late event, an identity link, a retry)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import orjson
import pyarrow as pa
import pytest
from fastapi.testclient import TestClient

import whylens
from whylens.model.keys import create_key
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

T0 = datetime(2024, 5, 6, 9, 0, tzinfo=timezone.utc)  # a Monday
PAGES = ("/", "/search", "/p/lamp", "/cart", "/checkout")


def journey() -> list[list[dict]]:
    """Requests of PostHog events, in the order they are sent: four persons over three days,
    visits of several pages with the client's session ids, and then what live traffic brings
    besides: an anonymous visitor who logs in, an event that arrives late, a retry."""
    requests: list[list[dict]] = []
    for day in range(3):
        for hour in (0, 2):
            first, rest = [], []  # a visit's first two pages, then the rest: two writer batches
            for number, person in enumerate(("ada", "bob", "cy", "anon-1")):
                visit = f"{person}-{day}-{hour}"
                for step, page in enumerate(PAGES[: 2 + (number + day) % 4]):
                    moment = T0 + timedelta(days=day, hours=hour, minutes=step * 7 + number)
                    (first if step < 2 else rest).append(
                        event(person, "$pageview", moment, page, visit)
                    )
                if number % 2 == 0 and hour == 2:
                    moment = T0 + timedelta(days=day, hours=hour, minutes=25)
                    rest.append(event(person, "purchase", moment, None, visit))
            requests += [first, rest] if rest else [first]
    login = event("dee", "$identify", T0 + timedelta(days=2, hours=3), None, None)
    login["properties"]["$anon_distinct_id"] = "anon-1"
    requests.append([login])
    late = event("bob", "add_to_cart", T0 + timedelta(days=1, hours=1), "/cart", None)
    requests.append([late])
    requests.append([dict(requests[0][0])])  # a retry of the very first event
    return requests


def event(person: str, name: str, moment: datetime, page: str | None, session: str | None) -> dict:
    properties: dict = {"plan": "pro" if person < "c" else "free"}
    if page is not None:
        properties["$current_url"] = f"https://shop.example{page}?utm_source=news"
        properties["$referrer"] = "https://search.example/q"
    if session is not None:
        properties["$session_id"] = session
    if person.startswith("anon"):
        properties["$is_identified"] = False
    uuid = f"{person}:{name}:{moment.isoformat()}"
    return {
        "event": name,
        "distinct_id": person,
        "uuid": uuid,
        "timestamp": moment.isoformat(),
        "properties": properties,
    }


def import_rows(requests: list[list[dict]]) -> pa.Table:
    """The same events as a file would hold them, for one import."""
    rows = []
    for e in (e for batch in requests for e in batch):
        p = e["properties"]
        anonymous = p.get("$anon_distinct_id") or (
            e["distinct_id"] if "$is_identified" in p else None
        )
        rows.append(
            {
                "event_id": e["uuid"],
                "user_id": None if "$is_identified" in p else e["distinct_id"],
                "anonymous_id": anonymous,
                "event": e["event"],
                "timestamp": datetime.fromisoformat(e["timestamp"]),
                "url": p.get("$current_url"),
                "referrer": p.get("$referrer"),
                "session_id": p.get("$session_id"),
                "properties": orjson.dumps(p).decode(),
            }
        )
    return pa.Table.from_pylist(rows)


ANALYSES = {
    "trends": lambda ws: ws.trends(["$pageview", "purchase"], "day"),
    "funnel": lambda ws: ws.funnel(["$pageview", "add_to_cart", "purchase"]),
    "retention": lambda ws: ws.retention(period="day", periods=3),
    "sessions": lambda ws: ws.sessions("day"),
    "lifecycle": lambda ws: ws.lifecycle(interval="day"),
    "stickiness": lambda ws: ws.stickiness(period="week", interval="day"),
    "paths": lambda ws: ws.paths(),
}
TABLES = {
    "sessions": "SELECT * FROM sessions ORDER BY session_id",
    "persons": "SELECT * EXCLUDE (traits) FROM persons ORDER BY person_id",
    "events": "SELECT event_id, person_id, session_id, timestamp, path, referring_domain,"
    " utm_source FROM events ORDER BY event_id",
}


@pytest.fixture(scope="module")
def captured_and_imported(tmp_path_factory):
    requests = journey()
    captured = whylens.open(":memory:")
    key = create_key(captured.engine, "default", "write")["key"]
    settings = CaptureSettings(log_dir=tmp_path_factory.mktemp("log"), start_writer=False)
    with TestClient(create_app(captured, capture=settings)) as client:
        writer = client.app.state.capture.writer
        for batch in requests:
            answer = client.post("/batch/", json={"api_key": key, "batch": batch})
            assert answer.status_code == 200, answer.text
            assert writer.drain()  # each request its own batch of the writer
    imported = whylens.open(":memory:")
    imported.import_table(import_rows(requests))
    yield captured, imported
    captured.close()
    imported.close()


@pytest.mark.parametrize("table", TABLES)
def test_the_tables_are_those_of_an_import(captured_and_imported, table):
    captured, imported = captured_and_imported
    rows = [ws.engine.query(TABLES[table]).to_pylist() for ws in (captured, imported)]
    assert rows[0] == rows[1]
    assert rows[0]


@pytest.mark.parametrize("analysis", ANALYSES)
def test_the_analyses_are_those_of_an_import(captured_and_imported, analysis):
    captured, imported = captured_and_imported
    assert ANALYSES[analysis](captured).to_dict() == ANALYSES[analysis](imported).to_dict()


def test_the_journey_continued_sessions_and_rebuilt_the_late_and_linked_persons(
    captured_and_imported,
):
    captured, _ = captured_and_imported
    events = captured.engine.query("SELECT count(*) AS n FROM events").to_pylist()[0]["n"]
    assert events == sum(len(b) for b in journey()) - 1  # the retry is stored once
    people = captured.engine.query("SELECT DISTINCT person_id FROM events ORDER BY 1")
    assert people.column("person_id").to_pylist() == ["ada", "bob", "cy", "dee"]
    bob = captured.engine.query(
        "SELECT count(*) AS n FROM sessions WHERE person_id = 'bob'"
    ).to_pylist()[0]["n"]
    assert bob == 7  # a session per visit, and the late event one of its own
