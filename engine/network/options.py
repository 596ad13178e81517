"""Checks of one layer option each, with sentences naming the layer, the option and the value."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import shapes

__all__ = ["conv_padding", "flag", "is_int", "number", "pair", "positive"]


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
