-- Ids of deleted persons: events sent later under them are dropped, never re-linked.
CREATE TABLE deleted_ids (
    project_id   VARCHAR NOT NULL,
    distinct_id  VARCHAR NOT NULL,
    deleted_at   TIMESTAMP NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, distinct_id)
);
