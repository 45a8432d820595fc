"""BENCHMARKS.md: sections of rows (figure, baseline, ratio, target) rendered as Markdown.

Only what the harness measured in this run is written; a measurement that failed says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NONE = "—"


@dataclass(frozen=True)
class Target:
    """A goal, the figure judged against it, and whether this run met it (None: not judged)."""

    text: str
    judged: str
    met: bool | None

    @property
    def verdict(self) -> str:
        if self.met is None:
            return "not judged at this size"
        return "met" if self.met else "**not met**"


@dataclass(frozen=True)
class Row:
    """One line of a table; `cells` replace figure, baseline and ratio in a section that names
    its own columns."""

    measure: str
    figure: str
    baseline: str = NONE
    ratio: str = NONE
    target: Target | None = None
    cells: tuple[str, ...] = ()


@dataclass
class Section:
    """A table; one without a baseline name has only the measure and the figure, one with
    `columns` has those (from each row's cells), then the target."""

    title: str
    intro: str
    baseline_name: str | None
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Header:
    date: str
    command: str
    runtime_s: float
    machine: dict[str, str]
    versions: dict[str, str]
    method: list[str]


# -- units ---------------------------------------------------------------------------------------
def seconds(value: float) -> str:
    if value < 1:
        return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def rate(rows_per_s: float) -> str:
    if rows_per_s >= 1e6:
        return f"{rows_per_s / 1e6:.2f}M rows/s"
    return f"{rows_per_s / 1e3:.0f}k rows/s"


def gigabytes(size: int) -> str:
    return f"{size / 1e9:.2f} GB"


def megabytes(size: int) -> str:
    return f"{size / 1e6:.0f} MB"


def times(ratio: float) -> str:
    return f"{ratio:.1f}x" if ratio >= 0.95 else f"{ratio:.2f}x"


def count(value: int) -> str:
    return f"{value:,}"


# -- rendering -----------------------------------------------------------------------------------
def render(header: Header, sections: list[Section]) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench.run`); every figure below was measured by that",
        "run, on the machine described, against baselines measured in the same run. Do not edit",
        "by hand: run it again.",
        "",
        f"- Date: {header.date}",
        f"- Command: `{header.command}`",
        f"- Total runtime of the harness: {seconds(header.runtime_s)}",
        "- Machine: " + ", ".join(f"{k} {v}" for k, v in header.machine.items()),
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in header.versions.items()),
        *(f"- {line}" for line in header.method),
        "",
        "## Targets",
        "",
        *_summary(sections),
    ]
    for section in sections:
        lines += ["", f"## {section.title}", "", section.intro, "", *_table(section)]
        lines += [f"\n{note}" for note in section.notes]
    return "\n".join(lines) + "\n"


def _summary(sections: list[Section]) -> list[str]:
    judged = [(s, r) for s in sections for r in s.rows if r.target and r.target.met is not None]
    missed = [(s, r) for s, r in judged if r.target and not r.target.met]
    if not judged:
        return ["No target was evaluated in this run (the targets are set for these sizes)."]
    lines = [f"{len(judged) - len(missed)} of {len(judged)} targets met in this run."]
    if missed:
        lines += ["", "Not met:"]
        lines += [
            f"- {s.title}, {r.measure}: {r.target.judged} (target {r.target.text})"
            for s, r in missed
            if r.target
        ]
    failed = [note for s in sections for note in s.notes if note.startswith("**Not measured")]
    if failed:
        lines += ["", f"{len(failed)} measurement(s) failed; see the sections below."]
    return lines


def _table(section: Section) -> list[str]:
    if not section.rows:
        return ["(nothing was measured)"]
    if section.columns:
        return _named_columns(section)
    if section.baseline_name is None and any(row.target for row in section.rows):
        return ["| measure | figure | target | met? |", "|---|---:|---|---|"] + [
            f"| {row.measure} | {row.figure} | {row.target.text if row.target else NONE}"
            f" | {row.target.verdict if row.target else NONE} |"
            for row in section.rows
        ]
    if section.baseline_name is None:
        return ["| measure | figure |", "|---|---:|"] + [
            f"| {row.measure} | {row.figure} |" for row in section.rows
        ]
    lines = [
        f"| measure | whylens | {section.baseline_name} | ratio | target | met? |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in section.rows:
        target = row.target.text if row.target else NONE
        verdict = row.target.verdict if row.target else NONE
        lines.append(
            f"| {row.measure} | {row.figure} | {row.baseline} | {row.ratio} | {target} | {verdict} |"
        )
    return lines


def _named_columns(section: Section) -> list[str]:
    lines = [
        "| measure | " + " | ".join(section.columns) + " | target | met? |",
        "|---|" + "---:|" * len(section.columns) + "---|---|",
    ]
    for row in section.rows:
        cells = list(row.cells) + [NONE] * (len(section.columns) - len(row.cells))
        target = row.target.text if row.target else NONE
        verdict = row.target.verdict if row.target else NONE
        lines.append(f"| {row.measure} | " + " | ".join(cells) + f" | {target} | {verdict} |")
    return lines
