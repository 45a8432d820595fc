"""Importing survey answers and comments from CSV: at least a `text` column; person, timestamp,
score, kind and source optional. Bad rows are named and kept out; the rest are imported and scored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from whylens.engines.base import Engine
from whylens.errors import ConfigError, ImportFileError
from whylens.ingest import timestamps
from whylens.ingest.readers import CsvReader, Reject
from whylens.insights.feedback.store import score_feedback
from whylens.insights.feedback.transformer import resolve
from whylens.model.feedback import RANGES, add_feedback

#: feedback field -> spellings recognised in a header (first match wins)
ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "comment", "feedback", "message", "body", "answer"),
    "person_id": ("person_id", "person", "user_id", "customer_id", "distinct_id", "email"),
    "timestamp": ("timestamp", "time", "date", "created_at", "submitted_at"),
    "score": ("score", "rating", "nps", "csat", "ces"),
    "kind": ("kind", "type"),
    "source": ("source", "channel"),
}


@dataclass
class FeedbackImportSummary:
    file: str
    read: int = 0
    imported: int = 0
    duplicates: int = 0
    rejects: list[Reject] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "read": self.read,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": len(self.rejects),
            "rejects": [{"row": r.row, "field": r.field, "reason": r.reason} for r in self.rejects],
        }


def parse_feedback_map(spec: str | None) -> dict[str, str]:
    """`text=comment,person_id=customer` -> {"text": "comment", "person_id": "customer"}."""
    mapping: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        name, sep, column = (s.strip() for s in part.partition("="))
        if not sep or not name or not column:
            raise ConfigError(f"--map entry {part.strip()!r} is not FIELD=COLUMN")
        if name not in ALIASES:
            raise ConfigError(f"--map: unknown field {name!r}; known fields: {', '.join(ALIASES)}")
        mapping[name] = column
    return mapping


def import_feedback_file(
    engine: Engine,
    path: str | Path,
    project_id: str = "default",
    column_map: dict[str, str] | None = None,
    tz: str | None = None,
    model: str | None = None,
) -> FeedbackImportSummary:
    """Read, check, store and score the rows of one CSV file (`model`: see score_feedback)."""
    if model is not None:
        resolve(model)  # a model that cannot be loaded fails before anything is imported
    reader = CsvReader(Path(path))
    summary = FeedbackImportSummary(str(path))
    columns = _recognise(reader.columns, column_map or {})
    try:
        for chunk in reader.chunks():
            summary.read += chunk.table.num_rows + len(chunk.rejects)
            summary.rejects.extend(chunk.rejects)
            good = _check(engine, chunk.table, chunk.row_numbers, columns, summary, tz)
            if good.num_rows:
                added = add_feedback(engine, good, project_id)
                summary.imported += added
                summary.duplicates += good.num_rows - added
    finally:
        reader.close()
    _record_rejects(engine, summary, project_id)
    score_feedback(engine, project_id, model=model)
    return summary


def _recognise(header: list[str], explicit: dict[str, str]) -> dict[str, str]:
    missing = [c for c in explicit.values() if c not in header]
    if missing:
        raise ImportFileError(f"--map names column(s) not in the file: {', '.join(missing)}")
    lowered = {h.strip().lower(): h for h in header}
    found = dict(explicit)
    for name, spellings in ALIASES.items():
        if name not in found:
            hit = next((lowered[s] for s in spellings if s in lowered), None)
            if hit is not None:
                found[name] = hit
    if "text" not in found:
        raise ImportFileError(
            f"no text column (looked for {', '.join(ALIASES['text'])}; name it with --map text=COLUMN)"
        )
    return found


def _check(engine, table, rows, columns, summary, tz) -> pa.Table:
    """Rows that pass; the others become rejects with their field and reason."""
    data = {name: _text(table.column(col)) for name, col in columns.items()}
    data["_row"] = pa.array(rows, pa.int64())
    staged = pa.table(data)
    ts = (
        timestamps.expression("timestamp", pa.string(), tz)
        if "timestamp" in data
        else "CAST(NULL AS TIMESTAMP)"
    )
    score = "TRY_CAST(trim(score) AS DOUBLE)" if "score" in data else "CAST(NULL AS DOUBLE)"
    raw_score = "nullif(trim(score), '')" if "score" in data else "NULL"
    kind = "nullif(lower(trim(kind)), '')" if "kind" in data else "NULL"
    person = "nullif(trim(person_id), '')" if "person_id" in data else "NULL"
    source = "nullif(trim(source), '')" if "source" in data else "'import'"
    with engine.registered("_whylens_feedback_file", staged):
        checked = engine.query(
            f"""
            WITH t AS (
                SELECT _row, {person} AS person_id, nullif(trim(text), '') AS text,
                    {raw_score} AS raw_score, {score} AS score, {source} AS source,
                    {"nullif(trim(timestamp), '')" if "timestamp" in data else "NULL"} AS raw_ts,
                    {ts} AS ts,
                    coalesce({kind}, CASE WHEN {score} IS NULL THEN 'text' ELSE 'nps' END) AS kind
                FROM _whylens_feedback_file
            )
            SELECT *, CASE
                WHEN raw_ts IS NOT NULL AND (ts IS NULL OR NOT {timestamps.in_range("ts")})
                    THEN 'timestamp|not a readable time (' || raw_ts || '); use '
                        || $hint
                WHEN raw_score IS NOT NULL AND score IS NULL
                    THEN 'score|not a number (' || raw_score || ')'
                WHEN kind NOT IN ('nps', 'csat', 'ces', 'text')
                    THEN 'kind|unknown kind ' || kind || '; use nps, csat, ces or text'
                WHEN score IS NOT NULL AND kind = 'text' THEN 'score|a text answer has no score'
                WHEN score IS NOT NULL AND (score < list_extract($low, kind_index)
                    OR score > list_extract($high, kind_index))
                    THEN 'score|' || score || ' is out of range for ' || kind
                WHEN text IS NULL AND score IS NULL THEN 'text|neither a text nor a score'
                END AS problem
            FROM (SELECT *, list_position($kinds, kind) AS kind_index FROM t)
            ORDER BY _row
            """,
            {
                "hint": timestamps.FORMATS_HINT,
                "kinds": list(RANGES) + ["text"],
                "low": [RANGES[k][0] for k in RANGES] + [None],
                "high": [RANGES[k][1] for k in RANGES] + [None],
            },
        )
    bad = checked.filter(pc.is_valid(checked.column("problem")))
    for r in bad.select(["_row", "problem"]).to_pylist():
        name, _, reason = r["problem"].partition("|")
        summary.rejects.append(Reject(summary.file, r["_row"], name, reason, None))
    good = checked.filter(pc.is_null(checked.column("problem")))
    when = pc.fill_null(good.column("ts"), pa.scalar(_file_time(summary.file), pa.timestamp("us")))
    return pa.table(
        {
            "person_id": good.column("person_id"),
            "timestamp": when,
            "kind": good.column("kind"),
            "score": good.column("score"),
            "text": good.column("text"),
            "source": good.column("source"),
        }
    )


def _file_time(path: str) -> datetime:
    """Rows without a time get the file's modification time: stable when re-imported."""
    stamp = datetime.fromtimestamp(Path(path).stat().st_mtime, timezone.utc)
    return stamp.replace(tzinfo=None)


def _text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """The reader's bytes as UTF-8 text; undecodable bytes are replaced, not fatal."""
    try:
        return pc.cast(column, pa.string())
    except pa.ArrowInvalid:
        return pa.chunked_array(
            [
                pa.array(
                    [
                        None if v is None else v.decode("utf-8", "replace")
                        for v in column.to_pylist()
                    ],
                    pa.string(),
                )
            ]
        )


def _record_rejects(engine: Engine, summary: FeedbackImportSummary, project_id: str) -> None:
    """Rejected rows go to the `rejects` table, as in the event import."""
    if not summary.rejects:
        return
    table = pa.table(
        {
            "project_id": [project_id] * len(summary.rejects),
            "source": [r.source for r in summary.rejects],
            "row_number": pa.array([r.row for r in summary.rejects], pa.int64()),
            "field": [r.field for r in summary.rejects],
            "reason": [r.reason for r in summary.rejects],
            "raw": [r.raw for r in summary.rejects],
        }
    )
    with engine.registered("_whylens_new_rejects", table):
        engine.execute(
            "INSERT INTO rejects (project_id, source, row_number, field, reason, raw)"
            " SELECT * FROM _whylens_new_rejects"
        )
