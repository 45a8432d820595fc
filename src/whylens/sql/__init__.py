"""Helpers for building SQL safely: identifiers are validated, values are bound as parameters."""

from whylens.sql.safe import identifier, literal

__all__ = ["identifier", "literal"]
