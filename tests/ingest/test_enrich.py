"""The SQL that derives columns from what an event carries, against plain-Python references."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from whylens.engines.duckdb import DuckDBEngine
from whylens.ingest import enrich


def reference_host(url: str | None) -> str | None:
    """The documented rule: after the first `://`, up to `/`, `?` or `#`, after the last `@`,
    before a `:`, lower case, without a leading `www.`; nothing left is no host."""
    if url is None or "://" not in url:
        return None
    authority = re.split(r"[/?#]", url.split("://", 1)[1], maxsplit=1)[0]
    bare = authority.split("@")[-1].split(":")[0].lower()
    bare = bare[4:] if bare.startswith("www.") else bare
    return bare or None


@pytest.fixture(scope="module")
def engine():
    """One in-memory DuckDB for the module: the expressions read no table."""
    engine = DuckDBEngine()
    yield engine
    engine.close()


def host_of(engine: DuckDBEngine, url: str | None) -> str | None:
    return engine.scalar(f"SELECT {enrich.host('u')} FROM (SELECT $u::VARCHAR AS u)", {"u": url})


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://WWW.Shop.Example:8080/cart?x=1", "shop.example"),
        ("http://user:secret@www.a.example/", "a.example"),
        ("https://a@b@c.example:1/", "c.example"),
        ("https://host.example?next=https://other.example/", "host.example"),
        ("https://host.example#https://other.example", "host.example"),
        ("android-app://com.example.app/path", "com.example.app"),
        ("https://www./", None),
        ("https://", None),
        ("/no/scheme", None),
        ("mailto:someone@example.com", None),
        (None, None),
    ],
)
def test_host_examples(engine, url, host):
    assert host_of(engine, url) == host == reference_host(url)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="aZw.:/@?#-_1 é", max_size=30).map(lambda s: s.replace("é", "://")))
def test_host_follows_the_rule_on_any_text(engine, url):
    assert host_of(engine, url) == reference_host(url)
