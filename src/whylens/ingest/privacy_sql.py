"""The privacy rules of `ingest.privacy` in SQL, so that an import applies them inside DuckDB.

Rules match keys case-insensitively, which JSON functions cannot do cheaply row by row. So the
keys are found first: one pass over the rows whose text holds a rule's key name in quotes (a
regular expression) collects the distinct spellings at each level the rules reach. Those become
JSON merge patches applied to the same rows: `{"Email": null}` drops, `{"Email": "<hash>"}`
masks (the HMAC in SQL equals Python's). Rows without such a name are passed through untouched,
so the built-in IP rules cost an import one quick scan. Key spellings and rule names reach SQL as
session variables, never as SQL text.
"""

from __future__ import annotations

from typing import Any

import orjson

from whylens.engines.base import Engine
from whylens.ingest.privacy import MASK_DIGITS, TRAIT_OBJECTS, Policy

_IPAD, _OPAD = "whylens_mask_ipad", "whylens_mask_opad"
_REGEX_SPECIAL = set("\\.^$|?*+()[]{}")
#: a key path found in the rows, and what happens to it
Found = tuple[tuple[str, ...], str]


def set_secret(engine: Engine, secret: bytes) -> None:
    """Give the connection the HMAC pads (RFC 2104) of the database's secret, as variables."""
    key = secret.ljust(64, b"\0")
    engine.execute(f"SET VARIABLE {_IPAD} = $pad::BLOB", {"pad": bytes(b ^ 0x36 for b in key)})
    engine.execute(f"SET VARIABLE {_OPAD} = $pad::BLOB", {"pad": bytes(b ^ 0x5C for b in key)})


def hmac_sql(text: str) -> str:
    """SQL: the masked value of a text (the first 32 hex digits of its HMAC-SHA256)."""
    inner = f"unhex(sha256(getvariable('{_IPAD}') || encode({text})))"
    return f"left(sha256(getvariable('{_OPAD}') || {inner}), {MASK_DIGITS})"


def pattern(policy: Policy) -> str:
    """A regular expression that any JSON text holding a key a rule acts on matches."""
    names = sorted({rule.path[-1] for rule in policy.acting()})
    escaped = ("".join("\\" + c if c in _REGEX_SPECIAL else c for c in n) for n in names)
    return '(?i)"(' + "|".join(escaped) + ')"'


class Protector:
    """Builds the SQL that applies a policy to one JSON column of one relation.

    `tag` names the session variables it sets, so that two protected columns of the same
    statement do not clash.
    """

    def __init__(self, engine: Engine, policy: Policy, tag: str) -> None:
        self.engine = engine
        self.policy = policy
        self.tree = policy.tree()
        self.variable = f"whylens_privacy_{tag}"
        self._texts: list[str] = [pattern(policy)]

    def sql(self, expr: str, relation: str, top_keys: list[str] | None = None) -> str:
        """SQL: `expr` (a JSON object per row of `relation`) with the policy applied.

        `top_keys`, when the caller knows every key at the top and nothing is nested, spares
        the pass that finds them.
        """
        found = self.find(expr, relation, top_keys)
        if not found:
            return expr
        self._texts = [pattern(self.policy)]
        patches = self._drops([k for k, action in found if action == "drop"])
        patches += [self._mask(keys) for keys, action in found if action == "mask"]
        applied = (
            f"CASE WHEN regexp_matches(CAST(p AS VARCHAR), getvariable('{self.variable}')[1])"
            f" THEN json_merge_patch(p, {', '.join(patches)}) ELSE p END"
        )
        self.engine.execute(
            f"SET VARIABLE {self.variable} = $texts::VARCHAR[]", {"texts": self._texts}
        )
        return f"list_transform([CAST({expr} AS JSON)], lambda p: {applied})[1]"

    # -- finding the keys ----------------------------------------------------------------------
    def find(self, expr: str, relation: str, top_keys: list[str] | None = None) -> list[Found]:
        """The key paths, as spelled in the rows, that the rules drop or mask."""
        found: list[Found] = []
        frontier: list[tuple[tuple[str, ...], dict[str, Any]]] = [((), self.tree)]
        if top_keys is not None:  # flat: nothing below the top to look for
            self._step(frontier, {(): set(top_keys)}, found)
            return found
        while frontier:
            frontier = self._step(frontier, self._keys(expr, relation, frontier), found)
        return found

    def _step(
        self,
        frontier: list[tuple[tuple[str, ...], dict[str, Any]]],
        keys: dict[tuple[str, ...], set[str]],
        found: list[Found],
    ) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
        following = []
        for path, rules in frontier:
            for key in sorted(keys.get(path, ())):
                rule = rules.get(key.lower())
                if isinstance(rule, str):
                    found.append(((*path, key), rule))
                elif isinstance(rule, dict):
                    following.append(((*path, key), rule))
                elif not path and key in TRAIT_OBJECTS:
                    following.append(((key,), self.tree))
        return following

    def _keys(
        self, expr: str, relation: str, frontier: list[tuple[tuple[str, ...], dict[str, Any]]]
    ) -> dict[tuple[str, ...], set[str]]:
        """The distinct keys of the objects at each path of the frontier, in matching rows."""
        paths = [path for path, _ in frontier]
        rows = self.engine.query(
            f"""
            SELECT DISTINCT i, unnest(coalesce(json_keys(p, q), [])) AS k
            FROM (SELECT CAST({expr} AS JSON) AS p FROM {relation}) rows,
                (SELECT unnest($pointers::VARCHAR[]) AS q,
                    unnest(range(1, len($pointers::VARCHAR[]) + 1)) AS i) pointers
            WHERE regexp_matches(CAST(p AS VARCHAR), $pattern)
            """,
            {"pointers": [_pointer(path) for path in paths], "pattern": pattern(self.policy)},
        ).to_pylist()
        keys: dict[tuple[str, ...], set[str]] = {}
        for row in rows:
            keys.setdefault(paths[row["i"] - 1], set()).add(row["k"])
        return keys

    # -- the patches ---------------------------------------------------------------------------
    def _drops(self, paths: list[tuple[str, ...]]) -> list[str]:
        """SQL: merge patches that drop the paths, one per parent object. A key the row lacks
        is no matter (null removes nothing), but a patch must not create the parent objects."""
        by_parent: dict[tuple[str, ...], dict[str, Any]] = {}
        for keys in paths:
            by_parent.setdefault(keys[:-1], {})[keys[-1]] = None
        patches = []
        for parent, removed in by_parent.items():
            patch = f"CAST({self._text(orjson.dumps(_nested(parent, removed)).decode())} AS JSON)"
            patches.append(self._guarded(parent, patch) if parent else patch)
        return patches

    def _mask(self, keys: tuple[str, ...]) -> str:
        """SQL: a merge patch that puts the keyed hash at `keys` when the row has a value there."""
        pointer = self._text(_pointer(keys))
        hole = orjson.dumps(_nested(keys, "\x00")).decode().replace('"\\u0000"', "\x00")
        before, after = hole.split("\x00")
        value = (
            f"CASE WHEN json_type(p, {pointer}) = 'VARCHAR' THEN json_extract_string(p, {pointer})"
            f" ELSE CAST(json_extract(p, {pointer}) AS VARCHAR) END"
        )
        hashed = f"to_json({hmac_sql(value)})"
        patch = f"CAST({self._text(before)} || {hashed} || {self._text(after)} AS JSON)"
        guard = f"json_type(p, {pointer}) NOT IN ('NULL')"
        return self._guarded(keys[:-1], patch, guard)

    def _guarded(self, parent: tuple[str, ...], patch: str, guard: str | None = None) -> str:
        """SQL: the patch where every object on the way to `parent` is one, else an empty patch."""
        conditions = [
            f"json_type(p, {self._text(_pointer(parent[:depth]))}) = 'OBJECT'"
            for depth in range(1, len(parent) + 1)
        ]
        conditions += [guard] if guard else []
        if not conditions:
            return patch
        return f"CASE WHEN {' AND '.join(conditions)} THEN {patch} ELSE '{{}}'::JSON END"

    def _text(self, value: str) -> str:
        """SQL: a text given to the statement as an element of the session variable."""
        self._texts.append(value)
        return f"getvariable('{self.variable}')[{len(self._texts)}]"


def _pointer(keys: tuple[str, ...]) -> str:
    """The JSON pointer of a key path ('' for the top)."""
    return "".join("/" + key.replace("~", "~0").replace("/", "~1") for key in keys)


def _nested(keys: tuple[str, ...], value: Any) -> Any:
    """{"a": {"b": value}} for the keys a, b."""
    for key in reversed(keys):
        value = {key: value}
    return value
