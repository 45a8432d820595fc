"""Event times corrected for the sending device's clock, and clamped when far in the future.

A phone whose clock is an hour off stamps its events an hour off; the same clock stamps the
request's `sentAt`, so the gap between the two is right even when both are wrong. Segment and
PostHog both place the event that gap before the moment the server received the request:
event time = received − (sent_at − timestamp).
"""

from __future__ import annotations

from typing import NamedTuple

#: an event stamped further ahead than this is taken at its receive time instead
MAX_FUTURE_US = 24 * 3600 * 1_000_000
#: the property that marks an event whose time was clamped
CLAMPED = "$timestamp_clamped"


class EventTime(NamedTuple):
    """An event's time on the server's clock (a named tuple: one is made for every event)."""

    timestamp_us: int
    clamped: bool = False


def event_time(
    timestamp_us: int | None,
    sent_at_us: int | None,
    received_us: int,
    offset_ms: float | None = None,
) -> EventTime:
    """The event's time on the server's clock.

    With both `timestamp` and `sent_at`: received − (sent_at − timestamp). With a timestamp only:
    the timestamp as sent. With PostHog's `offset` (milliseconds before sending): received −
    offset. With nothing: the receive time.
    """
    if timestamp_us is None:
        moment = received_us - round(offset_ms * 1000) if offset_ms is not None else received_us
    elif sent_at_us is None:
        moment = timestamp_us
    else:
        moment = received_us - (sent_at_us - timestamp_us)
    if moment - received_us > MAX_FUTURE_US:
        return EventTime(received_us, clamped=True)
    return EventTime(moment)
