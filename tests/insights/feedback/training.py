"""The learned scorer's training data, and the script that makes its weights:

    python -m tests.insights.feedback.training

writes src/whylens/insights/feedback/sentiment_model.json from every labelled set below (the
texts rewritten by the lexicon's rules first, as the scorer reads them). The sets were written by
different people at different times; `SETS` names the ones a figure can be measured on (leave
one out, train on the rest); EXTRA and CORPUS are training data only (extra.py and corpus.py say
why).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.insights.feedback.blind import BLIND
from tests.insights.feedback.corpus import CORPUS
from tests.insights.feedback.extra import EXTRA
from tests.insights.feedback.fifth import FIFTH
from tests.insights.feedback.fourth import FOURTH
from tests.insights.feedback.labelled import FRESH, HELD_OUT, LABELLED
from tests.insights.feedback.seventh import SEVENTH
from tests.insights.feedback.sixth import SIXTH
from tests.insights.feedback.third import THIRD
from whylens.insights.feedback.learned import MODEL_FILE, fit
from whylens.insights.feedback.sentiment import SentimentScorer, turn

SETS = {
    "tuning": LABELLED,
    "held-out": HELD_OUT,
    "fresh": FRESH,
    "blind": BLIND,
    "third": THIRD,
    "fourth": FOURTH,
    "fifth": FIFTH,
    "sixth": SIXTH,
    "seventh": SEVENTH,
}
#: training data only, never measured
UNMEASURED = EXTRA + CORPUS
TARGET = Path(__file__).parents[3] / "src/whylens/insights/feedback" / MODEL_FILE


OPPOSITE = {"positive": "negative", "negative": "positive"}


def examples(rows) -> list[tuple[str, str]]:
    """(text, class); foreign texts are left out (they are never scored). A comment turned by
    "but"/"however" counts as what its turn says, and its two sides count too, each by its own
    sign (the turn reverses the first): the model reads words, not where they stand, and from
    "Delivery was late, but support sorted it" alone it would learn "was late" as praise."""
    out = []
    for text, label, *_ in rows:
        if label == "foreign":
            continue
        out.append((text, label.removeprefix("mixed-")))
        if label.startswith("mixed-") and (sides := turn(text)):
            after = label.removeprefix("mixed-")
            out += [(sides[0], OPPOSITE[after]), (sides[1], after)]
    return out


def training(leave_out: str | None = None) -> list[tuple[str, str]]:
    """Every set's examples but `leave_out`'s, and the unmeasured ones."""
    rows = [r for name, rows in SETS.items() if name != leave_out for r in examples(rows)]
    return rows + examples(UNMEASURED)


def spec(rows: list[tuple[str, str]], scorer: SentimentScorer | None = None) -> dict:
    scorer = scorer or SentimentScorer()
    return fit([scorer.rewrite(text) for text, _ in rows], [label for _, label in rows])


def main() -> None:
    TARGET.write_text(json.dumps(spec(training()), separators=(",", ":")) + "\n")
    print(f"wrote {TARGET.name}: {TARGET.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
