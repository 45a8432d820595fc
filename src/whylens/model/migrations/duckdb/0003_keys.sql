-- Project keys: a write key lets a client send events to one project; a read key is for queries.
-- Only a hash of each key is stored; the key itself is shown once, when it is created.
CREATE TABLE project_keys (
    key_id      VARCHAR PRIMARY KEY,   -- the key's first characters, shown in lists
    key_hash    VARCHAR NOT NULL UNIQUE,   -- sha256 of the whole key, hex
    project_id  VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,      -- write | read
    created_at  TIMESTAMP NOT NULL DEFAULT now()
);
