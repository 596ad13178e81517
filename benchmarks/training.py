"""Training speed: the engine's steps per second beside PyTorch's, same network and batch.

Usage::

    OPENBLAS_NUM_THREADS=2 python benchmarks/training.py [--steps 100] [--networks lenet5,tinyvgg]

For each network, with its recipe's batch size and optimizer (``TRAINING`` of its preset, e.g.
lenet5: batch 64, Adam), times the training steps only: the same batches (drawn once, before
the clock starts) through ``engine.network.passes.loss_and_grads`` and the engine's optimizer
step, and through the same network written with ``torch.nn.functional`` (built from the
engine's layer list, as ``benchmarks/engine.py`` builds its twins) with ``torch.optim.Adam``
(or SGD with momentum 0.9). Then ``cnnvis train``'s own pace (batches drawn and augmented as it
trains, progress every 50 steps). Prints steps per second and the ratio. A measurement, not a
test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")  # before NumPy loads its BLAS

import numpy as np

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))
sys.path.insert(1, str(_HERE))

from engine.network import optim, presets  # noqa: E402
from engine.network.layers import Context  # noqa: E402
from engine.network.passes import loss_and_grads  # noqa: E402
from engine.network.train import train, trainer  # noqa: E402

try:
    import torch
    import torch.nn.functional as F

    from torch_twin import torch_layers  # noqa: E402
except ImportError:  # the oracle is optional
    torch = None


def batches(name: str, steps: int, size: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The batches of ``steps`` training steps, drawn before any clock starts."""
    source = trainer(name)
    rng = np.random.default_rng(0)
    return [source.train_batch(rng, size) for _ in range(steps)]


def engine_steps(name: str, data: list, recipe: dict) -> float:
    """Seconds per step of the engine's loss, gradients and optimizer step."""
    model = presets.load(name)
    params = {k: np.array(v) for k, v in model.params.items()}
    state = optim.OptimizerState()
    rng = np.random.default_rng(0)
    loss_and_grads(model, params, *data[0], Context(training=True, rng=rng))  # warm-up
    start = time.perf_counter()
    for x, labels in data:
        ctx = Context(training=True, rng=rng)
        _, _, grads = loss_and_grads(model, params, x, labels, ctx)
        params, state = optim.step(recipe["optimizer"], params, grads, state, recipe["learning_rate"], 0.0)
        params.update(ctx.updates)
    return (time.perf_counter() - start) / len(data)


def torch_steps(name: str, data: list, recipe: dict) -> float:
    """Seconds per step of the same network in PyTorch (training mode, same batches)."""
    model = presets.load(name)
    params = {k: torch.tensor(np.array(v)).requires_grad_("running" not in k) for k, v in model.params.items()}
    learnable = [v for k, v in params.items() if "running" not in k]
    opt = (torch.optim.Adam(learnable, lr=recipe["learning_rate"]) if recipe["optimizer"] == "adam"
           else torch.optim.SGD(learnable, lr=recipe["learning_rate"], momentum=0.9))

    def step(x: np.ndarray, labels: np.ndarray) -> None:
        opt.zero_grad()
        logits = torch_layers(model.layers, params, torch.from_numpy(x))
        F.cross_entropy(logits, torch.from_numpy(labels.astype(np.int64))).backward()
        opt.step()

    step(*data[0])  # warm-up
    start = time.perf_counter()
    for x, labels in data:
        step(x, labels)
    return (time.perf_counter() - start) / len(data)


def command_pace(name: str, steps: int, recipe: dict) -> float:
    """Seconds per step of ``cnnvis train``'s loop (batches drawn and augmented as it goes)."""
    start = time.perf_counter()
    for _ in train(name, steps=steps, learning_rate=recipe["learning_rate"], batch_size=recipe["batch_size"],
                   optimizer=recipe["optimizer"], every=50):
        pass
    return (time.perf_counter() - start) / steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--networks", default="lenet5,tinyvgg")
    args = parser.parse_args()
    if torch is not None:
        torch.set_num_threads(2)
    print(f"{'network':12} {'batch':>5} {'optimizer':>9} {'engine steps/s':>15} {'torch steps/s':>14} "
          f"{'ratio':>6} {'cnnvis train steps/s':>21}")
    for name in args.networks.split(","):
        recipe = dict(trainer(name).TRAINING)
        data = batches(name, args.steps, recipe["batch_size"])
        ours = engine_steps(name, data, recipe)
        theirs = torch_steps(name, data, recipe) if torch is not None else float("nan")
        pace = command_pace(name, args.steps, recipe)
        print(f"{name:12} {recipe['batch_size']:5d} {recipe['optimizer']:>9} {1 / ours:15.1f} "
              f"{1 / theirs:14.1f} {ours / theirs:6.2f} {1 / pace:21.1f}", flush=True)


if __name__ == "__main__":
    main()
