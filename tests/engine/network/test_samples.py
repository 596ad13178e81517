"""Sample images: made by code, the same every time, the sizes and kinds they claim."""

from __future__ import annotations

import numpy as np
import pytest

from engine.network.data import samples, shapes


def test_every_sample_has_its_kind_size_and_dtype() -> None:
    for name, s in samples.SAMPLES.items():
        image = samples.sample_image(name)
        assert image.dtype == np.uint8
        if s.kind == "digit":
            assert image.shape == (samples.DIGIT_SIDE, samples.DIGIT_SIDE)
        elif s.kind == "shape":
            assert image.shape == (shapes.SIZE, shapes.SIZE, 3)
            assert s.title == shapes.CLASSES[s.label]
        else:
            assert image.shape == (samples.PHOTO, samples.PHOTO, 3)


def test_samples_are_not_blank_and_are_read_only() -> None:
    for name in samples.SAMPLES:
        image = samples.sample_image(name)
        assert int(image.max()) - int(image.min()) > 100, name
        with pytest.raises(ValueError):
            image[0, 0] = 0


def test_digit_samples_have_bright_ink_on_a_dark_frame() -> None:
    image = samples.sample_image("digit-1").astype(float)
    border = np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])
    assert border.max() < 10
    assert image.max() > 200


def test_unknown_sample_is_refused_with_the_names() -> None:
    with pytest.raises(ValueError, match="no sample named 'cat'.*digit-0"):
        samples.sample_image("cat")
