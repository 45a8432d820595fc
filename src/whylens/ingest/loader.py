"""The one path by which events enter the store, whatever brought them (a file, an endpoint).

Rows of a source (a file, a request batch) are first gathered in a pending table; `flush` then
stores them set-based, a whole source at a time (up to `batch_rows`): ids (their own, or one
derived from their content), identity links, persons, and only what the store does not hold
yet. `finish` rebuilds the sessions and person rows of everyone touched. Joins against the
store that cannot match (no events, links or deleted ids in the project yet) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from whylens.engines.base import Engine
from whylens.ingest import derived
from whylens.ingest.normalize import NULL, EventRows
from whylens.ingest.surveys import surveys_to_feedback
from whylens.model import identity, persons, sessions, vocabulary

PENDING = "_whylens_pending"
REPEATS = "_whylens_repeats"
NUMBERED = "_whylens_numbered"
FIRST_OF_ID = "_whylens_first_of_id"
HASH_COUNTS = "_whylens_hash_counts"
#: the ids of the project's stored events, against which new rows are deduplicated
STORED_IDS = "(SELECT event_id FROM events WHERE project_id = $project)"
#: the columns of a pending row (`pending_sql`; those a source cannot fill are not kept), and
#: of a new row with those derived from them (ingest/derived.py) and its ids
ROW_COLUMNS = (
    "_row", "timestamp", "event", "user_id", "anonymous_id", "given_id", "client_session_id",
    "url", "referrer", "utm_source", "utm_medium", "utm_campaign", "device_type", "browser",
    "os", "country", "properties",
)  # fmt: skip

EVENT_COLUMNS = (
    "project_id, event_id, event, person_id, distinct_id, anonymous_id, timestamp, received_at,"
    " session_id, client_session_id, url, path, referrer, referring_domain, utm_source,"
    " utm_medium, utm_campaign, device_type, browser, os, country, properties"
)
#: the content that identifies an event without an id of its own (its id: md5 hex, `-`, and
#: the row's occurrence number among identical rows of its source)
CONTENT = (
    "concat_ws(chr(31), coalesce(user_id, ''), coalesce(anonymous_id, ''), event,"
    " CAST(epoch_us(timestamp) AS VARCHAR), CAST(properties AS VARCHAR))"
)


@dataclass
class LoadCounts:
    valid: int = 0
    imported: int = 0
    feedback: int = 0  # survey answers among the events, stored as feedback

    @property
    def duplicates(self) -> int:
        return self.valid - self.imported


class EventLoader:
    """Loads sources of normalised rows for one project, a source at a time."""

    #: pending rows stored per batch: a source larger than this is stored in several batches,
    #: each in its own transaction (DuckDB spills the pending rows to disk beyond its memory
    #: limit, so this bounds the temporary disk space, not memory)
    batch_rows = 20_000_000

    def __init__(
        self,
        engine: Engine,
        project_id: str = "default",
        session_timeout_s: int = vocabulary.SESSION_TIMEOUT_S,
    ) -> None:
        self.engine = engine
        self.project_id = project_id
        self.session_timeout_s = session_timeout_s
        # the load's mark on its rows; unique per load since loads never overlap
        self.received_at = datetime.now(timezone.utc).replace(tzinfo=None)
        self._pending_rows = 0
        self._source_continues = False  # set while a batch is stored in the middle of a source
        self._into_empty_project: bool | None = None  # known at the first batch stored
        self._ties = False  # whether two events of a person numbered so far share an instant
        self._columns: list[str] = []  # those of the pending table, while there is one
        self.counts = LoadCounts()
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {sessions.TOUCHED} (project_id VARCHAR, person_id VARCHAR)"
        )
        self.start_source()

    def start_source(self) -> None:
        """Identical rows are numbered per source: their occurrence counts start again."""
        self.engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {HASH_COUNTS} (k UBIGINT, h VARCHAR, n BIGINT)"
        )

    def add(self, rows: EventRows, first_row: int) -> int:
        """Append a chunk's rows (numbered from `first_row` on) to the pending table; returns
        how many of them are rejected (they stay out of the store, see `importer`).

        Only the columns the chunk fills are stored (a temporary table is not compressed: the
        NULLs of a column a file lacks would cost as much memory as values), and of the reason
        of a reject only whether there is one. The rows are not filtered on it here: a filter
        is pushed down into the expressions it reads, which would then read every timestamp
        twice.
        """
        chunk = (
            f"SELECT {', '.join(rows.columns)}, _field IS NOT NULL AS _rejected FROM ({rows.sql})"
        )
        if not self._columns:
            self.engine.execute(f"CREATE OR REPLACE TEMP TABLE {PENDING} AS {chunk}", rows.params)
            self._columns = list(rows.columns)
        else:
            for column in rows.columns:
                if column not in self._columns:  # optional columns are all text
                    self.engine.execute(f"ALTER TABLE {PENDING} ADD COLUMN {column} VARCHAR")
                    self._columns.append(column)
            self.engine.execute(f"INSERT INTO {PENDING} BY NAME {chunk}", rows.params)
        self._pending_rows = int(self.engine.scalar(f"SELECT count(*) FROM {PENDING}") or 0)
        return int(
            self.engine.scalar(
                f"SELECT count(*) FROM {PENDING} WHERE _row >= {int(first_row)} AND _rejected"
            )
            or 0
        )

    def pending_sql(self) -> str:
        """The pending rows that are not rejected, with every column of `ROW_COLUMNS` and their
        `distinct_id`."""
        columns = [c if c in self._columns else f"{NULL} AS {c}" for c in ROW_COLUMNS]
        distinct = "coalesce(user_id, anonymous_id)" if self._fills("anonymous_id") else "user_id"
        return (
            f"(SELECT {', '.join(columns)}, {distinct} AS distinct_id FROM {PENDING}"
            " WHERE NOT _rejected)"
        )

    def _fills(self, column: str) -> bool:
        """Whether a pending row can have a value in `column`."""
        return column in self._columns

    @property
    def full(self) -> bool:
        return self._pending_rows >= self.batch_rows

    def flush_if_full(self) -> None:
        if self.full:
            self._source_continues = True
            try:
                self.flush()
            finally:
                self._source_continues = False

    def flush(self) -> None:
        """Store the pending rows: ids, dedup against the store, persons resolved."""
        if not self._columns:
            return
        engine, params = self.engine, {"project": self.project_id}
        valid = self.pending_sql()
        count = int(engine.scalar(f"SELECT count(*) FROM {valid}") or 0)
        if count:
            derived.prepare(engine, PENDING, self._columns)
            if identity.learn_links(engine, valid, self.project_id):
                persons.carry_traits(engine, identity.LINKS, self.project_id)
                engine.execute(
                    f"INSERT INTO {sessions.TOUCHED} SELECT $project, person_id"
                    f" FROM {identity.LINKS} UNION SELECT $project, distinct_id"
                    f" FROM {identity.LINKS}",
                    params,
                )
            self._store(valid)
        # their memory, for what follows
        for table in (PENDING, NUMBERED, REPEATS, FIRST_OF_ID, *derived.TABLES):
            engine.execute(f"DROP TABLE IF EXISTS {table}")
        self._pending_rows, self._columns = 0, []
        self.counts.valid += count

    def _store(self, valid: str) -> None:
        """Insert the valid rows the store does not hold yet.

        When the project holds no events yet, every person of the batch is new: their sessions
        are numbered here, before the insert, rather than updated into the stored rows later.
        """
        engine, params = self.engine, {"project": self.project_id}
        before = engine.scalar("SELECT count(*) FROM events WHERE project_id = $project", params)
        if self._into_empty_project is None:
            self._into_empty_project = not before
        session, numbered = "NULL", ""
        if before:
            new = self.new_rows_sql(valid, STORED_IDS)
        else:
            new = self._number_new_rows(valid)
            session = "n.person_id || '#' || s.session_number"
            numbered = f"LEFT JOIN {NUMBERED} s ON s.rid = n._row"
        engine.execute(
            f"""
            INSERT INTO events ({EVENT_COLUMNS})
            SELECT $project, n.event_id, n.event, n.person_id, n.distinct_id, n.anonymous_id,
                n.timestamp, $received_at, {session}, n.client_session_id, n.url, n.path,
                n.referrer, n.referring_domain, n.utm_source, n.utm_medium, n.utm_campaign,
                n.device_type, n.browser, n.os, n.country, n.properties
            FROM ({new}) n {numbered}
            """,
            {**params, "received_at": self.received_at},
        )
        if self._source_continues:
            engine.execute(
                f"INSERT INTO {HASH_COUNTS} SELECT hash({CONTENT}), md5({CONTENT}), count(*)"
                f" FROM {valid} WHERE given_id IS NULL GROUP BY ALL"
            )
        after = engine.scalar("SELECT count(*) FROM events WHERE project_id = $project", params)
        self.counts.imported += int(after - before)

    def _number_new_rows(self, valid: str) -> str:
        """Number the sessions of the new rows into NUMBERED (into an empty project: every
        person is new); SQL for the new rows.

        Without client session ids the numbering needs no event ids, and it finds the rows
        that can repeat another: identical rows are of one person at one instant, so only the
        rows at an instant shared with another of their person's need their content compared.
        (With client ids, events at one instant are numbered in id order: ids come first.)
        """
        client_ids = self._fills("client_session_id") and sessions.has_client_ids(
            self.engine, valid
        )
        earlier = bool(self.engine.scalar(f"SELECT count(*) FROM {HASH_COUNTS}"))
        params, timeout_s = {"project": self.project_id}, self.session_timeout_s
        if client_ids or earlier:
            new = self._new_rows(
                valid, self._number_repeats(valid), self._find_repeated_ids(valid), None
            )
            self._ties |= sessions.number_into(
                self.engine, NUMBERED, _numbered_rows(new), client_ids, timeout_s, params
            )
            return derived.with_derived(new, self._columns)
        repeated_ids = self._find_repeated_ids(valid)
        unnumbered = self._new_rows(valid, False, repeated_ids, None)
        ties = sessions.number_into(
            self.engine, NUMBERED, _numbered_rows(unnumbered), False, timeout_s, params
        )
        self._ties |= ties
        repeats = ties and self._number_tied_repeats(valid)
        return derived.with_derived(
            self._new_rows(valid, repeats, repeated_ids, None), self._columns
        )

    def new_rows_sql(self, valid: str, stored_ids: str | None) -> str:
        """SQL for the valid rows new to the store (`_new_rows_sql`), after dropping those whose
        id is in relation `stored_ids` (None: the store holds none of them), with the columns
        derived from them (ingest/derived.py)."""
        repeats = self._number_repeats(valid)
        new = self._new_rows(valid, repeats, self._find_repeated_ids(valid), stored_ids)
        return derived.with_derived(new, self._columns)

    def _new_rows(self, valid: str, repeats: bool, repeated_ids: str, stored_ids: str | None):
        return _new_rows_sql(
            valid,
            repeats,
            repeated_ids,
            stored_ids=stored_ids,
            has_deleted=self._holds("deleted_ids"),
            has_identities=self._holds("identities"),
        )

    def _holds(self, table: str) -> bool:
        """Whether `table` has a row of the project (joins against it can be left out if not)."""
        return bool(
            self.engine.scalar(
                f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE project_id = $project LIMIT 1)",
                {"project": self.project_id},
            )
        )

    def _number_repeats(self, valid: str) -> bool:
        """Occurrence numbers of the rows identical to another row of the source (REPEATS);
        whether there are any.

        Identical rows are rare: a 64-bit hash of every row finds the suspects, whose exact
        content hash then decides.
        """
        key = f"hash({CONTENT})"
        suspects = (
            f"SELECT {key} AS k FROM {valid} WHERE given_id IS NULL GROUP BY k HAVING count(*) > 1"
        )
        if self.engine.scalar(f"SELECT count(*) FROM {HASH_COUNTS}"):
            suspects += f" UNION SELECT k FROM {HASH_COUNTS}"
        return self._occurrences(
            f"SELECT * FROM {valid} WHERE given_id IS NULL AND {key} IN ({suspects})"
        )

    def _number_tied_repeats(self, valid: str) -> bool:
        """`_number_repeats` for rows numbered in NUMBERED: the suspects are the rows at the
        instants where a person has more than one (identical rows share person and instant)."""
        instants = (
            f"SELECT DISTINCT v.distinct_id, v.timestamp FROM {valid} v"
            f" JOIN {NUMBERED} n ON n.rid = v._row WHERE n.tied"
        )
        return self._occurrences(
            f"SELECT v.* FROM {valid} v SEMI JOIN ({instants}) i"
            " ON i.distinct_id = v.distinct_id AND i.timestamp = v.timestamp"
            " WHERE v.given_id IS NULL"
        )

    def _occurrences(self, suspects: str) -> bool:
        """Occurrence numbers (REPEATS) of the rows of relation `suspects` whose content came
        before in the source (the number of any other row is 1), counting on from earlier
        batches of it; whether there are any."""
        self.engine.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {REPEATS} AS
            SELECT * FROM (
                SELECT _row,
                    coalesce(e.n, 0) + row_number() OVER (PARTITION BY h ORDER BY _row) AS n
                FROM (SELECT _row, md5({CONTENT}) AS h FROM ({suspects})) c
                LEFT JOIN (SELECT h, sum(n) AS n FROM {HASH_COUNTS} GROUP BY h) e USING (h)
            ) WHERE n > 1
            """
        )
        return bool(self.engine.scalar(f"SELECT count(*) FROM {REPEATS}"))

    def _find_repeated_ids(self, valid: str) -> str:
        """The first row of each id given more than once in the batch (FIRST_OF_ID); SQL keeping
        only those rows, or nothing when no id repeats."""
        if not self._fills("given_id"):
            return ""
        self.engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {FIRST_OF_ID} AS"
            f" SELECT given_id, min(_row) AS first_row FROM {valid}"
            " WHERE given_id IS NOT NULL GROUP BY given_id HAVING count(*) > 1"
        )
        if not self.engine.scalar(f"SELECT count(*) FROM {FIRST_OF_ID}"):
            return ""
        return (
            f"LEFT JOIN {FIRST_OF_ID} d ON d.given_id = r.given_id"
            " WHERE d.first_row IS NULL OR d.first_row = r._row"
        )

    def finish(self) -> None:
        """Sessions and person rows of everyone this loader touched, rebuilt from their events;
        the survey answers among the new events stored as feedback.

        Persons with events stored without a session (they had events before) or with new
        identity links are sessionized over their whole history, so late events and identity
        merges give the sessions a fresh import would.
        """
        self.flush()
        engine, marker = self.engine, {"received_at": self.received_at}
        touched = sessions.TOUCHED
        loaded = (
            "SELECT DISTINCT project_id, person_id FROM events WHERE received_at = $received_at"
        )
        engine.execute(f"INSERT INTO {touched} {loaded} AND session_id IS NULL", marker)
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {touched} AS SELECT DISTINCT * FROM {touched}"
        )
        if engine.scalar(f"SELECT count(*) FROM {touched}"):
            self._ties |= sessions.resessionize(engine, touched, self.session_timeout_s)
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {touched} AS SELECT * FROM {touched} UNION {loaded}",
            marker,
        )
        # into an empty project, the load touched every person of it: no need to pick them out
        whole = self.project_id if self._into_empty_project else None
        if engine.scalar(f"SELECT count(*) FROM {touched}"):
            sessions.rebuild(engine, whole, self._ties)
            persons.refresh(engine, whole)
        engine.execute(f"DELETE FROM {touched}")
        self.counts.feedback += surveys_to_feedback(engine, self.project_id, self.received_at)


def _numbered_rows(new: str) -> str:
    """The new rows as `sessions.number_sql` reads them."""
    return (
        f"(SELECT _row AS rid, $project AS project_id, person_id, timestamp, client_session_id,"
        f" event_id FROM ({new}))"
    )


def _new_rows_sql(
    valid: str,
    repeats: bool,
    repeated_ids: str,
    *,
    stored_ids: str | None,
    has_deleted: bool,
    has_identities: bool,
) -> str:
    """The valid rows that are new to the store, with their `event_id` and `person_id`.

    `repeats`: REPEATS holds occurrence numbers; `repeated_ids`: SQL from `_find_repeated_ids`;
    `stored_ids`: a relation of the ids the store holds (`event_id`), or None. Joins that
    cannot match are left out.
    """
    occurrence = f"'-' || coalesce({REPEATS}.n, 1)" if repeats else "'-1'"
    numbered = f"LEFT JOIN {REPEATS} USING (_row)" if repeats else ""
    person = identity.person_expression() if has_identities else "r.distinct_id"
    joins = [identity.identity_joins()] if has_identities else []
    if stored_ids is not None:
        joins.append(f"ANTI JOIN {stored_ids} e ON e.event_id = r.event_id")
    if has_deleted:
        gone = "(SELECT distinct_id FROM deleted_ids WHERE project_id = $project)"
        joins.append(f"ANTI JOIN {gone} gone ON gone.distinct_id = r.distinct_id")
        joins.append(f"ANTI JOIN {gone} gone_anon ON gone_anon.distinct_id = r.anonymous_id")
    return f"""
        SELECT r.*, {person} AS person_id
        FROM (
            SELECT v.*, coalesce(given_id, md5({CONTENT}) || {occurrence}) AS event_id
            FROM {valid} v {numbered}
        ) r
        {" ".join(joins)}
        {repeated_ids}
    """
