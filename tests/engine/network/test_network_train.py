"""Training: a short run lowers the loss, is deterministic for a seed, and streams kernels."""

from __future__ import annotations

import numpy as np
import pytest

from engine.network import optim, train


def _run(**kw):
    return list(train("lenet5", steps=40, batch_size=16, learning_rate=0.003, every=20, **kw))


def test_a_short_training_run_lowers_the_loss():
    run = _run(seed=1)
    first, last = np.mean([p.loss for p in run[:5]]), np.mean([p.loss for p in run[-5:]])
    assert last < 0.8 * first
    assert [p.step for p in run] == list(range(1, 41)) and run[-1].model is not None
    assert [p.step for p in run if p.kernels is not None] == [20, 40]
    assert run[19].kernels.shape == (6, 1, 5, 5) and run[19].feature_maps.shape == (6, 28, 28)
    assert run[19].sample.shape == (1, 32, 32) and all(p.model is None for p in run[:-1])


def test_training_is_deterministic_for_a_seed():
    a, b = _run(seed=2), _run(seed=2)
    assert [p.loss for p in a] == [p.loss for p in b]
    pa, pb = a[-1].model.params, b[-1].model.params
    assert all(np.array_equal(pa[k], pb[k]) for k in pa)


def test_sgd_with_momentum_also_trains():
    run = list(train("lenet5", steps=30, batch_size=16, learning_rate=0.05, optimizer="sgd", seed=0))
    assert np.mean([p.loss for p in run[-5:]]) < np.mean([p.loss for p in run[:5]])


def test_tinyvgg_trains_a_step():
    (p,) = list(train("tinyvgg", steps=1, batch_size=2))
    assert p.model is not None and np.isfinite(p.loss)


@pytest.mark.parametrize("name", ["lenet5", "lenet5_1998", "tinyvgg"])
def test_fine_tuning_starts_from_the_shipped_weights(name):
    from engine.network import load

    shipped = load(name).params
    tuned = list(train(name, steps=3, batch_size=32, learning_rate=1e-4, init="trained"))
    scratch = list(train(name, steps=3, batch_size=32, learning_rate=1e-4))
    assert tuned[0].loss < 0.5 < scratch[0].loss  # trained weights already know the classes
    assert tuned[0].accuracy > scratch[0].accuracy
    final = tuned[-1].model.params
    assert all(not np.shares_memory(final[k], shipped[k]) for k in shipped)  # shipped untouched
    assert load(name).params is shipped and all(not a.flags.writeable for a in shipped.values())


def test_optimizers_minimise_a_quadratic():
    for name, lr in (("sgd", 0.1), ("adam", 0.1)):
        params, state = {"w": np.array([3.0, -2.0])}, optim.OptimizerState()
        for _ in range(200):
            params, state = optim.step(name, params, {"w": 2 * params["w"]}, state, lr)
        assert np.abs(params["w"]).max() < 0.05, name


@pytest.mark.parametrize("kw,message", [
    ({"name": "resnet18"}, "only lenet5, lenet5_1998, tinyvgg can be trained, got 'resnet18'"),
    ({"steps": 0}, "steps must be a positive whole number"),
    ({"learning_rate": -1.0}, "learning_rate must be a number above 0"),
    ({"batch_size": 0}, "batch_size must be a whole number from 1 to 1024"),
    ({"optimizer": "rmsprop"}, "optimizer must be one of sgd, adam"),
    ({"init": "imagenet"}, "init must be one of scratch, trained, got 'imagenet'"),
])
def test_train_error_sentences(kw, message):
    args = {"name": "lenet5", **kw}
    with pytest.raises(ValueError, match=message):
        next(train(args.pop("name"), **args))
