"""Scoring feedback texts: 100,000 distinct demo-like comments (one in twenty not in English),
scored by whylens on every core, against plain VADER on one core measured in the same run.

Also timed: `score_feedback` over the same texts stored in a database (read, score, tag themes,
write back), the path every import and the capture writer take. Target: 100,000 texts < 30 s.
"""

from __future__ import annotations

import os
import resource
from statistics import median
from typing import Any

from bench.measure import timed
from bench.report import NONE, Row, Section, Target, count, rate, seconds, times

TEXTS = 100_000
TARGET_S = 30.0
SEED = 20240601
#: one text in FOREIGN_EVERY is not English: the language detector's slow path is timed too
FOREIGN_EVERY = 20
_FOREIGN = (
    "Die Lieferung hat zu lange gedauert",
    "La commande est arrivée en retard",
    "El pedido llegó muy rápido",
    "Il servizio clienti non risponde",
    "De bestelling was beschadigd",
)


def texts(total: int = TEXTS, seed: int = SEED) -> list[str]:
    """Distinct comments: the demo's templates, each made unique by the order it is about."""
    import numpy as np

    from whylens.demo.texts import SENTIMENTS, comments

    rng = np.random.default_rng(seed)
    sentiment = rng.integers(0, len(SENTIMENTS), total)
    made = comments(sentiment, rng)
    for i in range(0, total, FOREIGN_EVERY):
        made[i] = _FOREIGN[(i // FOREIGN_EVERY) % len(_FOREIGN)]
    return [f"{text} (order {100_000 + i})" for i, text in enumerate(made)]


def measure(total: int = TEXTS, runs: int = 3) -> dict[str, Any]:
    """Child task: seconds per run of whylens' scoring, plain VADER and the stored path."""
    import pyarrow as pa
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    import whylens
    from whylens.insights.feedback.sentiment import score_texts, scorer
    from whylens.insights.feedback.store import score_feedback

    comments = texts(total)
    assert len(set(comments)) == total
    scorer()  # built once, as in a long-running process; the workers inherit it
    before = _cpu_seconds()
    ours, scores = timed(lambda: score_texts(comments), runs)
    ours_cpu = (_cpu_seconds() - before) / runs
    vader = SentimentIntensityAnalyzer()
    plain, _ = timed(lambda: [vader.polarity_scores(t)["compound"] for t in comments], runs)
    ws = whylens.open(":memory:")
    ws.add_feedback(
        pa.table(
            {
                "timestamp": pa.array([i * 1_000_000 for i in range(total)], pa.timestamp("us")),
                "kind": ["text"] * total,
                "text": comments,
            }
        )
    )
    stored, scored = timed(lambda: score_feedback(ws.engine, rescore=True), runs)
    ws.close()
    labels = [s.label for s in scores]
    return {
        "texts": total,
        "cores": os.cpu_count() or 1,
        "whylens_s": list(ours.runs),
        "whylens_cpu_s": ours_cpu,
        "plain_vader_s": list(plain.runs),
        "stored_s": list(stored.runs),
        "stored_rows": scored,
        "unscored": labels.count("unscored"),
        "negative": labels.count("negative"),
        "positive": labels.count("positive"),
    }


def _cpu_seconds() -> float:
    """User and system seconds of this process and of its finished children (the workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def section(measured: list[dict[str, Any]]) -> Section:
    """The report's section: whylens against plain VADER, and the stored path."""
    built = Section(
        "Feedback sentiment",
        f"`score_texts` over {TEXTS:,} distinct demo-like comments (`bench/sentiment.py`; one in"
        f" {FOREIGN_EVERY} not English, so left unscored by the language check): whylens'"
        " scorer (language check, lexicon rules, learned model) on every core, against plain VADER's"
        " `polarity_scores` on one core. Then `score_feedback` over the same texts stored in an"
        " in-memory database (read, score, tag themes, write back). Median of the runs; the"
        " worker processes' start-up is included. CPU = user + system seconds of the process and"
        " its workers per run: wall time is stretched by other work on the machine, CPU time is"
        " not (on idle cores, wall time is about CPU time / cores).",
        "plain VADER, 1 core",
    )
    for result in measured:
        ours, plain = median(result["whylens_s"]), median(result["plain_vader_s"])
        stored = median(result["stored_s"])
        total = result["texts"]
        target = Target(
            f"{count(TEXTS)} texts < {TARGET_S:.0f} s on 2 cores",
            seconds(ours),
            ours < TARGET_S if total >= TEXTS else None,
        )
        built.rows.append(
            Row(
                f"score {count(total)} texts ({result['cores']} cores)",
                f"{seconds(ours)} ({rate(total / ours)}; CPU {seconds(result['whylens_cpu_s'])})",
                f"{seconds(plain)} ({rate(total / plain)})",
                times(ours / plain),
                target,
            )
        )
        built.rows.append(
            Row(
                f"score_feedback, {count(result['stored_rows'])} stored rows",
                f"{seconds(stored)} ({rate(result['stored_rows'] / stored)})",
                NONE,
                NONE,
                None,
            )
        )
        built.notes.append(
            f"Labels: {count(result['positive'])} positive, {count(result['negative'])} negative,"
            f" {count(result['unscored'])} unscored (not English) of {count(total)}."
        )
    return built
