"""Which column of an input file holds which field of an event.

Exports from other tools name the same thing differently (user_id, distinct_id, visitor_id...):
we recognise the common spellings, and `--map field=column` settles anything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from whylens.errors import ConfigError, ImportFileError

#: canonical field -> recognised column names, most specific first (compared after `_squash`)
ALIASES: dict[str, tuple[str, ...]] = {
    "event_id": ("event_id", "message_id", "uuid", "insert_id", "id"),
    "user_id": ("user_id", "distinct_id", "visitor_id", "person_id", "customer_id", "uid"),
    "anonymous_id": ("anonymous_id", "anon_id", "device_id"),
    "event": ("event", "event_name", "action", "event_type"),
    "timestamp": ("timestamp", "time", "ts", "event_time", "event_timestamp", "datetime"),
    "session_id": ("session_id",),
    "url": ("url", "current_url", "page_url"),
    "referrer": ("referrer", "referer", "page_referrer"),
    "utm_source": ("utm_source",),
    "utm_medium": ("utm_medium",),
    "utm_campaign": ("utm_campaign",),
    "device_type": ("device_type", "device"),
    "browser": ("browser",),
    "os": ("os", "operating_system"),
    "country": ("country", "country_code", "geoip_country_code"),
    "user_agent": ("user_agent", "useragent", "ua"),
    # the client's address: used for the country (with a GeoIP file), never stored
    "ip": ("ip", "ip_address", "client_ip", "context_ip", "remote_addr"),
    "properties": ("properties",),
}

FIELDS = tuple(ALIASES)
REQUIRED = ("event", "timestamp")


def _squash(name: str) -> str:
    """`$current_url`, `Current URL` and `currentUrl` all become `current_url`."""
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name.strip().lstrip("$"))
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


@dataclass(frozen=True)
class ColumnMapping:
    """field -> column name in the file; `extra` are the columns that become properties."""

    fields: Mapping[str, str]
    extra: tuple[str, ...]

    def describe(self) -> str:
        return ", ".join(f"{field}={column}" for field, column in self.fields.items())


def parse_map(spec: str | None) -> dict[str, str]:
    """`user_id=visitor,event=action` -> {"user_id": "visitor", "event": "action"}."""
    if not spec:
        return {}
    mapping: dict[str, str] = {}
    for part in spec.split(","):
        field, sep, column = part.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not field or not column:
            raise ConfigError(f"--map entry {part.strip()!r} is not FIELD=COLUMN")
        if field not in ALIASES:
            raise ConfigError(f"--map: unknown field {field!r}; known fields: {', '.join(FIELDS)}")
        mapping[field] = column
    return mapping


def recognise(columns: Iterable[str], explicit: Mapping[str, str] | None = None) -> ColumnMapping:
    """Assign file columns to event fields: explicit mapping first, then known spellings."""
    columns = list(columns)
    explicit = dict(explicit or {})
    missing = [column for column in explicit.values() if column not in columns]
    if missing:
        raise ImportFileError(
            f"--map names column(s) not in the file: {', '.join(missing)}"
            f" (the file has: {_preview(columns)})"
        )
    fields: dict[str, str] = dict(explicit)
    taken = set(explicit.values())
    by_squashed: dict[str, str] = {}
    for column in columns:
        by_squashed.setdefault(_squash(column), column)
    for field, aliases in ALIASES.items():
        if field in fields:
            continue
        for alias in aliases:
            column = by_squashed.get(alias)
            if column is not None and column not in taken:
                fields[field] = column
                taken.add(column)
                break
    _require(fields, columns)
    extra = tuple(column for column in columns if column not in taken)
    return ColumnMapping(fields=fields, extra=extra)


def _require(fields: Mapping[str, str], columns: list[str]) -> None:
    missing = [field for field in REQUIRED if field not in fields]
    if "user_id" not in fields and "anonymous_id" not in fields:
        missing.insert(0, "user_id (or anonymous_id)")
    if missing:
        raise ImportFileError(
            f"no column recognised for {', '.join(missing)}; the file has: {_preview(columns)}."
            " Name them with --map, e.g. --map user_id=visitor,event=action,timestamp=ts"
        )


def _preview(columns: list[str], limit: int = 12) -> str:
    shown = ", ".join(columns[:limit]) or "(no columns)"
    return shown + (f" and {len(columns) - limit} more" if len(columns) > limit else "")
