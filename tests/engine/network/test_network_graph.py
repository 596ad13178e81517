"""Blocks and whole networks: every backward against central finite differences (float64)."""

from __future__ import annotations

import numpy as np
import pytest

from engine import functional as F
from engine.network import Context, build
from engine.network.graph import layer_backward, layer_forward
from tests.reference.gradcheck import numeric_grad

CONV = {"type": "conv", "out_channels": 3, "kernel_size": 3, "padding": 1}


def _model(specs, shape=(2, 5, 5), seed=0):
    model = build(specs, shape, seed=seed, dtype=np.float64)
    rng = np.random.default_rng(seed + 1)
    for key, a in model.params.items():  # non-trivial biases and statistics
        if not key.endswith(".weight"):
            a[...] = rng.uniform(0.5, 1.5, a.shape) if key.endswith("var") else rng.normal(0, 0.3, a.shape)
    return model


def _check_layer(model, ctx_factory, n=2, rtol=1e-5, atol=1e-7):
    """dL/dx and dL/dW of the model's first layer, L = sum(output * g)."""
    layer = model.layers[0]
    rng = np.random.default_rng(5)
    x = rng.standard_normal((n, *model.input_shape))
    y, _ = layer_forward(layer, model.params, x, ctx_factory())
    g = rng.standard_normal(y.shape)
    loss = lambda: float(np.sum(layer_forward(layer, model.params, x, ctx_factory())[0] * g))
    _, tape = layer_forward(layer, model.params, x, ctx_factory())
    gx, grads = layer_backward(layer, model.params, tape, g, ctx_factory())
    np.testing.assert_allclose(gx, numeric_grad(loss, x), rtol=rtol, atol=atol)
    for key, gw in grads.items():
        np.testing.assert_allclose(gw, numeric_grad(loss, model.params[key]), rtol=rtol, atol=atol,
                                   err_msg=key)
    return grads


@pytest.mark.parametrize("training", [False, True])
def test_residual_block_with_projection_shortcut_backward(training):
    model = _model([{"type": "residual",
                     "body": [{**CONV, "stride": 2, "bias": False}, {"type": "batchnorm"}, {"type": "relu"},
                              CONV],
                     "shortcut": [{"type": "conv", "out_channels": 3, "kernel_size": 1, "stride": 2},
                                  {"type": "batchnorm"}]}])
    grads = _check_layer(model, lambda: Context(training=training))
    assert set(grads) == {k for k in model.params if "running" not in k}


def test_residual_block_with_identity_shortcut_backward():
    model = _model([{"type": "residual", "body": [{**CONV, "out_channels": 2}, {"type": "relu"}]}])
    _check_layer(model, Context)


def test_concat_block_backward():
    model = _model([{"type": "concat", "branches": [
        [{**CONV, "out_channels": 2, "kernel_size": 1, "padding": 0}],
        [CONV, {"type": "relu"}, {"type": "batchnorm"}],
        [{"type": "pool", "kind": "max", "kernel_size": 3, "stride": 1, "padding": 1}],
        [{"type": "pool", "kind": "avg", "kernel_size": 3, "stride": 1, "padding": 1,
          "count_include_pad": False}]]}])
    y, _ = layer_forward(model.layers[0], model.params, np.ones((1, 2, 5, 5)), Context())
    assert y.shape == (1, 2 + 3 + 2 + 2, 5, 5)
    _check_layer(model, Context)


def test_dropout_layer_backward_with_a_fixed_rng():
    model = _model([{"type": "dropout", "p": 0.3}])
    _check_layer(model, lambda: Context(training=True, rng=np.random.default_rng(3)))


def test_adaptive_pool_and_flatten_layers_backward():
    model = _model([{"type": "residual", "body": [{"type": "adaptive_avg_pool", "output_size": [2, 3]},
                                                  {"type": "flatten"}],
                     "shortcut": [{"type": "adaptive_avg_pool", "output_size": 3}, {"type": "flatten"},
                                  {"type": "linear", "out_features": 12}]}])
    _check_layer(model, Context)


SMALL = [
    {"type": "conv", "out_channels": 4, "kernel_size": 3, "padding": 1, "bias": False},
    {"type": "batchnorm"}, {"type": "relu"},
    {"type": "residual", "body": [{"type": "conv", "out_channels": 4, "kernel_size": 3, "padding": 1},
                                  {"type": "relu"}]},
    {"type": "pool", "kind": "max", "kernel_size": 2},
    {"type": "concat", "branches": [[{"type": "conv", "out_channels": 2, "kernel_size": 1}],
                                    [{"type": "pool", "kind": "avg", "kernel_size": 3, "stride": 1,
                                      "padding": 1}]]},
    {"type": "adaptive_avg_pool", "output_size": [2, 2]},
    {"type": "flatten"}, {"type": "dropout", "p": 0.5},
    {"type": "linear", "out_features": 5}, {"type": "relu"}, {"type": "linear", "out_features": 3},
    {"type": "softmax"},
]


def small_model():
    return _model(SMALL, shape=(2, 6, 6))


def test_whole_network_input_and_weight_gradients():
    from engine.network import backward_layers

    model = small_model()
    x = np.random.default_rng(9).standard_normal((1, 2, 6, 6))
    target = np.array([2])

    def loss():
        from engine.network import forward

        probs = forward(model, x)
        return float(-np.log(probs[0, 2]))

    records = list(backward_layers(model, x, target=2))
    np.testing.assert_allclose(records[-1].grad_input, numeric_grad(loss, x), rtol=1e-5, atol=1e-8)
    grads = {k: v for r in records for k, v in r.grad_params.items()}
    assert set(grads) == set(model.trainable)
    for key in ("conv1.weight", "res1.conv1.bias", "concat1.b1_conv1.weight", "batchnorm1.weight",
                "linear2.weight"):
        np.testing.assert_allclose(grads[key], numeric_grad(loss, model.params[key]), rtol=1e-5,
                                   atol=1e-8, err_msg=key)
    assert records[0].loss == pytest.approx(loss())
    assert F.cross_entropy is not None and target.shape == (1,)
