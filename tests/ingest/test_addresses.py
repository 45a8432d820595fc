"""IP addresses as numbers: the SQL reading equals the Python one (and the standard library's) on
random IPv4 and IPv6 addresses in every spelling, and anything else is no address."""

from __future__ import annotations

import ipaddress

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from whylens.engines.duckdb import DuckDBEngine
from whylens.ingest.addresses import V4_BASE, number, numbers_sql


@pytest.fixture(scope="module")
def engine():
    engine = DuckDBEngine(":memory:")
    yield engine
    engine.close()


def in_sql(engine: DuckDBEngine, texts: list[str]) -> dict[str, int | None]:
    with engine.registered("ips", pa.table({"ip": pa.array(texts, pa.string())})):
        rows = engine.query(
            f"SELECT ip, CAST(n AS VARCHAR) AS n FROM ({numbers_sql('ips')})"
        ).to_pylist()
    return {r["ip"]: int(r["n"]) if r["n"] is not None else None for r in rows}


def spellings(bits: int, v4: bool) -> list[str]:
    if v4:
        address = ipaddress.IPv4Address(bits & 0xFFFF_FFFF)
        return [str(address), f"::ffff:{address}", f" {address} "]
    address = ipaddress.IPv6Address(bits)
    return [str(address), address.exploded, address.exploded.upper(), f"[{address}]",
            f"{address}%eth0"]  # fmt: skip


def expected(text: str) -> int:
    address = ipaddress.ip_address(text.strip().strip("[]").partition("%")[0])
    return V4_BASE + int(address) if address.version == 4 else int(address)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2**128 - 1).map(lambda b: b & ~((1 << (b % 97)) - 1)),  # zero runs
            st.booleans(),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_sql_python_and_the_standard_library_agree(engine, addresses):
    texts = sorted({text for bits, v4 in addresses for text in spellings(bits, v4)})
    found = in_sql(engine, texts)
    for text in texts:
        assert number(text) == expected(text) == found[text], text


NOT_ADDRESSES = ["", "x", "1.2.3", "256.1.1.1", "01.2.3.4", "1.2.3.4.5", "1::2::3", ":::",
                 "1:2:3:4:5:6:7:8:9", "g::1", "::ffff:999.1.1.1", "12:30:45", "1.2.3.4/24"]  # fmt: skip


def test_anything_else_is_no_address(engine):
    found = in_sql(engine, NOT_ADDRESSES)
    for text in NOT_ADDRESSES:
        assert number(text) is None, text
        assert found.get(text) is None, text


def test_edges():
    assert number("0.0.0.0") == V4_BASE and number("255.255.255.255") == V4_BASE + 2**32 - 1
    assert number("::ffff:1.2.3.4") == number("1.2.3.4")  # one space for both families
    assert number("::") == 0 and number("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff") == 2**128 - 1
