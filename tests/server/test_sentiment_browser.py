"""The Sentiment page in real headless Chromium over a small demo database: it loads with no
console error, its numbers are the API's (with and without the page-wide date range, filters and
segment, kept in the URL), and it works in dark mode and at phone width."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from tests.server.live import needs_chromium, serving, settle, watch
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(demo_copy) -> Iterator[str]:
    """A demo-mode server over a small demo database (its survey answers planted by design), with
    a segment of the persons who contacted support."""
    ws, folder = demo_copy()
    ws.segments.create("complained", {"did": "support_contact"})
    app = create_app(ws, capture=CaptureSettings(log_dir=folder / "log", demo_key=True))
    with serving(app) as url:
        yield url
    ws.close()


def open_page(browser, server, **context):
    options = {"viewport": {"width": 1280, "height": 900}, **context}
    ctx = browser.new_context(base_url=server, **options)
    tab = ctx.new_page()
    tab.set_default_timeout(20000)
    return ctx, tab, watch(tab)


def api(tab, path: str) -> dict:
    return tab.evaluate("(path) => fetch(path).then((r) => r.json())", path)


def cells(tab, table_id: str) -> list[list[str]]:
    return tab.eval_on_selector_all(
        f"#{table_id} tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
    )


def test_the_page_shows_the_apis_numbers(browser, server):
    ctx, tab, problems = open_page(browser, server)
    try:
        tab.goto("/sentiment?interval=week&churn_days=30")
        settle(tab)
        assert tab.locator("nav a[aria-current=page]").text_content() == "Sentiment"
        assert tab.locator("#error").is_hidden(), tab.locator("#error").text_content()
        trends = api(tab, "/api/feedback/trends?interval=week")
        themes = api(tab, "/api/feedback/themes?interval=week")
        behavior = api(tab, "/api/feedback/behavior?churn_days=30")
        periods = trends["periods"]
        assert len(periods) >= 3 and trends["interval"] == "week"

        table = cells(tab, "trend-table")
        assert [row[0] for row in table] == [p["date"][:10] for p in periods]
        # the API's numbers, rounded as the page rounds them (JavaScript's toFixed)
        shown = tab.evaluate(
            "(values) => values.map((v) => v == null ? '—' : String(Number(v.toFixed(1))))",
            [p["nps"] for p in periods],
        )
        assert [row[1] for row in table] == shown
        assert [row[4] for row in table] == [f"{p['nps_n']:,}" for p in periods]
        latest = next(p for p in reversed(periods) if p["nps_n"] > 0)
        nps_card = tab.locator("#latest .card").first
        assert nps_card.locator(".label").text_content() == "NPS"
        signed = tab.evaluate("(v) => (v > 0 ? '+' : '') + v.toFixed(0)", latest["nps"])
        assert nps_card.locator(".value").text_content() == signed
        assert f"n = {latest['nps_n']:,}" in nps_card.locator(".note").text_content()
        bands = tab.evaluate(
            "() => document.getElementById('trend-chart').data.filter(t => t.fill === 'tonexty')"
            ".length"
        )
        assert bands >= 3  # NPS, CSAT and sentiment each with a 95% band

        theme_rows = cells(tab, "themes-table")
        assert [(r[0], r[1]) for r in theme_rows] == [
            (t["theme"], f"{t['mentions']:,}") for t in themes["themes"]
        ]
        assert all(
            r[6].count("“") == len(t["examples"]) for r, t in zip(theme_rows, themes["themes"])
        )
        churn_rows = cells(tab, "churn-table")
        assert [(r[1], r[2], r[3]) for r in churn_rows] == [
            (c["group"], f"{c['persons']:,}", f"{c['churned']:,}") for c in behavior["churn"]
        ]
        with tab.expect_download() as download:
            tab.locator("#themes-table button.csv").click()
        assert download.value.suggested_filename == "feedback-themes.csv"
        assert not problems, problems
    finally:
        ctx.close()


MOBILE = "where=device_type%20%3D%20mobile"


def test_what_each_band_did_before_answering_and_the_segment_picker(browser, server):
    ctx, tab, problems = open_page(browser, server)
    try:
        tab.goto(f"/sentiment?before_days=14&segment=complained&{MOBILE}")
        settle(tab)
        assert tab.locator("#error").is_hidden(), tab.locator("#error").text_content()
        assert tab.locator("select[name=segment]").input_value() == "complained"
        assert "complained" in tab.locator("#scope-note").text_content()
        limited = api(tab, f"/api/feedback/behavior?before_days=14&segment=complained&{MOBILE}")
        everyone = api(tab, f"/api/feedback/behavior?before_days=14&{MOBILE}")
        assert limited["before_answer"] != everyone["before_answer"]
        bands = cells(tab, "before-table")
        assert [(r[0], r[1], r[2]) for r in bands] == [
            (b["band"], f"{b['persons']:,}", f"{b['active_persons']:,}")
            for b in limited["before_answer"]["bands"]
        ]
        trends = api(tab, f"/api/feedback/trends?interval=week&segment=complained&{MOBILE}")
        assert [r[4] for r in cells(tab, "trend-table")] == [
            f"{p['nps_n']:,}" for p in trends["periods"]
        ]
        assert [r[0] for r in cells(tab, "churn-table")] == [
            "NPS band" if c["by"] == "nps_band" else "sentiment" for c in limited["churn"]
        ]

        tab.locator("select[name=segment]").select_option("")  # back to every person
        with tab.expect_navigation():
            tab.locator("#run").click()
        settle(tab)
        assert "segment=" not in tab.url and "before_days=14" in tab.url
        assert "where=" in tab.url  # the filter stays, and goes with links to other pages
        assert "where=" in tab.locator("nav a", has_text="Trends").get_attribute("href")
        assert "segment" not in tab.locator("#scope-note").text_content()
        events = cells(tab, "before-events-table")
        assert [r[0] for r in events] == [e["event"] for e in everyone["before_answer"]["events"]]
        assert tab.locator("#before-chart .main-svg").count() >= 1
        assert not problems, problems
    finally:
        ctx.close()


def test_the_page_wide_date_range_and_filters_limit_every_panel(browser, server):
    ctx, tab, problems = open_page(browser, server)
    try:
        tab.goto("/sentiment")
        settle(tab)
        info = api(tab, "/api/info")
        start = datetime.fromisoformat(info["first"]).date() + timedelta(days=8)
        end = datetime.fromisoformat(info["last"]).date() - timedelta(days=3)
        scope = f"from={start}&to={end}&{MOBILE}"
        tab.goto(f"/sentiment?interval=week&{scope}")
        settle(tab)
        assert tab.locator("#error").is_hidden(), tab.locator("#error").text_content()
        assert tab.locator("input[name=from]").input_value() == str(start)
        assert tab.locator("input[name=to]").input_value() == str(end)
        assert (
            tab.locator('.multi[data-name="where"] input').input_value() == "device_type = mobile"
        )
        note = tab.locator("#scope-note").text_content()
        assert f"from {start}" in note and "device_type = mobile" in note
        trends = api(tab, f"/api/feedback/trends?interval=week&{scope}")
        everyone = api(tab, "/api/feedback/trends?interval=week")
        assert trends["periods"] != everyone["periods"]
        assert [(r[0], r[4]) for r in cells(tab, "trend-table")] == [
            (p["date"][:10], f"{p['nps_n']:,}") for p in trends["periods"]
        ]
        assert all(str(start) <= p["date"][:10] <= str(end) for p in trends["periods"][1:])
        behavior = api(tab, f"/api/feedback/behavior?{scope}")
        assert [(r[1], r[2]) for r in cells(tab, "churn-table")] == [
            (c["group"], f"{c['persons']:,}") for c in behavior["churn"]
        ]
        latest = api(tab, f"/api/feedback/list?limit=50&{scope}")
        shown = tab.locator("section.panel", has_text="Latest feedback").locator("tbody tr")
        assert shown.count() == latest["count"]
        assert "from=" in tab.locator("nav a", has_text="Trends").get_attribute("href")

        later = start + timedelta(days=7)  # a new start, chosen in the form, goes to the URL
        tab.locator("input[name=from]").fill(str(later))
        with tab.expect_navigation():
            tab.locator("#run").click()
        settle(tab)
        assert f"from={later}" in tab.url and "where=" in tab.url and "interval=week" in tab.url
        moved = api(tab, f"/api/feedback/trends?interval=week&from={later}&to={end}&{MOBILE}")
        assert [r[0] for r in cells(tab, "trend-table")] == [
            p["date"][:10] for p in moved["periods"]
        ]
        assert not problems, problems
    finally:
        ctx.close()


@pytest.mark.parametrize(
    ("scheme", "width"), [("dark", 1280), ("light", 390), ("dark", 390)], ids=str
)
def test_dark_mode_and_phone_width(browser, server, scheme, width):
    ctx, tab, problems = open_page(
        browser, server, color_scheme=scheme, viewport={"width": width, "height": 844}
    )
    try:
        tab.goto("/sentiment")
        settle(tab)
        assert tab.locator("#error").is_hidden(), tab.locator("#error").text_content()
        background = tab.evaluate("() => getComputedStyle(document.body).backgroundColor")
        brightness = sum(int(v) for v in background[4:-1].split(",")) / 3
        assert (brightness < 60) == (scheme == "dark"), background
        overflow = tab.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1  # wide tables scroll inside their panels, the page does not
        assert tab.locator("#trend-chart .main-svg").count() >= 1
        assert not problems, problems
    finally:
        ctx.close()
