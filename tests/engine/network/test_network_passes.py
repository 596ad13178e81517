"""Layer-by-layer generators: order, agreement with whole-network passes, targets and errors."""

from __future__ import annotations

import numpy as np
import pytest

from engine import functional as F
from engine.network import (
    Context,
    backward_layers,
    build,
    forward,
    forward_layers,
    loss_and_grads,
    predict,
    prediction,
)
from tests.engine.network.test_network_graph import SMALL, small_model


def _x(n=1, seed=3):
    return np.random.default_rng(seed).standard_normal((n, 2, 6, 6))


def test_forward_layers_yields_every_top_level_layer_in_order():
    model = small_model()
    records = list(forward_layers(model, _x()))
    assert [r.index for r in records] == list(range(len(model.layers)))
    assert [r.name for r in records] == [layer.name for layer in model.layers]
    for before, after in zip(records, records[1:]):
        assert after.input_shape == before.output_shape
    assert records[0].kernels is model.params["conv1.weight"] and records[1].kernels is None
    np.testing.assert_allclose(records[-1].output, forward(model, _x()))
    assert records[-1].output.sum() == pytest.approx(1.0)


def test_forward_layers_yields_before_computing_the_next_layer():
    model = small_model()
    it = forward_layers(model, _x())
    first = next(it)
    assert first.name == "conv1" and first.seconds >= 0


def test_backward_layers_runs_from_the_loss_to_the_input_and_agrees_with_loss_and_grads():
    model = small_model()
    x = _x(n=2)
    records = list(backward_layers(model, x, target=1))
    assert [r.index for r in records] == list(reversed(range(len(model.layers))))
    for later, earlier in zip(records, records[1:]):
        np.testing.assert_array_equal(earlier.grad_output, later.grad_input)
    loss, logits, grads = loss_and_grads(model, dict(model.params), x, np.array([1, 1]), Context())
    assert records[0].loss == pytest.approx(loss)
    ours = {k: v for r in records for k, v in r.grad_params.items()}
    assert set(ours) == set(grads)
    for key in grads:
        np.testing.assert_allclose(ours[key], grads[key], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(records[0].grad_input, F.cross_entropy_backward(
        np.asarray(1.0), logits, np.array([1, 1])))


def test_backward_layers_default_target_is_the_predicted_class():
    model = small_model()
    predicted = predict(model, _x()).top[0][0]
    a = list(backward_layers(model, _x()))[-1].grad_input
    b = list(backward_layers(model, _x(), target=predicted))[-1].grad_input
    np.testing.assert_array_equal(a, b)


def test_backward_layers_on_feature_maps_uses_one_channel_mean():
    model = build(SMALL[:3], (2, 6, 6), dtype=np.float64)
    x = _x()
    records = list(backward_layers(model, x, target=1))
    y = forward(model, x)
    assert records[0].loss == pytest.approx(float(y[:, 1].mean()))
    assert np.all(records[0].grad_output[:, [0, 2, 3]] == 0)


def test_predict_lists_the_most_likely_classes():
    model = build(SMALL, (2, 6, 6), labels=["a", "b", "c"], dtype=np.float64)
    p = predict(model, _x(), k=2)
    assert len(p.top) == 2 and p.top[0][2] >= p.top[1][2]
    assert p.top[0][1] == "abc"[p.top[0][0]]
    last = list(forward_layers(model, _x()))[-1]
    assert prediction(model, last.output, k=2).top == p.top


def test_prediction_error_for_feature_maps():
    model = build(SMALL[:3], (2, 6, 6))
    with pytest.raises(ValueError, match="outputs feature maps, not classes, so it predicts nothing"):
        predict(model, _x().astype(np.float32))


def test_backward_error_target_out_of_range():
    with pytest.raises(ValueError, match="target must be a class from 0 to 2, got 3"):
        next(backward_layers(small_model(), _x(), target=3))


def test_backward_error_target_not_a_number():
    with pytest.raises(ValueError, match="target must be a whole number"):
        next(backward_layers(small_model(), _x(), target="cat"))


def test_forward_error_wrong_channels():
    with pytest.raises(ValueError, match="takes images with 2 channel\\(s\\), got 3"):
        next(forward_layers(small_model(), np.zeros((1, 3, 6, 6))))


def test_forward_error_not_an_image_batch():
    with pytest.raises(ValueError, match="the input must be \\(N, C, H, W\\) or \\(C, H, W\\)"):
        next(forward_layers(small_model(), np.zeros((6, 6))))


def test_forward_error_input_too_small_for_a_layer():
    model = build([{"type": "conv", "out_channels": 1, "kernel_size": 5}], (1, 8, 8))
    with pytest.raises(ValueError, match="kernel 5x5 spans 5x5, larger than the padded input 3x3"):
        forward(model, np.zeros((1, 1, 3, 3), np.float32))


def test_build_error_missing_weights():
    with pytest.raises(ValueError, match="the weights lack 'conv1.bias'"):
        build([{"type": "conv", "out_channels": 1, "kernel_size": 1}], (1, 2, 2),
              params={"conv1.weight": np.zeros((1, 1, 1, 1), np.float32)})


def test_seeded_weights_are_deterministic():
    a = build(SMALL, (2, 6, 6), seed=4).params
    b = build(SMALL, (2, 6, 6), seed=4).params
    assert all(np.array_equal(a[k], b[k]) for k in a)


def test_training_gradients_skip_only_the_images_gradient() -> None:
    """loss_and_grads leaves out the first layer's input gradient (never used in training);
    every weight's gradient is the one a full backward gives."""
    from engine.network.graph import sequence_backward, sequence_forward
    from engine.network.passes import logits_layers
    from engine.network.presets import load

    model = load("lenet5")
    params = {k: np.array(v) for k, v in model.params.items()}
    x = np.random.default_rng(1).standard_normal((4, 1, 32, 32)).astype(np.float32)
    labels = np.array([0, 3, 5, 9])
    _, _, grads = loss_and_grads(model, params, x, labels, Context(training=True))
    layers = logits_layers(model)
    ctx = Context(training=True)
    logits, tapes = sequence_forward(layers, params, x, ctx)
    g = F.cross_entropy_backward(np.asarray(1.0, logits.dtype), logits, labels)
    full: dict = {}
    dx = sequence_backward(layers, params, tapes, g, ctx, full)
    assert dx.shape == x.shape  # the full backward does reach the images
    assert grads.keys() == full.keys()
    for key in full:
        np.testing.assert_array_equal(grads[key], full[key])
