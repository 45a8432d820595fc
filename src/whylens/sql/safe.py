"""The two ways a name or a value may enter SQL text in whylens.

Values from users are always bound parameters. Identifiers cannot be parameters, so they are
checked against a strict pattern; `literal` is for whylens' own constants (rule tables), never for
user text.
"""

from __future__ import annotations

import re

from whylens.errors import QueryError

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def identifier(name: str) -> str:
    """A quoted identifier, or QueryError if the name is not a plain word."""
    if not _IDENTIFIER.match(name):
        raise QueryError(f"{name!r} is not a valid name (letters, digits and _ only)")
    return f'"{name}"'


def literal(value: str | int | float | bool | None) -> str:
    """A SQL literal for one of our own constants."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + value.replace("'", "''") + "'"
