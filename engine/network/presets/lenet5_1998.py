"""LeNet-5 as built in 1998 on handwritten digits: 32x32 grey input, 10 classes, 60,840 parameters.

LeCun, Bottou, Bengio and Haffner, "Gradient-based learning applied to document
recognition" (1998), section II.B: every layer up to F6 squashes its weighted
sum with the scaled tanh ``1.7159 tanh(2/3 a)``; S2 and S4 are trainable
subsampling layers (each map's 2x2 sum times a trainable coefficient plus a
trainable bias, then the squashing: 2 parameters a map); C3's 16 maps each see
only some of S2's 6 maps, as Table I of the paper says (:data:`C3_TABLE`, 1,516
parameters instead of 2,416); C5 is a 5x5 convolution to 120 maps of 1x1 (48,120
parameters), F6 has 84 units (10,164): the paper's 60,000 trainable parameters.
The paper's output layer is 10 Euclidean RBF units, each comparing F6 with a
fixed 84-number code of its class (840 numbers, set by hand); here a linear
layer of 84x10 learned weights without bias stands for them, trained with
cross-entropy like every network here (the paper has a loss of its own for its
RBF outputs): 60,840 parameters in all.

The data, preprocessing and held-out split are those of the modern variant
(:mod:`engine.network.presets.lenet5`), so the two can be compared digit for digit.
"""

from __future__ import annotations

from typing import Any

from .lenet5 import (
    DATA_CARD,
    INPUT_SHAPE,
    LABELS,
    MEAN,
    SPLIT_CARD,
    STD,
    epochs,
    normalise,
    preprocess,
    test_set,
    train_batch,
)

__all__ = ["C3_SEES", "C3_TABLE", "DATA_CARD", "INPUT_SHAPE", "LABELS", "MEAN", "NAME", "SPECS",
           "SPLIT_CARD", "STD", "TRAINING", "epochs", "normalise", "preprocess", "test_set",
           "train_batch"]

NAME = "lenet5_1998"

C3_SEES: tuple[tuple[int, ...], ...] = (
    *(tuple((j + k) % 6 for k in range(3)) for j in range(6)),  # maps 0-5: 3 contiguous S2 maps
    *(tuple((j + k) % 6 for k in range(4)) for j in range(6)),  # maps 6-11: 4 contiguous
    *(tuple((j + k) % 6 for k in (0, 1, 3, 4)) for j in range(3)),  # maps 12-14: 4 discontinuous
    tuple(range(6)),  # map 15: all six
)
"""Which S2 maps each C3 map sees (Table I of the paper, read by columns): 60 connections."""

C3_TABLE: list[list[int]] = [[int(i in sees) for i in range(6)] for sees in C3_SEES]
"""The connection table ``(16, 6)``: row ``o`` has a 1 for each S2 map that C3 map ``o`` sees."""

SPECS: list[dict[str, Any]] = [
    {"type": "conv", "out_channels": 6, "kernel_size": 5, "name": "C1"},
    {"type": "scaled_tanh"},
    {"type": "subsample", "kernel_size": 2, "name": "S2"},
    {"type": "scaled_tanh"},
    {"type": "conv", "out_channels": 16, "kernel_size": 5, "connections": C3_TABLE, "name": "C3"},
    {"type": "scaled_tanh"},
    {"type": "subsample", "kernel_size": 2, "name": "S4"},
    {"type": "scaled_tanh"},
    {"type": "conv", "out_channels": 120, "kernel_size": 5, "name": "C5"},
    {"type": "scaled_tanh"},
    {"type": "flatten"},
    {"type": "linear", "out_features": 84, "name": "F6"},
    {"type": "scaled_tanh"},
    {"type": "linear", "out_features": 10, "bias": False, "name": "output"},
    {"type": "softmax"},
]

TRAINING = {"steps": 2500, "learning_rate": 0.002, "batch_size": 64, "optimizer": "adam", "seed": 0}
"""The settings that trained the shipped weights (``cnnvis train lenet5_1998``): the modern
variant's, so the two differ only in their layers."""
