"""Every operation of the OpenAPI document fuzzed in-process (schemathesis over ASGI, no network):
well-formed and malformed bodies alike are answered without a 5xx, and whatever the capture
endpoints accepted goes into the store without a failure."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

import whylens
from whylens.model.keys import create_key
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.generation import GenerationMode  # noqa: E402

#: examples per operation and mode (schema-valid, then schema-violating): more for capture
EXAMPLES = {"capture": 15, "other": 8}
CAPTURE_PATHS = {"/v1/track", "/v1/batch", "/batch", "/capture", "/e", "/i/v0/e", "/whylens.js"}
CAPTURE_PATHS |= {"/v1/feedback"}


def without_lifespan(app: Any) -> Any:
    """The app as schemathesis sees it: the fixture runs its lifespan (start, then drain) itself,
    so that the test can look at the store while the writer still runs."""

    async def asgi(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)

    return asgi


@pytest.fixture
def api(tmp_path) -> Iterator[tuple[Any, Any, dict[str, dict[str, str]]]]:
    """The spec of an app over a fresh store, and the keys fuzzed requests carry (write keys to
    capture, read keys to the rest): bodies that pass the checks reach the log and the writer."""
    with whylens.open(":memory:") as ws:
        keys = {kind: create_key(ws.engine, "web", kind)["key"] for kind in ("write", "read")}
        app = create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "log"))
        app.state.capture.start()
        try:
            spec = schemathesis.openapi.from_asgi("/openapi.json", without_lifespan(app))
            yield spec, app, {k: {"Authorization": f"Bearer {v}"} for k, v in keys.items()}
        finally:
            app.state.capture.stop()


def fuzz(operation: Any, mode: GenerationMode, keys: dict[str, dict[str, str]]) -> None:
    """`examples` cases of one mode; no shrinking (a failure shows its case and a curl line)."""
    kind = "capture" if "capture" in operation.definition.raw.get("tags", ()) else "other"
    headers = keys["write" if kind == "capture" else "read"]

    @settings(
        max_examples=EXAMPLES[kind],
        deadline=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    try:
        run()
    except Unsatisfiable:  # nothing to get wrong: an operation without parameters or body
        assert mode is GenerationMode.NEGATIVE


def test_no_server_errors(api):
    spec, app, headers = api
    operations = [result.ok() for result in spec.get_all_operations()]
    assert {"/health", "/api/info", "/api/overview"} | CAPTURE_PATHS <= {o.path for o in operations}
    reads = [o for o in operations if o.method.upper() == "GET"]
    # reads over an empty store, the writes, then the reads again over what the fuzzing stored
    failures = []
    for operation in reads + [o for o in operations if o not in reads] + reads:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                fuzz(operation, mode, headers)
            except Exception as exc:  # every operation's failures, not just the first
                failures.append(f"{operation.label} ({mode.value}): {exc}")
    assert not failures, "\n\n".join(failures)

    writer = app.state.capture.writer
    deadline = time.monotonic() + 20
    while writer.backlog and time.monotonic() < deadline:
        time.sleep(0.02)
    assert writer.backlog == 0 and writer.failures == 0
    set_aside = app.state.workspace.engine.query(
        "SELECT reason FROM rejects WHERE reason LIKE 'could not be stored%'"
    ).to_pylist()
    assert not set_aside, "accepted events that the store could not take"
    assert app.state.workspace.engine.scalar("SELECT count(*) FROM events") > 0
