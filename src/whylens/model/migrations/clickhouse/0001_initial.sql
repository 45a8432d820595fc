-- The event store on ClickHouse: the tables of the DuckDB schema, with the same names and columns,
-- laid out for ClickHouse (docs/clickhouse.md explains each choice). Timestamps are
-- DateTime64(6, 'UTC'): UTC wall-clock time to the microsecond, as in DuckDB.
--
-- Tables that whylens rewrites per person (events, sessions, persons) are ReplacingMergeTree on a
-- `_version`: a load inserts the new rows of the persons it touched with a higher version, then
-- deletes their older rows; reads use FINAL (the engine's `final` setting), so a row written
-- again under the same sort key counts once (docs/clickhouse.md, Loading, says what a load cut
-- between its insert and its delete leaves).
-- Each statement is laid out as `CREATE TABLE IF NOT EXISTS name (...) ENGINE = ...` (a migration
-- cut short can run again: ClickHouse has no transactional DDL) so that
-- a cluster's replicated and distributed tables can be derived from it (docs/scaling.md).

CREATE TABLE IF NOT EXISTS projects (
    project_id  String,
    name        String,
    created_at  DateTime64(6, 'UTC') DEFAULT now64(6)
) ENGINE = ReplacingMergeTree
ORDER BY project_id;
INSERT INTO projects (project_id, name) VALUES ('default', 'Default project');

CREATE TABLE IF NOT EXISTS events (
    project_id        LowCardinality(String),
    event_id          String,
    event             LowCardinality(String),
    person_id         String,
    distinct_id       String,
    anonymous_id      Nullable(String),
    timestamp         DateTime64(6, 'UTC'),
    received_at       DateTime64(6, 'UTC'),
    session_id        Nullable(String),
    client_session_id Nullable(String),
    url               Nullable(String),
    path              Nullable(String),
    referrer          Nullable(String),
    referring_domain  Nullable(String),
    utm_source        Nullable(String),
    utm_medium        Nullable(String),
    utm_campaign      Nullable(String),
    device_type       LowCardinality(Nullable(String)),
    browser           LowCardinality(Nullable(String)),
    os                LowCardinality(Nullable(String)),
    country           LowCardinality(Nullable(String)),
    properties        Nullable(String),
    _version          UInt64
) ENGINE = ReplacingMergeTree(_version)
PARTITION BY toYYYYMM(timestamp)
ORDER BY (project_id, event, toDate(timestamp), cityHash64(person_id), event_id);

CREATE TABLE IF NOT EXISTS identities (
    project_id   LowCardinality(String),
    distinct_id  String,
    person_id    String,
    linked_at    DateTime64(6, 'UTC')
) ENGINE = ReplacingMergeTree
ORDER BY (project_id, distinct_id);

CREATE TABLE IF NOT EXISTS persons (
    project_id     LowCardinality(String),
    person_id      String,
    traits         Nullable(String),
    first_seen     Nullable(DateTime64(6, 'UTC')),
    last_seen      Nullable(DateTime64(6, 'UTC')),
    is_identified  Bool DEFAULT false,
    _version       UInt64
) ENGINE = ReplacingMergeTree(_version)
ORDER BY (project_id, person_id);

CREATE TABLE IF NOT EXISTS sessions (
    project_id        LowCardinality(String),
    session_id        String,
    person_id         String,
    started_at        DateTime64(6, 'UTC'),
    ended_at          DateTime64(6, 'UTC'),
    duration_s        Float64,
    events            Int32,
    pageviews         Int32,
    interactions      Int32,
    entry_path        Nullable(String),
    exit_path         Nullable(String),
    entry_url         Nullable(String),
    is_bounce         Nullable(Bool),
    is_first_session  Bool,
    referrer          Nullable(String),
    referring_domain  Nullable(String),
    utm_source        Nullable(String),
    utm_medium        Nullable(String),
    utm_campaign      Nullable(String),
    device_type       LowCardinality(Nullable(String)),
    browser           LowCardinality(Nullable(String)),
    os                LowCardinality(Nullable(String)),
    country           LowCardinality(Nullable(String)),
    _version          UInt64
) ENGINE = ReplacingMergeTree(_version)
PARTITION BY toYYYYMM(started_at)
ORDER BY (project_id, cityHash64(person_id), session_id);

CREATE TABLE IF NOT EXISTS feedback (
    project_id   LowCardinality(String),
    feedback_id  String,
    person_id    Nullable(String),
    timestamp    DateTime64(6, 'UTC'),
    kind         LowCardinality(String),
    score        Nullable(Float64),
    text         Nullable(String),
    source       Nullable(String),
    properties   Nullable(String),
    sentiment    Nullable(Float64),
    label        LowCardinality(Nullable(String)),
    language     LowCardinality(Nullable(String)),
    themes       Array(String)
) ENGINE = ReplacingMergeTree
ORDER BY (project_id, feedback_id);

CREATE TABLE IF NOT EXISTS rejects (
    project_id   LowCardinality(String),
    source       String,
    row_number   Nullable(Int64),
    field        Nullable(String),
    reason       String,
    raw          Nullable(String),
    rejected_at  DateTime64(6, 'UTC') DEFAULT now64(6)
) ENGINE = MergeTree
ORDER BY (project_id, rejected_at);

CREATE TABLE IF NOT EXISTS settings (
    key    String,
    value  String
) ENGINE = ReplacingMergeTree
ORDER BY key;

CREATE TABLE IF NOT EXISTS project_keys (
    key_id      String,
    key_hash    String,
    project_id  String,
    kind        LowCardinality(String),
    created_at  DateTime64(6, 'UTC') DEFAULT now64(6)
) ENGINE = ReplacingMergeTree
ORDER BY key_id;

CREATE TABLE IF NOT EXISTS saved_insights (
    insight_id  String,
    project_id  String,
    name        String,
    kind        LowCardinality(String),
    options     String,
    created_at  DateTime64(6, 'UTC') DEFAULT now64(6),
    updated_at  DateTime64(6, 'UTC') DEFAULT now64(6)
) ENGINE = ReplacingMergeTree(updated_at)
ORDER BY insight_id;

CREATE TABLE IF NOT EXISTS dashboards (
    dashboard_id String,
    project_id   String,
    name         String,
    items        String,
    created_at   DateTime64(6, 'UTC') DEFAULT now64(6),
    updated_at   DateTime64(6, 'UTC') DEFAULT now64(6)
) ENGINE = ReplacingMergeTree(updated_at)
ORDER BY dashboard_id;

CREATE TABLE IF NOT EXISTS deleted_ids (
    project_id   LowCardinality(String),
    distinct_id  String,
    deleted_at   DateTime64(6, 'UTC') DEFAULT now64(6)
) ENGINE = ReplacingMergeTree
ORDER BY (project_id, distinct_id);
