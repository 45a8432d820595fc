"""The browser snippet in real headless Chromium against a server on loopback: page views with
their URL, referrer and campaign, clicks, single-page navigation, identify, sessions, and the
beacon sent as the page goes away, all found in the store."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.server.live import ARGS, CHROMIUM, drained, needs_chromium, serving
from whylens.model.keys import create_key
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

# a desktop Chrome: the headless one calls itself HeadlessChrome, which whylens counts as a bot
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/126.0.0.0 Safari/537.36"
)
REFERRER = "https://news.example/spring-issue"
PAGE = """<!doctype html>
<html><head><title>Shop</title>
<script src="{server}/whylens.js" data-key="{key}"></script></head>
<body><nav id="top"><button class="buy primary">  Add   to cart </button>
<a href="#reviews">Reviews</a></nav></body></html>"""


def stored(app, sql: str) -> list[dict]:
    """Rows once the writer has caught up with everything acknowledged."""
    drained(app)
    return app.state.workspace.engine.query(sql).to_pylist()


def recording(app, modes: list[str]):
    """The app, noting how each batch came: `cors` for fetch, `no-cors` for a beacon."""

    async def asgi(scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] == "/batch" and scope["method"] == "POST":
            modes.append(dict(scope["headers"]).get(b"sec-fetch-mode", b"").decode())
        await app(scope, receive, send)

    return asgi


@pytest.fixture
def server(ws, tmp_path) -> Iterator[tuple[str, str, object]]:
    key = create_key(ws.engine, "web", "write")["key"]
    app = create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "log"))
    app.state.modes = []
    with serving(recording(app, app.state.modes)) as url:
        yield url, key, app


@pytest.fixture
def site(server) -> Iterator[str]:
    """The shop's own site: another origin on loopback, so the snippet posts cross-origin."""
    html = PAGE.format(server=server[0], key=server[1]).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    """A page in a fresh headless Chromium (Debian's, never a downloaded one)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser.new_page(user_agent=USER_AGENT, viewport={"width": 1280, "height": 720})
        finally:
            browser.close()


def browse(server: str, landing: str) -> None:
    """A visit: land from a newsletter, click, navigate in the page, sign in, buy, come back
    after half an hour, leave."""
    with chromium() as page:
        with page.expect_response(f"{server}/batch") as first:  # the landing page view
            page.goto(landing, referer=REFERRER)
        assert first.value.status == 200
        with page.expect_response(f"{server}/batch") as second:  # the click, within ~1 s
            page.click("button")
        assert second.value.status == 200
        page.evaluate("history.pushState({}, '', '/cart')")
        page.evaluate("history.replaceState({step: 1}, '', '/cart')")  # same URL: no view
        page.click("a")  # a click and a hash change
        page.evaluate("whylens.identify('u42', {plan: 'pro'})")
        page.evaluate("whylens.identify('u42', {seats: 3})")  # the same person: traits only
        page.evaluate("whylens.track('Checkout Started', {items: 2})")
        page.evaluate(  # half an hour idle: the next event starts a new session
            "const s = JSON.parse(localStorage.whylens_session);"
            "s.last -= 31 * 60 * 1000; localStorage.whylens_session = JSON.stringify(s)"
        )
        page.evaluate("whylens.track('Came Back')")
        page.goto("about:blank")  # hidden and gone before the 1 s timer: a beacon


def test_the_snippet_is_javascript_cached_briefly(ws):
    response = TestClient(create_app(ws)).get("/whylens.js")
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=300"
    assert "window.whylens = {" in response.text
    assert len(response.content) < 8 * 1024


@needs_chromium
def test_snippet_in_chromium(server, site):
    url, _, app = server
    landing = f"{site}/products/lamp?utm_source=newsletter&utm_campaign=spring"
    browse(url, landing)
    deadline = time.monotonic() + 10
    while len(app.state.modes) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    # the page view and the first click by fetch; the rest as a beacon when the page went away
    assert app.state.modes == ["cors", "cors", "no-cors"]

    rows = stored(
        app,
        "SELECT event, person_id, distinct_id, url, path, referrer, utm_source, utm_campaign,"
        " device_type, browser, os, client_session_id, properties FROM events",
    )
    assert sorted(r["event"] for r in rows) == sorted(
        ["$pageview"] * 3 + ["$click"] * 2 + ["$identify", "$set", "Checkout Started", "Came Back"]
    )
    views = {r["url"]: r for r in rows if r["event"] == "$pageview"}
    assert set(views) == {landing, f"{site}/cart", f"{site}/cart#reviews"}
    assert [views[u]["path"] for u in sorted(views)] == ["/cart", "/cart", "/products/lamp"]
    view = views[landing]
    assert (view["utm_source"], view["utm_campaign"]) == ("newsletter", "spring")
    assert json.loads(view["properties"])["title"] == "Shop"
    assert {r["referrer"] for r in rows} == {REFERRER}
    assert {(r["device_type"], r["browser"], r["os"]) for r in rows} == {
        ("desktop", "Chrome", "Linux")
    }
    clicks = sorted(
        json.loads(r["properties"])["$el_selector"] for r in rows if r["event"] == "$click"
    )
    assert clicks == ["nav#top > a", "nav#top > button.buy.primary"]
    button = next(
        json.loads(r["properties"])
        for r in rows
        if r["event"] == "$click" and r["path"] == "/products/lamp"
    )
    assert (button["$el_tag"], button["$el_text"]) == ("button", "Add to cart")
    named = {r["event"]: r for r in rows}
    assert named["Checkout Started"]["path"] == "/cart"
    assert json.loads(named["Checkout Started"]["properties"])["items"] == 2
    # identify stitched the anonymous visitor: every event, before and after, is u42's
    assert {r["person_id"] for r in rows} == {"u42"}
    assert view["distinct_id"] != "u42" and named["Checkout Started"]["distinct_id"] == "u42"
    later = named["Came Back"]["client_session_id"]
    assert len({r["client_session_id"] for r in rows} - {later}) == 1
    persons = stored(app, "SELECT traits FROM persons WHERE person_id = 'u42'")
    assert json.loads(persons[0]["traits"]) == {"plan": "pro", "seats": 3}


@needs_chromium
def test_without_local_storage_the_visitor_is_kept_in_a_cookie(server, site):
    url, _, app = server
    with chromium() as page:
        page.add_init_script(
            "Object.defineProperty(window, 'localStorage',"
            " {get() { throw new DOMException('blocked', 'SecurityError'); }})"
        )
        for path in ("/a", "/b"):  # two page loads: the ids must come back from the cookie
            with page.expect_response(f"{url}/batch"):
                page.goto(site + path)
        cookies = {c["name"] for c in page.context.cookies(site)}
    assert {"whylens_anon", "whylens_session"} <= cookies
    rows = stored(app, "SELECT path, distinct_id, client_session_id FROM events ORDER BY path")
    assert [r["path"] for r in rows] == ["/a", "/b"]
    assert len({(r["distinct_id"], r["client_session_id"]) for r in rows}) == 1
