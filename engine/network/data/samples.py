"""Sample images the pages offer: digits, shapes, two generated pictures and three real photos.

Nothing is downloaded: the digits and the photos ship as ``.npz`` files, the
rest is made by the shape generator or the drawing code below, the same pixels
every time.

- ``digit-0`` .. ``digit-9``: the first held-out digit of each class, rendered
  as LeNet-5's test frame and scaled to 128x128 (grey, ink bright).
- ``shape-<name>``: one generated 64x64 shape of each TinyVGG class.
- ``scene``: a 224x224 landscape (sky, sun, hills, a house, a tree): edges at
  every angle and blobs of every size, for the edge filters and ImageNet nets.
- ``pattern``: a 224x224 test card of stripes at four angles, rings and a
  checkerboard, where each oriented filter answers in its own region.
- ``photo-cat``, ``photo-espresso``, ``photo-rocket``: real photographs in the
  public domain or CC0 (``photos.npz``, short side 256; sources and licences in
  ``photos.md``), for EfficientNet-Lite0, which has seen photos like them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from . import digits, shapes
from .image import resize

__all__ = ["SAMPLES", "Sample", "sample_image"]

PHOTO = 224
DIGIT_SIDE = 128
SHAPE_SEED = 7


PHOTOS_FILE = Path(__file__).resolve().parent / "photos.npz"


@dataclass(frozen=True)
class Sample:
    """A sample image: ``name``, its English ``title`` (the pages word it in their language by
    ``name``), the ``kind``, a class ``label`` if any, and for a real photograph who took it
    and under which licence (``credit``)."""

    name: str
    title: str
    kind: str  # "digit", "shape" or "photo"
    label: int | None = None
    credit: str | None = None


SAMPLES: dict[str, Sample] = {
    **{f"digit-{d}": Sample(f"digit-{d}", f"digit {d}", "digit", d) for d in range(10)},
    **{f"shape-{c}": Sample(f"shape-{c}", c, "shape", i)
       for i, c in enumerate(shapes.CLASSES)},
    "scene": Sample("scene", "landscape", "photo"),
    "pattern": Sample("pattern", "test pattern", "photo"),
    "photo-cat": Sample("photo-cat", "cat (photo)", "photo",
                        credit="Chelsea the cat, by Stefan van der Walt, CC0"),
    "photo-espresso": Sample("photo-espresso", "espresso (photo)", "photo",
                             credit="Coffee cup, by Rachel Michetti (Pikolo Espresso Bar), CC0"),
    "photo-rocket": Sample("photo-rocket", "rocket launch (photo)", "photo",
                           credit="Falcon 9 launching DSCOVR, by SpaceX, public domain"),
}


def sample_image(name: str) -> NDArray[np.uint8]:
    """The pixels of sample ``name``: ``(H, W)`` grey or ``(H, W, 3)`` RGB, uint8.

    Raises:
        ValueError: no sample has that name.
    """
    if name not in SAMPLES:
        raise ValueError(f"there is no sample named {name[:64]!r}; the samples are "
                         f"{', '.join(SAMPLES)}")
    image = _make(name)
    image.setflags(write=False)
    return image


@cache
def _make(name: str) -> NDArray[np.uint8]:
    s = SAMPLES[name]
    if s.kind == "digit":
        assert s.label is not None
        return _digit(s.label)
    if s.kind == "shape":
        assert s.label is not None
        return _shape(s.label)
    if name.startswith("photo-"):
        with np.load(PHOTOS_FILE) as photos:
            return np.array(photos[name.removeprefix("photo-")], dtype=np.uint8)
    return _to_uint8(_scene() if name == "scene" else _pattern())


def _to_uint8(img: NDArray[np.floating]) -> NDArray[np.uint8]:
    return np.clip(np.rint(img * 255.0), 0, 255).astype(np.uint8)


def _digit(label: int) -> NDArray[np.uint8]:
    """The first held-out digit of class ``label``, ``(128, 128)`` grey."""
    images, labels = digits.load_digits()
    _, test = digits.split(len(labels))
    first = test[labels[test] == label][0]
    frame = digits.render(images[first][None])[0, 0]  # (32, 32) in 0..1
    return _to_uint8(resize(frame, (DIGIT_SIDE, DIGIT_SIDE)))


def _shape(label: int) -> NDArray[np.uint8]:
    """One ``(64, 64, 3)`` shape of class ``label`` from a fixed seed."""
    rng = np.random.default_rng(SHAPE_SEED + label)
    img = shapes.image(label, rng)  # (3, 64, 64) in 0..1
    return _to_uint8(img.transpose(1, 2, 0))


def _grid() -> tuple[NDArray[np.floating], NDArray[np.floating]]:
    """Pixel centres ``(y, x)`` in 0..1, each ``(224, 224)``."""
    ys, xs = np.mgrid[0:PHOTO, 0:PHOTO] + 0.5
    return ys / PHOTO, xs / PHOTO


def _paint(img: NDArray[np.floating], mask: NDArray[np.floating], rgb: tuple[float, float, float]) -> None:
    """Blend colour ``rgb`` into ``img (H, W, 3)`` where ``mask (H, W)`` in 0..1 covers it."""
    img[:] = img * (1 - mask[..., None]) + np.array(rgb) * mask[..., None]


def _soft(d: NDArray[np.floating]) -> NDArray[np.floating]:
    """Coverage of a signed distance ``d`` in pixels (negative inside), anti-aliased."""
    return np.clip(0.5 - d * PHOTO, 0.0, 1.0)


def _box(y: NDArray[np.floating], x: NDArray[np.floating], y0: float, y1: float, x0: float,
         x1: float) -> NDArray[np.floating]:
    return _soft(np.maximum(np.maximum(y0 - y, y - y1), np.maximum(x0 - x, x - x1)))


def _scene() -> NDArray[np.floating]:
    """A landscape ``(224, 224, 3)`` in 0..1."""
    y, x = _grid()
    img = np.empty((PHOTO, PHOTO, 3))
    img[:] = (np.array([0.35, 0.55, 0.85]) * (1 - y[..., None]) + np.array([0.75, 0.85, 0.95]) * y[..., None])
    _paint(img, _soft(np.hypot(x - 0.8, y - 0.18) - 0.08), (1.0, 0.85, 0.3))  # sun
    _paint(img, _soft(0.62 + 0.06 * np.sin(7 * x) - y), (0.35, 0.6, 0.3))  # far hills
    _paint(img, _soft(0.74 + 0.04 * np.sin(4 * x + 1) - y), (0.25, 0.5, 0.2))  # meadow
    _paint(img, _box(y, x, 0.5, 0.8, 0.18, 0.48), (0.85, 0.78, 0.65))  # house wall
    roof = np.maximum(0.3 + np.abs(x - 0.33) * 0.9 - y, y - 0.5)  # triangle above the wall
    _paint(img, _soft(roof), (0.6, 0.2, 0.15))
    for x0 in (0.22, 0.38):
        _paint(img, _box(y, x, 0.56, 0.64, x0, x0 + 0.06), (0.25, 0.35, 0.55))  # windows
    _paint(img, _box(y, x, 0.66, 0.8, 0.3, 0.36), (0.4, 0.25, 0.15))  # door
    _paint(img, _box(y, x, 0.6, 0.82, 0.705, 0.735), (0.4, 0.28, 0.18))  # trunk
    _paint(img, _soft(np.hypot(x - 0.72, y - 0.52) - 0.1), (0.15, 0.42, 0.2))  # crown
    rng = np.random.default_rng(3)
    return np.clip(img + rng.normal(0, 0.015, img.shape), 0, 1)


def _pattern() -> NDArray[np.floating]:
    """A test card ``(224, 224, 3)`` in 0..1: stripes at 0, 45, 90, 135 degrees, rings, checks."""
    y, x = _grid()
    half = (y < 0.5)[..., None], (x < 0.5)[..., None]
    period = 12 / PHOTO
    vertical = 0.5 + 0.5 * np.sign(np.sin(2 * np.pi * x / period))
    horizontal = 0.5 + 0.5 * np.sign(np.sin(2 * np.pi * y / period))
    diagonal = 0.5 + 0.5 * np.sign(np.sin(2 * np.pi * (x + y) / period / np.sqrt(2)))
    rings = 0.5 + 0.5 * np.sign(np.sin(2 * np.pi * np.hypot(x - 0.75, y - 0.75) / period))
    grey = np.where(half[0][..., 0], np.where(half[1][..., 0], vertical, horizontal),
                    np.where(half[1][..., 0], diagonal, rings))
    checks = ((np.floor(x * 8) + np.floor(y * 8)) % 2)[..., None]
    tint = np.array([0.9, 0.3, 0.1]) * checks + np.array([0.1, 0.4, 0.8]) * (1 - checks)
    corner = _soft(np.hypot(x - 0.5, y - 0.5) - 0.12)[..., None]
    img = grey[..., None] * np.ones(3)
    return img * (1 - corner) + tint * corner
