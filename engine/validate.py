"""Checks at the engine's public boundary: array types, dtypes, ranks.

Every failure is a ``ValueError`` with a sentence a learner understands.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def float_array(value: Any, name: str) -> NDArray[np.floating]:
    """Return ``value`` as a float32 or float64 array, without copying when possible.

    Raises:
        ValueError: not an array of float32/float64 numbers.
    """
    if not isinstance(value, np.ndarray):
        raise ValueError(f"{name} must be a NumPy array, got {type(value).__name__}")
    if value.dtype not in FLOAT_DTYPES:
        raise ValueError(f"{name} must be float32 or float64, got {value.dtype}")
    return value


def same_dtype(reference: NDArray[np.floating], other: NDArray[np.floating], name: str) -> None:
    """Raise unless ``other`` has the dtype of ``reference`` (the input's)."""
    if other.dtype != reference.dtype:
        raise ValueError(f"{name} is {other.dtype} but the input is {reference.dtype}; use one dtype")


def batched(
    input: NDArray[np.floating], spatial_dims: int, op: str, layout: str
) -> tuple[NDArray[np.floating], bool]:
    """Add a batch axis to an unbatched input, as PyTorch accepts ``(C, *spatial)``.

    Args:
        input: ``(N, C, *spatial)`` or ``(C, *spatial)``.
        spatial_dims: number of spatial axes of ``op``.
        op: operation name for messages ("conv2d").
        layout: the expected layout for messages ("(N, C_in, H, W)").

    Returns:
        ``(x, was_batched)`` with ``x`` of shape ``(N, C, *spatial)``.
    """
    if input.ndim == spatial_dims + 2:
        return input, True
    if input.ndim == spatial_dims + 1:
        return input[None], False
    raise ValueError(
        f"{op} expects input of shape {layout} or without the batch axis, got shape "
        f"{tuple(input.shape)} ({input.ndim} axes)"
    )


def check_channels(c_in: int, weight_c: int, groups: int, c_out: int) -> None:
    """Check that groups divide the channels and the weight matches the input.

    Args:
        c_in: input channels ``C_in``.
        weight_c: the weight's second axis, ``C_in / groups``.
        groups: number of groups.
        c_out: output channels (the weight's first axis).
    """
    if groups < 1:
        raise ValueError(f"groups must be positive, got {groups}")
    if c_out % groups:
        raise ValueError(f"groups={groups} must divide the {c_out} output channels (kernels)")
    if weight_c * groups != c_in:
        raise ValueError(
            f"the kernels have {weight_c} channel(s) per group x {groups} group(s) = "
            f"{weight_c * groups} input channels, but the input has {c_in}"
        )
