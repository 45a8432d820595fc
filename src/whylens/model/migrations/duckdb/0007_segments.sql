-- Segments: named groups of persons, per project. A dynamic segment keeps only its definition and
-- is evaluated when a query uses it; a static one also keeps the person ids it had when saved or
-- last refreshed. Auto-segmentation clusters are saved as static segments without a definition.
CREATE TABLE segments (
    segment_id    VARCHAR PRIMARY KEY,
    project_id    VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,      -- static | dynamic
    definition    JSON,                  -- the rule (docs/segments.md); NULL for saved clusters
    description   VARCHAR,
    created_at    TIMESTAMP NOT NULL DEFAULT now(),
    refreshed_at  TIMESTAMP,             -- when a static segment's members were last taken
    UNIQUE (project_id, name)
);
CREATE TABLE segment_members (
    segment_id  VARCHAR NOT NULL,
    person_id   VARCHAR NOT NULL,
    PRIMARY KEY (segment_id, person_id)
);
-- Churn scores stored for the `churn_risk_above` condition: the latest scoring per project and
-- inactivity period replaces the previous one.
CREATE TABLE churn_scores (
    project_id     VARCHAR NOT NULL,
    inactive_days  DOUBLE NOT NULL,
    person_id      VARCHAR NOT NULL,
    score          DOUBLE NOT NULL,
    cutoff         TIMESTAMP NOT NULL,   -- the scoring date: the day after the data ended
    scored_at      TIMESTAMP NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, inactive_days, person_id)
);
