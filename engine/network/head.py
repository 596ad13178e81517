"""Teach a network new classes: feature vectors, a softmax-regression head, what it learned.

Transfer learning in three plain steps, all NumPy:

1. :func:`features`: run a preset up to its feature layer (the first layer whose output
   is a vector: EfficientNet-Lite0's ``flatten1``, the global average pool's 1280
   numbers) for a batch of images, a few at a time.
2. :func:`train_head`: a softmax regression on those vectors, ``p = softmax(x W^T + b)``
   with ``W: (K, D)`` and ``b: (K,)``, trained with the engine's own ``linear``,
   ``cross_entropy``, their backwards and an optimiser of :mod:`engine.network.optim`;
   a generator of one :class:`HeadProgress` per epoch, the last one carrying the head.
3. :func:`confusion_matrix` and :func:`principal_components` show what was learned:
   which classes are mistaken for which, and the vectors in a 2-D scatter.

The head's gradient, per batch of ``N`` examples with one-hot targets ``Y``::

    dL/dlogits = (softmax(logits) - Y) / N;   dL/dW = dL/dlogits^T x;   dL/db = sum over N
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .. import functional as F
from ..validate import float_array
from . import optim
from .graph import sequence_forward
from .infer import infer
from .layers import Array, Context
from .model import Model
from .passes import as_batch
from .spec import parse

__all__ = [
    "FEW_PHOTOS",
    "OVERFIT_GAP",
    "Head",
    "HeadProgress",
    "confusion_matrix",
    "feature_index",
    "features",
    "head_loss_and_grads",
    "predict_head",
    "principal_components",
    "split_held_out",
    "train_head",
]

FEW_PHOTOS = 5
"""A class with fewer examples than this gets a warning: too few to learn from."""

OVERFIT_GAP = 0.2
"""Held-out accuracy this far below training accuracy gets an over-fitting warning."""


def feature_index(model: Model) -> int:
    """Index of the feature layer: the first top-level layer whose output is a vector ``(D,)``.

    Raises:
        ValueError: the network never makes a vector (it ends in maps).
    """
    for i, info in enumerate(model.infos):
        if len(info.output_shape) == 1:
            return i
    raise ValueError(f"{model.name} ends in feature maps, so it has no feature vector to teach from")


def features(model: Model, x: Array, batch_size: int = 4) -> Array:
    """Feature vectors of a batch of images: the network run up to :func:`feature_index`.

    Args:
        model: a network with a vector layer (e.g. EfficientNet-Lite0: after its global pool).
        x: ``(N, C, H, W)`` preprocessed images.
        batch_size: images run at once (bounds the intermediates' memory).

    Returns:
        ``(N, D)`` in the model's dtype (``D`` = 1280 for EfficientNet-Lite0).

    Raises:
        ValueError: a network without a vector layer, a bad ``batch_size`` or input.
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number of at least 1, got {batch_size!r}")
    stop = feature_index(model)
    layers = model.layers[:stop + 1]
    x = as_batch(model, x)  # (N, C, H, W)
    parts = [sequence_forward(layers, model.params, x[i:i + batch_size], Context())[0]
             for i in range(0, x.shape[0], batch_size)]  # each (n, D)
    return np.concatenate(parts).reshape(x.shape[0], -1)  # (N, D)


@dataclass(frozen=True)
class Head:
    """A trained softmax-regression head.

    Attributes:
        weight: ``(K, D)``, one row per class.
        bias: ``(K,)``.
        classes: the K class names, in label order.
    """

    weight: Array
    bias: Array
    classes: tuple[str, ...]


@dataclass(frozen=True)
class HeadProgress:
    """One epoch of head training.

    Attributes:
        epoch: 1-based; ``epochs`` is the total.
        loss, accuracy: mean cross-entropy and fraction right on the training examples
            (after this epoch's updates).
        held_out_loss, held_out_accuracy: the same on the held-out examples, None without them.
        seconds: since training started.
        head: the trained head on the last epoch, else None.
        train_index, held_out_index: which examples trained and which were held out.
    """

    epoch: int
    epochs: int
    loss: float
    accuracy: float
    held_out_loss: float | None
    held_out_accuracy: float | None
    seconds: float
    train_index: NDArray[np.intp]
    held_out_index: NDArray[np.intp]
    head: Head | None = None


def _labels(labels: Any, n: int, k: int) -> NDArray[np.intp]:
    y = np.asarray(labels)
    if y.shape != (n,) or (n and y.dtype.kind not in "iu"):
        raise ValueError(f"labels must be {n} whole numbers (one class per vector), got shape {y.shape}")
    if n and (y.min() < 0 or y.max() >= k):
        raise ValueError(f"every label must be a class from 0 to {k - 1}, got {int(y.min())} to {int(y.max())}")
    return y.astype(np.intp)


def split_held_out(labels: NDArray[np.intp], share: float, rng: np.random.Generator
                   ) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Hold out ``round(share * n_c)`` examples of every class (stratified), keeping one to train.

    Args:
        labels: ``(N,)`` class indices.
        share: 0 to 0.9.
        rng: shuffles each class before it is cut.

    Returns:
        ``(train_index, held_out_index)``, each sorted.
    """
    if not 0.0 <= share <= 0.9:
        raise ValueError(f"the held-out share must be between 0 and 0.9, got {share}")
    train, held = [], []
    for c in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == c))
        cut = min(round(share * members.size), members.size - 1)
        held.append(members[:cut])
        train.append(members[cut:])
    empty = np.zeros(0, np.intp)
    return (np.sort(np.concatenate(train or [empty])).astype(np.intp),
            np.sort(np.concatenate(held or [empty])).astype(np.intp))


def head_loss_and_grads(weight: Array, bias: Array, x: Array, labels: NDArray[np.intp]
                        ) -> tuple[float, Array, Array, Array]:
    """Mean cross-entropy of a softmax regression and its gradients, by the engine's layers.

    Args:
        weight: ``(K, D)``; bias: ``(K,)``; x: ``(N, D)``; labels: ``(N,)``.

    Returns:
        ``(loss, logits (N, K), grad_weight (K, D), grad_bias (K,))``.
    """
    logits = F.linear(x, weight, bias)  # (N, K)
    loss = float(F.cross_entropy(logits, labels))
    g = F.cross_entropy_backward(np.asarray(1.0, logits.dtype), logits, labels)  # (N, K)
    _, grad_weight, grad_bias = F.linear_backward(g, x, weight)
    return loss, logits, grad_weight, grad_bias


def _score(weight: Array, bias: Array, x: Array, y: NDArray[np.intp]) -> tuple[float | None, float | None]:
    if not y.size:
        return None, None
    logits = F.linear(x, weight, bias)  # (n, K)
    return float(F.cross_entropy(logits, y)), float(np.mean(logits.argmax(axis=1) == y))


def _check_settings(k: int, learning_rate: float, epochs: int, weight_decay: float,
                    batch_size: int) -> None:
    if k < 2:
        raise ValueError(f"a head needs at least 2 classes to tell apart, got {k}")
    if not (math.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"the learning rate must be a positive number, got {learning_rate}")
    if not (math.isfinite(weight_decay) and weight_decay >= 0):
        raise ValueError(f"the weight decay must be 0 or more, got {weight_decay}")
    for name, v in (("epochs", epochs), ("batch_size", batch_size)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise ValueError(f"{name} must be a whole number of at least 1, got {v!r}")


def train_head(features: Array, labels: Any, classes: Sequence[str], *, held_out: float = 0.2,
               learning_rate: float = 0.01, epochs: int = 50, weight_decay: float = 1e-4,
               batch_size: int = 16, optimizer: str = "adam", seed: int = 0
               ) -> Iterator[HeadProgress]:
    """Train a softmax-regression head on feature vectors, one progress record per epoch.

    Weights start at zero (the loss is convex, so no random start is needed); each epoch
    shuffles the training examples (seeded) and takes one optimiser step per minibatch.

    Args:
        features: ``(N, D)`` float vectors.
        labels: ``(N,)`` class indices into ``classes``.
        classes: the K >= 2 class names.
        held_out: share of each class kept out of training to measure it (0 to 0.9).
        learning_rate, weight_decay, optimizer: for :func:`engine.network.optim.step`.
        epochs: passes over the training examples.
        batch_size: examples per step.
        seed: the held-out split and the shuffles.

    Yields:
        one :class:`HeadProgress` per epoch; the last has ``head``.

    Raises:
        ValueError: shapes that do not fit, labels out of range, bad settings, or a loss
            that stopped being a number (a learning rate too high).
    """
    x = float_array(features, "features")
    if x.ndim != 2 or not x.shape[0]:
        raise ValueError(f"features must be (N, D) floats with N >= 1, got shape {np.shape(x)}")
    k = len(classes)
    _check_settings(k, learning_rate, epochs, weight_decay, batch_size)
    y = _labels(labels, x.shape[0], k)
    rng = np.random.default_rng(seed)
    train_i, held_i = split_held_out(y, held_out, rng)
    params: dict[str, Array] = {"weight": np.zeros((k, x.shape[1]), x.dtype),
                                "bias": np.zeros(k, x.dtype)}
    state = optim.OptimizerState()
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # checked below
            order = rng.permutation(train_i)
            for b in range(0, order.size, batch_size):
                rows = order[b:b + batch_size]
                _, _, gw, gb = head_loss_and_grads(params["weight"], params["bias"], x[rows], y[rows])
                params, state = optim.step(optimizer, params, {"weight": gw, "bias": gb}, state,
                                           learning_rate, weight_decay)
            loss, acc = _score(params["weight"], params["bias"], x[train_i], y[train_i])
            h_loss, h_acc = _score(params["weight"], params["bias"], x[held_i], y[held_i])
        assert loss is not None and acc is not None
        if not (math.isfinite(loss) and np.isfinite(params["weight"]).all()):
            raise ValueError(f"at epoch {epoch} the loss became {loss}: the learning rate "
                             f"{learning_rate:g} is too high; try a tenth")
        head = Head(params["weight"], params["bias"], tuple(classes)) if epoch == epochs else None
        yield HeadProgress(epoch, epochs, loss, acc, h_loss, h_acc, time.perf_counter() - start,
                           train_i, held_i, head)


def predict_head(head: Head, features: Array) -> Array:
    """Class probabilities of feature vectors under a head.

    Args:
        head: from :func:`train_head` (or read back from a file).
        features: ``(N, D)`` or ``(D,)``.

    Returns:
        ``(N, K)`` (or ``(K,)``) probabilities, each row summing to 1.
    """
    x = np.asarray(features)
    if x.ndim not in (1, 2) or x.shape[-1] != head.weight.shape[1]:
        raise ValueError(f"the head takes vectors of {head.weight.shape[1]} numbers, got shape {x.shape}")
    return F.softmax(F.linear(x.astype(head.weight.dtype), head.weight, head.bias), dim=-1)


def confusion_matrix(labels: Any, predicted: Any, k: int) -> NDArray[np.int64]:
    """Counts of (true class, predicted class): row ``i``, column ``j`` = class i taken for j.

    Args:
        labels, predicted: ``(N,)`` class indices from 0 to ``k - 1``.

    Returns:
        ``(k, k)`` whole numbers; the diagonal holds the right answers.
    """
    y, p = np.asarray(labels, np.intp), np.asarray(predicted, np.intp)
    if y.shape != p.shape or y.ndim != 1:
        raise ValueError(f"labels and predictions must be two (N,) lists, got {y.shape} and {p.shape}")
    out = np.zeros((k, k), np.int64)
    np.add.at(out, (y, p), 1)
    return out


def principal_components(x: Array, n: int = 2) -> tuple[Array, Array, Array, Array]:
    """Project vectors onto their ``n`` main directions of variance (PCA by SVD).

    The vectors are centred; the right singular vectors of the centred matrix are the
    eigenvectors of its covariance, and ``s^2 / (N - 1)`` its eigenvalues. Each
    direction's sign is fixed so its largest coefficient is positive.

    Args:
        x: ``(N, D)``.
        n: directions to keep (at most ``min(N, D)``; missing ones are zero).

    Returns:
        ``(projection (N, n), components (n, D), mean (D,), explained (n,))``, ``explained``
        being each direction's share of the total variance (0 when there is none).
    """
    a = np.asarray(x, np.float64)
    if a.ndim != 2 or not a.shape[0]:
        raise ValueError(f"principal components need (N, D) vectors with N >= 1, got shape {a.shape}")
    mean = a.mean(axis=0)  # (D,)
    centred = a - mean  # (N, D)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)  # vt: (min(N, D), D)
    comps = np.zeros((n, a.shape[1]))
    m = min(n, vt.shape[0])
    comps[:m] = vt[:m]
    flip = np.sign(comps[np.arange(n), np.abs(comps).argmax(axis=1)])  # (n,)
    comps *= np.where(flip == 0, 1.0, flip)[:, None]
    var = s ** 2
    total = var.sum()
    explained = np.zeros(n)
    if total > 0:
        explained[:m] = var[:m] / total
    return centred @ comps.T, comps, mean, explained  # (N, n)


HEAD_LAYER = "taught"
"""The name of the learner's head as a layer of :func:`with_head`'s model."""


def with_head(model: Model, head: Head) -> Model:
    """The network up to its feature layer with ``head`` as its classifier, so a learner's
    own classes can be explained like the network's (Grad-CAM of a chosen class).

    Args:
        model: a network with a vector layer (:func:`feature_index`).
        head: weight ``(K, D)`` with ``D`` the feature layer's size, bias ``(K,)``.

    Returns:
        A model ``(C, H, W) -> (K,)`` logits (no softmax) whose labels are the head's classes;
        it shares the network's arrays (read-only) and adds the head's as the linear layer
        ``taught`` (``taught.weight``, ``taught.bias``).

    Raises:
        ValueError: a network without a vector layer, or a head of another size.
    """
    stop = feature_index(model)
    d = model.infos[stop].output_shape[0]
    if head.weight.ndim != 2 or head.weight.shape[1] != d or head.bias.shape != (head.weight.shape[0],):
        raise ValueError(f"the head must be weight (K, {d}) and bias (K,) for {model.name}'s "
                         f"{d} features, got {list(head.weight.shape)} and {list(head.bias.shape)}")
    name = HEAD_LAYER
    while any(layer.name == name for layer in model.layers):  # EfficientNet has its own "head"
        name = "_" + name
    layers = (*model.layers[:stop + 1], *parse([{"type": "linear", "out_features": len(head.classes),
                                                 "name": name}]))
    infos = tuple(infer(layers, model.input_shape))
    dtype = model.params[next(iter(model.params))].dtype
    params = {**model.params, f"{name}.weight": head.weight.astype(dtype),
              f"{name}.bias": head.bias.astype(dtype)}
    return Model(model.name, model.input_shape, layers, infos, params, head.classes, model.trained)
