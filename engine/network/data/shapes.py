"""A generated data set of drawn shapes: 10 classes, 64x64 RGB, made by seed, no files.

Each image is one shape (circle, square, triangle, star, cross, ring, crescent,
heart, arrow, bar) of random size (radius 16 to 26 pixels), position (up to 4
pixels off centre: TinyVGG's last dense layer sees positions, so shapes that
wander widely need far more training) and rotation, in a random colour
on a random background (a tinted gradient with a little noise), always with
enough contrast to be seen. Shapes are signed distance functions ``d(p)``
(negative inside) in the shape's own frame; a pixel's coverage is
``clip(0.5 - d, 0, 1)`` with ``d`` in pixels, which anti-aliases the edges.
Unions are minima of distances, cut-outs maxima with the negated distance.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.floating]

__all__ = ["CLASSES", "SIZE", "generate", "image"]

CLASSES = ("circle", "square", "triangle", "star", "cross", "ring", "crescent", "heart", "arrow",
           "bar")
SIZE = 64
RADIUS = (16.0, 26.0)
"""Smallest and largest shape radius in pixels."""
OFFSET = 4.0
"""Largest shift of a shape's centre from the image centre, in pixels per axis."""


def _polygon(u: Array, v: Array, xs: list[float], ys: list[float]) -> Array:
    """Distance-like field of a convex polygon with counter-clockwise vertices: max over edges."""
    d = np.full(u.shape, -np.inf)
    for i in range(len(xs)):
        x0, y0, x1, y1 = xs[i], ys[i], xs[(i + 1) % len(xs)], ys[(i + 1) % len(xs)]
        nx, ny = y1 - y0, x0 - x1  # outward normal of a counter-clockwise edge
        norm = np.hypot(nx, ny)
        d = np.maximum(d, ((u - x0) * nx + (v - y0) * ny) / norm)
    return d


def _regular(u: Array, v: Array, k: int, r: float, phase: float = np.pi / 2) -> Array:
    a = phase + 2 * np.pi * np.arange(k) / k
    return _polygon(u, v, list(r * np.cos(a)), list(r * np.sin(a)))


def _rect(u: Array, v: Array, hx: float, hy: float, cx: float = 0.0) -> Array:
    return np.maximum(np.abs(u - cx) - hx, np.abs(v) - hy)


def _star(u: Array, v: Array) -> Array:
    a = np.pi / 2 + 2 * np.pi * np.arange(5) / 5
    inner = 0.42
    d = _regular(u, v, 5, inner, np.pi / 2 + np.pi / 5)  # the pentagon between the points
    for i in range(5):
        a0, a1 = a[i] - np.pi / 5, a[i] + np.pi / 5
        xs = [inner * np.cos(a0), np.cos(a[i]), inner * np.cos(a1)]
        ys = [inner * np.sin(a0), np.sin(a[i]), inner * np.sin(a1)]
        d = np.minimum(d, _polygon(u, v, xs, ys))  # one point of the star
    return d


def _heart(u: Array, v: Array) -> Array:
    lobes = np.minimum(np.hypot(u - 0.38, v - 0.28) - 0.45, np.hypot(u + 0.38, v - 0.28) - 0.45)
    point = _polygon(u, v, [-0.8, 0.0, 0.8], [0.1, -0.95, 0.1])
    return np.minimum(lobes, point)


_SHAPES: dict[str, Callable[[Array, Array], Array]] = {
    "circle": lambda u, v: np.hypot(u, v) - 0.9,
    "square": lambda u, v: _rect(u, v, 0.72, 0.72),
    "triangle": lambda u, v: _regular(u, v, 3, 1.0),
    "star": _star,
    "cross": lambda u, v: np.minimum(_rect(u, v, 0.95, 0.3), _rect(u, v, 0.3, 0.95)),
    "ring": lambda u, v: np.abs(np.hypot(u, v) - 0.7) - 0.22,
    "crescent": lambda u, v: np.maximum(np.hypot(u, v) - 0.9, -(np.hypot(u - 0.45, v) - 0.72)),
    "heart": _heart,
    "arrow": lambda u, v: np.minimum(_rect(u, v, 0.55, 0.17, cx=-0.35),
                                     _polygon(u, v, [0.15, 0.95, 0.15], [-0.55, 0.0, 0.55])),
    "bar": lambda u, v: _rect(u, v, 0.95, 0.24),
}


def _coverage(label: int, rng: np.random.Generator) -> Array:
    """One anti-aliased shape mask ``(64, 64)`` in 0..1 at a random place, size and angle."""
    radius = rng.uniform(RADIUS[0], RADIUS[1])
    cx, cy = SIZE / 2 + rng.uniform(-OFFSET, OFFSET, 2)
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:SIZE, 0:SIZE] + 0.5  # pixel centres (64, 64)
    dx, dy = (xs - cx) / radius, (cy - ys) / radius  # y up, in shape units
    c, s = np.cos(angle), np.sin(angle)
    u, v = c * dx + s * dy, -s * dx + c * dy  # rotate the pixel grid by -angle
    d = _SHAPES[CLASSES[label]](u, v) * radius  # (64, 64) signed distance in pixels
    return np.clip(0.5 - d, 0.0, 1.0)


def _colours(rng: np.random.Generator) -> tuple[Array, Array, Array]:
    """Background corner colours and a shape colour that stands out from them: ``(3,)`` each."""
    while True:
        b0 = rng.uniform(0, 1, 3)
        b1 = np.clip(b0 + rng.uniform(-0.25, 0.25, 3), 0, 1)
        fg = rng.uniform(0, 1, 3)
        luma = np.array([0.299, 0.587, 0.114])
        far = min(np.linalg.norm(fg - b0), np.linalg.norm(fg - b1))
        if far > 0.45 and abs(luma @ fg - luma @ (b0 + b1) / 2) > 0.12:
            return b0, b1, fg


def image(label: int, rng: np.random.Generator) -> Array:
    """One ``(3, 64, 64)`` image of class ``label``, values 0..1."""
    cov = _coverage(label, rng)
    b0, b1, fg = _colours(rng)
    t = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:SIZE, 0:SIZE] / (SIZE - 1)
    ramp = np.clip(0.5 + (np.cos(t) * (xs - 0.5) + np.sin(t) * (ys - 0.5)), 0, 1)  # (64, 64)
    bg = b0[:, None, None] * (1 - ramp) + b1[:, None, None] * ramp  # (3, 64, 64)
    img = bg * (1 - cov) + fg[:, None, None] * cov
    img += rng.normal(0, 0.03, img.shape)
    return np.clip(img, 0, 1)


def generate(n: int, rng: np.random.Generator) -> tuple[Array, NDArray[np.intp]]:
    """``n`` random shape images and their classes, balanced in expectation.

    Args:
        n: number of images.
        rng: decides everything; the same seed gives the same images.

    Returns:
        ``(images (n, 3, 64, 64) float32 in 0..1, labels (n,))``.
    """
    labels = rng.integers(0, len(CLASSES), n)
    images = np.stack([image(int(k), rng) for k in labels]) if n else np.zeros((0, 3, SIZE, SIZE))
    return images.astype(np.float32), labels.astype(np.intp)
