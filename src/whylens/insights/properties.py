"""Where a property lives: a typed events column, a key of the event's properties JSON, or a
trait of the person (`person.plan`). Column names come from a fixed list; JSON keys are bound
as parameters, so a property name from a user never becomes SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass

from whylens.insights.params import Params

#: event columns a property name may refer to directly
EVENT_COLUMNS = frozenset(
    {
        "event",
        "person_id",
        "distinct_id",
        "anonymous_id",
        "session_id",
        "client_session_id",
        "url",
        "path",
        "referrer",
        "referring_domain",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "device_type",
        "browser",
        "os",
        "country",
        "timestamp",
    }
)
PERSON_PREFIXES = ("person.", "person:")


@dataclass(frozen=True)
class Property:
    """A property reference: `utm_source`, `price` (from properties), `person.plan`."""

    name: str

    @property
    def on_person(self) -> bool:
        return self.name.startswith(PERSON_PREFIXES)

    @property
    def key(self) -> str:
        return (
            self.name.split(".", 1)[1]
            if self.name.startswith("person.")
            else (self.name.split(":", 1)[1] if self.name.startswith("person:") else self.name)
        )

    def sql(self, params: Params, events: str = "e", persons: str = "pe") -> str:
        """Text value of the property for a row of `events` (joined to `persons` as needed)."""
        if self.on_person:
            return f"json_extract_string({persons}.traits, {params.add(json_path(self.key))})"
        if self.name in EVENT_COLUMNS:
            return f"CAST({events}.{self.name} AS VARCHAR)"
        return f"json_extract_string({events}.properties, {params.add(json_path(self.name))})"


def json_path(key: str) -> str:
    """A JSONPath naming exactly one top-level key, whatever characters it has."""
    return '$."' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
