"""What a channel looks for: the input that excites it most, and the patches that do.

- :func:`maximise`: activation maximisation (Erhan et al. 2009; with the jitter and blur
  of Olah et al. 2017): gradient ascent on the input to raise the mean of one channel of
  one layer. The input is shifted by a random few pixels before each step (and back
  after), so the picture cannot rely on single pixels; every few steps it is blurred a
  little, so high-frequency noise does not build up; values stay in the input's range.
- :func:`top_patches`: over a set of inputs, where the channel answers most, and the
  input region that one unit sees (its receptive field, traced back through each layer's
  window: kernel, stride, padding, dilation).

Both stop the pass at the chosen top-level layer: the layers after it never run.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from .explain import _gaussian_matrix
from .graph import layer_backward, layer_forward
from .infer import Info
from .kind import Array, Context
from .model import Model
from .passes import as_batch

__all__ = ["AscentStep", "Patch", "channel_layers", "maximise", "receptive_box", "top_patches"]


@dataclass(frozen=True)
class AscentStep:
    """One step of gradient ascent.

    Attributes:
        step: 1-based; ``steps`` in all.
        objective: the channel's mean activation before the step.
        image: ``(C, H, W)`` the input now (sent every few steps and at the end), else None.
    """

    step: int
    steps: int
    objective: float
    image: Array | None


@dataclass(frozen=True)
class Patch:
    """One of the strongest answers of a channel: in ``source`` (an index into the inputs) the
    unit at ``(y, x)`` of the layer's map gave ``value``; it sees ``box = (top, left, bottom,
    right)`` of the input (bottom and right exclusive)."""

    source: int
    value: float
    y: int
    x: int
    box: tuple[int, int, int, int]


def channel_layers(model: Model) -> dict[str, int]:
    """Top-level layers whose output is maps, with their channel counts."""
    from .infer import infer

    return {i.layer.name: i.output_shape[0] for i in infer(model.layers, model.input_shape)
            if len(i.output_shape) == 3}


def _index(model: Model, layer: str, channel: int) -> int:
    layers = channel_layers(model)
    if layer not in layers:
        raise ValueError(f"{layer[:40]!r} is not a layer of {model.name} with maps; choose one of "
                         f"{', '.join(layers)}")
    if isinstance(channel, bool) or not isinstance(channel, (int, np.integer)) \
            or not 0 <= channel < layers[layer]:
        raise ValueError(f"{layer} has channels 0 to {layers[layer] - 1}, got {channel!r}")
    return [lay.name for lay in model.layers].index(layer)


def _up_to(model: Model, x: Array, at: int) -> tuple[Array, list[object], list[Array]]:
    """Forward ``x`` through layers ``0..at``: the output, the tapes and the inputs."""
    ctx = Context()
    tapes, inputs = [], []
    for layer in model.layers[:at + 1]:
        inputs.append(x)
        x, tape = layer_forward(layer, model.params, x, ctx)
        tapes.append(tape)
    return x, tapes, inputs


def _back(model: Model, at: int, tapes: list[object], grad: Array) -> Array:
    ctx = Context()
    for i in reversed(range(at + 1)):
        grad, _ = layer_backward(model.layers[i], model.params, tapes[i], grad, ctx)
    return grad


def maximise(model: Model, layer: str, channel: int, steps: int = 64, *, rate: float = 0.05,
             jitter: int = 4, blur_every: int = 4, blur: float = 0.5, bounds: tuple[float, float] | None = None,
             every: int = 8, seed: int = 0) -> Iterator[AscentStep]:
    """Gradient ascent on the input to raise channel ``channel`` of top-level ``layer``.

    Args:
        model: any network with maps at ``layer``.
        layer, channel: what to excite (names from :func:`channel_layers`).
        steps: ascent steps (1 to 512).
        rate: each step moves the input by ``rate * range`` along the normalised gradient.
        jitter: largest random shift in pixels before each step (0: none).
        blur_every, blur: every this many steps, a Gaussian blur of ``blur`` pixels.
        bounds: ``(low, high)`` the input's values stay in (default -2.5..2.5, about an
            ImageNet-normalised photo's range).
        every: an :class:`AscentStep` carries the image every this many steps (and the last).
        seed: the starting noise and the jitter.

    Yields:
        one :class:`AscentStep` per step.
    """
    at = _index(model, layer, channel)
    if not 1 <= steps <= 512:
        raise ValueError(f"activation maximisation takes 1 to 512 steps, got {steps}")
    low, high = bounds or (-2.5, 2.5)
    rng = np.random.default_rng(seed)
    c, h, w = model.input_shape
    x = rng.normal(0.0, 0.1 * (high - low), (1, c, h, w))
    x = as_batch(model, np.clip(x + (low + high) / 2, low, high))
    rows, cols = _gaussian_matrix(h, blur), _gaussian_matrix(w, blur)
    for k in range(1, steps + 1):
        dy, dx = (rng.integers(-jitter, jitter + 1, 2) if jitter else (0, 0))
        shifted = np.roll(x, (int(dy), int(dx)), axis=(2, 3))
        out, tapes, _ = _up_to(model, shifted, at)
        objective = float(out[0, channel].mean())
        grad = np.zeros_like(out)
        grad[0, channel] = 1.0 / out[0, channel].size
        g = np.roll(_back(model, at, tapes, grad), (-int(dy), -int(dx)), axis=(2, 3))
        x = x + rate * (high - low) * g / (np.abs(g).mean() + 1e-12)
        if blur_every and k % blur_every == 0:
            x = rows @ x @ cols.T  # Gaussian blur along both axes (rows, cols symmetric)
        x = np.clip(x, low, high).astype(out.dtype)
        show = k % every == 0 or k == steps
        yield AscentStep(k, steps, objective, x[0].copy() if show else None)


def top_patches(model: Model, inputs: Sequence[Array], layer: str, channel: int,
                k: int = 6) -> list[Patch]:
    """The ``k`` strongest answers of a channel over ``inputs`` (each ``(1, C, H, W)``), one per
    input at most (its strongest unit), with the input region that unit sees."""
    at = _index(model, layer, channel)
    found = []
    for i, x in enumerate(inputs):
        x = as_batch(model, x)
        out, _, _ = _up_to(model, x, at)
        m = out[0, channel]
        y, xx = np.unravel_index(int(np.argmax(m)), m.shape)
        found.append((float(m[y, xx]), i, int(y), int(xx)))
    found.sort(key=lambda f: -f[0])
    return [Patch(i, value, y, xx, receptive_box(model, at, y, xx)) for value, i, y, xx in found[:k]]


def receptive_box(model: Model, at: int, y: int, x: int) -> tuple[int, int, int, int]:
    """The input region ``(top, left, bottom, right)`` (bottom, right exclusive) that unit
    ``(y, x)`` of top-level layer ``at``'s map reads, traced back through every layer's window
    (blocks: the union of their paths), clipped to the input."""
    from .infer import infer

    h, w = model.input_shape[1:]
    span = _through(infer(model.layers, model.input_shape)[:at + 1], ((y, y), (x, x)))
    if span == "all":
        return 0, 0, h, w
    (top, bottom), (left, right) = span
    return max(0, top), max(0, left), min(h, bottom + 1), min(w, right + 1)


Span = tuple[tuple[int, int], ...]


def _through(infos: Sequence[Info], span: Span | str) -> Span | str:
    for info in reversed(infos):
        if span == "all":
            return span
        span = _one(info, span)  # type: ignore[arg-type]
    return span


def _one(info: Info, span: Span) -> Span | str:
    kind = info.layer.kind
    if kind.block:
        paths = [_through(kids, span) if kids else span for kids in info.children]
        if "all" in paths:
            return "all"
        return tuple((min(p[a][0] for p in paths), max(p[a][1] for p in paths))  # type: ignore[index]
                     for a in range(len(span)))
    window = kind.window(info.layer, info.input_shape)
    if window is None or isinstance(window, str):
        return span if window is None else "all"
    return tuple((lo * s - p, hi * s - p + d * (k - 1)) for (lo, hi), (k, s, p, d) in zip(span, window))
