-- The event store: events, the persons they resolve to, identity links, feedback and rejects.
-- All timestamps are TIMESTAMP holding UTC wall-clock time, to the microsecond.

CREATE TABLE projects (
    project_id  VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL DEFAULT now()
);
INSERT INTO projects (project_id, name) VALUES ('default', 'Default project');

CREATE TABLE events (
    project_id        VARCHAR NOT NULL,
    event_id          VARCHAR NOT NULL,   -- client messageId / uuid, or a content hash
    event             VARCHAR NOT NULL,
    person_id         VARCHAR NOT NULL,   -- resolved through identities
    distinct_id       VARCHAR NOT NULL,   -- the id the event was sent with
    anonymous_id      VARCHAR,
    timestamp         TIMESTAMP NOT NULL,
    received_at       TIMESTAMP NOT NULL,
    session_id        VARCHAR,            -- computed by sessionization
    client_session_id VARCHAR,            -- as sent by the client ($session_id, context.sessionId)
    url               VARCHAR,
    path              VARCHAR,
    referrer          VARCHAR,
    referring_domain  VARCHAR,
    utm_source        VARCHAR,
    utm_medium        VARCHAR,
    utm_campaign      VARCHAR,
    device_type       VARCHAR,
    browser           VARCHAR,
    os                VARCHAR,
    country           VARCHAR,
    properties        JSON
);

CREATE TABLE identities (
    project_id   VARCHAR NOT NULL,
    distinct_id  VARCHAR NOT NULL,
    person_id    VARCHAR NOT NULL,
    linked_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, distinct_id)
);

CREATE TABLE persons (
    project_id     VARCHAR NOT NULL,
    person_id      VARCHAR NOT NULL,
    traits         JSON,
    first_seen     TIMESTAMP,
    last_seen      TIMESTAMP,
    is_identified  BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (project_id, person_id)
);

CREATE TABLE sessions (
    project_id        VARCHAR NOT NULL,
    session_id        VARCHAR NOT NULL,
    person_id         VARCHAR NOT NULL,
    started_at        TIMESTAMP NOT NULL,
    ended_at          TIMESTAMP NOT NULL,
    duration_s        DOUBLE NOT NULL,
    events            INTEGER NOT NULL,
    pageviews         INTEGER NOT NULL,
    interactions      INTEGER NOT NULL,   -- events that are not page views
    entry_path        VARCHAR,
    exit_path         VARCHAR,
    entry_url         VARCHAR,
    is_bounce         BOOLEAN,            -- default (posthog) rule; NULL when no page view
    is_first_session  BOOLEAN NOT NULL,   -- the person's first session ever: a new visitor
    referrer          VARCHAR,
    referring_domain  VARCHAR,
    utm_source        VARCHAR,
    utm_medium        VARCHAR,
    utm_campaign      VARCHAR,
    device_type       VARCHAR,
    browser           VARCHAR,
    os                VARCHAR,
    country           VARCHAR
);

CREATE TABLE feedback (
    project_id   VARCHAR NOT NULL,
    feedback_id  VARCHAR NOT NULL,
    person_id    VARCHAR,
    timestamp    TIMESTAMP NOT NULL,
    kind         VARCHAR NOT NULL,   -- nps | csat | ces | text
    score        DOUBLE,
    text         VARCHAR,
    source       VARCHAR,
    properties   JSON
);

CREATE TABLE rejects (
    project_id   VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,   -- file path or endpoint
    row_number   BIGINT,             -- 1-based data row (header excluded)
    field        VARCHAR,
    reason       VARCHAR NOT NULL,
    raw          VARCHAR,            -- the row as it arrived, for inspection
    rejected_at  TIMESTAMP NOT NULL DEFAULT now()
);
