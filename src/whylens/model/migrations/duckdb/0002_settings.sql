-- Key-value settings of a database (e.g. that it holds generated demo data, and its seed).
CREATE TABLE settings (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);
