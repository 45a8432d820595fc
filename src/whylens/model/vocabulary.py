"""Event names with a meaning to whylens itself, in one place."""

from __future__ import annotations

#: events that count as a page view (PostHog, Segment `page` as stored, common exports)
PAGEVIEW_EVENTS: tuple[str, ...] = ("$pageview", "$screen", "pageview", "page_view")

#: events sent by SDKs about the visit rather than by the person: not an interaction for bounce
NON_INTERACTION_EVENTS: tuple[str, ...] = (
    "$pageleave",
    "$identify",
    "$create_alias",
    "$set",
    "$groupidentify",
    "$feature_flag_called",
    "$web_vitals",
    "$exception",
    "$opt_in",
    "$rageclick_ignored",
)

#: events a survey SDK sends about the survey itself (PostHog), not something the person chose to
#: do: left out of what persons did before they answered
SURVEY_EVENTS: tuple[str, ...] = ("survey shown", "survey sent", "survey dismissed")

#: a session ends after this much inactivity (GA4, Plausible, PostHog, Heap, Matomo)
SESSION_TIMEOUT_S = 30 * 60

#: the posthog bounce rule's duration threshold: a session this long is engaged
BOUNCE_MIN_DURATION_S = 10
