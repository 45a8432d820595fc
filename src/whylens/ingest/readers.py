"""Reading CSV, JSON lines and Parquet files in bounded chunks, with the row number of every row.

Chunks keep memory flat on files of any size; rows that cannot even be parsed (wrong number of
fields, invalid JSON) are returned as rejects with their row number instead of stopping the file.
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.json as pajson
import pyarrow.parquet as pq

from whylens.errors import ImportFileError

FORMATS = ("csv", "jsonl", "parquet")
_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
CSV_BLOCK_BYTES = 16 << 20
JSON_BLOCK_BYTES = 16 << 20
PARQUET_BATCH_ROWS = 262_144


@dataclass(frozen=True)
class Reject:
    """One row that cannot be imported, and why."""

    source: str
    row: int | None
    field: str | None
    reason: str
    raw: str | None = None

    def describe(self) -> str:
        where = f"{self.source} row {self.row}" if self.row is not None else self.source
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.reason}"


@dataclass
class RawChunk:
    """Rows as read (original column names), their 1-based row numbers, and unparseable rows."""

    table: pa.Table
    row_numbers: np.ndarray
    rejects: list[Reject] = field(default_factory=list)
    progress: int = 0  # bytes or rows done so far, in the reader's unit


def expand_paths(patterns: list[str]) -> list[Path]:
    """Files named by paths, folders (recursively) and glob patterns, in a stable order."""
    found: list[Path] = []
    for pattern in patterns:
        if glob.has_magic(pattern):
            matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
            matches = [p for p in matches if p.is_file()]
        elif Path(pattern).is_dir():
            matches = sorted(
                p for p in Path(pattern).rglob("*") if p.is_file() and _looks_like_data(p)
            )
        elif Path(pattern).exists():
            matches = [Path(pattern)]
        else:
            raise ImportFileError(f"{pattern}: no such file or folder")
        if not matches:
            raise ImportFileError(f"{pattern}: matches no data file")
        found.extend(m for m in matches if m not in found)
    return found


def _looks_like_data(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return Path(name).suffix in _SUFFIXES


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def detect_format(path: Path) -> str:
    """By extension (ignoring .gz), else by content: Parquet magic, a leading '{', or CSV."""
    name = path.name.lower().removesuffix(".gz")
    if Path(name).suffix in _SUFFIXES:
        return _SUFFIXES[Path(name).suffix]
    with _open_bytes(path) as handle:
        head = handle.read(4)
    if head == b"PAR1":
        return "parquet"
    return "jsonl" if head.lstrip()[:1] == b"{" else "csv"


class _CountingFile(io.RawIOBase):
    """A file whose read position on disk we can report while a decompressor reads it."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        count = self._handle.readinto(buffer)
        self.position += count or 0
        return count

    def close(self) -> None:
        self._handle.close()
        super().close()


def _open_bytes(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if _is_gzip(path) else open(path, "rb")


class FileReader:
    """Base for the per-format readers: a source name, a progress total and chunks."""

    unit = "bytes"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.source = str(path)
        self.total = max(path.stat().st_size, 1)
        self._counter = _CountingFile(open(path, "rb"))
        self.stream: BinaryIO = (
            gzip.GzipFile(fileobj=self._counter) if _is_gzip(path) else self._counter  # type: ignore[assignment]
        )

    @property
    def done(self) -> int:
        return self._counter.position

    def close(self) -> None:
        self.stream.close()
        self._counter.close()


class CsvReader(FileReader):
    """CSV with a header row; every value is read as bytes so that bad UTF-8 is a row error."""

    def __init__(self, path: Path, delimiter: str | None = None) -> None:
        super().__init__(path)
        self.delimiter = delimiter or (
            "\t" if path.name.lower().removesuffix(".gz").endswith(".tsv") else ","
        )
        self.columns = self._header()

    def _header(self) -> list[str]:
        with _open_bytes(self.path) as handle:
            first = handle.readline()
        text = first.decode("utf-8", errors="replace").lstrip("\ufeff")
        if not text.strip():
            return []
        return next(csv.reader([text], delimiter=self.delimiter))

    def chunks(self) -> Iterator[RawChunk]:
        if not self.columns:
            return
        bad: list[pacsv.InvalidRow] = []

        def keep_bad(row: pacsv.InvalidRow) -> str:
            bad.append(row)
            return "skip"

        try:
            reader = pacsv.open_csv(
                self.stream,
                read_options=pacsv.ReadOptions(
                    use_threads=False,
                    block_size=CSV_BLOCK_BYTES,
                    skip_rows=1,
                    column_names=self.columns,
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=self.delimiter, newlines_in_values=True, invalid_row_handler=keep_bad
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types={name: pa.binary() for name in self.columns},
                    strings_can_be_null=True,
                    quoted_strings_can_be_null=False,
                ),
            )
        except pa.ArrowInvalid as exc:
            raise ImportFileError(f"{self.source}: not a readable CSV file ({exc})") from exc
        next_row = 1
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except pa.ArrowInvalid as exc:
                raise ImportFileError(
                    f"{self.source}: CSV parse error after row {next_row - 1}: {exc}"
                ) from exc
            rows, rejects, next_row = self._number(batch.num_rows, bad, next_row)
            bad.clear()
            yield RawChunk(pa.Table.from_batches([batch]), rows, rejects, self.done)
        for row in bad:  # invalid rows after the last batch
            yield RawChunk(
                pa.table({c: pa.array([], pa.binary()) for c in self.columns}),
                np.empty(0, np.int64),
                [self._reject(row)],
                self.done,
            )

    def _number(self, valid: int, bad: list[pacsv.InvalidRow], start: int):
        """Row numbers of a batch's valid rows, given the invalid rows skipped within it."""
        # pyarrow counts the skipped header as record 1; our rows count data rows only
        skipped = sorted(r.number - 1 for r in bad if r.number is not None)
        span = valid + len(skipped)
        numbers = np.arange(start, start + span, dtype=np.int64)
        numbers = numbers[~np.isin(numbers, skipped)] if skipped else numbers
        return numbers[:valid], [self._reject(r) for r in bad], start + span

    def _reject(self, row: pacsv.InvalidRow) -> Reject:
        reason = f"expected {row.expected_columns} fields, found {row.actual_columns}"
        number = row.number - 1 if row.number is not None else None
        return Reject(self.source, number, None, reason, row.text[:2000])


class JsonLinesReader(FileReader):
    """One JSON object per line; a block that pyarrow cannot parse is parsed line by line."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.columns: list[str] = []

    def chunks(self) -> Iterator[RawChunk]:
        next_line = 1
        tail = b""
        first = True
        while True:
            data = self.stream.read(JSON_BLOCK_BYTES)
            block = tail + data
            if not data:
                tail, block = b"", block
            else:
                cut = block.rfind(b"\n") + 1
                if cut == 0:
                    tail = block
                    continue
                block, tail = block[:cut], block[cut:]
            if first and block.lstrip()[:1] == b"[":
                raise ImportFileError(
                    f"{self.source}: a JSON array; expected JSON lines (one object per line)"
                )
            first = False
            if block:
                lines = block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
                yield self._parse(block, next_line)
                next_line += lines
            if not data:
                break

    def _parse(self, block: bytes, first_line: int) -> RawChunk:
        clean = b"\n\n" not in block and not block.startswith(b"\n") and b"\r" not in block
        if clean:
            try:
                table = pajson.read_json(io.BytesIO(block))
                rows = np.arange(first_line, first_line + table.num_rows, dtype=np.int64)
                self._note_columns(table.column_names)
                return RawChunk(table, rows, [], self.done)
            except pa.ArrowInvalid:
                pass
        return self._parse_lines(block, first_line)

    def _parse_lines(self, block: bytes, first_line: int) -> RawChunk:
        """The slow path, for blocks with bad lines or values whose type changes between lines."""
        records, numbers, rejects = [], [], []
        for offset, line in enumerate(block.split(b"\n")):
            if not line.strip():
                continue
            number = first_line + offset
            try:
                value = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                rejects.append(
                    Reject(self.source, number, None, f"invalid JSON: {exc}", _text(line))
                )
                continue
            if not isinstance(value, dict):
                rejects.append(Reject(self.source, number, None, "not a JSON object", _text(line)))
                continue
            records.append(value)
            numbers.append(number)
        columns: dict[str, None] = {}
        for record in records:
            columns.update(dict.fromkeys(record))
        # values as text keeps one type per column whatever the lines disagree on
        table = (
            pa.table(
                {
                    name: pa.array([_as_text(r.get(name)) for r in records], pa.string())
                    for name in columns
                }
            )
            if records
            else pa.table({})
        )
        self._note_columns(list(columns))
        return RawChunk(table, np.array(numbers, dtype=np.int64), rejects, self.done)

    def _note_columns(self, names: list[str]) -> None:
        self.columns.extend(n for n in names if n not in self.columns)


def _text(line: bytes) -> str:
    return line[:2000].decode("utf-8", errors="replace")


def _as_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


class ParquetReader:
    """Parquet in row batches; progress counts rows, known from the file's metadata."""

    unit = "rows"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.source = str(path)
        try:
            self._file = pq.ParquetFile(path)
        except (pa.ArrowInvalid, OSError) as exc:
            raise ImportFileError(f"{self.source}: not a readable Parquet file ({exc})") from exc
        self.columns = self._file.schema_arrow.names
        self.total = max(self._file.metadata.num_rows, 1)

    def chunks(self) -> Iterator[RawChunk]:
        start = 1
        try:
            for batch in self._file.iter_batches(batch_size=PARQUET_BATCH_ROWS):
                rows = np.arange(start, start + batch.num_rows, dtype=np.int64)
                start += batch.num_rows
                yield RawChunk(pa.Table.from_batches([batch]), rows, [], start - 1)
        except (pa.ArrowInvalid, OSError) as exc:
            raise ImportFileError(
                f"{self.source}: Parquet read error after row {start - 1}: {exc}"
            ) from exc

    def close(self) -> None:
        self._file.close()


def open_reader(path: Path, fmt: str | None = None) -> CsvReader | JsonLinesReader | ParquetReader:
    """The reader for a file, its format given or detected."""
    if not os.access(path, os.R_OK):
        raise ImportFileError(f"{path}: cannot be read (permission denied)")
    fmt = fmt or detect_format(path)
    if fmt == "parquet":
        return ParquetReader(path)
    if fmt == "jsonl":
        return JsonLinesReader(path)
    if fmt == "csv":
        return CsvReader(path)
    raise ImportFileError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
