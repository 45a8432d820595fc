"""How good a churn ranking is on a held-out period: AUC, precision at top-k, a calibration table
by score decile, and the lift of each decile over the base rate."""

from __future__ import annotations

from typing import Any

import numpy as np

DECILES = 10


def evaluate(labels: np.ndarray, scores: np.ndarray, k: int | None = None) -> dict[str, Any]:
    """Metrics of `scores` (higher = more at risk) against observed `labels` (1 = churned)."""
    from sklearn.metrics import roc_auc_score  # not at import time: whylens starts fast

    labels, scores = np.asarray(labels, dtype=int), np.asarray(scores, dtype=float)
    k = k or max(1, len(labels) // 10)
    order = np.argsort(-scores, kind="stable")
    both = len(set(labels.tolist())) == 2
    return {
        "persons": int(len(labels)),
        "churn_rate": float(labels.mean()) if len(labels) else None,
        "auc": float(roc_auc_score(labels, scores)) if both else None,
        "k": int(min(k, len(labels))),
        "precision_at_k": float(labels[order[:k]].mean()) if len(labels) else None,
        "deciles": deciles(labels[order], scores[order]),
    }


def deciles(labels: np.ndarray, scores: np.ndarray) -> list[dict[str, Any]]:
    """Decile 1 = the 10% highest scores: mean predicted vs observed churn (calibration), lift
    over the base rate and the cumulative share of all churners captured (the lift chart)."""
    base = float(labels.mean()) if len(labels) else 0.0
    total = int(labels.sum())
    rows, captured = [], 0
    for number, part in enumerate(np.array_split(np.arange(len(labels)), DECILES), start=1):
        if len(part) == 0:
            continue
        observed = float(labels[part].mean())
        captured += int(labels[part].sum())
        rows.append(
            {
                "decile": number,
                "persons": int(len(part)),
                "predicted": float(scores[part].mean()),
                "observed": observed,
                "lift": observed / base if base else None,
                "cumulative_capture": captured / total if total else None,
            }
        )
    return rows
