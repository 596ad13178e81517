"""app.images: every format a learner may upload, and every way a file can be wrong."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from app.config import Settings
from app.errors import TooLarge
from app.images import WORKING_SIDE, decode_image


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def photo(width: int = 40, height: int = 30) -> Image.Image:
    """A colour gradient with a red square: something to recognise after decoding."""
    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack([x * 255 // width, y * 255 // height, np.full_like(x, 128)], axis=-1)
    rgb[5:15, 5:15] = (255, 0, 0)
    return Image.fromarray(rgb.astype(np.uint8), "RGB")


@pytest.mark.parametrize("fmt", ["PNG", "BMP", "WEBP"])
def test_decode_lossless_formats_exactly(fmt: str) -> None:
    image = photo()
    options = {"lossless": True} if fmt == "WEBP" else {}
    got = decode_image(encoded(image, fmt, **options), Settings())
    assert got.format == fmt and got.original_size == (40, 30)
    np.testing.assert_array_equal(got.pixels, np.asarray(image))


def test_decode_jpeg_approximately() -> None:
    got = decode_image(encoded(photo(), "JPEG", quality=95), Settings())
    assert got.pixels.shape == (30, 40, 3)
    assert abs(int(got.pixels[10, 10, 0]) - 255) < 20  # the red square is still red


def test_decode_gif_takes_the_first_frame() -> None:
    frames = [Image.new("RGB", (8, 8), colour) for colour in [(255, 0, 0), (0, 0, 255)]]
    data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:])
    got = decode_image(data, Settings())
    assert got.pixels[0, 0].tolist() == [255, 0, 0]
    assert any("first of its 2 frames" in step for step in got.steps)


def test_decode_grey_becomes_rgb_and_says_so() -> None:
    grey = Image.fromarray(np.full((6, 9), 77, np.uint8), "L")
    got = decode_image(encoded(grey, "PNG"), Settings())
    assert got.pixels.shape == (6, 9, 3) and np.all(got.pixels == 77)
    assert any("converted L to RGB" in step for step in got.steps)


def test_decode_puts_transparency_on_white() -> None:
    rgba = Image.new("RGBA", (4, 4), (0, 0, 0, 0))
    got = decode_image(encoded(rgba, "PNG"), Settings())
    assert np.all(got.pixels == 255)


def test_decode_shrinks_a_large_photo() -> None:
    got = decode_image(encoded(photo(1200, 600), "PNG"), Settings())
    assert got.pixels.shape == (WORKING_SIDE // 2, WORKING_SIDE, 3)
    assert got.original_size == (1200, 600)


def test_refuses_a_file_over_the_upload_limit() -> None:
    with pytest.raises(TooLarge, match="CNNVIS_MAX_UPLOAD_BYTES"):
        decode_image(encoded(photo(), "PNG"), Settings(max_upload_bytes=100))


def test_refuses_too_many_pixels_before_decoding() -> None:
    with pytest.raises(TooLarge, match=r"40x30 = 1,200 pixels; the limit is 1,000"):
        decode_image(encoded(photo(), "PNG"), Settings(max_image_pixels=1000))


def test_refuses_a_decompression_bomb() -> None:
    bomb = encoded(Image.new("1", (20000, 20000)), "PNG")  # a few KB that would be 400 MP
    assert len(bomb) < 200_000
    with pytest.raises(TooLarge, match="CNNVIS_MAX_IMAGE_PIXELS"):
        decode_image(bomb, Settings())


def test_refuses_a_truncated_file() -> None:
    data = encoded(photo(), "PNG")
    with pytest.raises(ValueError, match="damaged or truncated"):
        decode_image(data[: len(data) // 2], Settings())


@pytest.mark.parametrize("data", [b"not an image at all", b"%PDF-1.4 ...", b"\x00" * 64])
def test_refuses_what_is_not_an_image(data: bytes) -> None:
    with pytest.raises(ValueError, match="not an image cnnvis can read"):
        decode_image(data, Settings())


def test_refuses_an_empty_file() -> None:
    with pytest.raises(ValueError, match="the file is empty"):
        decode_image(b"", Settings())
