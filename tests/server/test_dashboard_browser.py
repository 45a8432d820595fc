"""The dashboard in real headless Chromium over a small demo database: every page loads with no
console error and no failed request, a funnel built by clicking shows the API's numbers, and a
saved insight reappears after a reload. `WHYLENS_SCREENSHOTS=1` also writes docs/screenshots/."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from whylens.demo.load import create_demo
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PAGES = [
    "/",
    "/trends",
    "/funnels",
    "/retention",
    "/paths?start=signup",
    "/sessions",
    "/stickiness",
    "/lifecycle",
    "/adoption",
    "/churn?inactive=7d",  # 30 days of data: a 30-day churn has no labelled period to learn from
    "/clv?purchase_event=purchase&value_property=revenue",
    "/sentiment",
    "/persons",
    "/saved",
]
STEPS = ["view_item", "add_to_cart", "purchase"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (CI installs it: apt-get install chromium)",
)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, object]]:
    folder = tmp_path_factory.mktemp("dashboard")
    ws = create_demo(folder / "demo.duckdb", users=800, days=30, seed=1)
    app = create_app(ws, capture=CaptureSettings(log_dir=folder / "log", demo_key=True))
    port = free_port()
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert instance.started
    yield f"http://127.0.0.1:{port}", ws
    instance.should_exit = True
    thread.join(timeout=30)
    ws.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server) -> Iterator[object]:
    """A page that notes every console error, page error, failed request and 4xx/5xx answer."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server[0])
    tab = context.new_page()
    tab.set_default_timeout(15000)
    tab.problems = []
    tab.on("console", lambda m: m.type == "error" and tab.problems.append(f"console: {m.text}"))
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    tab.on("requestfailed", lambda r: tab.problems.append(f"failed: {r.url} {r.failure}"))
    tab.on("response", lambda r: r.status >= 400 and tab.problems.append(f"{r.status}: {r.url}"))
    yield tab
    context.close()


def settle(tab) -> None:
    """Until the page has drawn what it asked for (it marks <html data-ready>) and is not busy."""
    tab.wait_for_function(
        "document.documentElement.dataset.ready === '1'"
        " && !document.querySelector('#result[aria-busy=\"true\"]')"
    )


def test_every_page_loads_without_errors(page, server):
    person = server[1].sql("SELECT person_id FROM persons ORDER BY person_id LIMIT 1").iloc[0, 0]
    shots = os.environ.get("WHYLENS_SCREENSHOTS") == "1"
    # the server trains a churn model once per question: train it before a page waits for it
    assert page.request.get("/api/churn?inactive=7d", timeout=300_000).ok
    for path in [*PAGES, f"/persons?id={person}"]:
        page.goto(path)
        settle(page)
        assert page.locator("nav a[aria-current=page]").count() == 1, path
        assert page.locator("#access.demo", has_text="Demo mode").is_visible(), path
        assert page.locator("#error").is_hidden(), (path, page.locator("#error").text_content())
        if path not in ("/persons", "/saved"):
            assert page.locator(".js-plotly-plot").count() >= 1, path
        if shots and "id=" not in path:
            name = path.strip("/").split("?")[0] or "overview"
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert page.problems == []


def test_funnel_built_by_clicking_matches_the_api(page, server):
    page.goto("/funnels")
    settle(page)
    removes = page.locator('.multi[data-name="steps"] .remove')
    while removes.count():
        removes.first.click()
    for step in STEPS:
        page.locator('.multi[data-name="steps"] button.add').click()
        page.locator('.multi[data-name="steps"] input').last.fill(step)
    page.locator("input[name=window]").fill("7d")
    page.locator("#run").click()
    settle(page)
    expected = server[1].funnel(STEPS, window="7d").to_dict()["steps"]
    table = page.locator("section.panel", has_text="Steps and drop-off").locator("tbody tr")
    assert table.count() == 3
    shown = [int(table.nth(i).locator("td").nth(2).inner_text().replace(",", "")) for i in range(3)]
    assert shown == [s["persons"] for s in expected]
    assert (
        "steps=view_item&steps=add_to_cart&steps=purchase" in page.url and "window=7d" in page.url
    )
    page.locator("button.dropped[data-step='2']").click()
    settle(page)
    dropped = server[1].funnel(STEPS, window="7d").dropped(2)
    heading = page.locator("h2", has_text="stopped at step 2").inner_text()
    assert f"({len(dropped):,})" in heading
    assert page.locator("section.panel", has_text="stopped at step 2").locator(
        "tbody tr"
    ).count() == len(dropped.head(500))
    page.reload()  # the URL holds the state: the same view comes back
    settle(page)
    assert page.locator("h2", has_text="stopped at step 2").count() == 1
    assert page.problems == []


def test_saved_insight_reappears_after_reload(page):
    page.goto("/trends?events=purchase&interval=week")
    settle(page)
    page.locator("#save-name").fill("Weekly purchases")
    page.locator("#save").click()
    page.locator("#save-note", has_text="Saved").wait_for()
    page.goto("/saved")
    settle(page)
    page.reload()
    settle(page)
    link = page.locator("a.insight-link", has_text="Weekly purchases")
    assert link.count() == 1
    link.click()
    settle(page)
    assert "events=purchase" in page.url and "interval=week" in page.url
    assert page.locator("select[name=interval]").input_value() == "week"
    assert page.problems == []


def test_usable_at_phone_width(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=server[0])
    tab = context.new_page()
    for path in ("/", "/funnels"):
        tab.goto(path)
        settle(tab)
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)
    context.close()
