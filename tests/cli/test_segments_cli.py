"""`whylens segments` and `--segment`: one JSON document each, a clear error for a mistake.
Commands run in-process (typer's runner); one runs as a real process, for the one-line error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import whylens
from whylens.cli.main import app

CSV = """user_id,event,timestamp,price
u1,view,2024-01-01T10:00:00Z,
u1,cart,2024-01-01T10:05:00Z,
u1,buy,2024-01-01T10:09:00Z,20
u1,cart,2024-01-08T10:05:00Z,
u2,view,2024-01-02T09:00:00Z,
u2,cart,2024-01-02T09:30:00Z,
u3,view,2024-01-03T09:00:00Z,
u3,view,2024-01-09T09:00:00Z,
"""


def whylens_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "whylens.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def invoke(folder: Path, *args: str):
    """The command in this process, on the folder's database."""
    return CliRunner().invoke(app, [*args, "--db", str(folder / "w.duckdb")])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("segments")
    (path / "f.csv").write_text(CSV)
    done = invoke(path, "import", str(path / "f.csv"), "--json")
    assert done.exit_code == 0, done.output
    (path / "rule.json").write_text(json.dumps({"not": {"did": "buy"}}))
    for args in (
        ("carts", "--did", "cart >= 1 in 30d"),
        ("stuck", "--funnel", "view", "--funnel", "cart", "--funnel", "buy", "--reached", "2"),
        ("no-buy", "--definition", f"@{path / 'rule.json'}", "--static", "--description", "never"),
    ):
        done = invoke(path, "segments", "create", *args, "--json")
        assert done.exit_code == 0, done.output
    return path


def run_json(folder: Path, *args: str) -> object:
    done = invoke(folder, *args, "--json")
    assert done.exit_code == 0, (done.output, done.exception)
    return json.loads(done.stdout)


def test_list_and_show(folder):
    listed = run_json(folder, "segments", "list")
    assert [(s["name"], s["kind"], s["persons"]) for s in listed] == [
        ("carts", "dynamic", 2),
        ("no-buy", "static", 2),
        ("stuck", "dynamic", 1),
    ]
    assert listed[1]["description"] == "never"
    shown = run_json(folder, "segments", "show", "stuck", "--members", "5")
    assert shown["members"] == ["u2"]
    assert shown["definition"] == {
        "funnel": ["view", "cart", "buy"],
        "reached": 2,
        "window": "14d",
        "order": "ordered",
    }
    assert run_json(folder, "segments", "show", "carts")["definition"] == {
        "did": "cart",
        "at_least": 1,
        "in_last": "30d",
    }


def test_segment_option_gives_what_the_library_gives(folder):
    found = run_json(folder, "trends", "--measure", "persons", "--segment", "carts")
    with whylens.open(folder / "w.duckdb", read_only=True) as ws:
        expected = ws.trends(["*"], "day", "persons", segment="carts").to_dict()
    assert found == json.loads(json.dumps(expected, default=str))
    assert found["series"][0]["total"] == 2 and found["scope"]["segment"] == "carts"


COMMANDS = [
    ("trends",),
    ("sessions",),
    ("funnel", "view", "cart"),
    ("retention",),
    ("stickiness",),
    ("lifecycle",),
    ("paths", "--start", "view"),
    ("adoption", "cart"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_analysis_command_takes_segment(folder, command):
    document = run_json(folder, *command, "--segment", "no-buy")
    assert document["scope"]["segment"] == "no-buy"


PREDICTIONS = [
    ("churn",),
    ("churn", "train"),
    ("clv", "--purchase-event", "buy"),
]


@pytest.mark.parametrize("command", PREDICTIONS, ids=" ".join)
def test_the_prediction_commands_take_segment_too(folder, command):
    done = invoke(folder, *command, "--segment", "nope", "--json")
    assert done.exit_code == 1 and done.stdout == ""
    assert "no segment 'nope' in project 'default'" in str(done.exception)


def test_compare_auto_refresh_delete(folder):
    compared = run_json(folder, "segments", "compare", "carts", "no-buy")
    assert [s["name"] for s in compared["segments"]] == ["carts", "no-buy"]
    assert compared["overlap"] == [{"a": "carts", "b": "no-buy", "persons": 1}]
    refreshed = run_json(folder, "segments", "refresh", "no-buy")
    assert refreshed["persons"] == 2 and refreshed["refreshed_at"]
    done = invoke(folder, "segments", "auto", "--json")
    assert "at least 30 persons with two sessions" in str(done.exception)
    assert run_json(folder, "segments", "delete", "stuck")["name"] == "stuck"
    assert [s["name"] for s in run_json(folder, "segments", "list")] == ["carts", "no-buy"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("x", "--did", "cart >= two"), "cannot read --did 'cart >= two'"),
        (("x", "--funnel", "view"), "--funnel and --reached go together"),
        (("x",), "a segment needs --definition or a condition"),
        (("x", "--definition", "{}", "--did", "view"), "either --definition or condition flags"),
        (("x", "--definition", "@/no/missing.json"), "missing.json: no such definition file"),
        (("x", "--definition", '{"did": "view", "at_least": 0}'), "at $: 'at_least' is at least"),
        (("carts", "--did", "view"), "a segment named 'carts' exists"),
    ],
)
def test_mistakes_are_refused(folder, args, message):
    done = invoke(folder, "segments", "create", *args)
    assert done.exit_code == 1 and message in str(done.exception)


def test_a_mistake_is_one_line_on_stderr(folder):
    done = whylens_cli("segments", "show", "nope", "--db", "w.duckdb", cwd=folder)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip() == (
        "error: no segment 'nope' in project 'default' (see `whylens segments list`)"
    )


def test_tables_without_json(folder):
    done = invoke(folder, "segments", "list")
    assert done.exit_code == 0 and "carts" in done.stdout and "Segments" in done.stdout
