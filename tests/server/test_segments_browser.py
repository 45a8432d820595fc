"""The Segments page in real headless Chromium over a small demo database: the list with sizes,
a segment made with the rule builder, a comparison kept in the URL, clusters, and the segment
picker carried from page to page like the date range, all without a console error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.server.live import needs_chromium, serving, settle, watch
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(demo_copy) -> Iterator[tuple[str, object]]:
    ws, folder = demo_copy()
    ws.segments.create("carts", {"did": "add_to_cart", "at_least": 2})
    ws.segments.create("paying", {"person": "plan in (pro, business)"}, kind="static")
    app = create_app(ws, capture=CaptureSettings(log_dir=folder / "log", demo_key=True))
    with serving(app) as url:
        yield url, ws
    ws.close()


@pytest.fixture
def page(browser, server) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server[0])
    tab = context.new_page()
    tab.set_default_timeout(20000)
    watch(tab)
    yield tab
    context.close()


def sizes(page) -> dict[str, int]:
    rows = page.locator("#segments tbody tr")
    return {
        rows.nth(i).locator("td").nth(1).inner_text(): int(
            rows.nth(i).locator("td").nth(2).inner_text().replace(",", "")
        )
        for i in range(rows.count())
    }


def test_the_list_shows_each_segment_with_its_size(page, server):
    page.goto("/segments")
    settle(page)
    assert page.locator("nav a[aria-current=page]").inner_text() == "Segments"
    assert sizes(page) == {s["name"]: s["persons"] for s in server[1].segments.all()}
    assert page.locator("#error").is_hidden()
    assert page.problems == []


def test_a_segment_made_with_the_rule_builder(page, server):
    page.goto("/segments")
    settle(page)
    page.locator("input[name=name]").fill("browsers")
    row = page.locator("#conditions .condition").first
    row.locator("input[name=event]").fill("view_item")
    row.locator("input[name=at_least]").fill("3")
    page.locator("#add-condition").click()
    second = page.locator("#conditions .condition").nth(1)
    second.locator("select.kind").select_option("person")
    second.locator("input[name=trait]").fill("plan = free")
    with page.expect_navigation():  # saved, the page reloads with the new segment listed
        page.locator("#create").click()
    settle(page)
    expected = server[1].segments.show("browsers")
    assert expected["definition"] == {
        "and": [
            {"did": "view_item", "at_least": 3},
            {"person": "plan", "operator": "=", "value": "free"},
        ]
    }
    assert sizes(page)["browsers"] == expected["persons"] > 0
    assert page.problems == []


def test_a_comparison_is_kept_in_the_url(page, server):
    page.goto("/segments")
    settle(page)
    page.locator("input[aria-label='compare carts']").check()
    page.locator("input[aria-label='compare paying']").check()
    page.locator("#compare").click()
    table = page.locator("section.panel", has_text="Comparison with carts")
    table.wait_for()
    assert "compare=carts&compare=paying" in page.url
    expected = server[1].segments.compare(["carts", "paying"]).to_dict()
    metrics = [m["metric"] for m in expected["metrics"]]
    assert table.locator("tbody tr").count() == len(metrics)
    assert table.locator("tbody tr").first.locator("td").first.inner_text() == metrics[0]
    page.reload()
    settle(page)
    assert page.locator("section.panel", has_text="Comparison with carts").count() == 1
    assert page.problems == []


def test_clusters_are_found_on_demand(page):
    page.goto("/segments")
    settle(page)
    page.locator("#run-auto").click()
    clusters = page.locator("section.panel", has_text="Clusters").locator("tbody tr")
    clusters.first.wait_for()
    assert clusters.count() >= 4  # at least three clusters and the one-visit group
    assert page.problems == []


def test_the_segment_picker_carries_across_pages(page, server):
    page.goto("/trends?events=purchase&interval=week&measure=persons&segment=carts")
    settle(page)
    assert page.locator("select[name=segment]").input_value() == "carts"
    page.wait_for_function("document.querySelectorAll('select[name=segment] option').length >= 3")
    for label in ("Funnels", "Retention", "Segments"):
        assert "segment=carts" in page.locator("nav a", has_text=label).get_attribute("href")
    page.locator("nav a", has_text="Retention").click()
    settle(page)
    assert page.locator("select[name=segment]").input_value() == "carts"
    page.locator("select[name=segment]").select_option("paying")
    page.locator("#run").click()
    settle(page)
    assert "segment=paying" in page.url
    assert page.locator("#error").is_hidden()
    assert page.problems == []
