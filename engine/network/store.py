"""Shipped weights: compressed ``.npz`` files beside their model cards in ``weights/``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .layers import Array

__all__ = ["WEIGHTS_DIR", "read_weights", "write_weights"]

WEIGHTS_DIR = Path(__file__).with_name("weights")


def write_weights(params: Mapping[str, Array], path: Path) -> Path:
    """Save arrays by key (float32) to a compressed ``.npz``."""
    arrays: dict[str, Any] = {k: np.asarray(v, dtype=np.float32) for k, v in params.items()}
    np.savez_compressed(path, **arrays)
    return path


def read_weights(path: Path) -> dict[str, Array]:
    """Arrays by key from a ``.npz`` written by :func:`write_weights`, read-only.

    Raises:
        ValueError: the file is missing (train it with ``cnnvis train <name>``).
    """
    if not path.exists():
        raise ValueError(f"no weights at {path}; create them with `cnnvis train {path.stem}`")
    with np.load(path) as f:
        out = {k: f[k] for k in f.files}
    for a in out.values():
        a.setflags(write=False)
    return out
