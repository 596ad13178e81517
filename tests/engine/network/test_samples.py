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
        elif s.credit is None:
            assert image.shape == (samples.PHOTO, samples.PHOTO, 3)
        else:  # a real photograph: short side 256, landscape, with its licence named
            assert image.ndim == 3 and min(image.shape[:2]) == 256 and image.shape[1] > 256
            assert "CC0" in s.credit or "public domain" in s.credit


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


@pytest.mark.parametrize(("name", "labels"), [("photo-cat", {"tiger cat", "tabby", "Egyptian cat"}),
                                              ("photo-espresso", {"espresso"}),
                                              ("photo-rocket", {"missile", "projectile"})])
def test_efficientnet_sees_the_real_photos_as_what_they_show(name: str, labels: set[str]) -> None:
    from engine.network import passes, presets
    from engine.network.presets import efficientnet_lite0

    if efficientnet_lite0.unavailable():
        pytest.skip(efficientnet_lite0.unavailable())
    x, _ = presets.get("efficientnet_lite0").preprocess(samples.sample_image(name))
    top = passes.predict(presets.load("efficientnet_lite0"), x).top
    assert top[0][1] in labels
    assert top[0][2] > 0.25
