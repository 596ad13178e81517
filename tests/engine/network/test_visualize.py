"""What a channel looks for: gradient ascent raises the channel; receptive fields traced through
the layers' windows equal the region a linear network's gradient reaches; top patches rank."""

from __future__ import annotations

import numpy as np
import pytest

from engine.network import build, load
from engine.network import visualize as V
from engine.network.graph import layer_backward, layer_forward
from engine.network.kind import Context


def linear_net():  # noqa: ANN201
    """No ReLU and average pooling only: every input cell in the field has a non-zero gradient."""
    specs = [{"type": "conv", "out_channels": 2, "kernel_size": 3, "padding": 1, "name": "a"},
             {"type": "conv", "out_channels": 2, "kernel_size": 3, "stride": 2, "name": "b"},
             {"type": "pool", "kind": "avg", "kernel_size": 2, "name": "p"},
             {"type": "residual", "name": "r", "body": [
                 {"type": "conv", "out_channels": 2, "kernel_size": 3, "dilation": 2, "padding": 2}]},
             {"type": "conv", "out_channels": 3, "kernel_size": 3, "padding": "tf_same", "stride": 2,
              "name": "c"}]
    model = build(specs, (1, 41, 37), seed=1, dtype=np.float64)
    rng = np.random.default_rng(0)
    for key in model.params:  # no zero weights anywhere
        model.params[key] = rng.uniform(0.5, 1.5, model.params[key].shape)
    return model


def gradient_box(model, at: int, y: int, x: int) -> tuple[int, int, int, int]:  # noqa: ANN001
    """The bounding box of the input cells whose gradient on unit (y, x) is not zero."""
    h = np.random.default_rng(2).normal(size=(1, *model.input_shape))
    tapes = []
    for layer in model.layers[:at + 1]:
        h, tape = layer_forward(layer, model.params, h, Context())
        tapes.append(tape)
    g = np.zeros_like(h)
    g[0, 0, y, x] = 1.0
    for i in reversed(range(at + 1)):
        g, _ = layer_backward(model.layers[i], model.params, tapes[i], g, Context())
    rows, cols = np.flatnonzero(np.abs(g[0]).sum(axis=(0, 2))), np.flatnonzero(np.abs(g[0]).sum(axis=(0, 1)))
    return int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1


@pytest.mark.parametrize(("at", "unit"), [(0, (0, 0)), (1, (5, 7)), (2, (3, 4)), (3, (0, 8)),
                                          (3, (4, 2)), (4, (2, 2)), (4, (0, 0))])
def test_receptive_fields_equal_where_the_gradient_reaches(at: int, unit: tuple[int, int]) -> None:
    model = linear_net()
    assert V.receptive_box(model, at, *unit) == gradient_box(model, at, *unit)


def test_lenet5s_second_pooling_unit_sees_16_by_16_pixels() -> None:
    """5x5, then 2x2 stride 2, then 5x5, then 2x2 stride 2: 4 * (2 - 1 + 5 - 1) ... = 16."""
    model = load("lenet5")
    top, left, bottom, right = V.receptive_box(model, 5, 2, 3)  # S4 is layer 5 (C1 relu S2 C3 relu S4)
    assert (bottom - top, right - left) == (16, 16) and (top, left) == (8, 12)


def test_gradient_ascent_raises_the_channel_and_stays_in_range() -> None:
    model = load("lenet5")
    steps = list(V.maximise(model, "C3", 5, steps=24, every=8, bounds=(-0.5, 3.0)))
    assert [s.step for s in steps] == list(range(1, 25))
    assert [s.step for s in steps if s.image is not None] == [8, 16, 24]
    assert steps[-1].objective > steps[0].objective + 0.1
    last = steps[-1].image
    assert last.shape == (1, 32, 32) and last.min() >= -0.5 and last.max() <= 3.0


def test_top_patches_rank_the_inputs_by_the_channels_strongest_unit() -> None:
    model = load("lenet5")
    rng = np.random.default_rng(3)
    inputs = [rng.uniform(-0.5, 3, (1, 1, 32, 32)).astype(np.float32) for _ in range(5)]
    patches = V.top_patches(model, inputs, "C3", 2, k=3)
    values = [p.value for p in patches]
    assert values == sorted(values, reverse=True) and len(patches) == 3
    for p in patches:
        top, left, bottom, right = p.box
        # C3's 5x5 on S2's 2x2 stride-2 cells on C1's 5x5: (5 - 1) * 2 + 2 + 5 - 1 = 14 pixels
        assert (bottom - top, right - left) == (14, 14) and (top, left) == (2 * p.y, 2 * p.x)


@pytest.mark.parametrize(("layer", "channel", "words"), [("F6", 0, "not a layer of lenet5 with maps"),
                                                        ("C3", 16, "C3 has channels 0 to 15")])
def test_bad_layer_or_channel_is_a_sentence(layer: str, channel: int, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        next(V.maximise(load("lenet5"), layer, channel))
