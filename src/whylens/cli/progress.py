"""A Rich progress bar for imports: bytes or rows done, rows read, rows per second."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

from whylens.cli.output import err
from whylens.ingest.importer import Progress as ProgressCallback


class _RowsColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        rows = task.fields.get("rows", 0)
        elapsed = max(time.monotonic() - task.fields.get("started", time.monotonic()), 1e-9)
        return Text(f"{rows:,} rows  {rows / elapsed:,.0f} rows/s", style="cyan")


@contextmanager
def import_progress(enabled: bool) -> Iterator[ProgressCallback | None]:
    if not enabled:
        yield None
        return
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        _RowsColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    tasks: dict[str, int] = {}
    started = time.monotonic()

    def update(source: str, done: int, total: int, rows: int) -> None:
        if source not in tasks:
            name = source if len(source) <= 40 else "…" + source[-39:]
            tasks[source] = bar.add_task(name, total=total, rows=rows, started=started)
        bar.update(tasks[source], completed=done, rows=rows)

    with bar:
        yield update
        for task in tasks.values():
            bar.update(task, completed=bar.tasks[task].total)
