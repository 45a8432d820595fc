"""What a capture request's records lose before they are logged: the IP address, used only for the
country (when a GeoIP file is configured) and then dropped, and whatever the project's privacy
rules drop or mask, in the properties and in the traits (`set`, `set_once`). Rejected events are
kept scrubbed. Nothing here touches the disk: the log only ever holds what is left.
"""

from __future__ import annotations

from dataclasses import replace

from whylens.ingest.capture.records import ADDRESS, TRAIT_KEYS, Parsed
from whylens.ingest.geoip import GeoIP
from whylens.ingest.privacy import Policy, scrub_text

#: PostHog's per-event opt-out of the GeoIP lookup
GEOIP_DISABLE = "$geoip_disable"


def protect(parsed: Parsed, policy: Policy, geoip: GeoIP | None, client: str | None) -> Parsed:
    """The request's records and rejections as they may be logged.

    An event's address is the one it carries (Segment's `context.ip`, PostHog's `$ip`), else the
    request's (`client`: the peer, or the proxy's X-Forwarded-For as uvicorn trusts it). A country
    the event already has is kept.
    """
    events = parsed.target == "events"
    for record in parsed.records:
        found = record.pop(ADDRESS, None) or client
        if not events:
            continue
        properties = record.get("properties")
        if (
            geoip is not None
            and "country" not in record
            and not (properties and properties.get(GEOIP_DISABLE) is True)
        ):
            country = geoip.country(found)
            if country is not None:
                record["country"] = country
        done: dict[int, object] = {}
        if properties:
            record["properties"] = policy.properties(properties, done)
        for key in TRAIT_KEYS:
            if key in record:
                record[key] = policy.traits(record[key], done)
    if not parsed.rejections:
        return parsed
    rejections = [replace(r, raw=scrub_text(policy, r.raw)) for r in parsed.rejections]
    return replace(parsed, rejections=rejections)
