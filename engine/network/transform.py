"""Turning any image into what a preset network takes: crop, resize, grey, normalise.

The server decodes an upload into an array; these steps are NumPy only. Each
returns the network input ``(1, C, H, W)`` and the steps it took (name,
description, shape and, where it helps to show, the intermediate image) so a
page can show the preprocessing as part of the computation.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .data.image import resize, resize_bicubic, to_rgb
from .layers import Array

__all__ = ["IMAGENET_MEAN", "IMAGENET_STD", "efficientnet", "imagenet", "photo"]

IMAGENET_MEAN = np.array([0.485, 0.456, 0.406])
IMAGENET_STD = np.array([0.229, 0.224, 0.225])


def _resize_crop(img: Any, short: int, crop: int,
                 bicubic: bool = False) -> tuple[Array, list[dict[str, Any]]]:
    """Resize the short side to ``short``, then cut the centre ``crop x crop``: ``(crop, crop, 3)``.

    The centre square of the image is cut out first (the only part the crop can
    reach), so no intermediate is larger than ``short x short``, however thin or
    wide the image: a 1 x 512 picture costs a 256 x 256 resize, not 256 x 131072.
    """
    rgb = to_rgb(img)
    h, w = rgb.shape[:2]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    square = rgb[top:top + side, left:left + side]
    big = np.clip((resize_bicubic if bicubic else resize)(square, (short, short)), 0, 1)
    at = (short - crop) // 2
    out = big[at:at + crop, at:at + crop]
    steps: list[dict[str, Any]] = [
        {"name": "rgb", "description": "colour values scaled to 0..1", "shape": list(rgb.shape)},
        {"name": "crop", "description": f"centre square {side}x{side}", "shape": [side, side, 3]},
        {"name": "resize", "description": f"short side resized to {short} pixels",
         "shape": [short, short, 3]},
        {"name": "crop", "description": f"centre {crop}x{crop} cut out", "shape": [crop, crop, 3],
         "image": out},
    ]
    return out, steps


def photo(img: Any, size: int = 224) -> tuple[Array, list[dict[str, Any]]]:
    """A photo for the ``edges`` filter bank: ``size x size`` RGB in 0..1, ``(1, 3, size, size)``."""
    out, steps = _resize_crop(img, size, size)
    x = out.transpose(2, 0, 1)[None].astype(np.float32)  # (1, 3, size, size)
    steps.append({"name": "channels first", "description": "values kept in 0..1",
                  "shape": list(x.shape)})
    return x, steps


def imagenet(img: Any) -> tuple[Array, list[dict[str, Any]]]:
    """ImageNet's evaluation transform: short side 256, centre 224, normalised per channel.

    Returns:
        ``(x (1, 3, 224, 224) float32, steps)``.
    """
    out, steps = _resize_crop(img, 256, 224)
    x = ((out - IMAGENET_MEAN) / IMAGENET_STD).transpose(2, 0, 1)[None].astype(np.float32)
    steps.append({"name": "normalise", "description": "minus ImageNet's channel means "
                  "(0.485, 0.456, 0.406), divided by its deviations (0.229, 0.224, 0.225)",
                  "shape": list(x.shape)})
    return x, steps


def efficientnet(img: Any) -> tuple[Array, list[dict[str, Any]]]:
    """EfficientNet-Lite's evaluation transform: short side 256 (bicubic), centre 224, (x - 127) / 128.

    The values are 0..255 before the mapping, so the input lies in about -1..1.

    Returns:
        ``(x (1, 3, 224, 224) float32, steps)``.
    """
    out, steps = _resize_crop(img, 256, 224, bicubic=True)
    x = ((out * 255.0 - 127.0) / 128.0).transpose(2, 0, 1)[None].astype(np.float32)
    steps.append({"name": "normalise", "description": "each RGB value v (0..255) mapped to "
                  "(v - 127) / 128, about -1..1", "shape": list(x.shape)})
    return x, steps
