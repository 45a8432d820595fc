"""Helpers for sorted arrays cut into runs of equal values (a person's sessions, a session's rows).

Per-group work without a Python loop: mark where runs start, then index or accumulate."""

from __future__ import annotations

import numpy as np


def run_starts(values: np.ndarray) -> np.ndarray:
    """True where a run of equal values begins (values sorted by group)."""
    starts = np.ones(len(values), dtype=bool)
    starts[1:] = values[1:] != values[:-1]
    return starts


def ordinal_in_runs(values: np.ndarray) -> np.ndarray:
    """0, 1, 2... within each run of equal values."""
    index = np.arange(len(values))
    return (
        index - np.maximum.accumulate(np.where(run_starts(values), index, 0))
        if len(values)
        else index
    )


def first_of_runs(index: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The entries of `index` that are the first of their run of `values[index]`."""
    return index[run_starts(values[index])]
