"""Cross-entropy loss on logits, forward and backward, as ``torch.nn.functional.cross_entropy``.

For one sample with logits ``x`` over ``C`` classes and a target distribution
``q`` (a one-hot row for a class index), smoothed by ``eps = label_smoothing``::

    q'   = (1 - eps) * q + eps / C
    loss = -sum_c q'_c * log_softmax(x)_c
    dloss/dx = softmax(x) * sum_c q'_c - q'      (= softmax(x) - q' for class indices)

``reduction="mean"`` divides the summed loss by the batch size ``N``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from .activation import _grad_output, log_softmax, softmax
from .validate import FLOAT_DTYPES, float_array

Array = NDArray[np.floating]

__all__ = ["cross_entropy", "cross_entropy_backward"]

_REDUCTIONS = ("mean", "sum", "none")


def _check_options(reduction: Any, label_smoothing: Any) -> float:
    """Validate ``reduction`` and return ``label_smoothing`` as a float in [0, 1]."""
    if not isinstance(reduction, str) or reduction not in _REDUCTIONS:
        raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}")
    ok = isinstance(label_smoothing, (int, float, np.integer, np.floating))
    if isinstance(label_smoothing, (bool, np.bool_)) or not ok or not 0 <= label_smoothing <= 1:
        raise ValueError(
            f"label_smoothing must be a number between 0.0 and 1.0, got {label_smoothing!r}"
        )
    return float(label_smoothing)


def _check_target(x: Array, target: Any) -> NDArray[Any]:
    """Check ``target``: class indices ``x.shape[:-1]`` or probabilities ``x.shape``."""
    if isinstance(target, np.integer):
        target = np.asarray(target)  # one class index, e.g. labels[i]
    if not isinstance(target, np.ndarray):
        raise ValueError(
            "target must be a NumPy array of class indices (integers) or class probabilities "
            f"(floats), got {type(target).__name__}"
        )
    if target.dtype.kind in "iu":
        if target.shape != x.shape[:-1]:
            raise ValueError(
                f"a target of class indices must have shape {x.shape[:-1]}, one per sample of "
                f"the logits {x.shape}, got {target.shape}; for probabilities use a float array"
            )
        bad = target[(target < 0) | (target >= x.shape[-1])]
        if bad.size:
            raise ValueError(
                f"target holds class index {bad.flat[0]}, but the logits have {x.shape[-1]} "
                f"classes, so an index must be between 0 and {x.shape[-1] - 1}"
            )
        return target
    if target.dtype in FLOAT_DTYPES:
        if target.shape != x.shape:
            raise ValueError(
                f"a target of class probabilities must have the logits' shape {x.shape}, "
                f"got {target.shape}"
            )
        return target.astype(x.dtype, copy=False)
    raise ValueError(
        "target must hold integer class indices or float32/float64 class probabilities, "
        f"got {target.dtype}"
    )


def _prepare(input: Any, target: Any) -> tuple[Array, NDArray[Any], bool]:
    """Validate and add the batch axis: logits ``(N, C)``, target ``(N,)`` or ``(N, C)``."""
    x = float_array(input, "input")
    if x.ndim not in (1, 2):
        raise ValueError(
            f"cross_entropy expects logits of shape (N, C) or (C,), got shape {x.shape}"
        )
    if x.shape[-1] == 0:
        raise ValueError(f"cross_entropy needs at least one class, got logits of shape {x.shape}")
    t = _check_target(x, target)
    if x.ndim == 2:
        return x, t, True
    return x[None], t[None], False  # (1, C), (1,) or (1, C)


def _distribution(x: Array, t: NDArray[Any], eps: float) -> Array:
    """The smoothed target distribution ``q'``: ``(N, C)`` in the dtype of ``x``."""
    n, c = x.shape
    if t.dtype.kind in "iu":
        q = np.full((n, c), eps / c, dtype=x.dtype)
        q[np.arange(n), t] += 1 - eps
        return q
    smoothed: Array = t * (1 - eps) + eps / c
    return smoothed


def cross_entropy(
    input: Array, target: NDArray[Any], *, reduction: str = "mean", label_smoothing: float = 0.0
) -> Array:
    """Cross-entropy between logits and a target, as ``torch.nn.functional.cross_entropy``.

    There is no ``weight`` or ``ignore_index``: every sample and class counts once,
    so pass ``reduction`` and ``label_smoothing`` by keyword, as with PyTorch.

    Args:
        input: logits ``(N, C)``, or ``(C,)`` for one sample.
        target: class indices ``(N,)`` (or ``()``), any integer dtype, each in
            ``0..C-1``; or class probabilities ``(N, C)`` (or ``(C,)``), float.
        reduction: ``"mean"`` (sum / N), ``"sum"`` or ``"none"`` (one loss per sample).
        label_smoothing: ``eps`` in [0, 1]; the target becomes ``(1 - eps) q + eps / C``.

    Returns:
        ``()`` for ``"mean"``/``"sum"``, ``(N,)`` (``()`` unbatched) for ``"none"``;
        the input's dtype. ``"mean"`` of an empty batch is NaN, as in PyTorch.
    """
    eps = _check_options(reduction, label_smoothing)
    x, t, batched = _prepare(input, target)  # (N, C), (N,) or (N, C)
    logp = log_softmax(x, dim=1)  # (N, C)
    if t.dtype.kind in "iu":
        losses = -(1 - eps) * np.take_along_axis(logp, t[:, None], axis=1)[:, 0]  # (N,)
        if eps > 0:  # only then, so a -inf logit of another class stays harmless
            losses -= eps / x.shape[1] * logp.sum(axis=1)
    else:
        losses = -(_distribution(x, t, eps) * logp).sum(axis=1)  # (N,)
    if reduction == "none":
        return losses if batched else losses.reshape(())  # (N,) or ()
    total = np.asarray(losses.sum(), dtype=x.dtype)  # ()
    if reduction == "sum":
        return total
    return np.asarray(total / x.shape[0] if x.shape[0] else np.nan, dtype=x.dtype)


def cross_entropy_backward(
    grad_output: Array, input: Array, target: NDArray[Any], *, reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Array:
    """Gradient of :func:`cross_entropy` with respect to the logits.

    Args:
        grad_output: ``()`` for ``"mean"``/``"sum"`` (``np.array(1.0)`` to start
            backpropagation), ``(N,)`` (``()`` unbatched) for ``"none"``; input dtype.
        input: logits ``(N, C)`` or ``(C,)``, the forward input.
        target: the forward target.
        reduction: the forward ``reduction``.
        label_smoothing: the forward ``label_smoothing``.

    Returns:
        grad_input: ``(N, C)`` or ``(C,)``, ``(softmax(input) * sum(q') - q') * grad_output``,
        divided by ``N`` for ``"mean"``.
    """
    eps = _check_options(reduction, label_smoothing)
    x, t, batched = _prepare(input, target)  # (N, C), (N,) or (N, C)
    n = x.shape[0]
    shape = (n,) if batched else ()
    g = _grad_output(grad_output, x, shape if reduction == "none" else ())
    q = _distribution(x, t, eps)  # (N, C)
    grad: Array = softmax(x, dim=1) * q.sum(axis=1, keepdims=True) - q  # (N, C)
    if reduction == "none":
        grad *= g.reshape(-1, 1)  # (N, 1)
    else:
        grad *= g / max(n, 1) if reduction == "mean" else g
    return grad if batched else grad.reshape(x.shape[1:])  # (N, C) or (C,)
