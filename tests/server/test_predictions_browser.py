"""The churn page in real headless Chromium while its model trains: it shows the training's stage
as a progress bar instead of waiting blank, then draws the model once it is trained, with each
driver's spread."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from tests.server.live import needs_chromium, serving, settle
from whylens.demo.load import create_demo
from whylens.insights import churn as churn_insight
from whylens.insights.churn.model import STAGES
from whylens.server import predictions
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

pytestmark = needs_chromium

CHURN = "/churn?inactive=7d&top=10"  # 30 days of data: a 7-day churn leaves labelled periods


@pytest.fixture
def gate(monkeypatch) -> threading.Event:
    """The server's trainings stop before fitting until the event is set."""
    opened, real = threading.Event(), churn_insight.train

    def train(*args, progress=None, **kwargs):
        def report(stage):
            if progress is not None:
                progress(stage)
            if stage == STAGES[2]:
                assert opened.wait(timeout=300)

        return real(*args, progress=report, **kwargs)

    monkeypatch.setattr(predictions.churn_insight, "train", train)
    return opened


@pytest.fixture
def server(tmp_path, gate) -> Iterator[tuple[str, object]]:
    ws = create_demo(tmp_path / "demo.duckdb", users=500, days=30, seed=3)
    app = create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "log", demo_key=True))
    with serving(app) as url:
        yield url, ws
        gate.set()
    ws.close()


def test_the_churn_page_shows_the_training_then_the_model(server, gate, browser):
    tab = browser.new_page(base_url=server[0])
    try:
        tab.set_default_timeout(120_000)
        problems = []
        tab.on("console", lambda m: m.type == "error" and problems.append(m.text))
        tab.on("pageerror", lambda e: problems.append(str(e)))
        tab.goto(CHURN)
        status = tab.locator("#result .training")
        status.locator("text=step 3 of 6").wait_for()  # held at "fitting the model"
        assert STAGES[2] in status.inner_text()
        assert tab.locator("#result progress").get_attribute("value") == "2"
        assert tab.locator("#result .card").count() == 0  # nothing drawn before the model
        gate.set()
        settle(tab)
        expected = server[1].churn(inactive="7d", top=10).to_dict()
        auc = tab.locator(".card", has_text="Held-out AUC").locator(".value").inner_text()
        assert auc == f"{expected['model']['evaluation']['auc']:.3f}"
        assert tab.locator("#result .training").count() == 0
        spreads = tab.locator("section.panel", has_text="Drivers").locator(
            "tbody tr td:nth-child(3)"
        )
        shown = [spreads.nth(i).inner_text() for i in range(spreads.count())]
        assert shown == [js_number(d["importance_std"]) for d in expected["model"]["drivers"]]
        assert problems == []
    finally:
        tab.close()


def js_number(value: float) -> str:
    """How the page prints a spread: rounded to 4 decimals, shortest form."""
    rounded = float(f"{value:.4f}")
    return "0" if rounded == 0 else str(rounded)
