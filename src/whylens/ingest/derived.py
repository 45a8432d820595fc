"""The columns derived from values an event stores: the path and UTM tags of its URL and the
domain of its referrer, computed as a batch is stored, once per distinct value in it.

Pages and referrers repeat a lot: each distinct value is parsed once (enrich.py) and the parts
are joined back on it. Until then the rows waiting to be stored hold the values alone, not what
they give (a temporary table is not compressed: every column of it costs memory per row).
"""

from __future__ import annotations

from collections.abc import Collection

from whylens.engines.base import Engine
from whylens.ingest import enrich
from whylens.ingest.normalize import NULL

URL_PARTS = "_whylens_url_parts"
REFERRER_PARTS = "_whylens_referrer_parts"
TABLES = (URL_PARTS, REFERRER_PARTS)


def prepare(engine: Engine, rows: str, columns: Collection[str]) -> None:
    """The parts of the distinct URLs and referrers of relation `rows` (of the `columns` it
    has), for `with_derived`."""
    if "url" in columns:
        urls = f"(SELECT DISTINCT url AS raw, url FROM {rows} WHERE url IS NOT NULL)"
        engine.execute(f"CREATE OR REPLACE TEMP TABLE {URL_PARTS} AS {enrich.url_parts(urls)}")
    if "referrer" in columns:
        referrers = (
            f"(SELECT DISTINCT referrer AS raw, referrer FROM {rows} WHERE referrer IS NOT NULL)"
        )
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {REFERRER_PARTS} AS {enrich.referrer_parts(referrers)}"
        )


def with_derived(rows: str, columns: Collection[str]) -> str:
    """SQL: the rows of relation `rows` (with `url`, `referrer` and the UTM tags as given) with
    `path`, the UTM tags (those given, else those of the URL) and `referring_domain`.
    `columns`: those `prepare` was given."""
    joins, utm = [], [f"r.{f}" for f in enrich.UTM_FIELDS]
    path, domain = NULL, NULL
    if "url" in columns:
        joins.append(f"LEFT JOIN {URL_PARTS} u ON u.raw = r.url")
        path = "u.path"
        utm = [f"coalesce(r.{f}, u.url_{f})" for f in enrich.UTM_FIELDS]
    if "referrer" in columns:
        joins.append(f"LEFT JOIN {REFERRER_PARTS} f ON f.raw = r.referrer")
        domain = "f.referring_domain"
    tags = ", ".join(f"{expr} AS {f}" for expr, f in zip(utm, enrich.UTM_FIELDS, strict=True))
    return f"""
        SELECT r.* EXCLUDE ({", ".join(enrich.UTM_FIELDS)}), {path} AS path, {tags},
            {domain} AS referring_domain
        FROM ({rows}) r {" ".join(joins)}
    """
