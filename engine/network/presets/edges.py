"""A hand-set filter bank for photos: maps a person recognises, no training involved.

Layer ``bank`` (16 kernels, 7x7) looks at the photo: eight oriented edges
(derivatives of a Gaussian, the bright side towards 0, 45, ..., 315 degrees),
a bright and a dark blob (difference of Gaussians), a Gaussian blur
(brightness), a Laplacian of Gaussian, and four colour opponents (red-green,
green-red, blue-yellow, yellow-blue). After ReLU and 2x2 max pooling, layer
``combine`` (8 kernels, 3x3) joins them: edges of either polarity per
orientation, corners (horizontal and vertical together), busy texture, spots
and colour blobs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..layers import Array

NAME = "edges"
INPUT_SHAPE = (3, 224, 224)
LUMA = np.array([0.299, 0.587, 0.114])

SPECS: list[dict[str, Any]] = [
    {"type": "conv", "out_channels": 16, "kernel_size": 7, "padding": 3, "name": "bank"},
    {"type": "relu"},
    {"type": "pool", "kind": "max", "kernel_size": 2, "name": "pool"},
    {"type": "conv", "out_channels": 8, "kernel_size": 3, "padding": 1, "name": "combine"},
    {"type": "relu", "name": "relu2"},
]

ANGLES = tuple(range(0, 360, 45))
BANK = tuple(f"edge {a} deg" for a in ANGLES) + (
    "bright blob", "dark blob", "brightness (Gaussian)", "Laplacian of Gaussian",
    "red vs green", "green vs red", "blue vs yellow", "yellow vs blue")
COMBINE = ("vertical edges", "diagonal / edges", "horizontal edges", "diagonal \\ edges",
           "corners", "busy texture", "spots", "red-ish blobs")
CHANNELS = {"bank": BANK, "combine": COMBINE}
"""English names of each layer's output maps; the pages word them in their language."""


def _gaussian(sigma: float, size: int = 7) -> Array:
    """Normalised 2-d Gaussian ``(size, size)``."""
    r = np.arange(size) - size // 2
    g = np.exp(-(r[:, None] ** 2 + r[None, :] ** 2) / (2 * sigma**2))
    out: Array = g / g.sum()
    return out


def _edge(angle_deg: float, sigma: float = 1.2) -> Array:
    """Derivative of a Gaussian along ``angle`` (x right, y up): bright side towards the angle."""
    r = np.arange(7) - 3
    x, y = r[None, :], -r[:, None]  # rows go down, y goes up
    t = np.deg2rad(angle_deg)
    d = np.cos(t) * x + np.sin(t) * y
    k = d * np.exp(-(x**2 + y**2) / (2 * sigma**2))
    out: Array = k / np.abs(k).sum() * 2  # a unit step across the edge gives about 1
    return out


def _luma(k: Array) -> Array:
    """A grey kernel ``(7, 7)`` applied to the luminance: ``(3, 7, 7)``."""
    return LUMA[:, None, None] * k[None]


def bank_weights() -> Array:
    """The first layer's 16 kernels, ``(16, 3, 7, 7)``."""
    dog = _gaussian(1.0) - _gaussian(2.5)
    log = -(_gaussian(1.0) - _gaussian(1.6))
    blur = _gaussian(1.5)
    kernels = [_luma(_edge(a)) for a in ANGLES] + [
        _luma(dog * 4), _luma(-dog * 4), _luma(blur), _luma(log * 6),
        *(np.array(rgb)[:, None, None] * blur[None]  # (3, 7, 7) colour opponents, blurred
          for rgb in ((1, -1, 0), (-1, 1, 0), (-0.5, -0.5, 1), (0.5, 0.5, -1)))]
    return np.stack(kernels).astype(np.float32)


def combine_weights() -> tuple[Array, Array]:
    """The second layer's 8 kernels ``(8, 16, 3, 3)`` and biases ``(8,)``."""
    w = np.zeros((8, 16, 3, 3))
    box = np.full((3, 3), 1 / 9)
    centre = np.zeros((3, 3))
    centre[1, 1] = 1.0
    for i in range(4):  # an orientation and its opposite polarity: edges either way
        w[i, i] = w[i, i + 4] = centre
    w[4, 0] = w[4, 4] = w[4, 2] = w[4, 6] = box  # horizontal and vertical together...
    b = np.zeros(8)
    b[4] = -0.15  # ...above what one edge alone gives
    w[5, :8] = box  # every edge nearby: texture
    w[6, 8] = w[6, 9] = centre  # bright or dark blob
    w[7, 12] = box * 2  # red against green, spread out
    return w.astype(np.float32), b.astype(np.float32)


def params() -> dict[str, Array]:
    """Every array of the preset, by key."""
    w2, b2 = combine_weights()
    return {"bank.weight": bank_weights(), "bank.bias": np.zeros(16, np.float32),
            "combine.weight": w2, "combine.bias": b2}
