"""The training data's affine warp against bilinear sampling written out pixel by pixel."""

from __future__ import annotations

import math

import numpy as np

from engine.network.data import digits
from engine.network.data.image import warp


def _warp_loop(imgs: np.ndarray, inverse: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Bilinear sampling, one output pixel at a time; a source pixel outside the image reads 0."""
    n, hh, ww = imgs.shape
    out = np.zeros((n, *size))
    for b in range(n):
        for y in range(size[0]):
            for x in range(size[1]):
                sx, sy = inverse[b] @ np.array([x, y, 1.0])
                x0, y0 = math.floor(sx), math.floor(sy)
                fx, fy = sx - x0, sy - y0
                total = 0.0
                for dy, dx, wgt in ((0, 0, (1 - fx) * (1 - fy)), (0, 1, fx * (1 - fy)),
                                    (1, 0, (1 - fx) * fy), (1, 1, fx * fy)):
                    yy, xx = y0 + dy, x0 + dx
                    if 0 <= yy < hh and 0 <= xx < ww:
                        total += imgs[b, yy, xx] * wgt
                out[b, y, x] = total
    return out


def test_warp_samples_as_the_plain_loop_does_inside_across_the_border_and_far_outside():
    rng = np.random.default_rng(4)
    imgs = rng.random((5, 8, 8))
    inverse = np.zeros((5, 2, 3))
    inverse[:, 0, 0], inverse[:, 1, 1] = rng.uniform(0.2, 0.6, 5), rng.uniform(0.2, 0.6, 5)
    inverse[:, 0, 1], inverse[:, 1, 0] = rng.uniform(-0.2, 0.2, 5), rng.uniform(-0.2, 0.2, 5)
    inverse[:, :, 2] = rng.uniform(-6, 6, (5, 2))
    inverse[4] = [[1.5, 0, -20], [0, 1.5, -10]]  # reads far beyond every edge: mostly zeros
    got = warp(imgs, inverse, (20, 24))
    assert got.shape == (5, 20, 24)
    np.testing.assert_allclose(got, _warp_loop(imgs, inverse, (20, 24)), rtol=1e-12, atol=1e-15)
    assert (got[4] == 0).mean() > 0.5 and got[4].max() > 0


def test_training_digits_are_rendered_in_the_frame_with_ink_in_range():
    images, _ = digits.load_digits()
    batch = digits.render(images[:16], np.random.default_rng(0))
    assert batch.shape == (16, 1, 32, 32) and batch.dtype == np.float32
    assert batch.min() >= 0 and batch.max() <= 1 and (batch.reshape(16, -1).max(axis=1) > 0.5).all()
