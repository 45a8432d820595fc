"""Durations (`30m`, `14d`, `none`) and calendar intervals (hour, day, week, month), read once."""

from __future__ import annotations

import re

from whylens.errors import QueryError

INTERVALS = ("hour", "day", "week", "month")
MAX_DURATION_S = 100 * 365.25 * 86400
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d|w)\s*$", re.IGNORECASE)
_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def duration_s(value: str | int | float | None, *, allow_none: bool = False) -> float | None:
    """`14d` -> 1209600.0; numbers are seconds; `none` (when allowed) means no limit."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("none", "")):
        if allow_none:
            return None
        raise QueryError("a duration is required, e.g. 30m, 14d")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(value)
        if not match:
            raise QueryError(
                f"cannot read {value!r} as a duration; write e.g. 90s, 30m, 6h, 14d, 2w"
            )
        seconds = float(match[1]) * _SECONDS[match[2].lower()]
    if not seconds < MAX_DURATION_S:
        raise QueryError(f"{value!r} is longer than whylens handles (100 years)")
    if seconds <= 0:
        raise QueryError(f"a duration must be positive, not {value!r}")
    return seconds


def interval(value: str) -> str:
    """A calendar interval name, checked (weeks start on Monday, periods are UTC)."""
    name = str(value).strip().lower()
    if name not in INTERVALS:
        raise QueryError(f"unknown interval {value!r}; use one of {', '.join(INTERVALS)}")
    return name
