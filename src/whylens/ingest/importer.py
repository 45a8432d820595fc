"""Bulk import of event files: read in chunks, normalise, load, and account for every row.

Every row read is imported, a duplicate, or rejected with its file, row number, field and reason;
a file that cannot be read at all is rolled back whole.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pyarrow as pa

from whylens.engines.base import Engine
from whylens.errors import ConfigError, ImportFileError
from whylens.ingest.columns import ColumnMapping, recognise
from whylens.ingest.loader import EventLoader
from whylens.ingest.normalize import STAGED, EventRows, Staged, event_rows, stage
from whylens.ingest.protection import protecting
from whylens.ingest.readahead import read_ahead
from whylens.ingest.readers import (
    CsvReader,
    JsonLinesReader,
    ParquetReader,
    RawChunk,
    Reject,
    expand_paths,
    open_reader,
)

#: called with (source, units done, units total, rows read so far in this import)
Progress = Callable[[str, int, int, int], None]


@dataclass
class ImportSummary:
    """What happened to every row; `to_dict` is the CLI's `--json` document."""

    read: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    feedback: int = 0  # survey answers (PostHog `survey sent` events) stored as feedback
    files: list[str] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    rejects_file: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "feedback": self.feedback,
            "files": self.files,
            "rejects_file": self.rejects_file,
        }


@dataclass(frozen=True)
class ImportOptions:
    column_map: dict[str, str] = field(default_factory=dict)
    tz: str | None = None
    fmt: str | None = None
    project_id: str = "default"
    #: property names to drop / mask, added to the project's rules for good (ingest/privacy.py)
    drop_properties: tuple[str, ...] = ()
    mask_properties: tuple[str, ...] = ()
    #: a GeoIP file: the country of rows with an IP address (ingest/geoip.py)
    geoip: str | None = None
    #: False for events protected already (capture protects before its log)
    apply_privacy: bool = True

    def __post_init__(self) -> None:
        if self.tz:
            try:
                ZoneInfo(self.tz)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ConfigError(f"--tz: unknown time zone {self.tz!r}") from exc


def import_paths(
    engine: Engine,
    paths: list[str],
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    rejects_path: str | Path | None = None,
    loader: EventLoader | None = None,
) -> ImportSummary:
    """Import files, folders and globs; sessions and persons are rebuilt once at the end.
    (`loader`: another store's loader on `engine`, see ingest/clickhouse.py.)"""
    options = options or ImportOptions()
    files = expand_paths(paths)
    summary = ImportSummary(files=[str(f) for f in files])
    loader = loader or EventLoader(engine, options.project_id)
    with engine.bulk_load(), protecting(engine, options) as protection:
        for path in files:
            _import_file(engine, loader, path, options, summary, progress, protection)
        with engine.transaction():
            loader.finish()
    count_into(loader, summary)
    record_rejects(engine, summary, options.project_id, rejects_path)
    return summary


def import_table(
    engine: Engine,
    table: pa.Table,
    source: str,
    options: ImportOptions | None = None,
    loader: EventLoader | None = None,
) -> ImportSummary:
    """Import an in-memory Arrow table through the same checks as a file."""
    options = options or ImportOptions()
    summary = ImportSummary(files=[source])
    loader = loader or EventLoader(engine, options.project_id)
    chunk_rows = 262_144
    with protecting(engine, options) as protection:
        mapping = recognise(table.column_names, options.column_map)
        for start in range(0, table.num_rows, chunk_rows):
            part = table.slice(start, chunk_rows)
            rows = np.arange(start + 1, start + 1 + part.num_rows, dtype=np.int64)
            chunk = RawChunk(part, rows)
            staged = stage(chunk, mapping, source)
            _add_chunk(engine, loader, chunk, staged, mapping, source, options, summary, protection)
        with engine.transaction():
            loader.finish()
    count_into(loader, summary)
    record_rejects(engine, summary, options.project_id, None)
    return summary


def _import_file(engine, loader, path, options, summary, progress, protection) -> None:
    source = str(path)
    reader = open_reader(path, options.fmt)
    try:
        loader.start_source()
        with closing(read_ahead(_staged_chunks(reader, options, source))) as chunks:
            for chunk, mapping, staged in chunks:
                summary.rejects.extend(chunk.rejects)
                summary.read += len(chunk.rejects)
                if staged is not None:
                    _add_chunk(
                        engine, loader, chunk, staged, mapping, source, options, summary, protection
                    )
                if progress:
                    progress(source, chunk.progress, reader.total, summary.read)
        with engine.transaction():
            loader.flush()
    except ImportFileError as exc:
        message = str(exc)
        raise ImportFileError(
            message if message.startswith(source) else f"{source}: {message}"
        ) from exc
    finally:
        reader.close()


def _staged_chunks(
    reader: CsvReader | JsonLinesReader | ParquetReader, options: ImportOptions, source: str
) -> Iterator[tuple[RawChunk, ColumnMapping | None, Staged | None]]:
    """The file's chunks, each with its column mapping and staged (None: no rows)."""
    columns = list(reader.columns)
    mapping = recognise(columns, options.column_map) if columns else None
    for chunk in reader.chunks():
        staged = None
        if chunk.table.num_rows:
            if mapping is None or chunk.table.column_names != columns:
                columns = chunk.table.column_names
                mapping = recognise(columns, options.column_map)
            staged = stage(chunk, mapping, source)
        yield chunk, mapping, staged


def _add_chunk(engine, loader, chunk, staged, mapping, source, options, summary, protection):
    """Normalise a staged chunk into the loader's pending rows; collect its rejects with the
    raw row (protected like the events: ingest/protection.py).

    Chunks are added outside any transaction: they only fill a temporary table, and DuckDB
    keeps every Arrow table registered inside a transaction alive until it ends (0.9 GB of
    chunks at 10M rows). The store is written in a transaction per batch.
    """
    summary.read += chunk.table.num_rows
    summary.rejects.extend(staged.rejects)
    if not staged.table.num_rows:
        return
    if protection is not None:
        staged = protection.restage(staged, mapping)
    with engine.registered(STAGED, staged.table):
        rows = event_rows(staged, options.tz, protection)  # privacy rules may look at the chunk
        rejected = loader.add(rows, int(chunk.row_numbers[0]))
        bad = _chunk_rejects(engine, rows, staged, protection) if rejected else []
    summary.rejects.extend(
        Reject(source, r["_row"], r["_field"], r["_reason"], r["raw"]) for r in bad
    )
    if loader.full:
        with engine.transaction():
            loader.flush_if_full()


def _chunk_rejects(engine, rows: EventRows, staged, protection) -> list[dict]:
    """The chunk's rows rejected for their values, with the raw row. Only chunks with such
    rows come here: their event rows are computed again, for the reasons."""
    rejected = (
        f"(SELECT _row, _field, _reason, properties FROM ({rows.sql}) WHERE _field IS NOT NULL)"
        f" n JOIN {STAGED} s USING (_row)"
    )
    raw = "to_json(s._raw)"
    if protection is not None:
        given = "n.properties" if "properties" in staged.fields else None
        raw = protection.raw("s._raw", given, rejected)
    return engine.query(
        f"SELECT n._row, n._field, n._reason, {raw} AS raw FROM {rejected} ORDER BY n._row"
    ).to_pylist()


def count_into(loader: EventLoader, summary: ImportSummary) -> None:
    """What the loader stored, into the summary."""
    summary.imported = loader.counts.imported
    summary.duplicates = loader.counts.duplicates
    summary.feedback = loader.counts.feedback


def record_rejects(engine, summary: ImportSummary, project_id: str, rejects_path) -> None:
    """The summary's rejects into the rejects table (and a CSV file when given a path)."""
    summary.rejected = len(summary.rejects)
    if not summary.rejects:
        return
    table = pa.table(
        {
            "project_id": [project_id] * summary.rejected,
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
    if rejects_path:
        with open(rejects_path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["source", "row", "field", "reason", "raw"])
            for r in summary.rejects:
                writer.writerow([r.source, r.row, r.field or "", r.reason, r.raw or ""])
        summary.rejects_file = str(rejects_path)
