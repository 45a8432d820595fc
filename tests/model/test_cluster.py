"""The cluster DDL of `whylens init --cluster`: derived from the single-server migrations, it
shards the per-person tables by person behind Distributed tables and replicates the rest in full;
ClickHouse's own parser reads every statement."""

from __future__ import annotations

import re

import pytest

from whylens.errors import ConfigError
from whylens.model.cluster import ClusterSchema
from whylens.model.migrate import available, statements

CREATED = re.compile(r"^CREATE TABLE IF NOT EXISTS (\w+) ON CLUSTER 'prod-1' ")


def test_every_table_is_created_on_the_cluster():
    ddl = ClusterSchema("prod-1").statements()
    created = [CREATED.match(s)[1] for s in ddl if s.startswith("CREATE")]
    single = [
        re.match(r"CREATE TABLE IF NOT EXISTS (\w+)", s)[1]
        for m in available("clickhouse")
        for s in statements(m.sql)
        if s.startswith("CREATE")
    ]
    for name in single:
        if name in ("events", "sessions", "persons"):
            assert f"{name}_local" in created and name in created
        else:
            assert name in created
    assert created[0] == "schema_migrations"
    ledger = [s for s in ddl if s.startswith("INSERT INTO schema_migrations")]
    assert ledger == [
        f"INSERT INTO schema_migrations (version, name) VALUES ({m.version}, '{m.name}')"
        for m in available("clickhouse")
    ]
    assert ddl[-len(ledger) :] == ledger and ledger[0].endswith("(1, 'initial')")


def test_per_person_tables_are_sharded_by_person_and_the_rest_replicated_everywhere():
    ddl = {CREATED.match(s)[1]: s for s in ClusterSchema("prod-1").statements() if "CREATE" in s}
    assert (
        "ENGINE = Distributed('prod-1', currentDatabase(), 'events_local', cityHash64(person_id))"
        in ddl["events"]
    )
    assert ddl["events"].count("AS events_local") == 1
    local = ddl["events_local"]
    assert (
        "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/events_local',"
        in local
    )
    assert "'{replica}', _version)" in local
    assert "PARTITION BY toYYYYMM(timestamp)" in local
    identities = ddl["identities"]
    assert (
        "ReplicatedReplacingMergeTree('/clickhouse/tables/all/{database}/identities'" in identities
    )
    assert "ReplicatedMergeTree(" in ddl["rejects"] and "Distributed" not in ddl["rejects"]


def test_a_new_column_reaches_every_node():
    schema = ClusterSchema("prod-1")
    assert schema.derive("ALTER TABLE feedback ADD COLUMN IF NOT EXISTS x String") == [
        "ALTER TABLE feedback ON CLUSTER 'prod-1' ADD COLUMN IF NOT EXISTS x String"
    ]
    assert schema.derive("ALTER TABLE events ADD COLUMN y UInt8") == [
        "ALTER TABLE events_local ON CLUSTER 'prod-1' ADD COLUMN y UInt8",
        "ALTER TABLE events ON CLUSTER 'prod-1' ADD COLUMN y UInt8",
    ]


def test_clickhouse_parses_every_statement(chdb):
    for statement in ClusterSchema("prod-1").statements():
        chdb.query(f"EXPLAIN AST {statement}")


@pytest.mark.parametrize("name", ["", "a b", "x'; DROP TABLE events; --", "-x"])
def test_a_cluster_name_is_checked(name):
    with pytest.raises(ConfigError, match="not a cluster name"):
        ClusterSchema(name)
