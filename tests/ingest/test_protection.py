"""Privacy in imports: IP columns (whatever their name, wherever they are) are never stored, give
the country when a GeoIP file is given, and the project's rules drop and mask properties in flat
columns, JSON properties and nested objects, in events, rejected rows and person traits."""

from __future__ import annotations

import csv
import gzip

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from whylens.ingest import privacy_rules
from whylens.ingest.privacy import Policy

GEOIP = "1.0.0.0,1.0.0.255,AU\n203.0.113.0,203.0.113.255,NZ\n2001:db8::,2001:db8::ffff,DE\n"
ADDRESSES = ("1.0.0.7", "203.0.113.9", "2001:db8::5", "198.51.100.23")


def stored_text(ws) -> str:
    """Every row of every table (temporary ones too) as text."""
    tables = ws.engine.query(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT internal"
    ).to_pylist()
    rows = [ws.engine.query(f'SELECT * FROM "{t["schema_name"]}"."{t["table_name"]}"')
            for t in tables]  # fmt: skip
    return orjson.dumps([r.to_pylist() for r in rows], default=str).decode()


def events(ws) -> list[dict]:
    rows = ws.engine.query(
        "SELECT distinct_id, country, properties FROM events ORDER BY distinct_id"
    ).to_pylist()
    return [{**r, "properties": orjson.loads(r["properties"])} for r in rows]


def masked(ws, value) -> str:
    return Policy(mask=["x"], secret=privacy_rules.secret(ws.engine)).masked(value)


@pytest.fixture
def geoip(write):
    return write("countries.csv", GEOIP)


def test_an_ip_column_gives_the_country_and_is_stored_nowhere(ws, write, geoip, tmp_path):
    path = write(
        "events.csv",
        "user_id,event,timestamp,ip_address,Client_IP,country\n"  # ip_address is the one used
        "u1,a,2024-05-01T10:00:00Z,1.0.0.7,198.51.100.23,\n"
        "u2,a,2024-05-01T10:00:00Z,2001:db8::5,,\n"
        "u3,a,2024-05-01T10:00:00Z,203.0.113.9,,fr\n"  # a country given is kept
        "u4,a,2024-05-01T10:00:00Z,not an address,,\n"
        "u5,a,yesterday,203.0.113.9,198.51.100.23,\n",  # rejected: its raw row is kept
    )
    rejects = tmp_path / "rejects.csv"
    summary = ws.import_file(path, geoip=geoip, rejects_path=rejects)
    assert (summary.imported, summary.rejected) == (4, 1)
    assert [(e["distinct_id"], e["country"], e["properties"]) for e in events(ws)] == [
        ("u1", "AU", {}), ("u2", "DE", {}), ("u3", "FR", {}), ("u4", None, {}),
    ]  # fmt: skip
    everything = stored_text(ws) + rejects.read_text()
    assert not [a for a in ADDRESSES if a in everything]
    raw = orjson.loads(ws.engine.scalar("SELECT raw FROM rejects"))
    assert raw == {"user_id": "u5", "event": "a", "timestamp": "yesterday", "country": None}


def test_without_a_geoip_file_the_address_is_dropped_all_the_same(ws, write):
    path = write("e.csv", "user_id,event,timestamp,ip\nu1,a,2024-05-01T10:00:00Z,1.0.0.7\n")
    ws.import_file(path)
    assert events(ws) == [{"distinct_id": "u1", "country": None, "properties": {}}]
    assert "1.0.0.7" not in stored_text(ws)


def test_posthog_exports_ip_in_json_properties_and_nested_context_ip(ws, write, geoip):
    rows = [
        {"distinct_id": "p1", "event": "$pageview", "timestamp": "2024-05-01T10:00:00Z",
         "properties": {"$ip": "203.0.113.9", "$set": {"$ip": "203.0.113.9", "plan": "pro"}}},
        {"distinct_id": "p2", "event": "$pageview", "timestamp": "2024-05-01T10:00:00Z",
         "context": {"ip": "2001:db8::5", "locale": "de-DE"}},
    ]  # fmt: skip
    path = write("export.jsonl", "\n".join(orjson.dumps(r).decode() for r in rows))
    ws.import_file(path, geoip=geoip)
    assert [(e["distinct_id"], e["country"], e["properties"]) for e in events(ws)] == [
        ("p1", "NZ", {"$set": {"plan": "pro"}}),
        ("p2", None, {"context": {"locale": "de-DE"}}),  # context.ip is no import column
    ]
    assert not [a for a in ADDRESSES if a in stored_text(ws)]


def test_rules_on_flat_columns_json_properties_and_nested_keys(ws, write, tmp_path):
    path = write(
        "events.csv",
        "user_id,event,timestamp,EMAIL,Phone,plan,properties\n"
        'u1,a,2024-05-01T10:00:00Z,a@b.example,+49 1,pro,"{""billing"": {""Email"": '
        '""a@b.example"", ""iban"": ""DE00""}, ""$set"": {""email"": ""a@b.example""}}"\n'
        'u2,a,2024-05-01T10:00:00Z,c@d.example,,free,"{""billing"": ""none""}"\n'
        'u3,a,never,c@d.example,+49 3,,"{""email"": ""e@f.example""}"\n',
    )
    rejects = tmp_path / "rejects.csv"
    ws.import_file(
        path,
        drop_properties=["phone", "billing.iban"],
        mask_properties=["email", "billing.email"],
        rejects_path=rejects,
    )
    a, c = masked(ws, "a@b.example"), masked(ws, "c@d.example")
    assert [e["properties"] for e in events(ws)] == [
        {"EMAIL": a, "plan": "pro", "billing": {"Email": a}, "$set": {"email": a}},
        {"EMAIL": c, "plan": "free", "billing": "none"},
    ]
    raw = orjson.loads(ws.engine.scalar("SELECT raw FROM rejects"))
    assert raw["EMAIL"] == c and "Phone" not in raw
    assert raw["properties"] == {"EMAIL": c, "email": masked(ws, "e@f.example")}
    with open(rejects, newline="") as handle:
        assert orjson.loads(list(csv.DictReader(handle))[0]["raw"]) == raw
    text = stored_text(ws) + rejects.read_text()
    assert not [v for v in ("a@b.example", "c@d.example", "e@f.example", "+49", "DE00")
                if v in text]  # fmt: skip


def test_rules_stay_with_the_project_for_later_imports(ws, write):
    first = write("one.csv", "user_id,event,timestamp,email\nu1,a,2024-05-01T10:00:00Z,x@y.z\n")
    ws.import_file(first, mask_properties=["email"])
    second = write("two.csv", "user_id,event,timestamp,email\nu2,a,2024-05-01T10:00:00Z,x@y.z\n")
    ws.import_file(second)
    assert [e["properties"]["email"] for e in events(ws)] == [masked(ws, "x@y.z")] * 2


def test_parquet_struct_columns_are_searched(ws, tmp_path):
    table = pa.table(
        {
            "user_id": ["u1", "u2"],
            "event": ["a", "b"],
            "timestamp": pa.array([1_714_557_600_000_000] * 2, pa.timestamp("us", tz="UTC")),
            "contact": [{"Email": "a@b.example", "city": "Kiel"}, {"Email": None, "city": "Ulm"}],
        }
    )
    pq.write_table(table, tmp_path / "e.parquet")
    ws.import_file(tmp_path / "e.parquet", mask_properties=["contact.email"])
    assert [e["properties"] for e in events(ws)] == [
        {"contact": {"Email": masked(ws, "a@b.example"), "city": "Kiel"}},
        {"contact": {"city": "Ulm"}},  # (a null is no property, as in any import)
    ]


def test_traits_set_from_a_table_lose_what_events_would(ws):
    privacy_rules.add(ws.engine, ws.project_id, drop=["phone"], mask=["email"])
    ws.set_traits(pa.table({"person_id": ["u1"], "Email": ["a@b.example"], "phone": ["1"],
                            "plan": ["pro"], "ip": ["1.0.0.7"]}))  # fmt: skip
    traits = orjson.loads(ws.engine.scalar("SELECT traits FROM persons"))
    assert traits == {"Email": masked(ws, "a@b.example"), "plan": "pro"}


def test_gzip_and_in_memory_tables_go_the_same_way(ws, write, geoip):
    path = write(
        "e.csv.gz",
        gzip.compress(b"user_id,event,timestamp,ip\nu1,a,2024-05-01T10:00:00Z,2001:db8::5\n"),
    )
    ws.import_file(path, geoip=geoip)
    ws.import_table(pa.table({"user_id": ["u2"], "event": ["a"], "ts": ["2024-05-01"],
                              "$ip": ["1.0.0.7"]}))  # fmt: skip
    assert [(e["distinct_id"], e["country"]) for e in events(ws)] == [("u1", "DE"), ("u2", None)]
    assert not [a for a in ADDRESSES if a in stored_text(ws)]
