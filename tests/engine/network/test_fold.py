"""Batch norm folded into the convolution before it gives the same answers as running both."""

from __future__ import annotations

import numpy as np

from engine.network import build, load, passes
from engine.network.fold import folded
from engine.network.graph import sequence_forward
from engine.network.kind import Context


def test_a_folded_conv_and_batch_norm_compute_the_same_and_drop_the_norm() -> None:
    specs = [{"type": "conv", "out_channels": 4, "kernel_size": 3, "bias": False, "name": "c"},
             {"type": "batchnorm", "eps": 1e-3, "name": "bn"}, {"type": "relu6", "name": "r"},
             {"type": "group", "name": "g", "body": [
                 {"type": "conv", "out_channels": 4, "kernel_size": 1, "name": "p"},
                 {"type": "batchnorm", "name": "pbn"}]}]
    model = build(specs, (2, 7, 7), seed=4, dtype=np.float64)
    rng = np.random.default_rng(5)
    for key in [k for k in model.params if "bn." in k]:  # non-trivial statistics and affine
        model.params[key] = rng.uniform(0.5, 2.0, model.params[key].shape)
    x = rng.normal(size=(3, 2, 7, 7))
    want, _ = sequence_forward(model.layers, model.params, x, Context())
    layers, params = folded(model)
    assert [layer.name for layer in layers] == ["c", "r", "g"]
    assert [kid.name for kid in layers[2].children[0]] == ["g.p"]
    np.testing.assert_allclose(passes.forward(model, x), want, rtol=1e-12, atol=1e-12)
    assert params is not model.params and "c.bias" in params and "c.bias" not in model.params


def test_efficientnets_folded_forward_matches_its_layer_by_layer_pass() -> None:
    from engine.network.presets import efficientnet_lite0

    if efficientnet_lite0.unavailable():
        import pytest
        pytest.skip(efficientnet_lite0.unavailable())
    model = load("efficientnet_lite0")
    x = np.random.default_rng(6).uniform(-1, 1, (1, 3, 224, 224)).astype(np.float32)
    layer_by_layer = list(passes.forward_layers(model, x))[-1].output
    np.testing.assert_allclose(passes.forward(model, x), layer_by_layer, atol=2e-5)
    assert folded(model)[0] is folded(model)[0]  # read-only arrays: folded once
