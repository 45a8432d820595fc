"""Customer comments for the demo feedback, assembled from templates by sentiment and topic.

Negative topics are the ones a shop's churn analysis should surface (late delivery, double
charges, a freezing app, prices, slow support); variety comes from openers, details and closers.
"""

from __future__ import annotations

import numpy as np

SENTIMENTS = ("negative", "neutral", "positive")

#: sentiment -> topic -> sentences; {n}, {item} and {device} are filled per comment
TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "negative": {
        "delivery_delay": (
            "My order arrived {n} days late.",
            "Delivery took almost two weeks and the tracking page never updated.",
            "Still waiting for my {item} after {n} days.",
            "The parcel was late again and nobody told me why.",
            "Shipping said 2 days, it took {n}.",
        ),
        "double_charge": (
            "I was charged twice for the same order.",
            "My card was billed two times for one {item} and the refund is taking forever.",
            "Double charge on my last order, still not refunded.",
            "You took the payment twice and support keeps asking me for screenshots.",
        ),
        "app_freeze": (
            "The app freezes every time I open the cart.",
            "Checkout keeps crashing on my {device}.",
            "The app froze during payment and I had to start over.",
            "Since the last update the app hangs on the product pages.",
        ),
        "overpriced": (
            "Prices went up a lot, the same {item} is cheaper elsewhere.",
            "Too expensive for what you get.",
            "Shipping costs are way too high for a small order.",
            "The {item} was overpriced and the quality is poor.",
        ),
        "slow_support": (
            "Support took {n} days to answer a simple question.",
            "I contacted support twice and never got a reply.",
            "Customer service is slow and unhelpful.",
            "Waited {n} days for someone to look at my return.",
        ),
    },
    "neutral": {
        "mixed": (
            "Good selection, but delivery could be faster.",
            "The {item} is fine, the packaging was a bit damaged.",
            "Decent prices, the website is a little slow on my {device}.",
        ),
        "plain": (
            "It does the job.",
            "Nothing special, ordered a {item} and it arrived.",
            "Average experience overall.",
        ),
        "suggestion": (
            "Please add more payment options.",
            "Would love a dark mode in the app.",
            "It would help to filter by delivery time.",
        ),
    },
    "positive": {
        "fast_delivery": (
            "Fast delivery, my {item} arrived the next day.",
            "Shipping was quicker than expected.",
            "Ordered on Monday, had it on Tuesday.",
        ),
        "easy_checkout": (
            "Checkout is quick and easy.",
            "Really smooth ordering on my {device}.",
            "The app is easy to use and never gets in the way.",
        ),
        "fair_prices": (
            "Great prices and regular deals.",
            "Good value for money, the {item} is excellent.",
        ),
        "helpful_support": (
            "Support sorted out my return in minutes.",
            "Friendly and helpful customer service.",
        ),
        "compare": (
            "The compare feature made it easy to pick the right {item}.",
            "Comparing products side by side saved me a lot of time.",
        ),
    },
}
OPENERS = {
    "negative": ("", "", "Honestly disappointed.", "Third time this happened.", "Not happy."),
    "neutral": ("", "", "Mostly okay.", "First order here."),
    "positive": ("", "", "Love this shop!", "Regular customer here.", "Very happy."),
}
CLOSERS = {
    "negative": (
        "",
        "",
        "I will probably shop elsewhere.",
        "Please fix this.",
        "Very frustrating.",
    ),
    "neutral": ("", "", "We'll see next time.", "Could be better."),
    "positive": ("", "", "Will order again.", "Thanks!", "Keep it up."),
}
ITEMS = ("jacket", "pair of shoes", "bag", "watch", "headphones", "lamp", "face cream", "yoga mat")
DEVICES = ("phone", "tablet", "laptop")


def comments(sentiment: np.ndarray, rng: np.random.Generator) -> list[str]:
    """One comment per row; `sentiment` holds indices into SENTIMENTS."""
    u = rng.random((len(sentiment), 6))
    numbers = rng.integers(3, 15, len(sentiment))
    return [
        _compose(SENTIMENTS[s], row, int(n))
        for s, row, n in zip(sentiment, u, numbers, strict=True)
    ]


def _compose(sentiment: str, u: np.ndarray, number: int) -> str:
    """Pick topic, sentence, opener and closer with the row's uniforms, then fill the slots."""
    topics = TEMPLATES[sentiment]
    sentences = topics[list(topics)[int(u[0] * len(topics))]]
    body = sentences[int(u[1] * len(sentences))].format(
        n=number, item=ITEMS[int(u[2] * len(ITEMS))], device=DEVICES[int(u[3] * len(DEVICES))]
    )
    opener = OPENERS[sentiment][int(u[4] * len(OPENERS[sentiment]))]
    closer = CLOSERS[sentiment][int(u[5] * len(CLOSERS[sentiment]))]
    return " ".join(part for part in (opener, body, closer) if part)
