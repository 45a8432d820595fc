"""The exception tree: every error whylens raises on purpose is a WhylensError, so the CLI can
print one clear line for it and keep tracebacks for real bugs.

    WhylensError
    ├── ConfigError          a setting, flag or option has an invalid value
    ├── StoreError           the database cannot be opened, migrated or is locked
    ├── ImportFileError      a file cannot be read at all (nothing of it is imported)
    └── QueryError           a query or analysis was asked something it cannot answer
"""

from __future__ import annotations


class WhylensError(Exception):
    """Base of every error meant for the user rather than for a bug report."""


class ConfigError(WhylensError):
    """A setting, flag or option has an invalid value."""


class StoreError(WhylensError):
    """The database cannot be opened or migrated, or another process holds it."""


class ImportFileError(WhylensError):
    """A file cannot be read at all; the import of that file left nothing behind."""


class QueryError(WhylensError):
    """A query or analysis cannot be answered as asked."""
