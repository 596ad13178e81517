"""The teachable head: features, softmax regression, confusion matrix, principal components.

Answers are known independently: separable clusters are learned exactly, the gradient
matches central finite differences and a plainly written softmax regression, PCA matches
an eigendecomposition of the covariance matrix, the features match a full forward pass's
flatten output.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.network import build, head, presets


def clusters(k: int = 3, per: int = 12, d: int = 20, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((k, d)) * 4
    x = np.concatenate([c + rng.standard_normal((per, d)) * 0.5 for c in centres])  # (k*per, d)
    y = np.repeat(np.arange(k), per)
    return x, y


def plain_softmax_regression(w, b, x, y):
    """Loss and gradients written out by hand, without the engine."""
    z = x @ w.T + b
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    n = len(y)
    loss = -np.log(p[np.arange(n), y]).mean()
    onehot = np.eye(w.shape[0])[y]
    g = (p - onehot) / n
    return loss, g.T @ x, g.sum(axis=0)


def test_train_head_learns_separable_clusters_exactly() -> None:
    x, y = clusters()
    records = list(head.train_head(x, y, ["a", "b", "c"], held_out=0.25, epochs=30,
                                   learning_rate=0.05))
    last = records[-1]
    assert len(records) == 30 and [r.epoch for r in records] == list(range(1, 31))
    assert last.accuracy == 1.0 and last.held_out_accuracy == 1.0
    assert last.loss < records[0].loss
    assert last.head is not None and all(r.head is None for r in records[:-1])
    assert last.head.weight.shape == (3, 20) and last.head.bias.shape == (3,)
    assert last.head.classes == ("a", "b", "c")
    probs = head.predict_head(last.head, x)
    assert np.array_equal(probs.argmax(axis=1), y)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)


def test_split_held_out_is_stratified_and_keeps_one_to_train() -> None:
    y = np.array([0] * 10 + [1] * 4 + [2] * 1)
    train, held = head.split_held_out(y, 0.2, np.random.default_rng(0))
    assert sorted(np.concatenate([train, held]).tolist()) == list(range(15))
    assert [int((y[held] == c).sum()) for c in range(3)] == [2, 1, 0]
    assert set(y[train].tolist()) == {0, 1, 2}


def test_head_gradient_matches_plain_version_and_finite_differences() -> None:
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((7, 5)), rng.integers(0, 3, 7)
    w, b = rng.standard_normal((3, 5)), rng.standard_normal(3)
    loss, _, gw, gb = head.head_loss_and_grads(w, b, x, y)
    ref_loss, ref_gw, ref_gb = plain_softmax_regression(w, b, x, y)
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-12)
    np.testing.assert_allclose(gw, ref_gw, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gb, ref_gb, rtol=1e-10, atol=1e-12)
    eps = 1e-6
    num = np.zeros_like(w)
    for idx in np.ndindex(w.shape):
        wp, wm = w.copy(), w.copy()
        wp[idx] += eps
        wm[idx] -= eps
        num[idx] = (head.head_loss_and_grads(wp, b, x, y)[0]
                    - head.head_loss_and_grads(wm, b, x, y)[0]) / (2 * eps)
    np.testing.assert_allclose(gw, num, rtol=1e-6, atol=1e-8)


def test_train_head_matches_plain_gradient_descent() -> None:
    """One SGD step per epoch (batch = all, no momentum is not offered: compare with momentum)."""
    x, y = clusters(k=2, per=6, d=4, seed=3)
    recs = list(head.train_head(x, y, ["p", "q"], held_out=0.0, epochs=5, learning_rate=0.1,
                                weight_decay=0.0, batch_size=len(y), optimizer="sgd"))
    w, b = np.zeros((2, 4)), np.zeros(2)
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    for _ in range(5):
        _, gw, gb = plain_softmax_regression(w, b, x, y)
        vw, vb = 0.9 * vw + gw, 0.9 * vb + gb
        w, b = w - 0.1 * vw, b - 0.1 * vb
    assert recs[-1].head is not None
    np.testing.assert_allclose(recs[-1].head.weight, w, rtol=1e-10)
    np.testing.assert_allclose(recs[-1].head.bias, b, rtol=1e-10, atol=1e-14)
    assert recs[-1].held_out_accuracy is None and recs[-1].held_out_index.size == 0


def test_confusion_matrix_counts_pairs() -> None:
    m = head.confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)
    assert m.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]


def test_principal_components_match_covariance_eigendecomposition() -> None:
    rng = np.random.default_rng(2)
    x = rng.standard_normal((40, 6)) @ rng.standard_normal((6, 6))
    proj, comps, mean, explained = head.principal_components(x, 2)
    cov = np.cov(x, rowvar=False)
    vals, vecs = np.linalg.eigh(cov)
    order = np.argsort(vals)[::-1]
    for i in range(2):
        v = vecs[:, order[i]]
        assert abs(abs(v @ comps[i]) - 1) < 1e-9
    np.testing.assert_allclose(explained, vals[order[:2]] / vals.sum(), rtol=1e-9)
    np.testing.assert_allclose(proj, (x - x.mean(axis=0)) @ comps.T)
    np.testing.assert_allclose(mean, x.mean(axis=0))


def test_principal_components_of_fewer_vectors_than_directions() -> None:
    proj, comps, _, explained = head.principal_components(np.array([[1.0, 2.0, 3.0]]), 2)
    assert proj.shape == (1, 2) and comps.shape == (2, 3)
    assert explained.tolist() == [0.0, 0.0]


def test_features_match_full_forward_flatten() -> None:
    specs = [{"type": "conv", "out_channels": 4, "kernel_size": 3}, {"type": "relu"},
             {"type": "adaptive_avg_pool", "output_size": 1}, {"type": "flatten"},
             {"type": "linear", "out_features": 3}]
    try:
        model = build(specs, (1, 8, 8), seed=0)
    except ValueError:
        pytest.skip("no adaptive_avg_pool layer spec")
    x = np.random.default_rng(0).standard_normal((5, 1, 8, 8)).astype(np.float32)
    f = head.features(model, x, batch_size=2)
    assert f.shape == (5, 4)
    maps = np.maximum(0, __import__("engine.functional", fromlist=["conv2d"]).conv2d(
        x, model.params["conv1.weight"], model.params["conv1.bias"]))
    np.testing.assert_allclose(f, maps.mean(axis=(2, 3)), rtol=1e-5, atol=1e-6)
    assert head.feature_index(model) == 3


def test_errors_are_sentences() -> None:
    x, y = clusters(k=2, per=3, d=3)
    with pytest.raises(ValueError, match="at least 2 classes"):
        next(head.train_head(x, y, ["only"]))
    with pytest.raises(ValueError, match="from 0 to 1"):
        next(head.train_head(x, y + 1, ["a", "b"]))
    with pytest.raises(ValueError, match="learning rate"):
        next(head.train_head(x, y, ["a", "b"], learning_rate=0))
    with pytest.raises(ValueError, match="too high"):
        list(head.train_head(x * 1e150, y, ["a", "b"], learning_rate=1e150, epochs=3,
                             optimizer="sgd"))
    with pytest.raises(ValueError, match="held-out share"):
        next(head.train_head(x, y, ["a", "b"], held_out=0.95))
    edges = presets.load("edges")
    with pytest.raises(ValueError, match="no feature vector"):
        head.feature_index(edges)


@pytest.mark.skipif(presets.get("efficientnet_lite0").unavailable() is not None,
                    reason="EfficientNet-Lite0's weights are not installed")
def test_efficientnet_features_are_the_global_pool() -> None:
    model = presets.load("efficientnet_lite0")
    p = presets.get("efficientnet_lite0")
    img = np.random.default_rng(0).integers(0, 255, (120, 160, 3), dtype=np.uint8)
    x, _ = p.preprocess(img)
    assert model.layers[head.feature_index(model)].name == "flatten1"
    f = head.features(model, np.concatenate([x, x[:, :, ::-1]]), batch_size=1)
    assert f.shape == (2, 1280)
    from engine.network.graph import sequence_forward
    from engine.network.layers import Context
    names = [layer.name for layer in model.layers]
    pooled, _ = sequence_forward(model.layers[:names.index("pool") + 1], model.params, x, Context())
    np.testing.assert_allclose(f[0], pooled.reshape(-1), rtol=1e-5, atol=1e-6)


def test_a_head_becomes_the_classifier_and_is_explained_like_one() -> None:
    """A head made of two rows of a network's own classifier gives that network's logits for
    those classes, and Grad-CAM of a head class is the network's Grad-CAM of its class."""
    specs = [{"type": "conv", "out_channels": 4, "kernel_size": 3, "padding": 1}, {"type": "relu"},
             {"type": "conv", "out_channels": 6, "kernel_size": 3, "padding": 1, "name": "head"},
             {"type": "relu"}, {"type": "adaptive_avg_pool", "output_size": 1}, {"type": "flatten"},
             {"type": "linear", "out_features": 5, "name": "fc"}, {"type": "softmax"}]
    model = build(specs, (2, 8, 8), seed=3, labels=tuple("vwxyz"))
    rows = [4, 1]
    taught = head.Head(model.params["fc.weight"][rows], model.params["fc.bias"][rows], ("z", "w"))
    both = head.with_head(model, taught)
    assert both.labels == ("z", "w") and both.infos[-1].output_shape == (2,)
    assert both.layers[-1].name == "taught"  # the network's own layer called "head" is left alone
    x = np.random.default_rng(1).standard_normal((3, 2, 8, 8)).astype(np.float32)
    from engine.network import explain, passes
    mine = passes.forward(both, x)  # (3, 2) logits
    np.testing.assert_allclose(mine, head.features(model, x) @ taught.weight.T + taught.bias,
                               rtol=1e-5, atol=1e-5)
    theirs = passes.forward(model, x)  # (3, 5) probabilities: the same order of the two classes
    assert ((mine[:, 0] > mine[:, 1]) == (theirs[:, 4] > theirs[:, 1])).all()
    for k, row in enumerate(rows):
        a = explain.explain(both, x[:1], "gradcam", k, layer="head")
        b = explain.explain(model, x[:1], "gradcam", row, layer="head")
        assert a.label == b.label
        np.testing.assert_allclose(a.heatmap, b.heatmap, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match=r"weight \(K, 6\)"):
        head.with_head(model, head.Head(np.zeros((2, 7), np.float32), np.zeros(2, np.float32), ("a", "b")))
