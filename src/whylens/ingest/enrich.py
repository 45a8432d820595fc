"""Typed columns derived from what an event carries: path and UTM tags from the URL, the
referring domain, and device, browser and OS from a user agent.

Each is computed once per distinct URL, referrer or user agent (pages and browsers repeat a lot)
and joined back on the value as the file had it (`raw`), with plain string functions rather than
regular expressions where it can.
"""

from __future__ import annotations

from whylens.sql import literal

# First match wins; patterns are RE2 regular expressions, tested against the user agent.
DEVICE_RULES: tuple[tuple[str, str], ...] = (
    (r"(?i)bot\b|crawler|spider|headless", "bot"),
    (r"(?i)ipad|tablet|kindle|silk", "tablet"),
    (r"(?i)mobi|iphone|ipod|windows phone", "mobile"),
    (r"(?i)android", "tablet"),  # Android phones say "Mobile"; those that don't are tablets
    (r".", "desktop"),
)
BROWSER_RULES: tuple[tuple[str, str], ...] = (
    (r"Edg(e|A|iOS)?/", "Edge"),
    (r"OPR/|Opera", "Opera"),
    (r"SamsungBrowser/", "Samsung Internet"),
    (r"Firefox/|FxiOS/", "Firefox"),
    (r"Chrome/|CriOS/|Chromium/", "Chrome"),
    (r"Safari/", "Safari"),
)
OS_RULES: tuple[tuple[str, str], ...] = (
    (r"iPhone|iPad|iPod", "iOS"),
    (r"Android", "Android"),
    (r"Windows", "Windows"),
    (r"Mac OS X|Macintosh", "macOS"),
    (r"CrOS", "Chrome OS"),
    (r"Linux", "Linux"),
)
UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign")


def _first_match(column: str, rules: tuple[tuple[str, str], ...]) -> str:
    arms = " ".join(
        f"WHEN regexp_matches({column}, {literal(pattern)}) THEN {literal(value)}"
        for pattern, value in rules
    )
    return f"CASE {arms} END"


def _after_scheme(url: str) -> str:
    """`https://host/p?q` -> `host/p?q`; NULL when the value has no scheme."""
    return f"CASE WHEN strpos({url}, '://') > 0 THEN substr({url}, strpos({url}, '://') + 3) END"


def _query_parameter(url: str, name: str) -> str:
    """A decoded query-string value; the regular expression runs only where the name occurs."""
    raw = f"regexp_extract({url}, {literal('[?&]' + name + '=([^&#]*)')}, 1)"
    return (
        f"CASE WHEN contains({url}, {literal(name + '=')})"
        f" THEN nullif(url_decode(replace({raw}, '+', ' ')), '') END"
    )


def url_parts(urls: str) -> str:
    """SQL: per row of relation `urls` (distinct `raw` values, each with its `url`, which may
    be NULL), the URL's path and UTM tags.

    Path: what follows the host up to `?` or `#` (`/` when empty); a value without a scheme is
    taken as a path already.
    """
    utm = ", ".join(f"{_query_parameter('url', f)} AS url_{f}" for f in UTM_FIELDS)
    return f"""
        SELECT raw, url, CASE WHEN url IS NOT NULL THEN coalesce(nullif(split_part(split_part(
                CASE WHEN rest IS NULL THEN url
                     WHEN slash = 0 OR (q > 0 AND q < slash) OR (h > 0 AND h < slash) THEN ''
                     ELSE substr(rest, slash) END, '?', 1), '#', 1), ''), '/') END AS path,
            {utm}
        FROM (
            SELECT raw, url, rest, strpos(rest, '/') AS slash, strpos(rest, '?') AS q,
                strpos(rest, '#') AS h
            FROM (SELECT raw, url, {_after_scheme("url")} AS rest FROM {urls})
        )
    """


def host(url: str) -> str:
    """SQL: the URL's host, lower case, without port, user info or a leading `www.`: after the
    first `://`, up to `/`, `?`, `#`, after the last `@` and before a `:`.

    One regular expression rather than nested `split_part`s: DuckDB expands `split_part` as a
    macro that repeats its argument (and splits into a list), so the nested form grew to
    hundreds of calls, tens of milliseconds to plan and a list per row to run, in every query
    that used it (each of the sessions insight's, through the source of a session).
    """
    authority = f"regexp_extract({url}, '://(?:[^/?#]*@)?([^/?#:]*)', 1)"
    return f"nullif(regexp_replace(lower({authority}), '^www[.]', ''), '')"


def referrer_parts(referrers: str) -> str:
    """SQL: per row of `referrers` (distinct `raw`, with its `referrer`), its host as
    `referring_domain`."""
    return f"""
        SELECT raw, referrer, {host("referrer")} AS referring_domain FROM {referrers}
    """


def user_agent_parts(agents: str) -> str:
    """SQL: per row of `agents` (distinct `raw`, with its `user_agent`): device type, browser
    and OS by the rules above."""
    return f"""
        SELECT raw, {_first_match("user_agent", DEVICE_RULES)} AS ua_device_type,
            {_first_match("user_agent", BROWSER_RULES)} AS ua_browser,
            {_first_match("user_agent", OS_RULES)} AS ua_os
        FROM {agents}
    """
