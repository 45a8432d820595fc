"""The privacy rules in SQL give exactly what Python gives, on random JSON objects: the same keys
dropped whatever their case and depth, the same hashes (so values masked by an import join those
masked by capture), nothing created where a row had nothing."""

from __future__ import annotations

import orjson
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whylens.engines.duckdb import DuckDBEngine
from whylens.ingest.privacy import Policy
from whylens.ingest.privacy_sql import Protector, hmac_sql, set_secret

SECRET = bytes(range(1, 33))
POLICY = Policy(
    drop=["phone", "address.street", "a/b.c~d"], mask=["email", "card", "x.y.z"], secret=SECRET
)
#: key spellings that rules match (in some case) or nearly match, and trait objects
KEYS = st.sampled_from(["email", "Email", "EMAIL", "phone", "Phone", "address", "Address",
                        "street", "STREET", "card", "x", "X", "y", "z", "Z", "a/b", "c~d", "ip",
                        "$ip", "IP", "context", "plain", "$set", "$set_once", "$group_set"])  # fmt: skip
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(10**12), 10**12), st.text(max_size=8))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=6)


@pytest.fixture(scope="module")
def engine():
    engine = DuckDBEngine(":memory:")
    set_secret(engine, SECRET)
    yield engine
    engine.close()


def protected_in_sql(engine: DuckDBEngine, documents: list[dict]) -> list[dict]:
    texts = [orjson.dumps(d).decode() for d in documents]
    table = pa.table({"i": list(range(len(texts))), "doc": texts})
    with engine.registered("docs", table):
        sql = Protector(engine, POLICY, "test").sql("doc", "docs")
        rows = engine.query(f"SELECT i, {sql} AS out FROM docs ORDER BY i").to_pylist()
    return [orjson.loads(r["out"]) for r in rows]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DOCUMENTS, min_size=1, max_size=8))
def test_sql_equals_python_on_random_objects(engine, documents):
    got = protected_in_sql(engine, documents)
    assert got == [POLICY.properties(d, {}) for d in documents]


def test_rows_without_matches_pass_untouched_and_nothing_is_created(engine):
    documents = [
        {"plain": 1},
        {"address": "a string, not an object", "x": [1, 2]},
        {"email": None, "Email": None},
        {"context": {"locale": "de"}},
    ]
    assert protected_in_sql(engine, documents) == documents


def test_the_sql_hash_is_the_python_hash(engine):
    values = ["a@b.example", "Zoë 🦊", "", "x" * 300]
    with engine.registered("v", pa.table({"v": values})):
        rows = engine.query(f"SELECT v, {hmac_sql('v')} AS h FROM v").to_pylist()
    assert {r["v"]: r["h"] for r in rows} == {v: POLICY.masked(v) for v in values}


def test_known_top_keys_skip_the_search_and_give_the_same_answer(engine):
    documents = [{"Email": "a@b.example", "plan": "pro"}, {"email": "c@d.example", "IP": "1.1.1.1"}]
    texts = [orjson.dumps(d).decode() for d in documents]
    with engine.registered("docs", pa.table({"doc": texts})):
        protector = Protector(engine, POLICY, "test")
        assert protector.find("doc", "docs", ["Email", "plan", "email", "IP"]) == [
            (("Email",), "mask"), (("IP",), "drop"), (("email",), "mask"),
        ]  # fmt: skip
        sql = protector.sql("doc", "docs", ["Email", "plan", "email", "IP"])
        rows = engine.query(f"SELECT {sql} AS out FROM docs").to_pylist()
    assert [orjson.loads(r["out"]) for r in rows] == [POLICY.properties(d, {}) for d in documents]
