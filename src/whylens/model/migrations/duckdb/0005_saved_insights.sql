-- Saved insights (an analysis, its options and a name) and dashboards (a grid of saved insights),
-- kept per project so that a link or a dashboard outlives the browser tab that made it.
CREATE TABLE saved_insights (
    insight_id  VARCHAR PRIMARY KEY,
    project_id  VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,      -- trends | sessions | funnel | retention | paths | ...
    options     JSON NOT NULL,         -- the query parameters of /api/<kind>
    created_at  TIMESTAMP NOT NULL DEFAULT now(),
    updated_at  TIMESTAMP NOT NULL DEFAULT now()
);
CREATE TABLE dashboards (
    dashboard_id VARCHAR PRIMARY KEY,
    project_id   VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    items        JSON NOT NULL,        -- [{"insight_id", "x", "y", "w", "h"}, ...]
    created_at   TIMESTAMP NOT NULL DEFAULT now(),
    updated_at   TIMESTAMP NOT NULL DEFAULT now()
);
