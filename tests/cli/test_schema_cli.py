"""`whylens init`: a database created and reported, or a cluster's DDL printed (as SQL a client
can run, or as one JSON document)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from whylens.cli.main import app
from whylens.model.cluster import ClusterSchema


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_init_creates_the_database(tmp_path):
    path = tmp_path / "new.duckdb"
    result = run("init", "--db", str(path), "--project", "shop", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["engine"] == "duckdb" and document["project"] == "shop"
    assert document["schema_version"] >= 1
    assert path.exists()


def test_init_cluster_prints_the_ddl_without_touching_a_database(tmp_path):
    result = run("init", "--cluster", "prod", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 0, result.output
    expected = ClusterSchema("prod").statements()
    assert result.stdout == "".join(f"{s};\n\n" for s in expected)
    assert not (tmp_path / "none.duckdb").exists()
    document = json.loads(run("init", "--cluster", "prod", "--json").stdout)
    assert document == {"cluster": "prod", "statements": expected}
