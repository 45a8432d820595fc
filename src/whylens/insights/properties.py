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
#: PostHog's names for values its libraries send, which capture stores in the typed columns
#: (ingest/capture/posthog.py): a property by one of these names is the column's value, else
#: (events stored or imported with the value among their properties) the property's; kept in
#: step with capture's list by tests/insights/test_properties.py
POSTHOG_NAMES = {
    "$current_url": "url",
    "$referrer": "referrer",
    "$session_id": "client_session_id",
    "$device_type": "device_type",
    "$browser": "browser",
    "$os": "os",
    "$geoip_country_code": "country",
}
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
        given = f"json_extract_string({events}.properties, {params.add(json_path(self.name))})"
        if self.name in POSTHOG_NAMES:
            return f"coalesce(CAST({events}.{POSTHOG_NAMES[self.name]} AS VARCHAR), {given})"
        return given


def json_path(key: str) -> str:
    """A JSONPath naming exactly one top-level key, whatever characters it has."""
    return '$."' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
