"""GET /api/churn and /api/clv: what `whylens churn --json` and `whylens clv --json` answer, the
churn model trained once per question and state of the data, its progress shown while it trains
(`wait=false`), the default question trained as the server starts, and 4xx when it cannot be."""

from __future__ import annotations

import threading
import time

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient

from tests.server.test_api import plain
from whylens.demo.load import create_demo
from whylens.insights import churn as churn_insight
from whylens.insights.churn.model import STAGES
from whylens.server import predictions
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    ws = create_demo(tmp_path_factory.mktemp("predictions") / "shop.duckdb", 600, 90, seed=2)
    yield ws, TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
    ws.close()


@pytest.fixture
def trainings(monkeypatch):
    """Counts the churn models trained through the API."""
    count = []
    real = churn_insight.train

    def counted(*args, **kwargs):
        count.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(predictions.churn_insight, "train", counted)
    return count


def test_churn_is_the_library_s_and_trained_once_per_data_state(shop, trainings):
    ws, client = shop
    url = "/api/churn?inactive=30d&top=15"
    expected = plain(ws.churn(inactive="30d", top=15).to_dict())
    trainings.clear()
    document = client.get(url).json()
    assert document == expected
    assert len(document["persons"]) == 15 and all(p["reasons"] for p in document["persons"])
    assert document["model"]["evaluation"]["auc"] > 0.7
    assert client.get("/api/churn?inactive=30d&top=5").json()["persons"] == expected["persons"][:5]
    assert len(trainings) == 1  # the second list came from the kept model
    client.get("/api/churn?inactive=21d&top=5")
    assert len(trainings) == 2  # another question: another model
    last = ws.info()["last"]
    ws.import_table(
        pa.table(
            {"user_id": ["newcomer"], "event": ["signup"], "timestamp": [last]},
        )
    )
    client.get(url)
    assert len(trainings) == 3  # new events: trained again


@pytest.mark.parametrize(
    "url",
    [
        "/api/churn?inactive=0d",
        "/api/churn?inactive=2000d",  # no labelled period in the data
        "/api/churn?top=0",
        "/api/clv",  # the purchase event is required
        "/api/clv?purchase_event=purchase&horizon=soon",
        "/api/clv?purchase_event=purchase&unit=month",
    ],
)
def test_errors_are_4xx(shop, url):
    _, client = shop
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.text)
    assert response.json()["detail"]


def test_clv_is_the_library_s(shop):
    ws, client = shop
    url = "/api/clv?purchase_event=purchase&value_property=revenue&unit=week&horizon=12w&top=10"
    document = client.get(url).json()
    expected = ws.clv("purchase", value_property="revenue", unit="week", horizon="12w", top=10)
    assert document == plain(expected.to_dict())
    assert len(document["persons"]) == 10 and document["gamma_gamma"] is not None


@pytest.mark.parametrize("kind", ["churn", "clv"])
def test_churn_and_clv_views_can_be_saved(shop, kind):
    _, client = shop
    options = {"inactive": "30d"} if kind == "churn" else {"purchase_event": "purchase"}
    response = client.post("/api/insights", json={"name": kind, "kind": kind, "options": options})
    assert response.status_code == 201, response.text
    assert client.get(f"/api/insights/{response.json()['insight_id']}").json()["options"] == options


@pytest.fixture
def held(monkeypatch):
    """Trainings through the API stop before fitting until `held.set()`; counted in `held.runs`."""
    gate, real = threading.Event(), churn_insight.train
    gate.runs = []

    def train(*args, progress=None, **kwargs):
        if progress is None:  # the library's own call (`ws.churn`), not the server's
            return real(*args, **kwargs)
        gate.runs.append(1)

        def report(stage):
            progress(stage)
            if stage == STAGES[2]:
                assert gate.wait(timeout=300)

        return real(*args, progress=report, **kwargs)

    monkeypatch.setattr(predictions.churn_insight, "train", train)
    return gate


def poll(client, url, until):
    """Ask again until `until(response)`; the last response."""
    for _ in range(3000):
        response = client.get(url)
        if until(response):
            return response
        time.sleep(0.05)
    raise AssertionError(f"{url}: still {response.status_code} {response.text[:200]}")


def test_without_waiting_the_training_s_progress_then_the_document(shop, held):
    ws, _ = shop
    client = TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
    url = "/api/churn?inactive=30d&top=10&wait=false"
    first = client.get(url)
    assert first.status_code == 202 and first.json()["status"] == "training"
    fitting = poll(client, url, lambda r: r.json().get("stage") == STAGES[2]).json()
    assert (fitting["step"], fitting["steps"]) == (3, len(STAGES)) and fitting["elapsed_s"] >= 0
    held.set()
    document = poll(client, url, lambda r: r.status_code == 200).json()
    assert document.pop("training") is None
    assert document == plain(ws.churn(inactive="30d", top=10).to_dict())
    assert len(held.runs) == 1  # every poll asked about the one training


def test_new_data_is_learnt_in_the_background_while_the_last_model_answers(shop, held):
    ws, _ = shop
    client = TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
    url = "/api/churn?inactive=21d&top=5&wait=false"
    held.set()
    before = poll(client, url, lambda r: r.status_code == 200).json()
    held.clear()
    ws.import_table(
        pa.table({"user_id": ["late"], "event": ["signup"], "timestamp": [ws.info()["last"]]})
    )
    meanwhile = client.get(url).json()
    assert meanwhile["training"]["status"] == "training"  # a newer model is on its way
    assert meanwhile["model"] == before["model"]  # and the last one answers meanwhile
    held.set()
    after = poll(client, url, lambda r: r.json()["training"] is None).json()
    assert len(held.runs) == 2 and after["model"]["evaluation"]["persons"] >= 1


def test_a_failed_training_is_a_4xx_to_the_page_that_polls(shop):
    _, client = shop
    response = poll(client, "/api/churn?inactive=2000d&wait=false", lambda r: r.status_code != 202)
    assert response.status_code == 400 and "too little history" in response.json()["detail"]


def test_the_default_question_is_trained_as_the_server_starts(shop, trainings):
    ws, _ = shop
    app = create_app(ws, capture=CaptureSettings(demo_key=True))
    started = predictions.warm(app)
    assert started is not None and started.result().evaluation["auc"] > 0.7
    assert TestClient(app).get("/api/churn?top=3").status_code == 200
    assert len(trainings) == 1  # the page's default question found the warm model
