"""The dashboard in real headless Chromium over a small demo database: every page loads with no
console error and no failed request, a funnel built by clicking shows the API's numbers, and a
saved insight reappears after a reload. `WHYLENS_SCREENSHOTS=1` also writes docs/screenshots/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.live import needs_chromium, serving, settle, watch
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

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

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(demo_copy) -> Iterator[tuple[str, object]]:
    ws, folder = demo_copy()
    app = create_app(ws, capture=CaptureSettings(log_dir=folder / "log", demo_key=True))
    with serving(app) as url:
        yield url, ws
    ws.close()


@pytest.fixture
def page(browser, server) -> Iterator[object]:
    """A page that notes every console error, page error, failed request and 4xx/5xx answer."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server[0])
    tab = context.new_page()
    tab.set_default_timeout(15000)
    watch(tab)
    yield tab
    context.close()


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


def test_a_page_in_demo_mode_asks_its_analysis_without_an_access_round_trip(page):
    asked: list[str] = []
    page.on("request", lambda r: "/api/" in r.url and asked.append(r.url.split("/api/")[1]))
    page.goto("/sessions")
    settle(page)
    assert any(a.startswith("sessions?") for a in asked), asked
    assert not any(a.startswith("access") for a in asked), asked
    assert page.locator("#access.demo", has_text="Demo mode").is_visible()
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
