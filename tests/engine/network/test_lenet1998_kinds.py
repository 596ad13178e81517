"""LeNet-5's 1998 layer kinds: scaled tanh, trainable subsampling, a convolution with a connection
table. Each forward against a brute-force loop written here, each backward against central finite
differences (float64), torch as an extra oracle where installed; shapes, parameters, multiply-adds
and one test per error sentence."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.network import build, parse, summarize
from engine.network.graph import layer_backward, layer_forward
from engine.network.kind import Context
from engine.network.spec import to_dicts
from tests.reference.gradcheck import numeric_grad


def _model(spec, shape, seed=0):
    """A one-layer model in float64 with non-trivial arrays (biases and coefficients not 0/1)."""
    model = build([spec], shape, seed=seed, dtype=np.float64)
    rng = np.random.default_rng(seed + 1)
    for key, a in model.params.items():
        if not key.endswith(".weight") or a.ndim == 1:
            a[...] = rng.normal(0, 0.7, a.shape)
    return model


def _check_grads(model, x, rtol=1e-6, atol=1e-8):
    """dL/dx and dL/d every array of the model's one layer against finite differences,
    L = sum(output * g); returns the analytic array gradients."""
    layer = model.layers[0]
    y, tape = layer_forward(layer, model.params, x, Context())
    g = np.random.default_rng(9).standard_normal(y.shape)

    def loss():
        return float(np.sum(layer_forward(layer, model.params, x, Context())[0] * g))

    gx, grads = layer_backward(layer, model.params, tape, g, Context())
    np.testing.assert_allclose(gx, numeric_grad(loss, x), rtol=rtol, atol=atol)
    for key, gw in grads.items():
        np.testing.assert_allclose(gw, numeric_grad(loss, model.params[key]), rtol=rtol, atol=atol,
                                   err_msg=key)
    return grads


# -- scaled tanh ----------------------------------------------------------------------------------

def test_scaled_tanh_forward_is_lecuns_squashing_function_value_by_value():
    model = build([{"type": "scaled_tanh"}], (2, 3, 4))
    x = np.random.default_rng(0).normal(0, 2, (2, 2, 3, 4))
    y, _ = layer_forward(model.layers[0], model.params, x, Context())
    expected = np.empty_like(x)
    for i, v in np.ndenumerate(x):
        expected[i] = 1.7159 * math.tanh(2.0 / 3.0 * v)
    np.testing.assert_allclose(y, expected, rtol=1e-12)
    # LeCun's choice: f(1) = 1 and f(-1) = -1 (to 4 digits), odd, bounded by 1.7159
    ones, _ = layer_forward(model.layers[0], model.params, np.array([[[[1.0, -1.0, 40.0, 0.0]]]]),
                            Context())
    np.testing.assert_allclose(ones[0, 0, 0], [1.0, -1.0, 1.7159, 0.0], atol=2e-4)


def test_scaled_tanh_keeps_float32_and_has_no_parameters():
    model = build([{"type": "scaled_tanh"}], (3, 4, 4))
    y, _ = layer_forward(model.layers[0], model.params, np.ones((1, 3, 4, 4), np.float32), Context())
    assert y.dtype == np.float32 and model.params == {}
    assert model.layers[0].name == "tanh1" and model.infos[0].params == 0 and model.infos[0].macs == 0


def test_scaled_tanh_backward_matches_finite_differences():
    model = build([{"type": "scaled_tanh"}], (2, 3, 3))
    _check_grads(model, np.random.default_rng(1).normal(0, 1.5, (2, 2, 3, 3)))


# -- trainable subsampling ------------------------------------------------------------------------

def _subsample_loops(x, w, b, k, s):
    """Each window's sum times the channel's coefficient plus its bias, one output at a time."""
    n, c, h, wd = x.shape
    ho, wo = (h - k[0]) // s[0] + 1, (wd - k[1]) // s[1] + 1
    out = np.zeros((n, c, ho, wo))
    for i in range(n):
        for ch in range(c):
            for r in range(ho):
                for q in range(wo):
                    total = 0.0
                    for a in range(k[0]):
                        for bb in range(k[1]):
                            total += x[i, ch, r * s[0] + a, q * s[1] + bb]
                    out[i, ch, r, q] = w[ch] * total + b[ch]
    return out


@pytest.mark.parametrize("shape,options", [
    ((3, 6, 6), {"kernel_size": 2}),
    ((2, 7, 5), {"kernel_size": 2}),  # odd sizes: the last row is never read
    ((2, 7, 8), {"kernel_size": [3, 2], "stride": [2, 3]}),
    ((1, 5, 5), {"kernel_size": 2, "stride": 1}),  # overlapping windows
])
def test_subsample_forward_matches_loops(shape, options):
    model = _model({"type": "subsample", **options}, shape)
    x = np.random.default_rng(2).standard_normal((2, *shape))
    y, _ = layer_forward(model.layers[0], model.params, x, Context())
    o = model.layers[0].options
    expected = _subsample_loops(x, model.params["subsample1.weight"], model.params["subsample1.bias"],
                                o["kernel_size"], o["stride"])
    np.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-12)
    assert y.shape[1:] == model.infos[0].output_shape


@pytest.mark.parametrize("shape,options", [
    ((3, 6, 6), {"kernel_size": 2}),
    ((2, 7, 8), {"kernel_size": [3, 2], "stride": [2, 3]}),
    ((1, 5, 5), {"kernel_size": 2, "stride": 1}),
])
def test_subsample_backward_matches_finite_differences(shape, options):
    model = _model({"type": "subsample", **options}, shape)
    grads = _check_grads(model, np.random.default_rng(3).standard_normal((2, *shape)))
    assert set(grads) == {"subsample1.weight", "subsample1.bias"}


def test_subsample_has_two_parameters_a_channel_and_one_product_per_output():
    (info,) = build([{"type": "subsample", "kernel_size": 2}], (6, 28, 28)).infos
    assert info.output_shape == (6, 14, 14) and info.params == 12 and info.macs == 6 * 14 * 14
    model = build([{"type": "subsample", "kernel_size": 2}], (6, 28, 28))
    assert model.params["subsample1.weight"].tolist() == [1.0] * 6  # starts as the plain 2x2 sum
    assert model.params["subsample1.bias"].tolist() == [0.0] * 6


def test_subsample_against_torch():
    torch = pytest.importorskip("torch")
    model = _model({"type": "subsample", "kernel_size": 2}, (4, 10, 10))
    x = np.random.default_rng(4).standard_normal((3, 4, 10, 10))
    w, b = model.params["subsample1.weight"], model.params["subsample1.bias"]
    tx = torch.tensor(x, requires_grad=True)
    tw, tb = torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)
    ty = torch.nn.functional.avg_pool2d(tx, 2) * 4 * tw[:, None, None] + tb[:, None, None]
    g = np.random.default_rng(5).standard_normal(tuple(ty.shape))
    (ty * torch.tensor(g)).sum().backward()
    y, tape = layer_forward(model.layers[0], model.params, x, Context())
    gx, grads = layer_backward(model.layers[0], model.params, tape, g, Context())
    np.testing.assert_allclose(y, ty.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(gx, tx.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(grads["subsample1.weight"], tw.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(grads["subsample1.bias"], tb.grad.numpy(), rtol=1e-10)


# -- convolution with a connection table ----------------------------------------------------------

TABLE = [[1, 0, 1], [0, 1, 0], [1, 1, 1], [0, 0, 1]]  # (C_out 4, C_in 3)
CONNECTED_CONV = {"type": "conv", "out_channels": 4, "kernel_size": 3, "connections": TABLE}


def _connected_conv_loops(x, w, b, table):
    """Output map o sums, over the input maps its row connects, the 3x3 windows times the kernel."""
    n, _, h, wd = x.shape
    c_out, _, kh, kw = w.shape
    out = np.zeros((n, c_out, h - kh + 1, wd - kw + 1))
    for i in range(n):
        for o in range(c_out):
            for r in range(h - kh + 1):
                for q in range(wd - kw + 1):
                    total = b[o]
                    for c, connected in enumerate(table[o]):
                        if not connected:
                            continue
                        for a in range(kh):
                            for bb in range(kw):
                                total += x[i, c, r + a, q + bb] * w[o, c, a, bb]
                    out[i, o, r, q] = total
    return out


def test_connected_conv_forward_matches_loops_and_ignores_unconnected_kernels():
    model = _model(CONNECTED_CONV, (3, 6, 7))
    x = np.random.default_rng(6).standard_normal((2, 3, 6, 7))
    w, b = model.params["conv1.weight"], model.params["conv1.bias"]
    y, _ = layer_forward(model.layers[0], model.params, x, Context())
    np.testing.assert_allclose(y, _connected_conv_loops(x, w, b, TABLE), rtol=1e-12, atol=1e-12)
    # whatever an unconnected kernel holds, the layer never reads it
    w[0, 1] = 1e6
    w[3, :2] = -1e6
    again, _ = layer_forward(model.layers[0], model.params, x, Context())
    np.testing.assert_array_equal(again, y)


def test_connected_conv_backward_matches_finite_differences_and_unconnected_gradients_are_zero():
    model = _model(CONNECTED_CONV, (3, 5, 6))
    grads = _check_grads(model, np.random.default_rng(7).standard_normal((2, 3, 5, 6)))
    gw = grads["conv1.weight"]
    unconnected = np.array(TABLE)[:, :, None, None] == 0
    assert np.all(gw[np.broadcast_to(unconnected, gw.shape)] == 0)
    assert np.all(np.abs(gw[~np.broadcast_to(unconnected, gw.shape)]) > 0)


def test_connected_conv_against_torch():
    torch = pytest.importorskip("torch")
    model = _model(CONNECTED_CONV, (3, 8, 8))
    x = np.random.default_rng(8).standard_normal((2, 3, 8, 8))
    w, b = model.params["conv1.weight"], model.params["conv1.bias"]
    mask = torch.tensor(np.array(TABLE, float))[:, :, None, None]
    tx, tw = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
    ty = torch.nn.functional.conv2d(tx, tw * mask, torch.tensor(b))
    g = np.random.default_rng(9).standard_normal(tuple(ty.shape))
    (ty * torch.tensor(g)).sum().backward()
    y, tape = layer_forward(model.layers[0], model.params, x, Context())
    gx, grads = layer_backward(model.layers[0], model.params, tape, g, Context())
    np.testing.assert_allclose(y, ty.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gx, tx.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grads["conv1.weight"], tw.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_connected_conv_counts_only_connected_kernels():
    (info,) = build([CONNECTED_CONV], (3, 6, 7)).infos
    connected = sum(map(sum, TABLE))  # 8 of the 12 pairs
    assert info.params == connected * 9 + 4
    assert info.macs == connected * 9 * 4 * 5
    full = summarize((3, 6, 7), [{**CONNECTED_CONV, "connections": None}])
    assert full.params == 12 * 9 + 4 and full.macs == 12 * 9 * 4 * 5
    no_bias = summarize((3, 6, 7), [{**CONNECTED_CONV, "bias": False}])
    assert no_bias.params == connected * 9


def test_connection_table_round_trips_through_to_dicts():
    layers = parse([{**CONNECTED_CONV, "connections": [[True, False, 1]] + TABLE[1:]}])
    assert layers[0].options["connections"] == ((1, 0, 1), (0, 1, 0), (1, 1, 1), (0, 0, 1))
    (spec,) = to_dicts(layers)
    assert spec["connections"] == TABLE
    assert parse(to_dicts(layers))[0].options == layers[0].options
    assert to_dicts(parse([{"type": "conv", "out_channels": 2, "kernel_size": 1}]))[0]["connections"] is None


@pytest.mark.parametrize("connections,message", [
    ("all", "connections must be a list of 4 rows of 0 and 1, one row per output channel"),
    (TABLE[:3], "connections must be a list of 4 rows of 0 and 1, one row per output channel, got 3 rows"),
    ([[1, 0, 2]] + TABLE[1:], "connections row 0 must be a list of 0 and 1"),
    ([[1, 0]] + TABLE[1:], "connections row 1 has 3 entries but row 0 has 2"),
    (TABLE[:3] + [[0, 0, 0]], "connections row 3 is all 0, so output channel 3 would see no input channel"),
])
def test_connection_table_error_sentences(connections, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse([{**CONNECTED_CONV, "connections": connections}])


def test_connection_table_needs_groups_1_and_one_entry_per_input_channel():
    with pytest.raises(ValueError, match="a connection table needs groups=1"):
        parse([{"type": "conv", "out_channels": 4, "kernel_size": 1, "groups": 2, "connections": TABLE}])
    with pytest.raises(ValueError, match="its connections have 3 entries a row, but its input has 2 "
                                         "channels; give one entry per input channel"):
        summarize((2, 5, 5), [CONNECTED_CONV])


def test_subsample_error_sentences():
    with pytest.raises(ValueError, match="needs the setting 'kernel_size'"):
        parse([{"type": "subsample"}])
    with pytest.raises(ValueError, match=r"layer 'subsample1' \(subsample\) on input 1x3x3"):
        summarize((1, 3, 3), [{"type": "subsample", "kernel_size": 4}])
    with pytest.raises(ValueError, match=r"needs feature maps \(C, H, W\)"):
        summarize((1, 4, 4), [{"type": "flatten"}, {"type": "subsample", "kernel_size": 2}])
