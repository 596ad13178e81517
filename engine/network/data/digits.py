"""Handwritten digits for LeNet-5: scikit-learn's 1,797 8x8 digits, shipped as a small ``.npz``.

The digits are scikit-learn's copy of the test set of the UCI "Optical
Recognition of Handwritten Digits" data (E. Alpaydin, C. Kaynak, 1998; 43
writers' NIST forms, 32x32 bitmaps counted in 4x4 blocks, values 0..16;
licence CC BY 4.0). :func:`export` writes them from scikit-learn (the optional
``train`` extra); everything else reads the shipped file, so nothing is
downloaded and scikit-learn is not needed to train or test.

:func:`render` places 8x8 digits into the 32x32 frame LeNet-5 takes, with a
random scale, rotation, shift and stroke weight for training, or centred at a
fixed size for testing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .image import warp

Array = NDArray[np.floating]

__all__ = ["BOX", "DIGITS_PATH", "export", "load_digits", "render", "split"]

DIGITS_PATH = Path(__file__).with_name("digits.npz")
"""The shipped digits: ``images (1797, 8, 8) uint8`` in 0..16 and ``labels (1797,) uint8``."""

BOX = 24
"""Side, in pixels of the 32x32 frame, of the square an 8x8 digit is scaled into for testing."""

FRAME = 32
TEST_FRACTION = 0.2
SPLIT_SEED = 1998


def export(path: Path = DIGITS_PATH) -> Path:
    """Write scikit-learn's digits to ``path`` (needs ``pip install cnnvis[train]``)."""
    try:
        from sklearn.datasets import load_digits as sk_load
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ValueError("exporting the digits needs scikit-learn: pip install 'cnnvis[train]'") from exc
    d = sk_load()
    np.savez_compressed(path, images=d.images.astype(np.uint8), labels=d.target.astype(np.uint8))
    return path


def load_digits(path: Path = DIGITS_PATH) -> tuple[NDArray[np.uint8], NDArray[np.uint8]]:
    """The shipped digits: ``(images (1797, 8, 8) uint8 0..16, labels (1797,))``."""
    with np.load(path) as f:
        return f["images"], f["labels"]


def split(n: int, seed: int = SPLIT_SEED) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Fixed train/test indices: a seeded permutation, the last 20% held out."""
    order = np.random.default_rng(seed).permutation(n)
    cut = n - int(round(n * TEST_FRACTION))
    return np.sort(order[:cut]), np.sort(order[cut:])


def render(images: NDArray[np.generic], rng: np.random.Generator | None = None) -> Array:
    """Scale 8x8 digits (0..16) into the 32x32 frame, values 0..1, ink bright.

    Without ``rng`` every digit fills a centred ``BOX x BOX`` square. With it, each
    digit gets a random box (20 to 28 pixels), rotation (+-12 degrees), shear,
    shift (+-2 pixels) and stroke weight (gamma 0.6 to 1.5), for training.

    Args:
        images: ``(N, 8, 8)``.
        rng: draws the augmentation; None for the fixed test rendering.

    Returns:
        ``(N, 1, 32, 32)`` float32.
    """
    n = images.shape[0]
    src = images.astype(np.float64) / 16.0  # (N, 8, 8)
    box, angle, shear = np.full(n, float(BOX)), np.zeros(n), np.zeros(n)
    shift = np.zeros((n, 2))
    if rng is not None:
        box, angle = rng.uniform(20, 28, n), np.deg2rad(rng.uniform(-12, 12, n))
        shear, shift = rng.uniform(-0.15, 0.15, n), rng.uniform(-2, 2, (n, 2))
        src = src ** rng.uniform(0.6, 1.5, (n, 1, 1))
    scale = 8.0 / box  # source pixels per output pixel
    cos, sin = np.cos(angle), np.sin(angle)
    inv = np.zeros((n, 2, 3))  # output (x, y, 1) -> source (x, y)
    inv[:, 0, 0], inv[:, 0, 1] = scale * cos, scale * (sin + shear)
    inv[:, 1, 0], inv[:, 1, 1] = -scale * sin, scale * cos
    centre = (FRAME - 1) / 2 + shift  # (N, 2) output centre in (x, y)
    inv[:, :, 2] = 3.5 - np.einsum("nij,nj->ni", inv[:, :, :2], centre)
    out = warp(src, inv, (FRAME, FRAME))  # (N, 32, 32)
    return np.clip(out, 0, 1).astype(np.float32)[:, None]  # (N, 1, 32, 32)
