"""Dashboard pages in headless Chromium over the demo data: their API calls and time to drawn.

`whylens demo --no-serve` makes the demo database (the data `make demo` shows), a real
`whylens serve --demo` serves it, and Chromium (Debian's, at /usr/bin/chromium; Playwright never
downloads one) opens each page: `/`, every page of `whylens.server.app.PAGES` and one person's
profile. Per page: every `/api/` request from the browser's resource timing (start to last byte,
as the page waits for it), and the time from navigation to the first frame painted after the
page marks itself ready (`<html data-ready="1">`, set once it has drawn what it first asked for).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import served
from bench.measure import ROOT, BenchError

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
RUNS = 3
#: records when the page marks itself ready, then the frame after it (what the reader sees)
READY_SCRIPT = """
new MutationObserver((_, observer) => {
  if (document.documentElement?.dataset.ready !== "1") return;
  observer.disconnect();
  requestAnimationFrame(() => requestAnimationFrame(() => {
    window.__whylensDrawn = performance.now();
  }));
}).observe(document, {attributes: true, attributeFilter: ["data-ready"], subtree: true});
"""
API_CALLS = """() => performance.getEntriesByType("resource")
  .filter((e) => new URL(e.name).pathname.startsWith("/api/"))
  .map((e) => ({url: e.name, start: e.startTime, end: e.responseEnd, ms: e.duration}))"""


@dataclass(frozen=True)
class Visit:
    """One load of a page."""

    drawn_ms: float
    calls: list[dict[str, Any]]  # url, start, end, ms
    error: str | None = None  # what the page showed in its error box

    @property
    def slowest(self) -> dict[str, Any]:
        return max(self.calls, key=lambda c: c["ms"])


@dataclass(frozen=True)
class PageResult:
    path: str
    visits: list[Visit]
    failure: str | None = None  # why the page could not be measured (it never got ready)

    @property
    def error(self) -> str | None:
        return next((v.error for v in self.visits if v.error), None)

    @property
    def drawn_ms(self) -> float:
        return statistics.median(v.drawn_ms for v in self.visits)

    @property
    def slowest_ms(self) -> float:
        """The median over the visits of each visit's slowest API call (0 without calls)."""
        return statistics.median(v.slowest["ms"] if v.calls else 0.0 for v in self.visits)

    @property
    def slowest_call(self) -> str | None:
        """The API path that was the slowest in most visits."""
        paths = [_path(v.slowest["url"]) for v in self.visits if v.calls]
        return Counter(paths).most_common(1)[0][0] if paths else None

    @property
    def call_count(self) -> int:
        return len(self.visits[-1].calls)

    @property
    def repeated(self) -> list[str]:
        """API URLs a single visit asked for more than once (waste)."""
        urls = [c["url"] for c in self.visits[-1].calls]
        return sorted({_path(u) for u in urls if urls.count(u) > 1})

    def calls_first(self, path: str) -> bool:
        """Whether the page asks for `path` and waits for it before any other call."""
        calls = sorted(self.visits[-1].calls, key=lambda c: c["start"])
        return (
            bool(calls)
            and _path(calls[0]["url"]) == path
            and all(c["start"] >= calls[0]["end"] for c in calls[1:])
        )

    @property
    def round_trips(self) -> int:
        """The longest chain of API calls each started only once the one before had answered:
        the round trips the page waits for one after another (1 when all go out at once)."""
        calls = sorted(self.visits[-1].calls, key=lambda c: c["start"])
        chain: list[int] = []
        for i, call in enumerate(calls):
            before = [chain[j] for j in range(i) if calls[j]["end"] <= call["start"]]
            chain.append(1 + max(before, default=0))
        return max(chain, default=0)


def _path(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def make_demo(database: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "whylens.cli.main", "demo", "--no-serve", "--db", str(database)]
        + ["--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"whylens demo failed: {done.stderr.strip()[-300:]}")
    return json.loads(done.stdout)


def page_paths(url: str) -> list[str]:
    """The overview, every page the app serves, and the profile of the first person listed."""
    from whylens.server.app import PAGES

    with urllib.request.urlopen(url + "/api/persons?limit=1", timeout=60) as answer:
        person = json.loads(answer.read())["persons"][0]["person_id"]
    return ["/", *(f"/{page}" for page in PAGES), f"/persons?id={urllib.parse.quote(person)}"]


def measure(work: Path | None = None, log=print) -> tuple[dict[str, Any], list[PageResult]]:
    """The demo's size, and every page's visits."""
    if not CHROMIUM.exists():
        raise BenchError(f"needs Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="whylens-pages-", dir=work) as folder:
        database = Path(folder) / "demo.duckdb"
        log("pages: generating the demo data")
        demo = make_demo(database)
        port = served.free_port()
        command = [*served.whylens_command(database, port), "--demo"]
        with served.serving(command, port, Path(folder) / "serve.log") as server:
            return demo, _visit_all(server.url, log)


def _visit_all(url: str, log) -> list[PageResult]:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=url)
            context.add_init_script(READY_SCRIPT)
            tab = context.new_page()
            tab.set_default_timeout(60_000)
            _visit(tab, "/")  # the browser caches the scripts, as for anyone who came before
            results = []
            for path in page_paths(url):
                log(f"pages: {path}")
                try:
                    results.append(PageResult(path, [_visit(tab, path) for _ in range(RUNS)]))
                except PlaywrightError as exc:  # one page that never gets ready spoils no other
                    results.append(PageResult(path, [], str(exc).splitlines()[0]))
            return results
        finally:
            browser.close()


def _visit(tab: Any, path: str) -> Visit:
    tab.goto("about:blank")
    tab.goto(path)
    tab.wait_for_function("window.__whylensDrawn !== undefined")
    box = tab.locator("#error")
    error = box.text_content() if box.count() and box.is_visible() else None
    return Visit(tab.evaluate("window.__whylensDrawn"), tab.evaluate(API_CALLS), error)
