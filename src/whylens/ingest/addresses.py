"""IP addresses as numbers, in Python (capture) and in SQL (imports), both the same way.

IPv4 and IPv6 share one number space: an IPv4 address is its IPv4-mapped IPv6 address
(`::ffff:a.b.c.d`), so one sorted list of ranges answers both and an address written either way
is found alike. Anything that is not an address is None (NULL in SQL), never an error: a bad IP
in an event costs the event its country, nothing else.
"""

from __future__ import annotations

import socket

#: the number of ::ffff:0.0.0.0, where IPv4 addresses start
V4_BASE = 0xFFFF << 32


def number(text: str) -> int | None:
    """The address as a number; None when `text` is not an IPv4 or IPv6 address."""
    text = text.strip().strip("[]").partition("%")[0]  # brackets and a zone (fe80::1%eth0)
    try:
        if ":" not in text:
            return V4_BASE + int.from_bytes(socket.inet_pton(socket.AF_INET, text), "big")
        return int.from_bytes(socket.inet_pton(socket.AF_INET6, text), "big")
    except (OSError, ValueError):
        return None


_OCTET = "(?:0|[1-9][0-9]{0,2})"
#: four decimal parts without leading zeros (as the standard library reads IPv4)
_V4 = rf"{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}"


def _v4_sql(text: str) -> str:
    """SQL: a dotted IPv4 text as a UBIGINT; NULL unless four parts of 0..255."""
    parts = f"list_transform(string_split({text}, '.'), lambda x: CAST(x AS UBIGINT))"
    number = (
        "CASE WHEN list_max(p) <= 255 THEN (p[1] << 24) + (p[2] << 16) + (p[3] << 8) + p[4] END"
    )
    return (
        f"CASE WHEN regexp_full_match({text}, '{_V4}')"
        f" THEN list_transform([{parts}], lambda p: {number})[1] END"
    )


def numbers_sql(relation: str, column: str = "ip") -> str:
    """SQL: one row per distinct address of `relation.column`: (`column`, `n` UHUGEINT or NULL).

    IPv6 text is taken apart in steps: an IPv4 tail (`::ffff:1.2.3.4`) becomes two hex groups;
    `::` is replaced by the zero groups missing from eight (the groups written out are the colons
    plus one, less the empty parts around `::`); the eight groups, padded to four hex digits, are
    read as one 128-bit number. Each step checks what the standard library would refuse.
    """
    colons = "(length(t) - length(replace(t, ':', '')))"
    present = (
        f"({colons} - CAST(starts_with(t, '::') AS INTEGER) - CAST(ends_with(t, '::') AS INTEGER))"
    )
    quad = "regexp_extract(s, ':([0-9.]+)$', 1)"
    return f"""
        SELECT {column}, CASE WHEN v4 IS NOT NULL THEN {V4_BASE}::UHUGEINT + v4
            WHEN len(g) = 8 AND list_bool_and(list_transform(g, lambda x: len(x) BETWEEN 1 AND 4))
            THEN CAST('0x' || array_to_string(list_transform(g, lambda x: lpad(x, 4, '0')), '')
                      AS UHUGEINT) END AS n
        FROM (
            SELECT {column}, v4, CASE
                WHEN t IS NULL OR NOT regexp_full_match(t, '[0-9a-f:]+') OR contains(t, ':::')
                    OR (starts_with(t, ':') AND NOT starts_with(t, '::'))
                    OR (ends_with(t, ':') AND NOT ends_with(t, '::')) THEN NULL
                WHEN NOT contains(t, '::') THEN string_split(t, ':')
                WHEN {present} <= 7 AND length(t) - length(replace(t, '::', '')) = 2
                    THEN string_split(trim(replace(t, '::', ':' || repeat('0:', 8 - {present})),
                                           ':'), ':')
                END AS g
            FROM (
                SELECT {column}, v4, CASE
                    WHEN v4 IS NOT NULL OR NOT contains(s, ':') THEN NULL
                    WHEN NOT contains(s, '.') THEN s
                    ELSE regexp_replace(s, ':[0-9.]+$', printf(':%x:%x', q >> 16, q & 65535))
                    END AS t
                FROM (
                    SELECT {column}, s, {_v4_sql("s")} AS v4,
                        CASE WHEN contains(s, '.') AND contains(s, ':')
                             THEN {_v4_sql(quad)} END AS q
                    FROM (SELECT DISTINCT {column}, lower(split_part(
                            trim(trim({column}), '[]'), '%', 1)) AS s
                          FROM {relation} WHERE {column} IS NOT NULL)
                )
            )
        )
    """
