"""Attribution methods against answers known independently: Grad-CAM on a hand-built network,
guided backprop by a plainly written rule, integrated gradients' completeness, occlusion by a
loop, the vanilla gradient by finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from engine.network import build, explain, load, passes
from tests.reference.gradcheck import numeric_grad

E = explain


def tiny(seed: int = 0):  # noqa: ANN201
    """conv 1->3 (3x3) -> relu -> conv 3->2 (1x1) -> relu -> avg pool -> flatten -> linear 2->3."""
    specs = [{"type": "conv", "out_channels": 3, "kernel_size": 3, "padding": 1, "name": "c1"},
             {"type": "relu", "name": "r1"},
             {"type": "conv", "out_channels": 2, "kernel_size": 1, "name": "c2"},
             {"type": "relu", "name": "r2"},
             {"type": "adaptive_avg_pool", "output_size": 1, "name": "gap"},
             {"type": "flatten", "name": "flat"},
             {"type": "linear", "out_features": 3, "name": "fc"},
             {"type": "softmax"}]
    model = build(specs, (1, 5, 5), seed=seed, name="tiny", dtype=np.float64)
    rng = np.random.default_rng(seed + 100)
    for key in [k for k in model.params if k.endswith(".bias")]:  # biases move the ReLUs' kinks
        model.params[key] = rng.normal(0, 0.5, model.params[key].shape)
    return model


def score(model, x, t):  # noqa: ANN001, ANN201
    """The target's logit, written out: the last linear layer's output before the softmax."""
    y = x
    from engine.network.graph import layer_forward
    from engine.network.kind import Context

    for layer in model.layers[:-1]:
        y, _ = layer_forward(layer, model.params, y, Context())
    return float(y[0, t])


def test_gradient_matches_finite_differences() -> None:
    model = tiny()
    x = np.random.default_rng(1).normal(size=(1, 1, 5, 5))
    e = E.explain(model, x, "gradient", target=2)
    numeric = numeric_grad(lambda: score(model, x, 2), x)
    np.testing.assert_allclose(e.attribution, numeric[0], atol=1e-6)
    np.testing.assert_allclose(e.heatmap, np.abs(numeric[0]).max(axis=0), atol=1e-6)
    gxi = E.explain(model, x, "gradient_x_input", target=2)
    np.testing.assert_allclose(gxi.heatmap, (numeric[0] * x[0]).sum(axis=0), atol=1e-6)
    assert e.score == pytest.approx(score(model, x, 2))


def test_grad_cam_on_a_hand_built_network_is_the_formula() -> None:
    """After global average pooling the gradient of class t at channel k is W[t, k] / (h w)
    wherever the ReLU let it through; alpha_k is its mean, cam = ReLU(sum_k alpha_k A_k)."""
    model = tiny()
    x = np.random.default_rng(2).normal(size=(1, 1, 5, 5))
    from engine.network.graph import layer_forward
    from engine.network.kind import Context

    a = x
    for layer in model.layers[:4]:  # up to r2: A (1, 2, 5, 5)
        a, _ = layer_forward(layer, model.params, a, Context())
    w = model.params["fc.weight"]  # (3, 2)
    t = 1
    mask = (a[0] > 0).astype(float)  # r2's input was positive where A > 0 (gradient at A itself)
    grad = np.ones_like(a[0]) * (w[t][:, None, None] / 25.0)  # dS/dA, A being r2's output
    alpha = grad.mean(axis=(1, 2))
    want = np.maximum((alpha[:, None, None] * a[0]).sum(axis=0), 0)
    e = E.explain(model, x, "gradcam", target=t, layer="r2")
    np.testing.assert_allclose(e.details["cam"], want, atol=1e-6)
    np.testing.assert_allclose(e.details["alpha"], alpha, atol=1e-7)
    np.testing.assert_allclose(e.heatmap, want, atol=1e-6)  # same size as the input: no stretch
    assert e.layer == "r2" and mask.shape == (2, 5, 5)
    # At the conv before the ReLU the gradient is masked by it, so alpha changes.
    e2 = E.explain(model, x, "gradcam", target=t, layer="c2")
    pre = a  # c2's output equals r2's output where positive
    assert e2.details["cam"].shape == (5, 5) and pre.shape == (1, 2, 5, 5)
    assert E.gradcam_layers(model) == ["c1", "r1", "c2", "r2"]


def test_guided_backprop_follows_the_rule_written_plainly() -> None:
    """conv -> relu -> linear by hand: at the ReLU keep gradients > 0 where its input > 0."""
    specs = [{"type": "conv", "out_channels": 2, "kernel_size": 2, "name": "c"},
             {"type": "relu", "name": "r"}, {"type": "flatten", "name": "f"},
             {"type": "linear", "out_features": 2, "name": "fc"}]
    model = build(specs, (1, 3, 3), seed=3, name="g", dtype=np.float64)
    x = np.random.default_rng(4).normal(size=(1, 1, 3, 3))
    wc, bc = model.params["c.weight"], model.params["c.bias"]  # (2, 1, 2, 2), (2,)
    pre = np.zeros((2, 2, 2))
    for o in range(2):
        for i in range(2):
            for j in range(2):
                pre[o, i, j] = (x[0, 0, i:i + 2, j:j + 2] * wc[o, 0]).sum() + bc[o]
    t = 0
    g_relu_out = model.params["fc.weight"][t].reshape(2, 2, 2)
    g_pre = np.where((pre > 0) & (g_relu_out > 0), g_relu_out, 0.0)
    want = np.zeros((3, 3))
    for o in range(2):
        for i in range(2):
            for j in range(2):
                want[i:i + 2, j:j + 2] += g_pre[o, i, j] * wc[o, 0]
    e = E.explain(model, x, "guided", target=t)
    np.testing.assert_allclose(e.attribution[0], want, atol=1e-10)
    # the plain gradient differs: it lets negative gradients through
    plain = E.explain(model, x, "gradient", target=t).attribution[0]
    assert plain.shape == want.shape


def test_integrated_gradients_add_up_to_the_score_difference_better_with_more_steps() -> None:
    """From -x to x every ReLU switches somewhere on the path, so few steps miss the kinks."""
    model = tiny(5)
    x = np.random.default_rng(6).normal(0, 3, size=(1, 1, 5, 5))
    want = score(model, x, 0) - score(model, -x, 0)
    errors = []
    for steps in (2, 8, 32, 128, 512):
        e = E.explain(model, x, "integrated", target=0, steps=steps, baseline=-x[0])
        assert e.details["difference"] == pytest.approx(want, abs=1e-9)
        errors.append(abs(float(e.attribution.sum()) - want))
    assert errors[0] > 10 * errors[-1]
    assert errors[-1] < 1e-3 * max(1.0, abs(want))


def test_integrated_gradients_complete_on_lenet5() -> None:
    model = load("lenet5")
    x = np.random.default_rng(7).uniform(-0.5, 3, (1, 1, 32, 32)).astype(np.float32)
    e = E.explain(model, x, "integrated", steps=64, baseline=-0.5)
    assert e.details["error"] < 0.05 * abs(e.details["difference"]) + 1e-3


def test_occlusion_equals_a_loop_of_single_forwards() -> None:
    model = tiny(8)
    x = np.random.default_rng(9).normal(size=(1, 1, 5, 5))
    e = E.explain(model, x, "occlusion", target=1, patch=2, stride=2, baseline=0.0)
    base = passes.forward(model, x)[0, 1]
    sums, counts = np.zeros((5, 5)), np.zeros((5, 5))
    for y0 in (0, 2, 3):  # 0, 2, then the last row of patches reaching the edge
        for x0 in (0, 2, 3):
            occluded = x.copy()
            occluded[..., y0:y0 + 2, x0:x0 + 2] = 0.0
            drop = base - passes.forward(model, occluded)[0, 1]
            sums[y0:y0 + 2, x0:x0 + 2] += drop
            counts[y0:y0 + 2, x0:x0 + 2] += 1
    np.testing.assert_allclose(e.heatmap, sums / counts, atol=1e-6)
    assert e.details["positions"] == 9 and e.signed


def test_smoothgrad_without_noise_is_the_gradient_and_reports_progress() -> None:
    model = tiny(10)
    x = np.random.default_rng(11).normal(size=(1, 1, 5, 5))
    steps = list(E.explain_steps(model, x, "smoothgrad", target=0, samples=5, sigma=0.0))
    assert isinstance(steps[0], E.Progress) and steps[-2].done == steps[-2].total == 5
    np.testing.assert_allclose(steps[-1].attribution,
                               E.explain(model, x, "gradient", target=0).attribution, atol=1e-6)
    noisy = E.explain(model, x, "smoothgrad", target=0, samples=5, sigma=0.2, seed=1)
    again = E.explain(model, x, "smoothgrad", target=0, samples=5, sigma=0.2, seed=1)
    np.testing.assert_array_equal(noisy.attribution, again.attribution)


def test_guided_grad_cam_is_the_product_and_default_target_is_the_top_class() -> None:
    model = tiny(12)
    x = np.random.default_rng(13).normal(size=(1, 1, 5, 5))
    top = int(np.argmax(passes.forward(model, x)[0]))
    g = E.explain(model, x, "guided_gradcam", layer="r1")
    assert g.target == top
    cam = E.explain(model, x, "gradcam", layer="r1").heatmap
    guided = E.explain(model, x, "guided").attribution
    np.testing.assert_allclose(g.attribution, guided * cam[None], atol=1e-6)


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"method": "lime"}, "method must be one of gradient"),
    ({"method": "gradcam", "layer": "fc"}, "'fc' is not one of tiny's: c1, r1, c2, r2"),
    ({"method": "gradient", "target": 3}, "target must be a class from 0 to 2"),
    ({"method": "smoothgrad", "samples": 0}, "SmoothGrad takes 1 to 256 samples"),
    ({"method": "occlusion", "patch": 9}, "patch (9) must fit in the input (5x5)"),
])
def test_bad_settings_are_sentences(kwargs: dict, words: str) -> None:
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        E.explain(tiny(), np.zeros((1, 1, 5, 5)), **kwargs)


def test_a_network_that_ends_in_maps_has_no_class_to_explain() -> None:
    with pytest.raises(ValueError, match="outputs feature maps, not classes"):
        E.explain(load("edges"), np.zeros((1, 3, 224, 224), np.float32), "gradient")


def test_baselines_keep_what_they_say() -> None:
    rng = np.random.default_rng(14)
    x = rng.normal(size=(1, 3, 32, 32))
    black = E.baseline(x, "black")
    assert black.shape == (3, 32, 32)
    np.testing.assert_allclose(black[:, 5, 7], x[0].min(axis=(1, 2)))
    np.testing.assert_allclose(E.baseline(x, "mean")[:, 0, 0], x[0].mean(axis=(1, 2)))
    blur = E.baseline(x, "blur")
    np.testing.assert_allclose(blur.mean(axis=(1, 2)), x[0].mean(axis=(1, 2)), atol=0.05)
    assert blur.std() < 0.3 * x[0].std()  # the detail is gone
    assert not E.baseline(x, "zero").any()
    with pytest.raises(ValueError, match="baseline must be one of black, blur, mean, zero"):
        E.baseline(x, "white")


def test_grad_cam_inside_a_block_equals_the_same_layer_in_a_flat_network() -> None:
    """A group block only groups: Grad-CAM at its inner conv is Grad-CAM at that conv unnested."""
    inner = [{"type": "conv", "out_channels": 3, "kernel_size": 3, "padding": 1, "name": "c2"},
             {"type": "relu", "name": "r2"}]
    head = [{"type": "adaptive_avg_pool", "output_size": 1, "name": "gap"},
            {"type": "flatten", "name": "flat"}, {"type": "linear", "out_features": 2, "name": "fc"}]
    first = [{"type": "conv", "out_channels": 2, "kernel_size": 3, "padding": 1, "name": "c1"},
             {"type": "relu", "name": "r1"}]
    flat = build(first + inner + head, (1, 6, 6), seed=3, name="flat", dtype=np.float64)
    params = {("g." + k if k.startswith(("c2.", "r2.")) else k): v for k, v in flat.params.items()}
    grouped = build(first + [{"type": "group", "name": "g", "body": inner}] + head, (1, 6, 6),
                    params=params, name="grouped", dtype=np.float64)
    x = np.random.default_rng(15).normal(size=(1, 1, 6, 6))
    want = E.explain(flat, x, "gradcam", target=1, layer="c2")
    got = E.explain(grouped, x, "gradcam", target=1, layer="g.c2")
    np.testing.assert_allclose(got.details["cam"], want.details["cam"], atol=1e-10)
    assert "g.c2" in E.gradcam_layers(grouped) and E.gradcam_layers(grouped)[-1] == "g"
