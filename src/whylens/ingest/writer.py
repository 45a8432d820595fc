"""The background writer: events move from the write-ahead log into the store, in batches.

Each batch is parsed by DuckDB (ingest/logged.py) and appended (`append_logged`: the import's
checks, ids, dedup and identity links, with sessions and person rows extended rather than
rebuilt; docs/adr/0008). Then, in a second transaction, person traits are merged, the requests'
rejects are kept and the log position reached is recorded. A crash between the two replays the
batch on the next start: the store already holds its event ids, so it adds nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from whylens.engines.base import Engine, Params
from whylens.errors import QueryError
from whylens.ingest.capture import feedback
from whylens.ingest.logged import Logged
from whylens.ingest.logged import read as read_logged
from whylens.ingest.stores import appender_for
from whylens.ingest.wal import WriteAheadLog
from whylens.insights.feedback.store import score_feedback
from whylens.model import identity, settings
from whylens.model.feedback import add_feedback

CHECKPOINT = "capture.log.applied"
#: failures of one record alone before it is set aside in the rejects table
SET_ASIDE_AFTER = 3
#: the source name of events stored from the log (and of their rare late rejects)
SOURCE = "capture"
#: at most one batch per interval (and a pause as long as the batch took) while the backlog is
#: small: a batch has a fixed cost (a few dozen statements, planned anew: some 80 ms of CPU),
#: so under load fewer, larger batches cost a fraction of the CPU; the store lags the log by
#: about this much, or twice the time a batch takes
BATCH_INTERVAL_S = 1.0
#: log bytes stored per batch when behind: 32 MB (about 45,000 PostHog events) took about a
#: quarter less CPU per event than 16 MB (a batch also reads the recent store: the ids of the
#: day, the sessions of its persons), for about 100 MB more peak memory (PostHog events into a
#: store of 300,000 to 570,000)
BATCH_BYTES = 32 << 20
#: DuckDB's checkpoint threshold while the writer runs (its default: 16 MB of its WAL, about
#: 10,000 PostHog events). Each checkpoint compresses again the part of the events' last row
#: group written before it; 64 MB took less CPU than 16, 32, 128 or 256 MB
CHECKPOINT_THRESHOLD = "64MB"
log = logging.getLogger("whylens.writer")


def checkpoint(engine: Engine) -> int:
    """The log position up to which the store holds everything (0 for a new database)."""
    value = settings.get(engine, CHECKPOINT)
    return int(value) if value else 0


class LogWriter:
    """Applies the log to the store on its own database connection and thread."""

    def __init__(
        self,
        engine: Engine,
        wal: WriteAheadLog,
        batch_bytes: int = BATCH_BYTES,
        interval_s: float = BATCH_INTERVAL_S,
    ) -> None:
        cursor = getattr(engine, "cursor", None)
        self.engine: Engine = _Connection(cursor()) if cursor else engine
        if cursor:
            self.engine.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
        self.wal = wal
        self.batch_bytes = batch_bytes
        self.interval_s = interval_s
        self.applied = max(checkpoint(self.engine), wal.first)
        self.failures = 0
        self._careful_until = 0  # after a failed batch: one record at a time up to here
        #: where the log's JSON is parsed (ingest/logged.py): a DuckDB store's own connection,
        #: so that the events go from there to the store without leaving it; else a scratch
        self._parser = self.engine if cursor else _Connection(duckdb.connect())
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def backlog(self) -> int:
        """Bytes of log acknowledged to clients but not in the store yet."""
        return self.wal.durable - self.applied

    def apply_once(self, max_bytes: int | None = None) -> int:
        """Store the next batch of logged requests; returns how many were applied."""
        entries = list(self.wal.read(self.applied, max_bytes or self.batch_bytes))
        if not entries:
            return 0
        end = entries[-1][0]
        logged = read_logged(self._parser, [payload for _, payload in entries])
        try:
            self._store(logged)
            with self.engine.transaction():
                for project in logged.projects:
                    apply_traits(self.engine, logged.traits(project), project)
                    _keep_rejects(self.engine, logged.documents_of(project), project)
                self._record(end)
        finally:
            logged.close()
        self.applied = end
        self.wal.release(end)
        return len(entries)

    def _store(self, logged: Logged) -> None:
        """Each project's events and feedback items; new feedback scored."""
        with_feedback = set()
        for project in logged.projects:
            if logged.counts[project]:
                appender = appender_for(self.engine)
                if appender.append_logged(self.engine, logged, project, SOURCE).feedback:
                    with_feedback.add(project)  # survey answers
            items = [item for doc in logged.documents_of(project) for item in doc["feedback"]]
            if items:  # idempotent like the events: a replayed item has its id stored already
                add_feedback(self.engine, feedback.table(items), project)
                with_feedback.add(project)
        for project in with_feedback:
            self._score(project)

    def _score(self, project: str) -> None:
        """Sentiment of the new feedback, in this thread (no worker processes forked from a
        server); a failure leaves rows unscored, and every feedback analysis scores those."""
        try:
            score_feedback(self.engine, project, workers=1)
        except Exception:
            log.exception("capture writer: scoring feedback of project %s failed", project)

    def step(self) -> bool:
        """Apply the next batch; False if it failed (the log keeps it for the next try).

        After a failed batch its records go one at a time, and a record that keeps failing alone
        is set aside in the rejects table with the error: one bad record cannot stop the rest.
        """
        careful = self.applied < self._careful_until
        try:
            self.apply_once(1 if careful else None)
        except Exception as exc:
            self.failures += 1
            log.exception("capture writer: storing from position %d failed", self.applied)
            if not careful:
                self._careful_until, self.failures = self.wal.durable, 1
            elif self.failures >= SET_ASIDE_AFTER and "onflict" not in str(exc):
                self._set_aside(exc)
                self.failures = 0
                return True
            return False
        self.failures = 0
        return True

    def drain(self, max_failures: int = 8) -> bool:
        """Apply until the store holds everything logged; False if it keeps failing."""
        while self.backlog > 0:
            if not self.step():
                if self.failures >= max_failures:
                    return False
                time.sleep(min(0.05 * self.failures, 1))
        return True

    def _set_aside(self, error: Exception) -> None:
        end, payload = next(iter(self.wal.read(self.applied, 1)))
        received = None
        try:
            document = orjson.loads(payload)
            project, source = str(document["project"]), str(document["source"])
            received = document.get("received")
        except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
            project, source = "default", SOURCE
        with self.engine.transaction():
            self.engine.execute(
                "INSERT INTO rejects (project_id, source, reason, raw, rejected_at)"
                " VALUES ($p, $s, $r, $raw, $at)",
                {
                    "p": project,
                    "s": source,
                    "r": f"could not be stored: {error}",
                    "raw": payload.decode(errors="replace"),
                    "at": _rejected_at(received, time.time_ns() // 1000),
                },
            )
            self._record(end)
        log.error("capture writer: set a logged request aside in rejects: %s", error)
        self.applied = end

    def _record(self, end: int) -> None:
        settings.put(self.engine, CHECKPOINT, str(end))

    # -- the background thread ---------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="whylens-writer", daemon=True)
        self._thread.start()

    def stop(self) -> bool:
        """Stop the thread, then store what is left (the log takes no appends by now)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        return self.drain()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.backlog <= 0:
                self.wal.appended.wait(0.2)
                self.wal.appended.clear()
                continue
            started = time.monotonic()
            if not self.step():
                self._stop.wait(min(0.2 * self.failures, 5))
            elif self.backlog < self.batch_bytes:  # let the next batch grow, unless it is full
                spent = time.monotonic() - started
                # one batch per interval at most, and a pause at least as long as the batch took:
                # while it keeps up, the writer is busy half the time at most
                self._stop.wait(max(self.interval_s - spent, spent))


def apply_traits(engine: Engine, events: list[dict[str, Any]], project_id: str) -> None:
    """Merge `set` and `set_once` traits into persons, in arrival order.

    `set` overwrites; `set_once` only fills keys the person does not have yet. Values of any
    JSON type are merged as JSON, so traits that differ in type between persons are fine.
    """
    carrying = [e for e in events if "set" in e or "set_once" in e]
    if not carrying:
        return
    if engine.dialect == "clickhouse":  # this code, on a scratch DuckDB
        from whylens.model.clickhouse_traits import apply_captured

        return apply_captured(engine, carrying, project_id)  # type: ignore[arg-type]
    ids = pa.table(
        {
            "seq": pa.array(range(len(carrying)), pa.int64()),
            "user_id": pa.array([e.get("user_id") for e in carrying], pa.string()),
            "anonymous_id": pa.array([e.get("anonymous_id") for e in carrying], pa.string()),
        }
    )
    with engine.registered("_whylens_trait_ids", ids):
        resolved = engine.query(
            f"SELECT r.seq, {identity.person_expression()} AS person_id"
            f" FROM _whylens_trait_ids r {identity.identity_joins()} ORDER BY r.seq",
            {"project": project_id},
        ).to_pylist()
    sets: dict[str, dict[str, Any]] = {}
    once: dict[str, dict[str, Any]] = {}
    for row in resolved:
        event, person = carrying[row["seq"]], row["person_id"]
        if "set" in event:
            sets[person] = merge_patch(sets.get(person, {}), event["set"])
        for key, value in event.get("set_once", {}).items():
            if key not in sets.get(person, {}):
                once.setdefault(person, {}).setdefault(key, value)
    people = sorted(set(sets) | set(once))
    updates = pa.table(
        {
            "person_id": pa.array(people, pa.string()),
            "set": [orjson.dumps(sets.get(p, {})).decode() for p in people],
            "set_once": [orjson.dumps(once.get(p, {})).decode() for p in people],
        }
    )
    params = {"project": project_id}
    with engine.registered("_whylens_trait_updates", updates):
        engine.execute(
            "INSERT INTO persons (project_id, person_id, traits, is_identified)"
            " SELECT $project, t.person_id, '{}', true FROM _whylens_trait_updates t"
            " WHERE NOT EXISTS (SELECT 1 FROM persons p"
            "  WHERE p.project_id = $project AND p.person_id = t.person_id)",
            params,
        )
        engine.execute(
            "UPDATE persons SET traits = json_merge_patch(json_merge_patch("
            " CAST(t.set_once AS JSON), coalesce(persons.traits, '{}')), CAST(t.set AS JSON))"
            " FROM _whylens_trait_updates t"
            " WHERE persons.project_id = $project AND persons.person_id = t.person_id",
            params,
        )


def merge_patch(target: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """RFC 7396, as DuckDB's json_merge_patch: objects merge, null removes a key."""
    merged = dict(target)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_patch(merged[key], value)
        else:
            merged[key] = value
    return merged


_EPOCH = datetime(1970, 1, 1)


def _rejected_at(received_us: Any, now_us: int) -> datetime:
    """When a request's rejects were rejected: when it arrived (UTC, naive, as the column), or
    `now_us` for a record logged before records carried that time."""
    moment = received_us if isinstance(received_us, int) and received_us > 0 else now_us
    return _EPOCH + timedelta(microseconds=moment)


def _keep_rejects(engine: Engine, documents: list[dict[str, Any]], project_id: str) -> None:
    """Each request's rejects, at the time the request arrived: requests stored by one batch
    keep their order (the column's default would give them all the batch's time)."""
    rows = [(doc, r) for doc in documents for r in doc.get("rejects", ())]
    if not rows:
        return
    now_us = time.time_ns() // 1000
    table = pa.table(
        {
            "project_id": [project_id] * len(rows),
            "source": [doc["source"] for doc, _ in rows],
            "row_number": pa.array([r["index"] + 1 for _, r in rows], pa.int64()),
            "field": pa.array([r["field"] for _, r in rows], pa.string()),
            "reason": [r["reason"] for _, r in rows],
            "raw": [r["raw"] for _, r in rows],
            "rejected_at": pa.array(
                [_rejected_at(doc.get("received"), now_us) for doc, _ in rows], pa.timestamp("us")
            ),
        }
    )
    with engine.registered("_whylens_capture_rejects", table):
        engine.execute(
            "INSERT INTO rejects (project_id, source, row_number, field, reason, raw, rejected_at)"
            " SELECT * FROM _whylens_capture_rejects"
        )


class _Connection(Engine):
    """The writer's own connection to the server's database (DuckDB's `cursor()`).

    Readers on the main connection see the store as of their statement while a batch is being
    written, instead of waiting for it.
    """

    dialect = "duckdb"

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._con = connection
        self._con.execute("SET TimeZone = 'UTC'")

    def query(self, sql: str, params: Params = None) -> pa.Table:
        try:
            return self._con.sql(sql, params=params).to_arrow_table()
        except duckdb.Error as exc:
            raise QueryError(str(exc).strip().splitlines()[0]) from exc

    def execute(self, sql: str, params: Params = None) -> None:
        try:
            self._con.execute(sql, params)
        except duckdb.Error as exc:
            raise QueryError(str(exc).strip().splitlines()[0]) from exc

    def register(self, name: str, table: pa.Table) -> None:
        self._con.register(name, table)

    def unregister(self, name: str) -> None:
        self._con.unregister(name)

    def close(self) -> None:
        self._con.close()
