"""Arrow string columns made without a Python loop per row.

Strings are made once per vocabulary entry and spread with `take`, so a million events cost a
few vectorised calls, not a million f-strings.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def hex_ids(count: int, rng: np.random.Generator, prefix: str = "", uuid: bool = False) -> pa.Array:
    """Random lowercase hex ids (16 digits, or a 36-character UUID v4 layout), vectorised."""
    digits = 32 if uuid else 16
    raw = rng.integers(0, 256, (count, digits // 2), dtype=np.uint8)
    chars = np.empty((count, digits), dtype=np.uint8)
    chars[:, 0::2], chars[:, 1::2] = _HEX[raw >> 4], _HEX[raw & 15]
    if uuid:
        chars[:, 12] = ord("4")
        dash = np.full((count, 1), ord("-"), dtype=np.uint8)
        parts = (chars[:, :8], chars[:, 8:12], chars[:, 12:16], chars[:, 16:20], chars[:, 20:])
        chars = np.hstack(
            [parts[0], dash, parts[1], dash, parts[2], dash, parts[3], dash, parts[4]]
        )
    text = pa.array(np.ascontiguousarray(chars).view(f"S{chars.shape[1]}").ravel()).cast(
        pa.string()
    )
    return pc.binary_join_element_wise(prefix, text, "") if prefix else text


def numbered(prefix: str, numbers: np.ndarray, width: int = 0) -> pa.Array:
    """prefix + zero-padded number, e.g. user-000042."""
    text = pa.array(numbers, pa.int64()).cast(pa.string())
    if width:
        text = pc.utf8_lpad(text, width, "0")
    return pc.binary_join_element_wise(prefix, text, "")


def take(
    vocabulary: list[str | None] | tuple, index: np.ndarray, valid: np.ndarray | None = None
) -> pa.Array:
    """vocabulary[index] as strings, null where not `valid`."""
    mask = None if valid is None else ~valid
    return pa.array(list(vocabulary), pa.string()).take(
        pa.array(np.asarray(index, np.int64), mask=mask)
    )


def float_column(values: np.ndarray, valid: np.ndarray) -> pa.Array:
    """float64 values, null where not `valid`."""
    return pa.array(np.where(valid, values, 0.0), pa.float64(), mask=~valid)
