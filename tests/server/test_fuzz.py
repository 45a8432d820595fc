"""Every operation of the OpenAPI document fuzzed in-process (schemathesis over ASGI, no network):
well-formed and malformed bodies alike are answered without a 5xx, and whatever the capture
endpoints accepted goes into the store without a failure."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import whylens
from whylens.model.keys import create_key
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

EXAMPLES = 30


@pytest.fixture
def api(tmp_path) -> Iterator[object]:
    """The app over a fresh store with a write key, which every fuzzed request carries: bodies
    that pass the checks reach the log and the writer too."""
    with whylens.open(":memory:") as ws:
        key = create_key(ws.engine, "web", "write")["key"]
        app = create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "log"))
        app.state.headers = {"Authorization": f"Bearer {key}"}
        yield schemathesis.openapi.from_asgi("/openapi.json", app)
        # schemathesis has ended the app's lifespan by now: the writer stored all it could
        set_aside = ws.engine.query(
            "SELECT reason FROM rejects WHERE reason LIKE 'could not be stored%'"
        ).to_pylist()
        assert not set_aside, "accepted events the store could not take"


schema = schemathesis.pytest.from_fixture("api")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors(case) -> None:
    headers = case.operation.schema.app.state.headers
    case.call_and_validate(headers=headers, checks=[not_a_server_error])
