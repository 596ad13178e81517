"""Why did it say that: attribution maps of one class over the input, pure NumPy.

Every method explains the *score* of a target class: its logit (the input of the final
softmax), for one sample ``x (1, C, H, W)``; the default target is the top prediction.

- ``gradient``: dS/dx (Simonyan et al. 2014); the map is ``max_c |dS/dx|``.
- ``gradient_x_input``: dS/dx * x, summed over the channels (signed).
- ``guided``: guided backpropagation (Springenberg et al. 2015): through every ReLU and
  ReLU6 only positive gradients pass, and only where the input was positive.
- ``gradcam``: Grad-CAM (Selvaraju et al. 2017) at a layer with maps ``A (K, h, w)``:
  ``alpha_k = mean_hw dS/dA_k``, ``cam = ReLU(sum_k alpha_k A_k)``, upsampled to ``(H, W)``.
- ``guided_gradcam``: the guided gradient times the upsampled Grad-CAM.
- ``smoothgrad``: the gradient averaged over ``n`` copies of ``x`` with Gaussian noise of
  ``sigma`` times the input's range (Smilkov et al. 2017).
- ``integrated``: integrated gradients (Sundararajan et al. 2017): ``(x - b)`` times the
  gradient averaged at ``m`` points on the straight path from a baseline ``b`` to ``x``
  (midpoint rule); the attributions sum to about ``S(x) - S(b)`` (completeness).
- ``occlusion``: a ``patch`` of the baseline slid over ``x`` with a ``stride``; a pixel's
  value is the mean drop of the target's probability over the patches that cover it
  (Zeiler and Fergus 2014); the occluded copies go through the network in batches.

The methods that take many passes are generators of :class:`Progress` steps ending with
the :class:`Explanation`; :func:`explain` runs one to its end.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import functional as F
from .data.image import resize
from .graph import layer_backward, layer_forward
from .kind import Array, Context
from .model import Model
from .passes import as_batch, logits_layers

__all__ = ["BASELINES", "METHODS", "Explanation", "Progress", "baseline", "explain", "explain_steps",
           "gradcam_layers", "pass_budget"]

METHODS = ("gradient", "gradient_x_input", "guided", "gradcam", "guided_gradcam", "smoothgrad",
           "integrated", "occlusion")
"""Every method, in the order a page lists them."""

BASELINES = ("black", "blur", "mean", "zero")
"""Where integrated gradients start and what occlusion pastes, see :func:`baseline`."""

CHUNK_BYTES = 256 * 2**20
"""Memory for one batch of copies (activations and tapes), per :func:`chunk_size`."""


@dataclass(frozen=True)
class Progress:
    """How far a many-pass method is: ``done`` of ``total`` passes."""

    done: int
    total: int


@dataclass(frozen=True)
class Explanation:
    """One method's answer.

    Attributes:
        method: one of :data:`METHODS`.
        target: the class explained; ``label`` its name.
        score: the target's logit on ``x``; ``probability`` its softmax probability.
        heatmap: ``(H, W)`` the map to draw over the input.
        signed: the heatmap has both signs (draw with a diverging scale), else it is >= 0.
        attribution: ``(C, H, W)`` per input value (None for Grad-CAM and occlusion).
        layer: the layer Grad-CAM looked at, else None.
        details: method-specific numbers (Grad-CAM's channel weights and map at the
            layer's size, integrated gradients' completeness check, occlusion's grid).
        passes: forward (and backward) passes it took.
    """

    method: str
    target: int
    label: str
    score: float
    probability: float
    heatmap: Array
    signed: bool
    attribution: Array | None = None
    layer: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    passes: int = 1


Step = Progress | Explanation


def gradcam_layers(model: Model) -> list[str]:
    """Layers whose output is maps larger than 1x1, in order, a block's inner layers (``b6.dw``)
    before the block itself: where Grad-CAM can look."""
    from .infer import infer

    def walk(infos: Any) -> list[str]:
        names = []
        for i in infos:
            for kids in i.children:
                names += walk(kids)
            if len(i.output_shape) == 3 and i.output_shape[1] * i.output_shape[2] > 1:
                names.append(i.layer.name)
        return names

    return walk(infer(logits_layers(model), model.input_shape))


def chunk_size(model: Model) -> int:
    """How many copies of the input go through the network at once within :data:`CHUNK_BYTES`.

    A pass keeps every layer's input for the backward: about twice the sum of the
    layers' output volumes (block children included), 4 bytes each.
    """
    from .infer import infer

    def volume(info: Any) -> int:
        return int(np.prod(info.output_shape)) + sum(volume(k) for kids in info.children for k in kids)

    per_sample = 8 * sum(volume(i) for i in infer(model.layers, model.input_shape)) + 1
    return int(max(1, min(32, CHUNK_BYTES // per_sample)))


def pass_budget(method: str, settings: dict[str, Any]) -> int:
    """How many forward passes (of one sample) a method takes with these settings; a
    backward counts as two. The server prices a request with it before any work."""
    if method in ("gradient", "gradient_x_input", "guided", "gradcam"):
        return 3
    if method == "guided_gradcam":
        return 6
    if method == "smoothgrad":
        return 3 * int(settings.get("samples", 16)) + 1
    if method == "integrated":
        return 3 * int(settings.get("steps", 32)) + 2
    if method == "occlusion":
        return len(_occlusion_origins(settings["size"], settings.get("patch") or None,
                                      settings.get("stride") or None)[0]) + 1
    raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")


def baseline(x: Array, kind: str) -> Array:
    """A reference input ``(C, H, W)`` for ``x (1, C, H, W)``, in the network's input space.

    ``"black"``: every value at its channel's minimum in ``x`` (a photo's darkest colour, black
    for most); ``"blur"``: ``x`` blurred by a Gaussian of ``H / 16`` pixels (shapes gone,
    colours kept); ``"mean"``: every value at its channel's mean; ``"zero"``: all zeros
    (the average colour of an ImageNet-normalised input).
    """
    c = x[0].astype(np.float64)
    if kind == "black":
        return np.broadcast_to(c.min(axis=(1, 2), keepdims=True), c.shape).copy()
    if kind == "mean":
        return np.broadcast_to(c.mean(axis=(1, 2), keepdims=True), c.shape).copy()
    if kind == "zero":
        return np.zeros_like(c)
    if kind == "blur":
        rows, cols = (_gaussian_matrix(n, max(1.0, c.shape[1] / 16)) for n in c.shape[1:])
        return rows @ c @ cols.T
    raise ValueError(f"baseline must be one of {', '.join(BASELINES)}, got {kind!r}")


def _gaussian_matrix(n: int, sigma: float) -> Array:
    """``(n, n)`` rows of Gaussian weights summing to 1 (the edge renormalised, no dark border)."""
    d = np.arange(n)[:, None] - np.arange(n)[None, :]
    w = np.exp(-0.5 * (d / sigma) ** 2)
    return w / w.sum(axis=1, keepdims=True)


# -- one forward and backward ---------------------------------------------------------------

@dataclass(frozen=True)
class _Pass:
    logits: Array  # (N, K)
    grad: Array  # (N, C, H, W): dS/dx
    act: Array | None  # (N, K, h, w) at the chosen layer
    grad_act: Array | None  # dS/dA there


def _pass(model: Model, x: Array, target: int, at: str | None = None, guided: bool = False) -> _Pass:
    """Forward ``x (N, C, H, W)``, then backward from the target's logit to the input; with
    ``at`` (a layer's full name) its output and dL/d that output are kept."""
    layers = logits_layers(model)
    ctx = Context(guided=guided, capture=at)
    inputs, tapes = [x], []
    for layer in layers:
        y, tape = layer_forward(layer, model.params, inputs[-1], ctx)
        inputs.append(y)
        tapes.append(tape)
    logits = inputs[-1]
    grad = np.zeros_like(logits)
    grad[:, target] = 1.0
    for i in reversed(range(len(layers))):
        grad, _ = layer_backward(layers[i], model.params, tapes[i], grad, ctx)
    return _Pass(logits, grad, ctx.captured.get("output"), ctx.captured.get("grad"))


def _logits(model: Model, x: Array) -> Array:
    """``(N, K)`` logits, no tapes kept."""
    ctx = Context()
    for layer in logits_layers(model):
        x, _ = layer_forward(layer, model.params, x, ctx)
    if x.ndim != 2:
        raise ValueError(f"{model.name} outputs feature maps, not classes: there is no class score "
                         "to explain")
    return x


def _check_target(model: Model, logits: Array, target: int | None) -> int:
    classes = logits.shape[1]
    if target is None:
        return int(np.argmax(logits[0]))
    if isinstance(target, bool) or not isinstance(target, (int, np.integer)) or not 0 <= target < classes:
        raise ValueError(f"target must be a class from 0 to {classes - 1}, got {target!r}")
    return int(target)


def _finish(model: Model, method: str, target: int, logits: Array, heatmap: Array, signed: bool,
            passes: int, **kw: Any) -> Explanation:
    probs = F.softmax(logits[0].astype(np.float64))
    labels = model.labels or tuple(f"class {i}" for i in range(probs.size))
    return Explanation(method, target, labels[target], float(logits[0, target]), float(probs[target]),
                       np.asarray(heatmap, dtype=np.float32), signed, passes=passes, **kw)


def _upsample(cam: Array, size: tuple[int, int]) -> Array:
    """A map ``(h, w)`` stretched bilinearly over the input ``(H, W)``, cell centres aligned."""
    return resize(cam, size) if cam.shape != size else cam.astype(np.float64)


def _layer_name(model: Model, layer: str | None) -> str:
    choices = gradcam_layers(model)
    if not choices:
        raise ValueError(f"{model.name} has no layer with maps for Grad-CAM to look at")
    name = [c for c in choices if "." not in c][-1] if layer is None else layer
    if name not in choices:
        shown = ", ".join(choices[:16]) + (f" and {len(choices) - 16} more" if len(choices) > 16 else "")
        raise ValueError(f"Grad-CAM looks at a layer with maps; {name[:40]!r} is not one of "
                         f"{model.name}'s: {shown}")
    return name


def _gradcam(model: Model, x: Array, target: int | None, layer: str | None,
             guided: bool) -> Explanation:
    name = _layer_name(model, layer)
    first = _pass(model, x, 0 if target is None else target, name)
    t = _check_target(model, first.logits, target)
    p = first if t == (0 if target is None else target) else _pass(model, x, t, name)
    assert p.act is not None and p.grad_act is not None
    a, g = p.act[0].astype(np.float64), p.grad_act[0].astype(np.float64)  # (K, h, w)
    alpha = g.mean(axis=(1, 2))  # (K,)
    raw = np.einsum("k,khw->hw", alpha, a)
    cam = np.maximum(raw, 0.0)
    up = _upsample(cam, x.shape[2:])
    details = {"alpha": alpha.astype(np.float32), "cam": cam.astype(np.float32),
               "layer_shape": list(a.shape)}
    if not guided:
        return _finish(model, "gradcam", t, p.logits, up, False, 3, layer=name, details=details)
    gb = _pass(model, x, t, guided=True).grad[0]
    attribution = gb * up[None]
    return _finish(model, "guided_gradcam", t, p.logits, np.abs(attribution).max(axis=0), False, 6,
                   attribution=attribution.astype(np.float32), layer=name, details=details)


# -- the many-pass methods --------------------------------------------------------------------

def _batched_grads(model: Model, xs: Array, target: int) -> Iterator[Progress | Array]:
    """dS/dx for every row of ``xs (M, C, H, W)``, a chunk at a time; ends with ``(M, C, H, W)``."""
    n, step = len(xs), chunk_size(model)
    out = np.empty(xs.shape, dtype=np.float64)
    # The first batch is one copy, so the first real progress comes after a single pass.
    bounds = [0, *range(1, n, step), n] if n > 1 else [0, n]
    for lo, hi in zip(bounds, bounds[1:]):
        out[lo:hi] = _pass(model, xs[lo:hi], target).grad
        yield Progress(hi, n)
    yield out


def _smoothgrad(model: Model, x: Array, target: int | None, samples: int, sigma: float,
                seed: int) -> Iterator[Step]:
    yield Progress(0, samples)  # started: the count, before any pass
    logits = _logits(model, x)
    t = _check_target(model, logits, target)
    spread = sigma * float(x.max() - x.min() or 1.0)
    rng = np.random.default_rng(seed)
    noisy = (x + rng.normal(0.0, spread, (samples, *x.shape[1:]))).astype(x.dtype)
    grads = None
    for step in _batched_grads(model, noisy, t):
        if isinstance(step, Progress):
            yield step
        else:
            grads = step
    assert grads is not None
    mean = grads.mean(axis=0)
    yield _finish(model, "smoothgrad", t, logits, np.abs(mean).max(axis=0), False, 3 * samples + 1,
                  attribution=mean.astype(np.float32), details={"samples": samples, "sigma": sigma,
                                                                "noise": spread})


def _integrated(model: Model, x: Array, target: int | None, steps: int,
                baseline: Array) -> Iterator[Step]:
    yield Progress(0, steps)
    logits = _logits(model, x)
    t = _check_target(model, logits, target)
    b = np.broadcast_to(baseline, x.shape[1:]).astype(x.dtype)
    alphas = (np.arange(steps) + 0.5) / steps  # midpoint rule on [0, 1]
    path = (b[None] + alphas[:, None, None, None] * (x[0] - b)[None]).astype(x.dtype)
    grads = None
    for step in _batched_grads(model, path, t):
        if isinstance(step, Progress):
            yield step
        else:
            grads = step
    assert grads is not None
    attribution = (x[0] - b) * grads.mean(axis=0)  # (C, H, W)
    base_score = float(_logits(model, b[None])[0, t])
    difference = float(logits[0, t]) - base_score
    total = float(attribution.sum())
    yield _finish(model, "integrated", t, logits, attribution.sum(axis=0), True, 3 * steps + 2,
                  attribution=attribution.astype(np.float32),
                  details={"steps": steps, "sum": total, "difference": difference,
                           "error": abs(total - difference), "baseline_score": base_score})


def _occlusion_origins(size: tuple[int, int], patch: int | None,
                       stride: int | None) -> tuple[list[tuple[int, int]], int, int]:
    h, w = size
    p = patch or max(1, min(h, w) // 8)
    s = stride or p
    if p > min(h, w):
        raise ValueError(f"the occlusion patch ({p}) must fit in the input ({h}x{w})")
    ys = list(range(0, h - p + 1, s))
    xs = list(range(0, w - p + 1, s))
    if ys[-1] != h - p:
        ys.append(h - p)  # the last row of patches reaches the edge
    if xs[-1] != w - p:
        xs.append(w - p)
    return [(y, x) for y in ys for x in xs], p, s


def _occlusion(model: Model, x: Array, target: int | None, patch: int | None, stride: int | None,
               baseline: Array) -> Iterator[Step]:
    origins, p, s = _occlusion_origins(x.shape[2:], patch, stride)
    yield Progress(0, len(origins))
    logits = _logits(model, x)
    t = _check_target(model, logits, target)
    fill = np.broadcast_to(baseline, x.shape[1:]).astype(x.dtype)
    base = float(F.softmax(logits[0].astype(np.float64))[t])
    drops = np.empty(len(origins))
    step = max(1, chunk_size(model) * 3)  # forward only: no tapes kept
    for lo in range(0, len(origins), step):
        batch = np.repeat(x, len(origins[lo:lo + step]), axis=0)
        for j, (y0, x0) in enumerate(origins[lo:lo + step]):
            batch[j, :, y0:y0 + p, x0:x0 + p] = fill[:, y0:y0 + p, x0:x0 + p]
        probs = F.softmax(_logits(model, batch).astype(np.float64), dim=1)[:, t]
        drops[lo:lo + len(probs)] = base - probs
        yield Progress(min(lo + step, len(origins)), len(origins))
    sums = np.zeros(x.shape[2:])
    counts = np.zeros(x.shape[2:])
    for d, (y0, x0) in zip(drops, origins):
        sums[y0:y0 + p, x0:x0 + p] += d
        counts[y0:y0 + p, x0:x0 + p] += 1
    heat = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
    yield _finish(model, "occlusion", t, logits, heat, True, len(origins) + 1,
                  details={"patch": p, "stride": s, "positions": len(origins),
                           "drops": drops.astype(np.float32), "origins": origins})


# -- entry points -----------------------------------------------------------------------------

def explain_steps(model: Model, x: Any, method: str, target: int | None = None, *,
                  layer: str | None = None, samples: int = 16, sigma: float = 0.15,
                  steps: int = 32, baseline: Any = 0.0, patch: int | None = None,
                  stride: int | None = None, seed: int = 0) -> Iterator[Step]:
    """Explain the target class's score on ``x (1, C, H, W)`` (or ``(C, H, W)``) with ``method``.

    Args:
        model: a classifier (its output a vector of class scores).
        x: the network's input, as its preprocessing makes it.
        method: one of :data:`METHODS`.
        target: the class; None explains the top prediction.
        layer: Grad-CAM's layer (a name from :func:`gradcam_layers`); None: the last one.
        samples, sigma, seed: SmoothGrad's copies, noise (a fraction of the input's range)
            and random seed.
        steps: integrated gradients' points on the path.
        baseline: ``(C, H, W)`` or a number in the network's input space: where integrated
            gradients start and what occlusion pastes.
        patch, stride: occlusion's square and step, in input pixels (None: H/8, and the
            patch itself: squares side by side).

    Yields:
        :class:`Progress` for the many-pass methods, then the :class:`Explanation`.

    Raises:
        ValueError: an unknown method, target or layer, or settings out of range (a sentence).
    """
    x = as_batch(model, x)
    if x.shape[0] != 1:
        raise ValueError(f"explain one image at a time, got a batch of {x.shape[0]}")
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if method in ("gradient", "gradient_x_input", "guided"):
        logits = _logits(model, x)
        t = _check_target(model, logits, target)
        g = _pass(model, x, t, guided=method == "guided").grad[0]
        if method == "gradient_x_input":
            attribution = g * x[0]
            yield _finish(model, method, t, logits, attribution.sum(axis=0), True, 3,
                          attribution=attribution.astype(np.float32))
        else:
            yield _finish(model, method, t, logits, np.abs(g).max(axis=0), False, 3,
                          attribution=g.astype(np.float32))
    elif method in ("gradcam", "guided_gradcam"):
        yield _gradcam(model, x, target, layer, method == "guided_gradcam")
    elif method == "smoothgrad":
        if not 1 <= samples <= 256 or not 0.0 <= sigma <= 1.0:
            raise ValueError(f"SmoothGrad takes 1 to 256 samples and sigma from 0 to 1, got "
                             f"{samples} and {sigma}")
        yield from _smoothgrad(model, x, target, samples, sigma, seed)
    elif method == "integrated":
        if not 1 <= steps <= 1024:
            raise ValueError(f"integrated gradients take 1 to 1024 steps, got {steps}")
        yield from _integrated(model, x, target, steps, np.asarray(baseline, dtype=np.float64))
    else:
        yield from _occlusion(model, x, target, patch, stride, np.asarray(baseline, dtype=np.float64))


def explain(model: Model, x: Any, method: str, target: int | None = None, **settings: Any) -> Explanation:
    """:func:`explain_steps` run to its end: the :class:`Explanation` alone."""
    result = None
    for step in explain_steps(model, x, method, target, **settings):
        result = step
    assert isinstance(result, Explanation)
    return result
