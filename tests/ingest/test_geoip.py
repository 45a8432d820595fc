"""Countries from a GeoIP CSV the tests write themselves (IPv4 and IPv6 ranges): bisection in
memory and the ASOF join in DuckDB answer alike, at the edges of every range, and a file that is
not one is refused with its line."""

from __future__ import annotations

import gzip
import ipaddress
import random

import pyarrow as pa
import pytest

from whylens.engines.duckdb import DuckDBEngine
from whylens.errors import ConfigError
from whylens.ingest.geoip import GeoIP, lookup_sql

RANGES = """start_ip,end_ip,country
1.0.0.0,1.0.0.255,AU
1.0.1.0,1.0.3.255,AU
1.0.4.0,1.0.7.255,CN
10.0.0.0,10.255.255.255,ZZ
127.0.0.0,127.255.255.255,AQ
203.0.113.0,203.0.113.255,nz
2001:db8::,2001:db8::ffff,DE
2001:db8::1:0,2001:db8:0:0:ffff:ffff:ffff:ffff,FR
2a00::,2a00:ffff:ffff:ffff:ffff:ffff:ffff:ffff,GB
"""
#: address -> country, at the edges of the ranges above and in the gaps between them
EXPECTED = {
    "0.255.255.255": None, "1.0.0.0": "AU", "1.0.2.7": "AU", "1.0.3.255": "AU", "1.0.4.0": "CN",
    "1.0.7.255": "CN", "1.0.8.0": None, "10.1.2.3": None, "127.0.0.1": "AQ",
    "203.0.113.9": "NZ", "::ffff:203.0.113.9": "NZ", "2001:db8::": "DE", "2001:db8::ffff": "DE",
    "2001:db8::1:0": "FR", "2001:db8::ffff:ffff:ffff:ffff": "FR", "2001:db8:0:1::": None,
    "2a00:1450:4001::200e": "GB", "::1": None, "not an address": None,
}  # fmt: skip


@pytest.fixture
def geoip_file(write):
    return write("countries.csv", RANGES)


def sql_countries(geoip: GeoIP, addresses: list[str]) -> dict[str, str | None]:
    engine = DuckDBEngine(":memory:")
    geoip.register(engine)
    with engine.registered("a", pa.table({"ip": addresses})):
        rows = engine.query(lookup_sql("a")).to_pylist()
    engine.close()
    return {r["ip"]: r["geoip_country"] for r in rows}


def test_lookups_in_memory_and_in_sql(geoip_file):
    geoip = GeoIP.load(geoip_file)
    assert (
        len(geoip) == 7
    )  # of 9 lines: the two neighbouring AU ranges are one; ZZ (no country) is left out
    assert {a: geoip.country(a) for a in EXPECTED} == EXPECTED
    assert sql_countries(geoip, list(EXPECTED)) == EXPECTED
    assert geoip.country(None) is None


def test_sql_and_memory_agree_on_random_addresses(geoip_file):
    geoip = GeoIP.load(geoip_file)
    rng = random.Random(7)
    near = [int(ipaddress.ip_address(a)) for a in EXPECTED if a[0].isdigit() and "." in a]
    addresses = [str(ipaddress.IPv4Address(rng.choice(near) + rng.randint(-300, 300)))
                 for _ in range(300)]  # fmt: skip
    addresses += [str(ipaddress.IPv6Address((0x2001_0DB8 << 96) + rng.getrandbits(rng.choice([17, 70]))))
                  for _ in range(300)]  # fmt: skip
    found = sql_countries(geoip, addresses)
    assert found == {a: geoip.country(a) for a in addresses}
    assert {"AU", "DE", "FR"} <= set(found.values())


def test_gzip_files_are_read_as_they_are(write):
    geoip = GeoIP.load(write("countries.csv.gz", gzip.compress(RANGES.encode())))
    assert geoip.country("2001:db8::1:5") == "FR"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("1.0.0.0,1.0.0.255,AU\n1.0.0.9,1.0.1.0,US\n", "line 2: 1.0.0.9,1.0.1.0,US overlaps"),
        ("1.0.0.0,1.0.0.255,AU\nfoo,bar,US\n", "line 2: foo,bar,US is not a range of IP"),
        ("1.0.0.9,1.0.0.1,AU\n", "line 1: 1.0.0.9,1.0.0.1,AU ends before it starts"),
        ("::ffff:1.0.0.0,2001:db8::,AU\n", "mixes an IPv4 and an IPv6 address"),
        ("1.0.0.0,1.0.0.255,AUS\n", "has no two-letter country code"),
        ("1.0.0.0,1.0.0.255,AU,Oceania,Sydney\n", "not a CSV of start,end,country_code rows"),
        ("start,end,country\n", "no address ranges in the file"),
    ],
)
def test_files_that_are_not_geoip_ranges_are_refused(write, content, message):
    with pytest.raises(ConfigError, match=message):
        GeoIP.load(write("bad.csv", content))


def test_a_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        GeoIP.load(tmp_path / "nope.csv")
