-- Segments on ClickHouse: the tables of DuckDB's migration 0007, with the same names and columns.
-- A segment's row is written once and its `refreshed_at` changed in place (a mutation: segments
-- are few); its members and the stored churn scores are replaced by deleting the old rows and
-- inserting the new. All three are small beside the events, so a cluster replicates them in
-- full (docs/scaling.md).

CREATE TABLE IF NOT EXISTS segments (
    segment_id    String,
    project_id    String,
    name          String,
    kind          LowCardinality(String),
    definition    Nullable(String),
    description   Nullable(String),
    created_at    DateTime64(6, 'UTC') DEFAULT now64(6),
    refreshed_at  Nullable(DateTime64(6, 'UTC'))
) ENGINE = ReplacingMergeTree
ORDER BY segment_id;

CREATE TABLE IF NOT EXISTS segment_members (
    segment_id  String,
    person_id   String
) ENGINE = ReplacingMergeTree
ORDER BY (segment_id, person_id);

CREATE TABLE IF NOT EXISTS churn_scores (
    project_id     LowCardinality(String),
    inactive_days  Float64,
    person_id      String,
    score          Float64,
    cutoff         DateTime64(6, 'UTC'),
    scored_at      DateTime64(6, 'UTC') DEFAULT now64(6)
) ENGINE = ReplacingMergeTree
ORDER BY (project_id, inactive_days, person_id);
