"""Presets: shipped models reach their recorded accuracy, every preset loads and runs, preprocessing."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine import network
from engine.network import PRESETS, forward, forward_layers, load, predict, preprocess
from engine.network.train import accuracy, trainer


def _recorded(name):
    card = PRESETS[name].model_card
    assert card, f"{name} has no model card"
    return float(re.search(r"Held-out accuracy: \*\*([0-9.]+)\*\*", card).group(1))


@pytest.mark.parametrize("name,floor", [("lenet5", 0.97), ("lenet5_1998", 0.97), ("tinyvgg", 0.95)])
def test_shipped_model_reaches_its_recorded_held_out_accuracy(name, floor):
    model = load(name)
    x, labels = trainer(name).test_set()
    acc = accuracy(model, x, labels)
    assert acc >= floor
    assert acc == pytest.approx(_recorded(name), abs=1e-4)
    assert model.trained and PRESETS[name].trained


def test_every_preset_is_listed_in_english_only():
    names = [p.name for p in network.list_presets()]
    assert names == ["edges", "lenet5", "lenet5_1998", "tinyvgg", "efficientnet_lite0", "alexnet",
                     "vgg16", "googlenet", "resnet18", "resnet50"]
    for p in network.list_presets():
        assert p.title and p.description
        assert p.summary.input_shape == p.input_shape
        # Other languages live in static/js/i18n/, keyed by the preset's name.
        words = [p.title, p.description, *p.labels, *(n for names in p.channels.values() for n in names)]
        assert all(w.isascii() for w in words), p.name
    assert PRESETS["tinyvgg"].labels[0] == "circle"


@pytest.mark.parametrize("name", ["alexnet", "vgg16", "googlenet", "resnet18", "resnet50"])
def test_imagenet_presets_load_untrained_and_deterministic(name):
    model = load(name)
    assert not model.trained and load(name) is model
    assert sum(a.size for k, a in model.params.items() if "running" not in k) == \
        PRESETS[name].run_summary.params
    y = forward(model, np.random.default_rng(0).standard_normal((1, 3, 64, 64)).astype(np.float32))
    assert y.shape == (1, 1000) and np.isfinite(y).all()


def test_edges_preset_finds_a_vertical_edge():
    img = np.zeros((64, 64, 3), np.uint8)
    img[:, 32:] = 255  # dark left, bright right
    x, _ = preprocess("edges", img)
    records = list(forward_layers(load("edges"), x))
    bank = records[0].output[0]  # (16, 224, 224)
    middle = bank[:8, 100, 100:124].max(axis=1)  # the 8 oriented edges around the step (column 112)
    assert middle.argmax() == 0  # "edge 0 deg": bright side to the right
    assert middle[4] < 0.05 * middle[0]  # the opposite polarity stays quiet
    assert middle[2] < 0.05 * middle[0]  # a horizontal edge detector sees nothing


def _draw_digit(strokes, size=280, width=18, dark_ink=True):
    """A canvas drawing: polylines in 0..1 coordinates, rendered with PIL."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (size, size), 255 if dark_ink else 0)
    draw = ImageDraw.Draw(img)
    for line in strokes:
        draw.line([(x * size, y * size) for x, y in line], fill=0 if dark_ink else 255, width=width,
                  joint="curve")
    return np.asarray(img)


ONE = [[(0.45, 0.25), (0.55, 0.15), (0.55, 0.85)]]
SEVEN = [[(0.3, 0.2), (0.7, 0.2), (0.45, 0.85)]]
ZERO = [[(0.5, 0.15), (0.68, 0.3), (0.7, 0.5), (0.66, 0.72), (0.5, 0.85), (0.34, 0.72), (0.3, 0.5),
         (0.33, 0.3), (0.5, 0.15)]]


@pytest.mark.parametrize("strokes,digit,dark,width", [(ONE, 1, True, 18), (SEVEN, 7, False, 10),
                                                      (ZERO, 0, True, 30)])
def test_a_drawn_digit_is_classified_right(strokes, digit, dark, width):
    x, steps = preprocess("lenet5", _draw_digit(strokes, width=width, dark_ink=dark))
    assert x.shape == (1, 1, 32, 32) and x.dtype == np.float32
    assert [s["name"] for s in steps] == ["ink", "crop", "strokes", "counts", "frame", "normalise"]
    assert predict(load("lenet5"), x).top[0][0] == digit


def test_a_digit_drawn_only_in_the_alpha_channel_is_classified_right():
    ink = 255 - _draw_digit(SEVEN, width=14)  # strokes 255 on 0
    rgba = np.zeros((*ink.shape, 4), np.uint8)
    rgba[..., 3] = ink  # black strokes on a transparent canvas
    x, steps = preprocess("lenet5", rgba)
    assert "inverted" in steps[0]["description"]
    assert predict(load("lenet5"), x).top[0][0] == 7


def test_imagenet_preprocessing_resizes_crops_and_normalises():
    img = np.full((300, 500, 3), 128, np.uint8)
    x, steps = preprocess("resnet18", img)
    assert x.shape == (1, 3, 224, 224)
    np.testing.assert_allclose(x[0, :, 0, 0], (128 / 255 - np.array([0.485, 0.456, 0.406]))
                               / np.array([0.229, 0.224, 0.225]), rtol=1e-5)
    # The centre square is cut first (the only part the 224 crop can reach), then resized.
    assert [(st["name"], st["shape"]) for st in steps[1:3]] == [("crop", [300, 300, 3]),
                                                                ("resize", [256, 256, 3])]


@pytest.mark.parametrize("name", ["resnet18", "efficientnet_lite0", "edges"])
@pytest.mark.parametrize("shape", [(1, 512), (512, 1), (1, 20000)])
def test_a_thin_image_is_prepared_in_bounded_memory(name, shape):
    """A 1x512 picture once made a 256x131072 intermediate (2.4 GB); now under 100 MB."""
    import tracemalloc

    img = np.random.default_rng(0).integers(0, 256, (*shape, 3), dtype=np.uint8)
    tracemalloc.start()
    try:
        x, _ = preprocess(name, img)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert x.shape[-2:] == (224, 224) and np.isfinite(x).all()
    assert peak < 100 * 2**20


def test_tinyvgg_preprocessing_takes_grey_and_rgba_images():
    for img in (np.zeros((50, 80), np.uint8), np.ones((90, 60, 4), np.float32)):
        x, _ = preprocess("tinyvgg", img)
        assert x.shape == (1, 3, 64, 64) and np.isfinite(x).all()


def test_preprocess_error_unknown_preset():
    with pytest.raises(ValueError, match="there is no network called 'lenet'; choose one of edges"):
        preprocess("lenet", np.zeros((8, 8)))


def test_preprocess_error_not_an_image():
    with pytest.raises(ValueError, match="must be \\(H, W\\) or \\(H, W, C\\) with 1, 3 or 4 channels"):
        preprocess("lenet5", np.zeros((8, 8, 2)))


def test_load_error_unknown_preset():
    with pytest.raises(ValueError, match="there is no network called 'vgg19'"):
        load("vgg19")
