"""Applying the rewrite rules fast: consecutive rules that replace their match by the same marker
become one alternation, so a text is scanned once for the run instead of once per rule.

Scanning dominates the scorer's time (about 130 rules, most of which match nothing in a given
text). Within a merged run the match that starts first wins, where applying the rules one after
another would let the earlier rule win; since they all write the same marker, the two differ only
in how overlapping matches are cut, which changes no score of the labelled sets or of the
benchmark's 100,000 texts (checked when this was written). Rules with a function or a group
reference as replacement stay on their own, and so does the order of the runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

Replacement = str | Callable[[re.Match[str]], str]
Rule = tuple[re.Pattern[str], Replacement]


def merged(rules: Sequence[Rule]) -> list[Rule]:
    """The rules, with every run of consecutive rules writing the same marker merged."""
    out: list[Rule] = []
    run: list[Rule] = []
    for pattern, replacement in rules:
        if run and not (_fixed(pattern, replacement) and replacement == run[0][1]):
            out.append(_merge(run))
            run = []
        if _fixed(pattern, replacement):
            run.append((pattern, replacement))
        else:
            out.append((pattern, replacement))
    if run:
        out.append(_merge(run))
    return out


def _fixed(pattern: re.Pattern[str], replacement: Replacement) -> bool:
    return isinstance(replacement, str) and "\\" not in replacement and not pattern.groupindex


def _merge(run: list[Rule]) -> Rule:
    if len(run) == 1:
        return run[0]
    return re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in run)), run[0][1]
