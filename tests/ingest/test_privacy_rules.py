"""Privacy rules kept in the settings table: per project and for all projects, added and removed,
one masking secret per database, and a generation number that tells servers to read them again."""

from __future__ import annotations

import pytest

import whylens
from whylens.errors import ConfigError
from whylens.ingest import privacy_rules
from whylens.ingest.privacy import IP_PATHS


def test_rules_by_scope_make_each_projects_policy(ws):
    engine = ws.engine
    privacy_rules.add(engine, privacy_rules.ALL_PROJECTS, drop=["Phone"])
    privacy_rules.add(engine, "web", drop=["plan"], mask=["Email", "email"])
    web, shop = privacy_rules.policy(engine, "web"), privacy_rules.policy(engine, "shop")
    assert set(web.drop) == {*IP_PATHS, "phone", "plan"} and web.mask == ("email",)
    assert set(shop.drop) == {*IP_PATHS, "phone"} and shop.mask == ()
    assert privacy_rules.listing(engine, "web")[len(IP_PATHS) :] == [
        {"property": "phone", "action": "drop", "scope": "all projects"},
        {"property": "plan", "action": "drop", "scope": "project web"},
        {"property": "email", "action": "mask", "scope": "project web"},
    ]


def test_remove_takes_names_out_of_one_scope(ws):
    engine = ws.engine
    privacy_rules.add(engine, "web", drop=["plan"], mask=["email"])
    privacy_rules.add(engine, privacy_rules.ALL_PROJECTS, drop=["plan"])
    assert privacy_rules.remove(engine, "web", ["PLAN", "nothing"]) == ["plan"]
    assert privacy_rules.stored(engine) == {
        "*": {"drop": ["plan"], "mask": []},
        "web": {"drop": [], "mask": ["email"]},
    }
    assert privacy_rules.remove(engine, "web", ["email"]) == ["email"]
    assert "web" not in privacy_rules.stored(engine)


def test_the_secret_is_made_once_and_kept(tmp_path):
    path = tmp_path / "s.duckdb"
    with whylens.open(path) as ws:
        first = privacy_rules.secret(ws.engine)
        assert len(first) == 32 and privacy_rules.secret(ws.engine) == first
    with whylens.open(path) as ws:
        privacy_rules.add(ws.engine, "default", mask=["email"])
        assert privacy_rules.policy(ws.engine, "default").secret == first


def test_changes_move_the_generation_and_bad_names_are_refused(ws):
    before = privacy_rules.generation()
    privacy_rules.add(ws.engine, "web", drop=["plan"])
    assert privacy_rules.generation() != before
    unchanged = privacy_rules.generation()
    privacy_rules.add(ws.engine, "web", drop=["Plan"])  # nothing new: nothing written
    assert privacy_rules.generation() == unchanged
    with pytest.raises(ConfigError, match="not a dotted path"):
        privacy_rules.add(ws.engine, "web", mask=["a..b"])


def test_a_read_only_database_cannot_take_rules(tmp_path):
    path = tmp_path / "r.duckdb"
    whylens.open(path).close()
    with whylens.open(path, read_only=True) as ws, pytest.raises(ConfigError):
        privacy_rules.add(ws.engine, "default", drop=["plan"])
