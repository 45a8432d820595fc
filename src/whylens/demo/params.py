"""The planted truths of the demo shop, as named constants.

The generator, docs/demo-data.md and the tests read these same numbers, so an analysis that
recovers them is checked against what was planted, not against what happened to come out.
"""

from __future__ import annotations

import numpy as np

# -- who arrives, from where, on what ------------------------------------------------------------
CHANNELS = ("google", "facebook", "newsletter", "direct", "affiliate")
#: share of persons per acquisition channel (the utm_source of their first visit; direct: none)
CHANNEL_SHARE = (0.30, 0.20, 0.10, 0.28, 0.12)
CHANNEL_MEDIUM = ("cpc", "paid_social", "email", None, "affiliate")
CHANNEL_REFERRER = (
    "https://www.google.com/",
    "https://l.facebook.com/",
    None,
    None,
    "https://www.dealhunter.example/",
)
CHANNEL_CAMPAIGNS = (
    ("brand_search", "generic_shoes", "shopping_feed"),
    ("lookalike_q3", "retargeting_cart", "autumn_video"),
    ("weekly_digest", "autumn_sale", "back_in_stock"),
    (None,),
    ("cashback_partner", "deals_partner"),
)
DEVICES = ("desktop", "mobile", "tablet")
DEVICE_SHARE = (0.45, 0.45, 0.10)
# fmt: off
#: per device type: (browser, os, weight)
BROWSERS = (
    (("Chrome", "Windows", 0.45), ("Safari", "Mac OS X", 0.25), ("Edge", "Windows", 0.15),
     ("Firefox", "Windows", 0.10), ("Chrome", "Linux", 0.05)),
    (("Mobile Safari", "iOS", 0.50), ("Chrome", "Android", 0.40),
     ("Samsung Internet", "Android", 0.10)),
    (("Mobile Safari", "iPadOS", 0.65), ("Chrome", "Android", 0.35)),
)
#: ISO-2 country, share of persons, UTC offset in hours (for the time of day of visits)
COUNTRIES = (
    ("US", 0.30, -5), ("GB", 0.12, 0), ("DE", 0.12, 1), ("FR", 0.08, 1), ("CA", 0.06, -5),
    ("NL", 0.05, 1), ("ES", 0.05, 1), ("IT", 0.05, 1), ("AU", 0.05, 10), ("IN", 0.05, 5),
    ("BR", 0.04, -3), ("SE", 0.03, 1),
)
#: relative visits per local hour 0..23: quiet nights, a lunch bump, an evening peak
HOURLY = (
    0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 1.6, 2.0, 2.2, 2.4,
    2.6, 2.4, 2.2, 2.2, 2.4, 2.8, 3.2, 3.6, 3.8, 3.4, 2.4, 1.2,
)
# fmt: on

# -- the cast ------------------------------------------------------------------------------------
#: persons who were customers before the window: first seen in its first week, all identified
EXISTING_SHARE = 0.40
#: new persons (not bouncers) who sign up; those reaching checkout always sign up first
SIGNUP_SHARE = 0.50
#: one-visit persons whose only session is a single page view (they never view an item)
BOUNCER_SHARE = 0.10
#: identified persons with a second device (a second anonymous id, same user_id)
SECOND_DEVICE_SHARE = 0.25
PLANS = ("free", "pro", "business")
PLAN_SHARE = (0.55, 0.33, 0.12)
PLAN_SHARE_CHURNING = (0.80, 0.17, 0.03)
#: sessions per week (mean of a gamma with shape 2) by kind of person
SESSIONS_PER_WEEK = {"identified": 1.0, "high_intent": 1.2, "anonymous": 1.5}
#: anonymous (never identified) persons stop coming after this many days on average
ANONYMOUS_LIFETIME_DAYS = 12.0

# -- 1. the purchase funnel ----------------------------------------------------------------------
FUNNEL_STEPS = ("view_item", "add_to_cart", "begin_checkout", "purchase")
FUNNEL_WINDOW_DAYS = 7
#: step conversion (from the previous step) of a regular person on desktop, control arm
FUNNEL_RATES = {
    "google": (0.40, 0.55, 0.70),
    "facebook": (0.25, 0.45, 0.60),
    "newsletter": (0.50, 0.62, 0.75),
    "direct": (0.45, 0.58, 0.72),
    "affiliate": (0.32, 0.50, 0.65),
}
#: each step's rate is multiplied by this factor of the person's first device
DEVICE_FACTOR = {
    "desktop": (1.0, 1.0, 1.0),
    "mobile": (0.80, 0.85, 0.85),
    "tablet": (0.95, 0.95, 0.90),
}

# -- 2. the feature whose adoption grows ---------------------------------------------------------
ADOPTION_FEATURE = "use_compare"
#: share of the week's active persons who use it, linear from the first week to the last
ADOPTION_FIRST, ADOPTION_LAST = 0.05, 0.35

# -- 3. the decaying cohort ----------------------------------------------------------------------
#: share of identified persons (never high-intent) whose sessions decay linearly to zero
CHURN_SHARE = 0.15
CHURN_DECAY_DAYS = (21, 42)
#: churn dates fall between this share of the window and CHURN_QUIET_DAYS before its end
CHURN_EARLIEST = 0.45
CHURN_QUIET_DAYS = 21
#: churning persons on a paid plan send cancel_subscription in their last session this often
CANCEL_SHARE = 0.85
#: everyone else identified stops at random too, after this many days on average (≈ 8%/90 days)
NATURAL_LIFETIME_DAYS = 1000.0

# -- 4. the A/B test -----------------------------------------------------------------------------
EXPERIMENT = "checkout_redesign"
ARMS = ("control", "treatment")
#: relative lift of treatment's checkout -> purchase rate; exposure happens at begin_checkout
EXPERIMENT_LIFT = 0.12

# -- 5. survey answers ---------------------------------------------------------------------------
#: P(NPS score = 0..10): churning persons (mean 4.17) and everyone else (mean 8.07)
NPS_CHURNING = (0.09, 0.08, 0.10, 0.13, 0.15, 0.15, 0.12, 0.08, 0.05, 0.03, 0.02)
NPS_OTHERS = (0.005, 0.005, 0.01, 0.01, 0.02, 0.03, 0.05, 0.15, 0.25, 0.27, 0.20)
#: P(CSAT score = 1..5) after a support contact (means 2.20 and 4.01)
CSAT_CHURNING = (0.35, 0.30, 0.20, 0.10, 0.05)
CSAT_OTHERS = (0.04, 0.06, 0.15, 0.35, 0.40)
#: who answers the NPS survey (churning persons while declining)
NPS_RESPONSE = {"churning": 0.60, "others": 0.30}
#: answers that carry a comment, by kind
COMMENT_SHARE = {"nps": 0.55, "csat": 0.40}
#: support contacts rated with CSAT; of the others, the share that leave a written message
CSAT_SHARE, SUPPORT_MESSAGE_SHARE = 0.5, 0.4
#: identified persons who write an app review
REVIEW_SHARE = 0.05
#: P(text sentiment negative, neutral, positive) of a comment, by the person's group
SENTIMENT_CHURNING = (0.80, 0.15, 0.05)
SENTIMENT_OTHERS = (0.12, 0.33, 0.55)

# -- 6. high-intent buyers -----------------------------------------------------------------------
HIGH_INTENT_SHARE = 0.08
#: their step rates, whatever channel or device: 0.95 * 0.72 * 0.58 * 1.06 ≈ 0.42 buy
HIGH_INTENT_RATES = (0.95, 0.72, 0.58)
#: product views in a non-bounce session: 1 + Poisson(this); high-intent persons browse deeper,
#: with Poisson(DEEPER_VIEWS) more
PRODUCT_VIEWS = {"regular": 1.0, "high_intent": 1.3}
DEEPER_VIEWS = 1.7
#: chance that a product view is followed by add_to_cart outside the funnel session
EXTRA_CART_RATE = {"regular": 0.02, "high_intent": 0.3}
#: chance that a later session of a buyer holds another full purchase
REPEAT_PURCHASE_RATE = {"regular": 0.10, "high_intent": 0.30}


def step_rates(
    channel: str, device: str, high_intent: bool = False, arm: str = "control"
) -> np.ndarray:
    """The three step probabilities one person is drawn with."""
    base = np.array(HIGH_INTENT_RATES if high_intent else FUNNEL_RATES[channel], dtype=float)
    if not high_intent:
        base = base * np.array(DEVICE_FACTOR[device])
    if arm == "treatment":
        base[2] *= 1 + EXPERIMENT_LIFT
    return base


def expected_funnel(channel: str | None = None, device: str | None = None) -> tuple[float, ...]:
    """Step conversions a funnel analysis should find: the mix of regular and high-intent
    persons, of both arms, over the channels and devices asked for (all when None)."""
    channels = [channel] if channel else list(CHANNELS)
    devices = [device] if device else list(DEVICES)
    high = HIGH_INTENT_SHARE / (1 - BOUNCER_SHARE)  # bouncers never enter the funnel
    reach = np.zeros(3)
    for c in channels:
        for d in devices:
            weight = CHANNEL_SHARE[CHANNELS.index(c)] * DEVICE_SHARE[DEVICES.index(d)]
            for is_high, share in ((False, 1 - high), (True, high)):
                for arm in ARMS:
                    reach += weight * share * 0.5 * np.cumprod(step_rates(c, d, is_high, arm))
    total = sum(CHANNEL_SHARE[CHANNELS.index(c)] for c in channels) * sum(
        DEVICE_SHARE[DEVICES.index(d)] for d in devices
    )
    reach = np.concatenate([[1.0], reach / total])
    return tuple(float(x) for x in reach[1:] / reach[:-1])


def adoption_share(week: int, weeks: int) -> float:
    """Planted share of a week's active persons who use the growing feature."""
    return ADOPTION_FIRST + (ADOPTION_LAST - ADOPTION_FIRST) * week / max(weeks - 1, 1)
