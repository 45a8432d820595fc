"""whylens' benchmark harness: `python -m bench.run` (or `make bench`) writes BENCHMARKS.md.

data.py makes the seeded event files; imports.py, sessionize.py and analyses.py measure whylens
against raw DuckDB or pandas, each in a child process (child.py, measure.py); sections.py holds
the targets and report.py renders the tables. Add an analysis to `analyses.ANALYSES`.

The served product: load.py puts a real `whylens serve` (served.py) under load from client
processes (http_load.py, sending payloads.py's bodies) against a no-op app (noop.py); pages.py
times the dashboard's pages in headless Chromium; service_sections.py reports both.
"""
