"""Checks of one layer option each, with sentences naming the layer, the option and the value."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import shapes

__all__ = ["connection_table", "conv_padding", "flag", "is_int", "number", "pair", "positive"]


def is_int(v: Any) -> bool:
    """A whole number that is not a bool."""
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def positive(where: str, key: str, v: Any) -> int:
    """A whole number of at least 1."""
    if not is_int(v) or v < 1:
        raise ValueError(f"{where}: {key} must be a positive whole number, got {v!r}")
    return int(v)


def number(where: str, key: str, v: Any, low: float, high: float) -> float:
    """A number in ``[low, high)``."""
    ok = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
    if not ok or not low <= v < high:
        raise ValueError(f"{where}: {key} must be a number from {low} up to (not including) {high}, got {v!r}")
    return float(v)


def flag(where: str, key: str, v: Any) -> bool:
    """True or false."""
    if not isinstance(v, bool):
        raise ValueError(f"{where}: {key} must be true or false, got {v!r}")
    return v


def pair(where: str, key: str, v: Any, minimum: int) -> tuple[int, int]:
    """One number for both axes, or a pair ``(H, W)``."""
    try:
        a, b = shapes.ntuple(list(v) if isinstance(v, tuple) else v, 2, key, minimum=minimum)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    return a, b


def conv_padding(where: str, v: Any) -> Any:
    """A number, a pair, ``"valid"``, ``"same"`` or ``"tf_same"``."""
    if isinstance(v, str):
        if v not in ("valid", "same", "tf_same"):
            raise ValueError(
                f"{where}: padding must be a number, a pair, 'valid', 'same' or 'tf_same', got {v!r}")
        return v
    return pair(where, "padding", v, 0)


def connection_table(where: str, v: Any, rows: int) -> tuple[tuple[int, ...], ...] | None:
    """None, or a table of 0/1: one row per output channel, one entry per input channel.

    Row ``o`` says which input maps output map ``o`` sees (LeNet-5's C3, Table I of the paper,
    transposed). The number of entries a row has is checked against the input's channels when
    the layer meets its input.
    """
    if v is None:
        return None
    if isinstance(v, (str, bytes)) or not isinstance(v, (list, tuple)) or len(v) != rows:
        got = f"{len(v)} rows" if isinstance(v, (list, tuple)) else repr(v)[:40]
        raise ValueError(f"{where}: connections must be a list of {rows} rows of 0 and 1, one row per "
                         f"output channel, got {got}")
    table = []
    for o, row in enumerate(v):
        ok = isinstance(row, (list, tuple)) and len(row) > 0 and all(
            (is_int(e) or isinstance(e, (bool, np.bool_))) and e in (0, 1) for e in row)
        if not ok:
            raise ValueError(f"{where}: connections row {o} must be a list of 0 and 1 (one per input "
                             f"channel), got {row!r:.60}")
        if len(row) != len(v[0]):
            raise ValueError(f"{where}: connections row {o} has {len(row)} entries but row 0 has "
                             f"{len(v[0])}; every row needs one entry per input channel")
        if not any(row):
            raise ValueError(f"{where}: connections row {o} is all 0, so output channel {o} would see "
                             "no input channel; connect it to at least one")
        table.append(tuple(int(e) for e in row))
    return tuple(table)
