"""``cnnvis train lenet5|lenet5_1998|tinyvgg``: retrain a preset with the engine and write its shipped weights.

Prints one progress line every few steps, evaluates on the held-out set and
writes ``engine/network/weights/<name>.npz`` and its model card ``<name>.md``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from ..cli import Command

PRESETS = ("lenet5", "lenet5_1998", "tinyvgg")
"""The presets with a training recipe (``engine.network.TRAINABLE``, named here so the command
line is built without importing NumPy before the BLAS thread count is set)."""


def configure(parser: argparse.ArgumentParser) -> None:
    """The preset, and overrides of its recorded training settings."""
    parser.add_argument("name", choices=list(PRESETS), help="the preset to train")
    parser.add_argument("--steps", type=int, help="minibatches (default: the preset's recorded value)")
    parser.add_argument("--learning-rate", type=float, help="peak learning rate")
    parser.add_argument("--batch-size", type=int, help="samples per step")
    parser.add_argument("--optimizer", choices=["sgd", "adam"], help="sgd (momentum 0.9) or adam")
    parser.add_argument("--seed", type=int, help="seed of the weights, batches and dropout")
    parser.add_argument("--out", type=Path, help="directory for <name>.npz and <name>.md "
                        "(default: the shipped weights directory)")
    parser.add_argument("--print-every", type=int, default=50, help="steps between progress lines")


def run(args: argparse.Namespace) -> int:
    """Train, report progress, evaluate, write the weights and the model card."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
    from engine.network import card, store
    from engine.network.train import accuracy, train, trainer

    source = trainer(args.name)
    settings = dict(source.TRAINING)
    for key in ("steps", "learning_rate", "batch_size", "optimizer", "seed"):
        if getattr(args, key) is not None:
            settings[key] = getattr(args, key)
    print(f"training {args.name}: {settings}", flush=True)
    start = time.perf_counter()
    model = None
    for p in train(args.name, every=max(args.print_every, 1), **settings):
        if p.step % args.print_every == 0 or p.step == p.steps:
            print(f"step {p.step:5d}/{p.steps}  loss {p.loss:.4f}  batch accuracy {p.accuracy:.3f}  "
                  f"lr {p.learning_rate:.5f}  {p.seconds:7.1f} s", flush=True)
        model = p.model or model
    assert model is not None
    seconds = time.perf_counter() - start
    x, labels = source.test_set()
    acc = accuracy(model, x, labels)
    print(f"held-out accuracy {acc:.4f} on {len(labels)} samples; trained in {seconds:.0f} s", flush=True)
    out = args.out or store.WEIGHTS_DIR
    out.mkdir(parents=True, exist_ok=True)
    store.write_weights({k: model.params[k] for k in model.params}, out / f"{args.name}.npz")
    (out / f"{args.name}.md").write_text(card.model_card(args.name, settings, acc, len(labels), seconds))
    print(f"wrote {out / (args.name + '.npz')} and {args.name}.md", file=sys.stderr)
    return 0


COMMAND = Command(name="train", help=f"retrain a preset network ({', '.join(PRESETS)}) and write its weights",
                  configure=configure, run=run)
