"""Image operations in NumPy for preprocessing and data generation: resize, warp, grey, shift.

Images are ``(H, W)`` or ``(H, W, C)`` float arrays, or batches ``(N, H, W)``
for :func:`warp`. Pixel centres sit at integer coordinates; resizing maps the
centres as PyTorch's ``align_corners=False`` does.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.floating]

__all__ = ["box_reduce", "dilate", "grey", "resize", "resize_bicubic", "to_rgb", "warp"]


def grey(img: Array) -> Array:
    """Luminance ``0.299 R + 0.587 G + 0.114 B`` of ``(H, W, 3)``; ``(H, W)`` passes through; alpha is dropped."""
    if img.ndim == 2:
        return img
    if img.shape[2] == 1:
        return img[..., 0]
    return img[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=img.dtype)  # (H, W)


def box_reduce(img: Array, factor: int) -> Array:
    """Average ``factor x factor`` blocks: ``(H, W, *C) -> (H // f, W // f, *C)`` (edges cropped)."""
    if factor <= 1:
        return img
    h, w = img.shape[0] // factor * factor, img.shape[1] // factor * factor
    blocks = img[:h, :w].reshape(h // factor, factor, w // factor, factor, *img.shape[2:])
    return blocks.mean(axis=(1, 3))  # (H/f, W/f, *C)


def _axis_weights(size: int, out: int) -> tuple[NDArray[np.intp], NDArray[np.intp], Array]:
    """Left index, right index and right weight for bilinear resizing of one axis."""
    pos = (np.arange(out) + 0.5) * size / out - 0.5  # source coordinate of each output centre
    pos = np.clip(pos, 0, size - 1)
    lo = np.floor(pos).astype(np.intp)
    hi = np.minimum(lo + 1, size - 1)
    return lo, hi, (pos - lo)


def resize(img: Array, size: tuple[int, int]) -> Array:
    """Bilinear resize to ``size = (h, w)``; large reductions first average whole blocks (no aliasing).

    Args:
        img: ``(H, W)`` or ``(H, W, C)`` float.
        size: output height and width.

    Returns:
        ``(h, w)`` or ``(h, w, C)`` float64.
    """
    img = np.asarray(img, dtype=np.float64)
    factor = int(min(img.shape[0] / size[0], img.shape[1] / size[1]) // 2)
    img = box_reduce(img, factor) if factor >= 2 else img
    r0, r1, rw = _axis_weights(img.shape[0], size[0])
    c0, c1, cw = _axis_weights(img.shape[1], size[1])
    extra = (1,) * (img.ndim - 2)
    rows = img[r0] * (1 - rw).reshape(-1, 1, *extra) + img[r1] * rw.reshape(-1, 1, *extra)  # (h, W, *C)
    return rows[:, c0] * (1 - cw).reshape(1, -1, *extra) + rows[:, c1] * cw.reshape(1, -1, *extra)


def _cubic(t: Array) -> Array:
    """Keys' cubic kernel with a = -0.5 (what Pillow's BICUBIC uses), zero beyond |t| = 2."""
    t = np.abs(t)
    a = -0.5
    near = ((a + 2) * t - (a + 3)) * t * t + 1
    far = ((t - 5) * t + 8) * t * a - 4 * a
    return np.where(t < 1, near, np.where(t < 2, far, 0.0))


def _cubic_matrix(size: int, out: int) -> Array:
    """``(out, size)`` weights resizing one axis bicubically; widened when shrinking (no aliasing)."""
    scale = size / out
    support = max(scale, 1.0)
    centres = (np.arange(out) + 0.5) * scale  # (out,) in source pixel units
    src = np.arange(size) + 0.5  # (size,)
    w = _cubic((src[None, :] - centres[:, None]) / support)  # (out, size)
    return w / w.sum(axis=1, keepdims=True)


def resize_bicubic(img: Array, size: tuple[int, int]) -> Array:
    """Bicubic resize to ``size = (h, w)`` (Keys a = -0.5, antialiased when shrinking).

    Reductions by 4x or more first average whole blocks, so the weight matrices
    stay small: the work is ``O(h * H * W)`` on at most ``4h x 4w`` pixels.

    Args:
        img: ``(H, W)`` or ``(H, W, C)`` float.
        size: output height and width.

    Returns:
        ``(h, w)`` or ``(h, w, C)`` float64 (values may overshoot the input's range slightly).
    """
    img = np.asarray(img, dtype=np.float64)
    factor = int(min(img.shape[0] / size[0], img.shape[1] / size[1]) // 2)
    img = box_reduce(img, factor) if factor >= 2 else img
    rows = np.tensordot(_cubic_matrix(img.shape[0], size[0]), img, axes=(1, 0))  # (h, W, *C)
    out = np.tensordot(_cubic_matrix(img.shape[1], size[1]), rows, axes=(1, 1))  # (w, h, *C)
    return np.swapaxes(out, 0, 1)


WARP_CHUNK = 8
"""Images warped together. Measured on a LeNet-5 batch of 64 32x32 digits: chunks of 4 to 8
images (temporaries of 32 to 64 KB, which stay in cache and in the allocator's reused memory)
1.6 ms, chunks of 10 or more 2.5 ms, the whole batch at once 2.8 ms."""


def warp(imgs: Array, inverse: Array, size: tuple[int, int]) -> Array:
    """Affine warp of a batch with bilinear sampling; outside the source reads 0.

    Args:
        imgs: ``(N, H, W)``.
        inverse: ``(N, 2, 3)``, maps output ``(x, y, 1)`` to source ``(x, y)``.
        size: output ``(h, w)``.

    Returns:
        ``(N, h, w)``.
    """
    ys, xs = np.mgrid[0:size[0], 0:size[1]].astype(np.float64)  # (h, w) each
    grid = np.stack([xs.ravel(), ys.ravel(), np.ones(xs.size)])  # (3, h*w)
    out = np.empty((imgs.shape[0], size[0] * size[1]))  # (N, h*w)
    for i in range(0, imgs.shape[0], WARP_CHUNK):
        part = slice(i, i + WARP_CHUNK)
        out[part] = _bilinear(imgs[part], inverse[part] @ grid)
    return out.reshape(-1, *size)


def _bilinear(imgs: Array, src: Array) -> Array:
    """``imgs (n, H, W)`` sampled at source points ``src (n, 2, P)`` (x, y): ``(n, P)``."""
    n, hh, ww = imgs.shape
    sx, sy = src[:, 0], src[:, 1]  # (n, P)
    fx0, fy0 = np.floor(sx), np.floor(sy)
    fx, fy = sx - fx0, sy - fy0
    # Two zero rows and columns on every side. A top-left tap further out than that is moved
    # onto the zero border, where it and its neighbours still read 0: every index is in range,
    # so the four reads are plain gathers from the flat array (fancy indexing over three index
    # arrays was 60 % of a LeNet-5 training batch).
    pw = ww + 4
    x0 = np.clip(fx0, -2, ww).astype(np.intp) + 2
    y0 = np.clip(fy0, -2, hh).astype(np.intp) + 2
    flat = np.pad(imgs, ((0, 0), (2, 2), (2, 2))).reshape(-1)  # (n * (H+4) * (W+4),)
    base = (np.arange(n)[:, None] * (hh + 4) + y0) * pw + x0  # (n, P): each top-left tap
    out = flat[base] * ((1 - fx) * (1 - fy))
    out += flat[base + 1] * (fx * (1 - fy))
    out += flat[base + pw] * ((1 - fx) * fy)
    out += flat[base + pw + 1] * (fx * fy)
    return out


def dilate(mask: Array) -> Array:
    """Grey dilation by a 3x3 square: each pixel becomes the maximum of its neighbourhood. ``(H, W)``."""
    p = np.pad(mask, 1)
    h, w = mask.shape
    shifts = [p[dy:dy + h, dx:dx + w] for dy in range(3) for dx in range(3)]
    return np.max(shifts, axis=0)


def to_rgb(img: Array) -> Array:
    """Any image to ``(H, W, 3)`` floats in 0..1.

    uint8 is divided by 255, floats are clipped to 0..1, grey is repeated into
    three channels, and an alpha channel is composited over white (a canvas
    drawing often has its strokes only in the alpha channel).

    Args:
        img: ``(H, W)`` or ``(H, W, C)`` with C = 1, 3 or 4.

    Returns:
        ``(H, W, 3)`` float64.
    """
    a = np.asarray(img)
    if a.ndim not in (2, 3) or (a.ndim == 3 and a.shape[2] not in (1, 3, 4)):
        raise ValueError(f"an image must be (H, W) or (H, W, C) with 1, 3 or 4 channels, got {a.shape}")
    if min(a.shape[:2]) < 1:
        raise ValueError(f"the image is empty, shape {a.shape}")
    f = a.astype(np.float64) / 255.0 if a.dtype == np.uint8 else np.clip(a.astype(np.float64), 0, 1)
    if f.ndim == 2:
        f = f[..., None]  # (H, W, 1)
    if f.shape[2] == 4:
        alpha = f[..., 3:]  # (H, W, 1)
        f = f[..., :3] * alpha + (1.0 - alpha)
    return np.repeat(f, 3, axis=2) if f.shape[2] == 1 else f
