"""What the tests that need a real server or a real browser share: an app served by uvicorn on a
loopback port in a thread, Debian's headless Chromium, and a tab that notes what went wrong."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

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
#: mark a browser test module with `pytestmark = needs_chromium`
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (CI installs it: apt-get install chromium)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app: Any, **config: Any) -> Iterator[str]:
    """`app` served on 127.0.0.1 while the block runs; yields its base URL."""
    port = free_port()
    settings = {"log_level": "warning", **config}
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **settings))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert instance.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=30)


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium from the system package (never a downloaded browser)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def watch(tab: Any) -> list[str]:
    """Every console error, page error, failed request and 4xx/5xx answer of the tab, as it comes
    (also kept as `tab.problems`)."""
    problems: list[str] = []
    tab.problems = problems
    tab.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    tab.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
    return problems


def settle(tab: Any) -> None:
    """Until the page has drawn what it asked for (it marks <html data-ready>) and is not busy."""
    tab.wait_for_function(
        "document.documentElement.dataset.ready === '1'"
        " && !document.querySelector('#result[aria-busy=\"true\"]')"
    )


def drained(app: Any) -> None:
    """Until the capture writer has stored everything acknowledged (at most 20 s)."""
    writer = app.state.capture.writer
    deadline = time.monotonic() + 20
    while writer.backlog and time.monotonic() < deadline:
        time.sleep(0.02)
    assert writer.backlog == 0
