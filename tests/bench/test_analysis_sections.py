"""The side-by-side report of the analyses on both engines judges each analysis against the
issue's target on each engine, at 10M events only, and says when an answer differs."""

from __future__ import annotations

from bench import analysis_sections, report

M10, M1 = 10_000_000, 1_000_000


def duckdb(events: int, whylens_s: float, hand_s: float) -> tuple[int, dict]:
    return events, {
        "analyses": [{"name": "funnel", "whylens": [whylens_s], "handwritten": [hand_s]}]
    }


def chdb(events: int, runs: list[float], hand: list[float], difference: str | None = None):
    analysis = {"name": "funnel", "whylens": runs, "handwritten": hand, "difference": difference}
    return events, {"load_s": 30.0, "one_run_s": 10.0, "analyses": [analysis]}


def test_each_engine_is_judged_against_its_own_handwritten_query() -> None:
    section = analysis_sections.engines_section(
        [duckdb(M10, 1.2, 1.0), duckdb(M1, 0.5, 0.1)],
        [chdb(M10, [3.0, 2.9, 3.1], [1.0, 1.0, 1.1]), chdb(M1, [0.4], [0.1])],
    )
    at_scale, small = section.rows
    assert at_scale.cells == ("1.20 s", "1.00 s", "1.2x", "3.00 s", "1.00 s", "3.0x")
    assert at_scale.target is not None and at_scale.target.met is False
    assert at_scale.target.judged == "DuckDB 1.2x, chdb 3.0x"
    assert "3 runs on chdb" in at_scale.measure
    assert small.target is not None and small.target.met is None  # 5x, but judged at 10M only


def test_within_twice_on_both_engines_is_met() -> None:
    section = analysis_sections.engines_section([duckdb(M10, 1.9, 1.0)], [chdb(M10, [1.5], [1.0])])
    assert section.rows[0].target is not None and section.rows[0].target.met is True


def test_an_answer_that_differs_is_reported() -> None:
    section = analysis_sections.engines_section(
        [duckdb(M10, 1.0, 1.0)], [chdb(M10, [1.0], [1.0], "[2]: 5.0 vs 6.0")]
    )
    assert any("differ** at [2]: 5.0 vs 6.0" in note for note in section.notes)
    assert not any(note.startswith("10M: same numbers") for note in section.notes)


def test_the_table_has_a_column_per_engine_figure() -> None:
    section = analysis_sections.engines_section([duckdb(M10, 1.0, 1.0)], [chdb(M10, [1.0], [1.0])])
    header = report.Header("today", "python -m bench.run", 1.0, {}, {}, [])
    text = report.render(header, [section])
    assert "| measure | DuckDB whylens | hand-written | ratio | chdb whylens |" in text
    assert "| 10M events: funnel (1 run on chdb) | 1.00 s | 1.00 s | 1.0x | 1.00 s |" in text
