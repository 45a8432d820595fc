"""The overview, funnel, churn and lifetime-value pages in real headless Chromium over a small
demo database: the numbers drawn are the library's, every table exports the CSV it shows (the
dropped-off persons: all of them), and the pages work in the dark theme and at phone width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.live import needs_chromium, serving, settle, watch
from whylens.demo.load import MAIN_FUNNEL
from whylens.insights.overview import MainFunnel, overview
from whylens.server import funnels
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

pytestmark = needs_chromium

STEPS = ["view_item", "add_to_cart", "purchase"]
FUNNEL = "/funnels?steps=view_item&steps=add_to_cart&steps=purchase&window=7d"
CHURN = "/churn?inactive=7d&top=25"  # 30 days of data: a 7-day churn leaves labelled periods
CLV = "/clv?purchase_event=purchase&value_property=revenue&top=20"


@pytest.fixture(scope="module")
def server(demo_copy) -> Iterator[tuple[str, object]]:
    ws, folder = demo_copy()
    app = create_app(ws, capture=CaptureSettings(log_dir=folder / "log", demo_key=True))
    with serving(app) as url:
        yield url, ws
    ws.close()


def open_tab(browser, server, **options):
    context = browser.new_context(
        base_url=server[0],
        accept_downloads=True,
        **{"viewport": {"width": 1280, "height": 900}, **options},
    )
    tab = context.new_page()
    tab.set_default_timeout(20000)
    watch(tab)
    return context, tab


@pytest.fixture
def page(browser, server) -> Iterator[object]:
    context, tab = open_tab(browser, server)
    yield tab
    context.close()


@pytest.fixture(scope="module")
def trained(server) -> None:
    """The churn model the pages ask for, trained before a page load waits for it."""
    import urllib.request

    with urllib.request.urlopen(server[0] + "/api/churn?inactive=7d&top=1", timeout=600) as r:
        assert r.status == 200


def download(tab, button) -> str:
    with tab.expect_download() as found:
        button.click()
    return Path(found.value.path()).read_text("utf-8")


def cells(tab, panel_text: str, column: int) -> list[str]:
    rows = tab.locator("section.panel", has_text=panel_text).locator("tbody tr")
    return [rows.nth(i).locator("td").nth(column).inner_text() for i in range(rows.count())]


def test_overview_cards_show_each_number_its_change_and_line(page, server):
    ws = server[1]
    page.goto("/")
    settle(page)
    options = MAIN_FUNNEL.options
    expected = overview(
        ws.engine, ws.scope(), funnel=MainFunnel(options["steps"], options["window"])
    )
    kpis = {k["metric"]: k for k in expected["kpis"]}
    card = page.locator(".cards.kpis .card[data-metric=persons]")
    assert card.locator(".value").inner_text() == f"{kpis['persons']['value']:,}"
    assert page.locator(".cards.kpis .card[data-metric=sessions] .value").inner_text() == (
        f"{kpis['sessions']['value']:,}"
    )
    conversion = page.locator(".cards.kpis .card[data-metric=conversion]")
    assert "Purchase funnel" in conversion.locator(".label").text_content()
    assert conversion.locator(".value").inner_text() == f"{100 * kpis['conversion']['value']:.1f}%"
    for name, kpi in kpis.items():
        shown = page.locator(f".cards.kpis .card[data-metric={name}]")
        change = shown.locator(".change")
        if kpi["change"]:
            better = (kpi["change"] > 0) == (kpi["good"] == "up")
            assert change.get_attribute("class") == "change " + ("good" if better else "bad")
            assert change.inner_text().startswith("+" if kpi["change"] > 0 else "−")
        assert shown.locator("svg.spark polyline.current").count() >= 1, name
    # 30 days of data: the last 15 days against the 15 before
    note = page.locator(".period").inner_text()
    assert "(15 days)" in note and "partly" not in note
    page.locator("input[name=days]").fill("7")
    page.locator("#run").click()
    settle(page)
    assert "days=7" in page.url
    week = overview(ws.engine, ws.scope(), days=7)["kpis"][0]
    assert card.locator(".value").inner_text() == f"{week['value']:,}"
    for table in ("Top events", "Landing pages", "Sources"):
        panel = page.locator("section.panel", has_text=table)
        text = download(page, panel.locator("button.csv"))
        assert text.count("\n") == panel.locator("tbody tr").count() + 1, table
    assert page.problems == []


def test_funnel_page_shows_trend_time_to_convert_correlation_and_exports_who_dropped(
    page, server, monkeypatch
):
    ws = server[1]
    monkeypatch.setattr(funnels, "DROPPED_SHOWN", 50)  # the server runs in this process
    page.goto(FUNNEL + "&trend=week&correlation=true&dropped_at=1")
    settle(page)
    result = ws.funnel(STEPS, window="7d", trend="week")
    periods = result.to_dict()["trend"]["periods"]
    assert cells(page, "Conversion by week", 1) == [f"{p['entered']:,}" for p in periods]
    found = result.correlation()
    success = page.locator("section.panel", has_text="More common among converters")
    assert success.locator("tbody tr").count() == len(found.to_dict()["success"])
    first = found.to_dict()["success"][0]
    assert (
        success.locator("tbody tr").first.locator("td").first.inner_text().startswith(first["name"])
    )
    histogram = result.to_dict()["steps"][1]["time_histogram"]
    shown = cells(page, "Persons by time from the previous step", 3)
    assert shown == [f"{b['persons']:,}" for b in histogram][: len(shown)]
    everyone = result.dropped(1)
    assert len(everyone) > 50  # more than the page lists: the CSV must come from the API
    assert page.locator(".dropped-list tbody tr").count() == 50
    text = download(page, page.locator(".dropped-list button.csv"))
    assert text == everyone.to_csv(index=False)
    assert page.problems == []


def test_churn_page_shows_the_held_out_checks_and_the_at_risk_list(page, server, trained):
    ws = server[1]
    page.goto(CHURN)
    settle(page)
    document = ws.churn(inactive="7d", top=25).to_dict()
    evaluation = document["model"]["evaluation"]
    auc = page.locator(".card", has_text="Held-out AUC").locator(".value").inner_text()
    assert auc == f"{evaluation['auc']:.3f}"
    people = [p["person_id"] for p in document["persons"]]
    assert cells(page, "Persons most at risk", 0) == people
    reasons = [(p["reasons"] or ["—"])[0] for p in document["persons"]]
    assert cells(page, "Persons most at risk", 2) == reasons
    assert len(cells(page, "Calibration and lift", 0)) == len(evaluation["deciles"])
    assert page.locator("section.panel", has_text="Drivers").locator("tbody tr").count() == len(
        document["model"]["drivers"]
    )
    text = download(page, page.locator(".at-risk button.csv"))
    lines = text.strip().split("\n")
    assert lines[0].startswith("person_id,score,reason_1,reason_2,reason_3")
    assert [line.split(",")[0] for line in lines[1:]] == people
    assert page.locator(".js-plotly-plot").count() == 3  # lift, calibration, drivers
    assert page.problems == []


def test_lifetime_value_page_lists_the_library_s_persons(page, server):
    ws = server[1]
    page.goto(CLV)
    settle(page)
    expected = ws.clv("purchase", value_property="revenue", top=20).to_dict()
    assert cells(page, "Persons by expected value", 0) == [
        p["person_id"] for p in expected["persons"]
    ]
    parameters = cells(page, "Fitted parameters", 1)
    assert parameters == ["r", "alpha", "a", "b", "log-likelihood", "p", "q", "v"]
    assert page.problems == []


@pytest.mark.parametrize("path", ["/", FUNNEL + "&correlation=true", CHURN, CLV])
def test_dark_theme_and_phone_width(browser, server, trained, path):
    context, tab = open_tab(
        browser, server, color_scheme="dark", viewport={"width": 390, "height": 844}
    )
    tab.goto(path)
    settle(tab)
    assert tab.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(17, 19, 24)"
    assert tab.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    assert tab.locator("#error").is_hidden()
    assert tab.problems == []
    context.close()
