"""Commands that run the service: serve, and demo (generate a shop's data, then serve it)."""

from __future__ import annotations

import gc
import ipaddress
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from whylens import config
from whylens.cli import options, privacy
from whylens.cli.output import err, print_json
from whylens.engines.remote import announce, handle_path
from whylens.errors import ConfigError
from whylens.ingest import privacy_rules
from whylens.model import keys as project_keys
from whylens.workspace import Workspace

if TYPE_CHECKING:
    from whylens.ingest.geoip import GeoIP
    from whylens.server.capture import CaptureSettings

DEMO_DB = "whylens-demo.duckdb"
#: how the service runs on uvicorn (uvloop and httptools when installed, as they are by default);
#: the load benchmark serves its no-op baseline with the same settings
UVICORN: dict[str, Any] = {
    "loop": "auto",
    "http": "auto",
    "log_level": "warning",
    "access_log": False,
}


def _serve(
    ws: Workspace,
    host: str,
    port: int,
    capture: CaptureSettings | None = None,
    train_churn: bool = True,
) -> None:
    """Run the service; other local processes reach the database through it meanwhile.

    Start-up replays the capture log into the store before the port opens; SIGTERM stops
    accepting, then drains everything acknowledged into the store before the process exits.
    """
    import uvicorn

    from whylens.server.app import create_app
    from whylens.server.capture import CaptureSettings
    from whylens.server.scheduling import serve_capture_first

    capture = capture or CaptureSettings(demo_key=False)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    # other processes reach a DuckDB file held by this server through it (engines/remote.py)
    database = getattr(ws.engine, "path", None) if ws.engine.dialect == "duckdb" else None
    token = announce(database, url) if database and database != ":memory:" else None
    # uvicorn re-raises SIGTERM once it has drained; exiting through Python lets the handle
    # file be removed and the database be closed cleanly
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        err.print(f"whylens is serving [bold]{url}/[/bold]  (Ctrl+C to stop)")
        _explain_keys(ws, capture)
        app = create_app(ws, token, capture)
        serve_capture_first(ws.engine)
        # what start-up made (modules, routes: about 150,000 objects) lives as long as the
        # process: kept out of garbage collections, whose full passes over it paused every
        # request for 100 ms or more under load
        gc.collect()
        gc.freeze()
        if train_churn:
            _warm(app)
        uvicorn.run(app, host=host, port=port, **UVICORN)
    finally:
        if token:
            handle_path(database).unlink(missing_ok=True)


def serve(
    db: Path | None = options.DB,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    demo_mode: bool = typer.Option(
        False,
        "--demo",
        help="Demo mode, loopback only: no keys needed (the capture key `demo` writes to"
        " project default while no key exists). Otherwise every capture needs a write key.",
    ),
    max_backlog_mb: float = typer.Option(
        128, "--max-backlog-mb", min=0, help="Capture log not yet in the store before 503s."
    ),
    capture_log: Path | None = typer.Option(
        None, "--capture-log", help="Folder of the capture log (default: <db>.capture-log)."
    ),
    geoip: Path | None = privacy.GEOIP,
    drop_property: list[str] | None = privacy.DROP,
    mask_property: list[str] | None = privacy.MASK,
    train_churn: bool = typer.Option(
        True,
        "--train-churn/--no-train-churn",
        help="Train the churn page's default model in the background as the server starts.",
    ),
) -> None:
    """Serve the dashboard, the API and the capture endpoints over a database."""
    from whylens.ingest.geoip import GeoIP
    from whylens.server.capture import CaptureSettings

    if demo_mode and not _is_loopback(host):
        raise ConfigError(f"--demo serves only on a loopback address, not {host}")
    geoip_file = config.geoip_path(geoip)
    ranges = GeoIP.load(geoip_file) if geoip_file else None  # a bad file stops us here
    ws = options.open_workspace(db)
    capture = CaptureSettings(
        log_dir=capture_log,
        max_backlog_bytes=int(max_backlog_mb * (1 << 20)),
        demo_key=demo_mode,
        geoip=ranges,
    )
    try:
        privacy_rules.add(
            ws.engine, privacy_rules.ALL_PROJECTS, drop_property or (), mask_property or ()
        )
        _explain_privacy(ws, ranges)
        _serve(ws, host, port, capture, train_churn)
    finally:
        ws.close()


def _warm(app: Any) -> None:
    """Train the churn page's default question on a background thread while the server starts,
    so that its first view does not wait for a training (server/predictions.py)."""
    from whylens.server.predictions import warm

    if warm(app) is not None:
        err.print("churn: training the default model in the background", highlight=False)


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _explain_privacy(ws: Workspace, ranges: GeoIP | None) -> None:
    rules = privacy_rules.stored(ws.engine).get(privacy_rules.ALL_PROJECTS, {})
    where = (
        f"country from {ranges.path} ({len(ranges):,} ranges)"
        if ranges
        else "no GeoIP file, so countries only as clients send them"
    )
    extra = "; ".join(f"{action}: {', '.join(names)}" for action, names in rules.items() if names)
    err.print(
        f"privacy: IP addresses are never stored; {where}"
        + (f"; every project's {extra}" if extra else "")
        + " (`whylens privacy show` per project)",
        highlight=False,
    )


def _explain_keys(ws: Workspace, capture: CaptureSettings) -> None:
    if capture.demo_key:
        err.print(
            "[bold yellow]DEMO MODE: no keys are checked; this server answers only on loopback."
            f" The capture key [bold]{project_keys.DEMO_KEY}[/bold] writes to project"
            f" {project_keys.DEMO_PROJECT} while no key exists.[/bold yellow]"
        )
        return
    if not project_keys.list_keys(ws.engine):
        err.print(
            "[yellow]capture: no project keys, so every capture request is refused (401);"
            " create them with `whylens project create NAME`, or use --demo on loopback[/yellow]"
        )


def demo(
    db: str = typer.Option(
        DEMO_DB,
        "--db",
        "--engine",
        help="Demo database (recreated): a DuckDB file, or chdb:FOLDER for ClickHouse's engine.",
    ),
    users: int = typer.Option(20_000, "--users", min=10, help="Persons to generate."),
    days: int = typer.Option(90, "--days", min=7, help="Days of history."),
    seed: int = typer.Option(0, "--seed", help="Random seed: the same seed gives the same data."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Only create the database."),
    json: bool = options.JSON,
) -> None:
    """Generate a realistic online shop's data (planted behaviors: docs/demo-data.md) and serve it."""
    from whylens.demo.load import create_demo
    from whylens.server.capture import CaptureSettings

    if not no_serve and not _is_loopback(host):
        raise ConfigError(f"the demo serves only on a loopback address, not {host}")
    started = time.perf_counter()
    with err.status(f"generating {users:,} persons over {days} days…", spinner="dots"):
        ws = create_demo(db, users=users, days=days, seed=seed)
    info = ws.info()
    summary = {
        "db": str(db),
        "seconds": round(time.perf_counter() - started, 1),
        **{k: info[k] for k in ("events", "persons", "sessions", "first", "last")},
    }
    if json:
        print_json(summary)
    else:
        err.print(
            f"demo data in {db}: {info['events']:,} events, {info['persons']:,} persons, "
            f"{info['sessions']:,} sessions ({summary['seconds']} s)"
        )
    try:
        if not no_serve:
            _serve(ws, host, port, CaptureSettings(demo_key=True))
    finally:
        ws.close()


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(demo)
