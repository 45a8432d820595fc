"""whylens' benchmark harness: `python -m bench.run` (or `make bench`) writes BENCHMARKS.md.

data.py makes the seeded event files; imports.py, sessionize.py and analyses.py measure whylens
against raw DuckDB or pandas, each in a child process (child.py, measure.py); sections.py holds
the targets and report.py renders the tables. Add an analysis to `analyses.ANALYSES`.
"""
