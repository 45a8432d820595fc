"""How commands speak: one JSON document on stdout with --json, Rich tables otherwise; messages
and progress on stderr so that stdout stays machine-readable."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def _clean(value: Any) -> Any:
    """NaN and infinities are not JSON: they become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def print_json(document: Any) -> None:
    """The one document a --json command prints."""
    data = orjson.dumps(_clean(document), default=_default, option=orjson.OPT_NON_STR_KEYS)
    sys.stdout.write(data.decode() + "\n")
    sys.stdout.flush()


def format_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "—"
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else f"{value:,.4g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return str(value)


def print_table(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> None:
    rows = list(rows)
    if not rows:
        if title:
            out.print(f"{title}: (none)")
        return
    columns = list(columns or rows[0].keys())
    table = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        numeric = any(
            isinstance(r.get(column), int | float) and not isinstance(r.get(column), bool)
            for r in rows
        )
        table.add_column(column, justify="right" if numeric else "left")
    for row in rows:
        table.add_row(*(format_value(row.get(c)) for c in columns))
    out.print(table)
