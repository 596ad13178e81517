"""LeNet-5, modern variant, on handwritten digits: 32x32 grey input, 10 classes, 61,706 parameters.

The layer sizes of LeCun et al. (1998): two 5x5 convolutions (6 and 16 maps),
each followed by 2x2 subsampling, then dense layers of 120, 84 and 10 units.
Here, as most modern re-implementations do, ReLU and max pooling replace the
paper's scaled tanh and trainable subsampling, every C3 map sees all 6 S2 maps
(the paper's connection table leaves 36 of the 96 pairs out), and the output is
a dense layer with biases in place of the paper's RBF units. So the maps have
the paper's shapes, but the parameters are not the 1998 network's 60,840 (the
paper's 60,000 trainable ones and the 840 numbers of its RBF units): C3 has
2,416 instead of 1,516, the pooling layers have none instead of 44, and the
output layer adds 10 biases. The network as built in 1998 is
:mod:`engine.network.presets.lenet5_1998`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ..data import digits
from ..data.image import dilate, grey, resize, to_rgb
from ..layers import Array

NAME = "lenet5"
INPUT_SHAPE = (1, 32, 32)
LABELS = tuple(str(d) for d in range(10))
MEAN, STD = 0.15, 0.3
"""Input normalisation: ``(x - MEAN) / STD`` with ink 1 and paper 0."""

SPECS: list[dict[str, Any]] = [
    {"type": "conv", "out_channels": 6, "kernel_size": 5, "name": "C1"},
    {"type": "relu"},
    {"type": "pool", "kind": "max", "kernel_size": 2, "name": "S2"},
    {"type": "conv", "out_channels": 16, "kernel_size": 5, "name": "C3"},
    {"type": "relu"},
    {"type": "pool", "kind": "max", "kernel_size": 2, "name": "S4"},
    {"type": "flatten"},
    {"type": "linear", "out_features": 120, "name": "C5"},
    {"type": "relu"},
    {"type": "linear", "out_features": 84, "name": "F6"},
    {"type": "relu"},
    {"type": "linear", "out_features": 10, "name": "output"},
    {"type": "softmax"},
]


def normalise(x: Array) -> Array:
    """``(x - MEAN) / STD``, float32; ``x (N, 1, 32, 32)`` in 0..1."""
    return ((x - MEAN) / STD).astype(np.float32)


TRAINING = {"steps": 2500, "learning_rate": 0.002, "batch_size": 64, "optimizer": "adam", "seed": 0}
"""The settings that trained the shipped weights (``cnnvis train lenet5``)."""


@lru_cache(maxsize=1)
def _digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    images, labels = digits.load_digits()
    train_idx, test_idx = digits.split(len(labels))
    return images, labels.astype(np.intp), train_idx, test_idx


def train_batch(rng: np.random.Generator, size: int) -> tuple[Array, np.ndarray]:
    """``(x (size, 1, 32, 32), labels (size,))``: augmented renderings of training digits."""
    images, labels, train_idx, _ = _digits()
    pick = rng.choice(train_idx, size)
    return normalise(digits.render(images[pick], rng)), labels[pick]


def test_set() -> tuple[Array, np.ndarray]:
    """The held-out digits (20%, fixed by seed), rendered centred: ``(359, 1, 32, 32)``, ``(359,)``."""
    images, labels, _, test_idx = _digits()
    return normalise(digits.render(images[test_idx])), labels[test_idx]


def _ink(img: Array) -> tuple[Array, str]:
    """Grey image with ink bright (1) on dark paper (0), whatever the drawing's polarity."""
    g = grey(to_rgb(img))  # (H, W) in 0..1; transparent canvas pixels count as white
    lo, hi = float(g.min()), float(g.max())
    g = (g - lo) / (hi - lo) if hi > lo else np.zeros_like(g)
    border = np.concatenate([g[0], g[-1], g[:, 0], g[:, -1]])
    if np.median(border) > 0.5:
        return 1.0 - g, "dark strokes on light paper: inverted so the ink is bright"
    return g, "light strokes on dark paper: kept"


def _fit(ink: Array) -> Array:
    """Crop to the ink's bounding box and scale it into a 32x32 box, height filling it."""
    rows, cols = np.flatnonzero(ink.max(axis=1) > 0.3), np.flatnonzero(ink.max(axis=0) > 0.3)
    if rows.size == 0:
        return np.zeros((32, 32))
    crop = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    h, w = crop.shape
    height, width = 32, int(np.clip(round(w * 32 / h), 12, 32))  # a thin "1" keeps some width, as in UCI
    scaled = resize(crop, (height, width))
    out = np.zeros((32, 32))
    top, left = (32 - height) // 2, (32 - width) // 2
    out[top:top + height, left:left + width] = scaled
    return out


def _strokes(bitmap: Array) -> Array:
    """Binarise and thicken thin strokes until the ink covers about as much as in the UCI bitmaps."""
    b = (bitmap > 0.4).astype(np.float64)
    for _ in range(4):
        if b.mean() >= 0.22:
            break
        b = dilate(b)
    return b


def preprocess(img: Array) -> tuple[Array, list[dict[str, Any]]]:
    """Make a drawing look like the training digits: ink bright, cropped, 8x8 counts, centred.

    Args:
        img: ``(H, W)`` or ``(H, W, C)``, uint8 or float.

    Returns:
        ``(x (1, 1, 32, 32) float32, steps)``.
    """
    ink, how = _ink(img)
    bitmap = _fit(ink)
    strokes = _strokes(bitmap)
    counts = strokes.reshape(8, 4, 8, 4).sum(axis=(1, 3))  # (8, 8) on-pixels per 4x4 block, 0..16
    framed = digits.render(counts[None])  # (1, 1, 32, 32)
    x = normalise(framed)
    steps = [
        {"name": "ink", "description": f"grey, {how}", "shape": list(ink.shape), "image": ink},
        {"name": "crop", "description": "cropped to the ink's bounding box and scaled so its height "
         "fills 32 pixels, centred", "shape": [32, 32], "image": bitmap},
        {"name": "strokes", "description": "binarised, thin strokes thickened like the UCI pen",
         "shape": [32, 32], "image": strokes},
        {"name": "counts", "description": "on-pixels counted in 4x4 blocks: the 8x8 digits of the "
         "training set (0..16)", "shape": [8, 8], "image": counts / 16.0},
        {"name": "frame", "description": f"scaled into a centred {digits.BOX}x{digits.BOX} box of "
         "the 32x32 frame, as the training digits", "shape": [1, 32, 32], "image": framed[0, 0]},
        {"name": "normalise", "description": f"(x - {MEAN}) / {STD}", "shape": list(x.shape)},
    ]
    return x, steps


DATA_CARD = """
scikit-learn's copy of the test set of the UCI "Optical Recognition of Handwritten Digits" data
set (E. Alpaydin and C. Kaynak, 1998; 1,797 digits written by 13 people on NIST forms; 32x32
bitmaps counted in 4x4 blocks, 8x8 values 0..16). Licence: CC BY 4.0 (UCI Machine Learning
Repository); scikit-learn (BSD-3-Clause) ships this copy. Shipped here as
`engine/network/data/digits.npz`, 45 KB, written by `engine.network.data.digits.export()` from
`sklearn.datasets.load_digits` (scikit-learn 1.9; `pip install -e '.[train]'`).
Each 8x8 digit is scaled into the 32x32 frame; training renderings get a random box (20 to 28
pixels), rotation (+-12 degrees), shear, shift (+-2 pixels) and stroke weight (gamma 0.6 to 1.5).
Inputs are normalised as (x - 0.15) / 0.3 with ink 1 on paper 0.
"""

SPLIT_CARD = """
A permutation seeded with 1998 holds out the last 20%: 1,438 training digits, 359 held-out digits,
rendered centred in a 24x24 box without augmentation.
"""


def epochs(seen: int) -> str:
    """How many passes over the 1,438 training digits ``seen`` samples make."""
    return f"{seen / 1438:.0f} epochs of augmented renderings"
