"""Entry point of the child processes: `python -m bench.child TASK '{json arguments}'`.

Prints one JSON line: the task's result and the process's peak resident set. Only the task's
own module is imported, so a raw DuckDB load does not carry pandas in its peak.
"""

from __future__ import annotations

import importlib
import json
import resource
import sys
import traceback

from bench.measure import peak_rss_bytes

#: task -> "module:function" run in the child
TASKS: dict[str, str] = {
    "whylens-import": "bench.imports:whylens_import",
    "raw-import": "bench.imports:raw_import",
    "sessionize": "bench.sessionize:measure",
    "analyses": "bench.analyses:measure",
    "feedback-sentiment": "bench.sentiment:measure",
    "churn-training": "bench.churn:measure",
    "clickhouse-funnel": "bench.clickhouse:measure",
    "clickhouse-analyses": "bench.chdb_analyses:measure",
}


def main(argv: list[str]) -> None:
    task, arguments = argv
    module, function = TASKS[task].split(":")
    try:
        result = getattr(importlib.import_module(module), function)(**json.loads(arguments))
    except Exception as exc:  # the harness reports it and goes on with the next measurement
        traceback.print_exc()
        print(json.dumps({"error": describe(exc)}))
        sys.exit(1)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["peak_rss"] = peak_rss_bytes()
    result["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    print(json.dumps(result))


def describe(exc: BaseException) -> str:
    """The exception and its causes, innermost last (DuckDB's own message is often a cause)."""
    parts = []
    while exc is not None:
        parts.append(f"{type(exc).__name__}: {exc}")
        exc = exc.__cause__ or exc.__context__
    return " <- ".join(parts)


if __name__ == "__main__":
    main(sys.argv[1:])
