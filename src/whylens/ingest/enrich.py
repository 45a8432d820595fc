"""Typed columns derived from what an event carries: path and UTM tags from the URL, the
referring domain, and device, browser and OS from a user agent. Rules are data, evaluated in SQL.
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

_SCHEME_HOST = r"^[A-Za-z][A-Za-z0-9+.\-]*://"


def _first_match(column: str, rules: tuple[tuple[str, str], ...]) -> str:
    arms = " ".join(
        f"WHEN regexp_matches({column}, {literal(pattern)}) THEN {literal(value)}"
        for pattern, value in rules
    )
    return f"CASE {arms} END"


def device_type(user_agent: str) -> str:
    return _first_match(user_agent, DEVICE_RULES)


def browser(user_agent: str) -> str:
    return _first_match(user_agent, BROWSER_RULES)


def os_name(user_agent: str) -> str:
    return _first_match(user_agent, OS_RULES)


def path(url: str) -> str:
    """`https://x.com/a/b?q=1#h` -> `/a/b`; a bare path stays itself; an empty one is `/`."""
    rest = f"regexp_replace({url}, {literal(_SCHEME_HOST + '[^/?#]*')}, '')"
    return f"CASE WHEN {url} IS NULL THEN NULL ELSE coalesce(nullif(regexp_extract({rest}, '^[^?#]*'), ''), '/') END"


def referring_domain(referrer: str) -> str:
    """Host of the referrer, lower case, without a leading `www.`."""
    host = f"regexp_extract({referrer}, {literal(_SCHEME_HOST + r'(?:[^@/?#]*@)?([^/:?#]+)')}, 1)"
    return f"nullif(regexp_replace(lower({host}), '^www\\.', ''), '')"


def query_parameter(url: str, name: str) -> str:
    """A decoded query-string value of the URL, e.g. its utm_source."""
    raw = f"regexp_extract({url}, {literal('[?&]' + name + '=([^&#]*)')}, 1)"
    return f"nullif(url_decode(replace({raw}, '+', ' ')), '')"
