"""/api/segments and `segment=` over HTTP: each answer is the library's for the caller's project;
a mistake is a 4xx with a message (a missing segment 404, a taken name 409)."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from tests.insights.journeys import workspace
from tests.insights.segments.test_selection import journeys, same
from whylens.model import keys
from whylens.server.api import JSONDocument
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

CARTS = {"did": "add_to_cart", "at_least": 3}


def plain(document: Any) -> Any:
    return orjson.loads(JSONDocument(document).body)


@pytest.fixture(scope="module")
def shop():
    ws = workspace(journeys())
    ws.segments.create("carts", CARTS)
    ws.segments.save_members("few", [f"p{n:03d}" for n in range(0, 240, 3)])
    yield ws, TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
    ws.close()


ANALYSES = [
    ("/api/trends?measure=persons", lambda ws, s: ws.trends(["*"], "day", "persons", segment=s)),
    ("/api/sessions?interval=week", lambda ws, s: ws.sessions("week", segment=s)),
    (
        "/api/funnel?steps=view_item&steps=purchase",
        lambda ws, s: ws.funnel(["view_item", "purchase"], segment=s),
    ),
    ("/api/retention?periods=3", lambda ws, s: ws.retention("*", "*", "week", 3, segment=s)),
    ("/api/paths?start=view_item&depth=2", lambda ws, s: ws.paths("view_item", None, 2, segment=s)),
    ("/api/stickiness?period=week", lambda ws, s: ws.stickiness("*", "week", segment=s)),
    ("/api/lifecycle?interval=week", lambda ws, s: ws.lifecycle("*", "week", segment=s)),
    ("/api/adoption?features=use_compare", lambda ws, s: ws.adoption(["use_compare"], segment=s)),
    (
        "/api/clv?purchase_event=purchase&value_property=revenue&top=5",
        lambda ws, s: ws.clv("purchase", value_property="revenue", top=5, segment=s),
    ),
]


@pytest.mark.parametrize("segment", ["carts", "few"])
@pytest.mark.parametrize(("url", "library"), ANALYSES, ids=[a[0].split("?")[0] for a in ANALYSES])
def test_every_analysis_endpoint_takes_segment(shop, url, library, segment):
    ws, client = shop
    response = client.get(f"{url}&segment={segment}")
    assert response.status_code == 200, response.text
    document = response.json()
    assert document["scope"]["segment"] == segment
    same(document, plain(library(ws, segment).to_dict()))  # (fitted numbers: to 1e-9)
    assert client.get(url).json() != document


def test_churn_and_overview_take_segment(shop):
    _, client = shop
    churn = client.get("/api/churn?inactive=14d&top=5&segment=carts")
    assert churn.status_code == 200, churn.text
    assert churn.json()["scope"]["segment"] == "carts"
    limited = client.get("/api/overview?segment=few").json()
    assert limited["totals"] != client.get("/api/overview").json()["totals"]


@pytest.mark.parametrize(
    "url", ["/api/trends?segment=nope", "/api/funnel?steps=a&steps=b&segment=nope"]
)
def test_an_unknown_segment_is_a_4xx(shop, url):
    _, client = shop
    response = client.get(url)
    assert response.status_code == 400 and "no segment 'nope'" in response.json()["detail"]


def test_create_show_refresh_delete(shop):
    ws, client = shop
    body = {"name": "stuck", "definition": {"funnel": ["view_item", "purchase"], "reached": 1}}
    created = client.post("/api/segments", json={**body, "kind": "static"})
    assert created.status_code == 201, created.text
    assert created.json()["persons"] == len(ws.segments.members("stuck")) > 0
    shown = client.get("/api/segments/stuck?members=3").json()
    assert shown["members"] == ws.segments.members("stuck")[:3]
    assert client.post("/api/segments", json=body).status_code == 409
    assert client.post("/api/segments/stuck/refresh").json()["refreshed_at"]
    listed = {s["name"]: s["persons"] for s in client.get("/api/segments").json()}
    assert listed == {s["name"]: s["persons"] for s in ws.segments.all()}
    assert client.delete("/api/segments/stuck").json()["name"] == "stuck"
    assert client.get("/api/segments/stuck").status_code == 404
    assert client.delete("/api/segments/stuck").status_code == 404
    assert client.post("/api/segments/stuck/refresh").status_code == 404


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": "x", "definition": {"did": "a", "at_least": 0}}, "'at_least' is at least 1"),
        ({"name": "bad name", "definition": CARTS}, "segment name 'bad name'"),
        ({"name": "auto", "definition": CARTS}, "not auto or compare"),
    ],
)
def test_a_bad_segment_is_a_400_with_the_reason(shop, body, message):
    _, client = shop
    response = client.post("/api/segments", json=body)
    assert response.status_code == 400 and message in response.json()["detail"]


def test_auto_and_compare_answer_what_the_library_answers(shop):
    ws, client = shop
    auto = client.get("/api/segments/auto?k=3")
    assert auto.status_code == 200, auto.text
    assert auto.json() == plain(ws.segments.auto(3).to_dict())
    url = "/api/segments/compare?segments=carts&segments=few&funnel=view_item&funnel=purchase"
    compared = client.get(url)
    assert compared.status_code == 200, compared.text
    expected = ws.segments.compare(["carts", "few"], funnel=["view_item", "purchase"])
    assert compared.json() == plain(expected.to_dict())
    assert client.get("/api/segments/compare?segments=carts").status_code == 422
    assert client.get("/api/segments/auto?k=lots").status_code == 422


def test_segments_belong_to_the_key_s_project(shop):
    ws, _ = shop
    other = keys.create_project(ws.engine, "shop2")
    client = TestClient(create_app(ws, capture=CaptureSettings()))
    headers = {"Authorization": f"Bearer {other['read_key']}"}
    assert client.get("/api/segments", headers=headers).json() == []
    created = client.post(
        "/api/segments", json={"name": "carts", "definition": CARTS}, headers=headers
    )
    assert created.status_code == 201 and created.json()["persons"] == 0  # no events there
    assert client.get("/api/segments").status_code == 401
    assert "carts" in {s["name"] for s in ws.segments.all()}  # the default project's own


def test_the_openapi_spec_documents_segment_everywhere(shop):
    _, client = shop
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/trends", "/api/sessions", "/api/funnel", "/api/retention", "/api/paths",
                 "/api/stickiness", "/api/lifecycle", "/api/adoption", "/api/churn", "/api/clv",
                 "/api/overview"):  # fmt: skip
        names = {p["name"] for p in paths[path]["get"]["parameters"]}
        assert "segment" in names, path
    assert {"/api/segments", "/api/segments/auto", "/api/segments/compare"} <= set(paths)
