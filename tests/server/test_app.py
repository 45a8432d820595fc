"""The HTTP app in-process: health, the overview API and the dashboard page with its assets."""

from __future__ import annotations

from fastapi.testclient import TestClient

from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

CSV = (
    "user_id,event,timestamp,url\n"
    "u1,$pageview,2024-01-01T10:00:00Z,https://shop.example/?utm_source=google\n"
    "u1,$pageview,2024-01-01T10:01:00Z,https://shop.example/products/1\n"
    "u2,$pageview,2024-01-02T09:00:00Z,https://shop.example/products/1\n"
)


def test_health_overview_and_dashboard(ws, write):
    ws.import_file(write("e.csv", CSV))
    client = TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
    assert client.get("/health").json() == {"status": "ok"}
    overview = client.get("/api/overview?from=2024-01-01&to=2024-01-02").json()
    assert overview["totals"]["sessions"] == 2
    assert overview["totals"]["bounce_rate"] == 0.5
    landing = [(p["path"], p["sessions"], p["bounce_rate"]) for p in overview["landing_pages"]]
    assert landing == [("/", 1, 0.0), ("/products/1", 1, 1.0)]
    assert [d["events"] for d in overview["daily"]] == [2, 1]
    assert {s["source"] for s in overview["sources"]} == {"google", "(direct)"}
    page = client.get("/")
    assert page.status_code == 200 and "plotly.min.js" in page.text
    assert client.get("/static/plotly.min.js").status_code == 200
    assert client.get("/static/overview.js").status_code == 200
    assert client.get("/static/../../etc/passwd").status_code == 404
    assert "/api/overview" in client.get("/openapi.json").json()["paths"]
