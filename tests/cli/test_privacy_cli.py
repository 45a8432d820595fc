"""Privacy from the command line, as a user runs it: `serve` and `import` with `--geoip`,
`--drop-property` and `--mask-property`, an import through the running server, and
`whylens privacy show | add | remove`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.server.live import free_port

GEOIP = "198.51.100.0,198.51.100.255,NL\n2001:db8::,2001:db8::ffff,DE\n"


def whylens(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "whylens.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def post(url: str, document: dict) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(document).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def wait_healthy(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("server did not become healthy: " + process.stderr.read())


def test_serve_and_import_with_privacy_options(tmp_path):
    (tmp_path / "countries.csv").write_text(GEOIP)
    made = whylens("keys", "create", "--project", "default", "--db", "w.duckdb", "--json",
                   cwd=tmp_path)  # fmt: skip
    key = json.loads(made.stdout)["key"]
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "whylens.cli.main", "serve", "--db", "w.duckdb", "--port",
         str(port), "--geoip", "countries.csv", "--drop-property", "phone",
         "--mask-property", "email"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_healthy(port, process)
        event = {"api_key": key, "event": "signup", "distinct_id": "u1", "uuid": "e1",
                 "properties": {"$ip": "2001:db8::9", "email": "a@b.example", "phone": "1"}}  # fmt: skip
        assert post(f"http://127.0.0.1:{port}/capture/", event) == 200
        (tmp_path / "more.csv").write_text(
            "user_id,event,timestamp,ip,email,plan\n"
            "u2,signup,2024-05-01T10:00:00Z,198.51.100.8,a@b.example,pro\n"
        )
        imported = whylens("import", "more.csv", "--db", "w.duckdb", "--geoip", "countries.csv",
                           "--drop-property", "plan", "--json", cwd=tmp_path)  # fmt: skip
        assert imported.returncode == 0, imported.stderr
        assert json.loads(imported.stdout)["imported"] == 1, imported.stderr
        held = whylens("privacy", "add", "--drop-property", "x", "--db", "w.duckdb", cwd=tmp_path)
        assert held.returncode == 1 and "held by `whylens serve`" in held.stderr
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    assert "privacy: IP addresses are never stored; country from countries.csv (2 ranges)" in (
        " ".join(stderr.split())
    )
    rows = json.loads(whylens("sql", "SELECT distinct_id, country, properties FROM events"
                              " ORDER BY 1", "--db", "w.duckdb", "--json", cwd=tmp_path).stdout)  # fmt: skip
    assert [(r["distinct_id"], r["country"]) for r in rows] == [("u1", "DE"), ("u2", "NL")]
    first, second = (json.loads(r["properties"]) for r in rows)
    assert first == second == {"email": first["email"]} and len(first["email"]) == 32
    shown = json.loads(
        whylens("privacy", "show", "--db", "w.duckdb", "--json", cwd=tmp_path).stdout
    )
    assert [r for r in shown if r["scope"] != "built-in"] == [
        {"property": "phone", "action": "drop", "scope": "all projects"},
        {"property": "email", "action": "mask", "scope": "all projects"},
        {"property": "plan", "action": "drop", "scope": "project default"},
    ]
    assert os.path.exists(tmp_path / "w.duckdb")


def test_privacy_add_show_remove(tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return whylens(*args, "--db", "p.duckdb", cwd=tmp_path)

    added = run("privacy", "add", "--project", "web", "--mask-property", "Email", "--json")
    assert {"property": "email", "action": "mask", "scope": "project web"} in json.loads(
        added.stdout
    )
    run("privacy", "add", "--all-projects", "--drop-property", "billing.iban")
    shop = json.loads(run("privacy", "show", "--project", "default", "--json").stdout)
    assert [r["property"] for r in shop if r["scope"] != "built-in"] == ["billing.iban"]
    removed = run("privacy", "remove", "email", "nothing", "--project", "web", "--json")
    assert json.loads(removed.stdout) == {"removed": ["email"]}
    table = run("privacy", "show", "--project", "web")
    assert "billing.iban" in table.stdout and "email" not in table.stdout
    bad = run("privacy", "add", "--drop-property", "$set.email")
    assert bad.returncode == 1 and "name the trait (email)" in bad.stderr
    nothing = run("privacy", "add")
    assert nothing.returncode == 2


def test_a_bad_geoip_file_stops_serve_before_it_starts(tmp_path):
    (tmp_path / "bad.csv").write_text("1.0.0.0,1.0.0.255,AU\nfoo,bar,US\n")
    result = whylens("serve", "--db", "w.duckdb", "--geoip", "bad.csv", "--port",
                     str(free_port()), cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1
    assert "bad.csv line 2: foo,bar,US is not a range of IP addresses" in result.stderr
