"""Uploaded images -> RGB arrays, refusing what is too large before it is decoded.

The checks run in order, each with its own sentence: the file's size, the
format (PNG, JPEG, GIF's first frame, WebP, BMP; the bytes decide, not the
name), the pixel count the header declares (decompression bombs stop here,
before any pixel is decoded), then a full decode. Large photos are shrunk with
Pillow to :data:`WORKING_SIDE` pixels on the long side, which is more than any
network here takes. Every conversion is reported as a step for the page.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from PIL import Image, UnidentifiedImageError

from .config import Settings
from .errors import TooLarge

FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "BMP")
"""Formats Pillow may open; anything else is 'not an image we read'."""

WORKING_SIDE = 512
"""Decoded images larger than this on their long side are shrunk to it."""


@dataclass(frozen=True)
class Decoded:
    """An uploaded image as pixels.

    Attributes:
        pixels: ``(H, W, 3)`` uint8 RGB.
        steps: what was done to the file, in order, as sentences.
        format: the file's format as Pillow read it ("PNG").
        original_size: ``(width, height)`` the file declared.
    """

    pixels: NDArray[np.uint8]
    format: str
    original_size: tuple[int, int]
    steps: list[str] = field(default_factory=list)


def _open(data: bytes, settings: Settings) -> Image.Image:
    """Open lazily (header only) and check the declared pixel count."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise TooLarge(
            f"the image declares more than {settings.max_image_pixels:,} pixels; the limit is "
            f"{settings.max_image_pixels:,} (CNNVIS_MAX_IMAGE_PIXELS)"
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ValueError(
            "the file is not an image cnnvis can read: send a PNG, JPEG, GIF, WebP or BMP file"
        ) from None
    width, height = image.size
    if width * height > settings.max_image_pixels:
        image.close()
        raise TooLarge(
            f"the image is {width}x{height} = {width * height:,} pixels; the limit is "
            f"{settings.max_image_pixels:,} (CNNVIS_MAX_IMAGE_PIXELS)"
        )
    return image


def decode_image(data: bytes, settings: Settings) -> Decoded:
    """Decode an upload to RGB pixels, within the limits.

    Args:
        data: the file's bytes.
        settings: for ``max_upload_bytes`` and ``max_image_pixels``.

    Returns:
        :class:`Decoded` with ``(H, W, 3)`` uint8 pixels.

    Raises:
        TooLarge: a file or an image larger than the limits (413).
        ValueError: an empty, corrupt or unsupported file (422).
    """
    if len(data) > settings.max_upload_bytes:
        # The upload is read only up to one byte past the limit: its full size is not known.
        raise TooLarge(
            f"the file is larger than the limit of {settings.max_upload_bytes:,} bytes "
            "(CNNVIS_MAX_UPLOAD_BYTES)"
        )
    if not data:
        raise ValueError("the file is empty: send a PNG, JPEG, GIF, WebP or BMP image")
    image = _open(data, settings)
    fmt, size = str(image.format), image.size
    steps = [f"read a {size[0]}x{size[1]} {fmt} image ({image.mode})"]
    try:
        with image:
            if getattr(image, "n_frames", 1) > 1:
                steps.append(f"took the first of its {image.n_frames} frames")
            image.load()
            rgb = _to_rgb(image, steps)
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ValueError(f"the {fmt} file is damaged or truncated and cannot be decoded") from None
    if max(rgb.size) > WORKING_SIDE:
        rgb.thumbnail((WORKING_SIDE, WORKING_SIDE), Image.Resampling.LANCZOS)
        steps.append(f"shrank it to {rgb.size[0]}x{rgb.size[1]} (at most {WORKING_SIDE} pixels a side)")
    pixels = np.asarray(rgb, dtype=np.uint8)  # (H, W, 3)
    return Decoded(pixels, fmt, size, steps)


def _to_rgb(image: Image.Image, steps: list[str]) -> Image.Image:
    """RGB, with transparency composited over white."""
    if image.mode == "RGB":
        return image.copy()
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        steps.append("put its transparent parts on white")
        return Image.alpha_composite(background, rgba).convert("RGB")
    steps.append(f"converted {image.mode} to RGB")
    return image.convert("RGB")
