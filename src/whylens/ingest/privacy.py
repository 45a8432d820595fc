"""What an event loses before it is stored: IP addresses always, and the properties a project names
to drop or mask (docs/ingestion.md, "Privacy").

A rule names a property by its dotted path from the top of an object (`email`, `address.street`),
matched case-insensitively, and applies to event properties and to the trait objects inside them
(`$set`, `$set_once`, `$group_set`) and to person traits. Masking replaces a value with a keyed
hash (HMAC-SHA256 with the database's secret, 32 hex digits), so that equal values stay equal
and joinable but cannot be read back. This is the Python side, used by capture before the log;
`privacy_sql` does the same in SQL for imports, and both give the same hash for the same value.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec
import orjson

from whylens.errors import ConfigError

#: property paths that hold a client's IP address: dropped from every event, whatever the rules
IP_PATHS = ("$ip", "ip", "ip_address", "client_ip", "context.ip")
#: objects inside event properties that become person or group traits: rules apply in them too
TRAIT_OBJECTS = ("$set", "$set_once", "$group_set")
#: hex digits of the HMAC kept as the masked value (128 bits)
MASK_DIGITS = 32
_SEGMENT = re.compile(r"^[^'\"\\\x00-\x1f\x7f]{1,100}$")


def check_name(name: str) -> str:
    """A rule's name, lower case; ConfigError unless each dotted part is a plain key."""
    cleaned = name.strip()
    parts = cleaned.split(".")
    if not cleaned or any(not part.strip() or not _SEGMENT.match(part) for part in parts):
        raise ConfigError(
            f"property name {name!r} is not a dotted path of keys (no quotes, backslashes or"
            " empty parts), e.g. email or address.street"
        )
    if parts[0].lower() in TRAIT_OBJECTS:
        raise ConfigError(
            f"property name {name!r}: rules apply inside {parts[0]} by themselves;"
            f" name the trait ({'.'.join(parts[1:]) or 'email'}), not {parts[0]}"
        )
    return cleaned.lower()


@dataclass(frozen=True)
class Rule:
    """What happens to the value at a path."""

    path: tuple[str, ...]  # lower-case keys from the top of an object
    action: str  # drop | mask


#: key lists remembered per node of the rules' tree (`_Node.matching`)
_REMEMBERED_KEYS = 4096


@dataclass
class _Node:
    """One key of the rules' tree: what happens to it, and the rules for keys under it."""

    action: str | None = None
    children: dict[str, _Node] = field(default_factory=dict)
    #: the keys of objects seen before -> those that have a rule: events of one client repeat
    #: the same keys, and a look-up of them costs less than lower-casing each one
    _seen: dict[tuple[Any, ...], tuple[tuple[str, _Node], ...]] = field(default_factory=dict)

    def matching(self, values: Mapping[str, Any]) -> tuple[tuple[str, _Node], ...]:
        """The keys of `values` that have a rule under this node (in any case), with it."""
        keys = tuple(values)
        found = self._seen.get(keys)
        if found is None:
            children = self.children
            found = tuple(
                (key, child)
                for key in keys
                if isinstance(key, str) and (child := children.get(key.lower())) is not None
            )
            if len(self._seen) < _REMEMBERED_KEYS:
                self._seen[keys] = found
        return found


class Policy:
    """The rules of one project (with the built-in IP rules) and the key that masks."""

    def __init__(self, drop: Iterable[str] = (), mask: Iterable[str] = (), secret: bytes = b""):
        self.drop = merged([*IP_PATHS, *drop])
        self.mask = tuple(name for name in merged(mask) if name not in self.drop)
        if self.mask and not secret:
            raise ConfigError("masking needs the database's secret")
        self.secret = secret
        self.rules = tuple(
            Rule(tuple(name.split(".")), action)
            for action, names in (("drop", self.drop), ("mask", self.mask))
            for name in names
        )
        self._tree = _Node()
        for rule in self.rules:
            node = self._tree
            for key in rule.path:
                node = node.children.setdefault(key, _Node())
            node.action = rule.action

    def tree(self) -> dict[str, Any]:
        """The acting rules as nested dicts: key -> "drop", "mask" or the rules under the key."""

        def plain(node: _Node) -> dict[str, Any]:
            return {k: c.action or plain(c) for k, c in sorted(node.children.items())}

        return plain(self._tree)

    def acting(self) -> list[Rule]:
        """The rules that act: none below a path that is itself dropped or masked."""
        found: list[Rule] = []

        def walk(node: _Node, path: tuple[str, ...]) -> None:
            for key, child in sorted(node.children.items()):
                if child.action:
                    found.append(Rule((*path, key), child.action))
                else:
                    walk(child, (*path, key))

        walk(self._tree, ())
        return found

    def masked(self, value: Any) -> str | None:
        """The keyed hash of a value: of a string's text, else of its compact JSON."""
        if value is None:
            return None
        text = value if isinstance(value, str) else _json_text(value)
        digest = hmac.new(self.secret, text.encode(), hashlib.sha256).hexdigest()
        return digest[:MASK_DIGITS]

    # -- applying ------------------------------------------------------------------------------
    def properties(self, properties: Mapping[str, Any], done: dict[int, Any]) -> Mapping[str, Any]:
        """Event properties with the rules applied, in them and in their trait objects (the
        object itself when nothing applies: it is never changed in place).

        `done` maps objects already protected (by id) to their result: capture records share
        one traits object between `properties.$set` and `set`, and a value is masked once.
        """
        result = self.traits(properties, done)
        for name in TRAIT_OBJECTS:
            inner = result.get(name)
            if isinstance(inner, Mapping) and (protected := self.traits(inner, done)) is not inner:
                result = {**result, name: protected}
        return result

    def traits(self, values: Mapping[str, Any], done: dict[int, Any]) -> Mapping[str, Any]:
        """One object (traits, or properties without their trait objects) with the rules applied."""
        if id(values) not in done:
            done[id(values)] = self._apply(values, self._tree)
        return done[id(values)]

    def _apply(self, values: Mapping[str, Any], node: _Node) -> Mapping[str, Any]:
        result: dict[str, Any] | None = None  # a copy, made at the first change
        for key, child in node.matching(values):
            value = values[key]
            if child.action is None and not isinstance(value, Mapping):
                continue
            changed = self._apply(value, child) if child.action is None else None
            if child.action is None and changed is value:
                continue
            result = dict(values) if result is None else result
            if child.action == "drop":
                del result[key]
            else:
                result[key] = self.masked(value) if child.action == "mask" else changed
        return values if result is None else result

    def scrub(self, document: Any) -> Any:
        """A rejected event as kept for inspection: every key named like a rule's last part, or
        like an IP address, is dropped or masked wherever it is (the event's shape is not known)."""
        leaves = {rule.path[-1]: rule.action for rule in self.acting() if rule.action == "mask"}
        leaves.update({rule.path[-1]: "drop" for rule in self.acting() if rule.action == "drop"})
        return self._scrub(document, leaves)

    def _scrub(self, document: Any, leaves: dict[str, str]) -> Any:
        if isinstance(document, list):
            return [self._scrub(item, leaves) for item in document]
        if not isinstance(document, Mapping):
            return document
        result = {}
        for key, value in document.items():
            action = leaves.get(str(key).lower())
            if action == "mask":
                result[key] = self.masked(value)
            elif action != "drop":
                result[key] = self._scrub(value, leaves)
        return result


_ESCAPE = re.compile(r"(\\+)u00([0-9a-f]{2})")


def _json_text(value: Any) -> str:
    """Compact JSON as DuckDB writes it too (control characters as upper-case \\u00XX), so
    that a value masked by capture and by an import hashes the same."""

    def upper(match: re.Match[str]) -> str:
        slashes, code = match.groups()
        return f"{slashes}u00{code.upper()}" if len(slashes) % 2 else match[0]

    try:
        text = orjson.dumps(value).decode()
    except TypeError:  # an integer beyond 64 bits, as captured events may carry: its digits
        text = msgspec.json.encode(value).decode()
    return _ESCAPE.sub(upper, text)


_HEX = "[0-9A-Fa-f]{1,4}"
#: IPv4 dotted quads, and IPv6 in full (eight groups) or shortened (with `::`); a time such as
#: 12:30:45 is neither
_ADDRESS = re.compile(
    rf"\b(?:\d{{1,3}}\.){{3}}\d{{1,3}}\b"
    rf"|(?<![\w:])(?:{_HEX}:){{7}}{_HEX}(?![\w:])"
    rf"|(?<![\w:])(?:{_HEX}(?::{_HEX}){{0,6}})?::(?:{_HEX}(?::{_HEX}){{0,6}})?(?![\w.])"
)


def scrub_text(policy: Policy, raw: str) -> str:
    """Raw text as kept in rejects: a JSON document scrubbed by key; anything else (a body that
    is not JSON, an event cut short) with every address-like token replaced."""
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return _ADDRESS.sub("[address removed]", raw)
    return orjson.dumps(policy.scrub(document)).decode()


def merged(names: Iterable[str]) -> tuple[str, ...]:
    """Rule names checked, lower case, once each, sorted."""
    return tuple(sorted({check_name(name) for name in names}))
