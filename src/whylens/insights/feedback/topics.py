"""Theme tagging of feedback texts: each theme is a set of keyword patterns, kept as data.

Tags are stored per row (feedback.themes) so that every analysis groups by the same themes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: theme -> pattern on the lower-cased text
THEMES: dict[str, str] = {
    "delivery": r"deliver|shipping|shipped|parcel|package|courier|tracking|arriv|late\b|delay"
    r"|dispatch|\bbox\b|\bpost\b",
    "payment": r"charg|bill|refund|payment|\bpaid|\bpay\b|card|checkout|invoice|voucher|paypal"
    r"|money back",
    "app": r"\bapp\b|crash|freez|froze|hang|bug|glitch|load|log(ged|s)? (me )?(in|out)|website"
    r"|(the|new|last|latest) update|\bsite\b|search|filter|feature|dark mode",
    "price": r"price|pric(ey|ier)|expensive|cheap|overpriced|cost|fee|value|deal|bargain|discount"
    r"|sale\b|ripoff|worth",
    "support": r"support|customer service|agent|reply|replied|respon|answer|contact|helpdesk"
    r"|\bchat|on hold|callback|return",
    "quality": r"quality|broken|damaged|material|fits?\b|size|defect|fell apart|poor",
}
_COMPILED = {theme: re.compile(pattern) for theme, pattern in THEMES.items()}


def tag(text: str | None) -> list[str]:
    """The themes a text mentions, in the order of THEMES."""
    if not text:
        return []
    lowered = text.lower()
    return [theme for theme, pattern in _COMPILED.items() if pattern.search(lowered)]


def tag_many(texts: Sequence[str | None]) -> list[list[str]]:
    """Identical texts are tagged once."""
    cache: dict[str | None, list[str]] = {}
    for text in texts:
        if text not in cache:
            cache[text] = tag(text)
    return [cache[text] for text in texts]
