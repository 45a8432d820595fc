"""whylens: customer behavior analytics you host yourself.

import whylens
ws = whylens.open("whylens.duckdb")
ws.import_file("events.parquet")
ws.sql("SELECT event, count(*) FROM events GROUP BY 1")
"""

from whylens.errors import (
    ConfigError,
    ImportFileError,
    QueryError,
    StoreError,
    WhylensError,
)
from whylens.ingest.importer import ImportSummary
from whylens.workspace import Workspace, open

__all__ = [
    "ConfigError",
    "ImportFileError",
    "ImportSummary",
    "QueryError",
    "StoreError",
    "WhylensError",
    "Workspace",
    "open",
]
__version__ = "0.1.0"
