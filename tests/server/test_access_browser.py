"""The dashboard on a server that needs read keys, in real headless Chromium: it asks once for a
key (and calls nothing that would be refused meanwhile), keeps it in the browser, sends it with
every /api call, and says so clearly when a key is refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.server.live import needs_chromium, serving, settle
from whylens.demo.load import create_demo
from whylens.model import keys
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:
    """Not in demo mode: the demo shop in project `default`, with a read and a write key."""
    folder = tmp_path_factory.mktemp("keyed")
    ws = create_demo(folder / "demo.duckdb", users=300, days=14, seed=3)
    made = {kind: keys.create_key(ws.engine, "default", kind)["key"] for kind in ("read", "write")}
    app = create_app(ws, capture=CaptureSettings(log_dir=folder / "log", demo_key=False))
    with serving(app) as url:
        yield url, made
    ws.close()


@pytest.fixture
def tab(server, browser) -> Iterator[object]:
    """A fresh context (empty storage) noting every problem and the /api requests it sends."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server[0])
    page = context.new_page()
    page.set_default_timeout(20000)
    page.problems, page.calls = [], []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status}: {r.url}"))
    page.on(
        "request",
        lambda r: (
            "/api/" in r.url
            and page.calls.append((r.url.split("/api/")[1], r.headers.get("authorization")))
        ),
    )
    yield page
    context.close()


def enter_key(tab, key: str) -> None:
    tab.locator("#access input[name=read-key]").fill(key)
    with tab.expect_navigation():  # the page reloads with the key
        tab.locator("#access button[type=submit]").click()
    settle(tab)


def test_asks_for_a_key_once_then_sends_it_with_every_call(tab, server):
    read = server[1]["read"]
    tab.goto("/")
    settle(tab)
    assert tab.locator("#access.ask", has_text="needs a read key").is_visible()
    assert "read key" in tab.locator("#error").inner_text()
    assert tab.locator("#access.demo").count() == 0
    assert tab.calls == []  # the page holds the key-less answer: nothing asked, nothing refused
    tab.calls.clear()
    enter_key(tab, read)
    assert tab.locator("#error").is_hidden()
    assert tab.locator(".cards.kpis .card").count() == 5
    assert tab.locator("#access.ok", has_text="default").is_visible()
    assert tab.calls and all(auth == f"Bearer {read}" for _, auth in tab.calls)
    tab.calls.clear()
    tab.goto("/funnels")  # the key is kept: no question asked again
    settle(tab)
    assert tab.locator("#access input[name=read-key]").count() == 0
    assert tab.locator("section.panel", has_text="Steps and drop-off").count() == 1
    assert {c[0].split("?")[0] for c in tab.calls} >= {"access", "info", "funnel"}
    assert all(auth == f"Bearer {read}" for _, auth in tab.calls)
    assert tab.problems == []


@pytest.mark.parametrize("which", ["unknown", "write"])
def test_a_refused_key_is_said_so_and_can_be_replaced(tab, server, which):
    key = server[1]["write"] if which == "write" else "wl_not_a_key"
    tab.goto("/trends")
    settle(tab)
    enter_key(tab, key)
    assert tab.locator("#access.refused", has_text="refused").is_visible()
    assert "refused" in tab.locator("#error").inner_text()
    assert tab.problems == []  # asked /api/access only: no 401 on the way
    enter_key(tab, server[1]["read"])
    assert tab.locator("#access.ok").is_visible() and tab.locator("#error").is_hidden()
