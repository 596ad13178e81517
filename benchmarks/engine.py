"""Time the engine against PyTorch CPU on the workloads the issue names.

Usage::

    OPENBLAS_NUM_THREADS=2 python benchmarks/engine.py [--repeats 15]

Prints, per workload, the engine's and PyTorch's median time (after warm-up,
float32, 2 threads), their ratio, and the engine's GFLOP/s for convolutions
beside NumPy's own float32 matmul GFLOP/s; then the geometric mean of the
ratios (over all workloads and per group) and the worst workloads. The groups:
classic convolutions and pooling, EfficientNet-Lite0's depthwise layers (3x3
and 5x5, stride 1 and 2, "tf_same" padding as the network runs them), its 1x1
pointwise layers, and the whole networks tinyvgg, resnet18 and efficientnet_lite0 (forward, and forward +
backward to the input and every weight) against the same networks written with
``torch.nn.functional`` (EfficientNet by hand, the others from the engine's layer list). ``--only WORD`` keeps the workloads whose name holds
WORD. Without PyTorch only the engine's times are printed. This is a
measurement, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")  # before NumPy loads its BLAS

import numpy as np

# Run as a script, this file's folder comes first on sys.path and its own name would hide
# the engine package: look in the repository instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))
sys.path.insert(1, str(_HERE))  # torch_twin.py, under its own name

from engine import functional as E  # noqa: E402
from engine import shapes  # noqa: E402

try:
    import torch
    import torch.nn.functional as F

    from torch_twin import torch_layers  # noqa: E402
except ImportError:  # the oracle is optional
    torch = None


def median_time(fn: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``fn`` in seconds, after two warm-up calls."""
    fn()
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def tf_same(t: Any, k: int, s: int) -> Any:
    """PyTorch has no TensorFlow SAME: pad ``t`` as it would (the smaller half before)."""
    (top, bottom), (left, right) = (shapes.tf_same_pads(n, k, s) for n in t.shape[-2:])
    return F.pad(t, (left, right, top, bottom))


def conv_workload(x_shape, w_shape, backward: bool, **kw):
    """Engine and torch closures for one convolution (forward, or forward + backward)."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal(x_shape, dtype=np.float32)
    w = rng.standard_normal(w_shape, dtype=np.float32)
    y = E.conv2d(x, w, **kw)
    g = rng.standard_normal(y.shape, dtype=np.float32)
    flops = 2 * y.size * math.prod(w_shape[1:]) * (3 if backward else 1)

    def ours():
        E.conv2d(x, w, **kw)
        if backward:
            E.conv2d_backward(g, x, w, **kw)

    theirs = None
    if torch is not None:
        xt = torch.from_numpy(x).requires_grad_(backward)
        wt = torch.from_numpy(w).requires_grad_(backward)
        gt = torch.from_numpy(g)
        tkw = dict(kw)
        padded = tkw.get("padding") == "tf_same"
        if padded:
            tkw["padding"] = 0

        def theirs():
            xin = tf_same(xt, w_shape[-1], kw.get("stride", 1)) if padded else xt
            out = F.conv2d(xin, wt, **tkw)
            if backward:
                xt.grad = wt.grad = None
                out.backward(gt)

    return ours, theirs, flops


def pool_workload(kind: str, x_shape, backward: bool, kernel: int, stride: int, padding: int = 0):
    """Engine and torch closures for one max or average pooling."""
    x = np.random.default_rng(1).standard_normal(x_shape, dtype=np.float32)
    fwd = getattr(E, f"{kind}_pool2d")
    bwd = getattr(E, f"{kind}_pool2d_backward")
    y = fwd(x, kernel, stride, padding)
    g = np.ones_like(y)

    def ours():
        fwd(x, kernel, stride, padding)
        if backward:
            bwd(g, x, kernel, stride, padding)

    theirs = None
    if torch is not None:
        xt = torch.from_numpy(x).requires_grad_(backward)
        gt = torch.from_numpy(g)
        tfn = getattr(F, f"{kind}_pool2d")

        def theirs():
            out = tfn(xt, kernel, stride, padding)
            if backward:
                xt.grad = None
                out.backward(gt)

    return ours, theirs, None


def _torch_efficientnet(params: dict, x: Any) -> Any:
    """EfficientNet-Lite0's logits in plain PyTorch, from the engine's arrays (by its names)."""
    from engine.network.presets import efficientnet_lite0 as eff

    def conv(t, name: str, s: int = 1, groups: int = 1):
        w = params[name + ".weight"]
        return F.conv2d(tf_same(t, w.shape[-1], s), w, stride=s, groups=groups)

    def bn(t, name: str):
        return F.batch_norm(t, params[name + ".running_mean"], params[name + ".running_var"],
                            params[name + ".weight"], params[name + ".bias"], False, 0.0, eff.EPS)

    t = F.relu6(bn(conv(x, "stem", 2), "stem_bn"))
    for b in eff.BLOCKS:
        inp, p = t, b.name + "."
        if b.expand != 1:
            t = F.relu6(bn(conv(t, p + "expand"), p + "expand_bn"))
        t = F.relu6(bn(conv(t, p + "dw", b.stride, groups=t.shape[1]), p + "dw_bn"))
        t = bn(conv(t, p + "project"), p + "project_bn")
        if b.skip:
            t = t + inp
    t = F.relu6(bn(conv(t, "head"), "head_bn")).mean(dim=(2, 3))
    return F.linear(t, params["fc.weight"], params["fc.bias"])


def network_workload(name: str, backward: bool):
    """The whole preset: forward (class probabilities), or forward + backward of the loss
    of the predicted class to the input and every weight (what the backprop page streams)."""
    from engine.network import passes, presets

    model = presets.load(name)
    x = np.random.default_rng(3).uniform(-1, 1, (1, *model.input_shape)).astype(np.float32)

    def ours():
        if backward:
            for _ in passes.backward_layers(model, x):
                pass
        else:
            passes.forward(model, x)

    theirs = None
    if torch is not None:
        params = {k: torch.tensor(v).requires_grad_(backward and "running" not in k)  # a copy:
                  for k, v in model.params.items()}  # the engine's arrays are read-only
        xt = torch.from_numpy(x).requires_grad_(backward)
        if name == "efficientnet_lite0":
            def logits_of(t):
                return _torch_efficientnet(params, t)
        else:
            def logits_of(t):
                return torch_layers(model.layers, params, t)

        # The twin must be the same network: its probabilities match the engine's.
        with torch.no_grad():
            twin = F.softmax(logits_of(torch.from_numpy(x)), dim=1).numpy()
        if not np.allclose(twin, passes.forward(model, x), rtol=1e-3, atol=1e-5):
            raise ValueError(f"the PyTorch twin of {name} does not give the engine's probabilities")

        def theirs():
            if not backward:
                with torch.no_grad():
                    return F.softmax(logits_of(xt), dim=1)
            for v in (xt, *params.values()):
                v.grad = None
            logits = logits_of(xt)
            F.cross_entropy(logits, logits.detach().argmax(1)).backward()

    return ours, theirs, None


def _depthwise(c: int, size: int, k: int, s: int, backward: bool = False):
    return conv_workload((1, c, size, size), (c, 1, k, k), backward, stride=s, padding="tf_same",
                         groups=c)


# EfficientNet-Lite0's depthwise layers at 224x224: (channels, size, kernel, stride) of blocks
# 1, 2, 3, 4, 5, 6, 7, 9, 10, 12, 13 and 16.
DEPTHWISE = [(32, 112, 3, 1), (96, 112, 3, 2), (144, 56, 3, 1), (144, 56, 5, 2), (240, 28, 5, 1),
             (240, 28, 3, 2), (480, 14, 3, 1), (480, 14, 5, 1), (672, 14, 5, 1), (672, 14, 5, 2),
             (1152, 7, 5, 1), (1152, 7, 3, 1)]
DEPTHWISE_BACKWARD = [(32, 112, 3, 1), (96, 112, 3, 2), (144, 56, 5, 2), (672, 14, 5, 1), (1152, 7, 5, 1)]
# Its 1x1 layers: (C_in, C_out, size): block 2's expansion, block 1's projection, block 3's
# expansion and projection, block 7's, block 13's projection and the head.
POINTWISE = [(16, 96, 112), (32, 16, 112), (24, 144, 56), (144, 24, 56), (480, 80, 14),
             (1152, 192, 7), (320, 1280, 7)]
POINTWISE_BACKWARD = [(16, 96, 112), (144, 24, 56), (1152, 192, 7)]


def _pointwise(c_in: int, c_out: int, size: int, backward: bool = False):
    return conv_workload((1, c_in, size, size), (c_out, c_in, 1, 1), backward, padding="tf_same")


WORKLOADS = [
    ("LeNet conv1 1x1x28x28 -> 6@5x5 fwd+bwd", lambda: conv_workload((1, 1, 28, 28), (6, 1, 5, 5), True)),
    ("LeNet conv2 1x6x14x14 -> 16@5x5 fwd+bwd", lambda: conv_workload((1, 6, 14, 14), (16, 6, 5, 5), True)),
    ("1x3x224x224 -> 64@3x3 p1 fwd", lambda: conv_workload((1, 3, 224, 224), (64, 3, 3, 3), False, padding=1)),
    ("1x3x224x224 -> 64@3x3 p1 fwd+bwd", lambda: conv_workload((1, 3, 224, 224), (64, 3, 3, 3), True, padding=1)),
    ("1x3x224x224 -> 64@3x3 p1 s2 fwd", lambda: conv_workload((1, 3, 224, 224), (64, 3, 3, 3), False, padding=1, stride=2)),
    ("1x3x224x224 -> 64@3x3 p1 d2 fwd", lambda: conv_workload((1, 3, 224, 224), (64, 3, 3, 3), False, padding=1, dilation=2)),
    ("1x64x112x112 -> 128@3x3 p1 fwd", lambda: conv_workload((1, 64, 112, 112), (128, 64, 3, 3), False, padding=1)),
    ("1x64x112x112 -> 128@3x3 p1 fwd+bwd", lambda: conv_workload((1, 64, 112, 112), (128, 64, 3, 3), True, padding=1)),
    ("8x3x64x64 -> 10@3x3 fwd+bwd", lambda: conv_workload((8, 3, 64, 64), (10, 3, 3, 3), True)),
    ("max pool 2x2/2 8x10x60x60 fwd+bwd", lambda: pool_workload("max", (8, 10, 60, 60), True, 2, 2)),
    ("max pool 2x2/2 1x64x224x224 fwd+bwd", lambda: pool_workload("max", (1, 64, 224, 224), True, 2, 2)),
    ("max pool 3x3/2 p1 1x64x112x112 fwd", lambda: pool_workload("max", (1, 64, 112, 112), False, 3, 2, 1)),
    ("avg pool 2x2/2 1x64x224x224 fwd+bwd", lambda: pool_workload("avg", (1, 64, 224, 224), True, 2, 2)),
    ("effnet stem 1x3x224x224 -> 32@3x3 s2 fwd", lambda: conv_workload(
        (1, 3, 224, 224), (32, 3, 3, 3), False, stride=2, padding="tf_same")),
    ("effnet stem 1x3x224x224 -> 32@3x3 s2 fwd+bwd", lambda: conv_workload(
        (1, 3, 224, 224), (32, 3, 3, 3), True, stride=2, padding="tf_same")),
    *((f"depthwise {c}x{n}x{n} {k}x{k} s{s} fwd", lambda c=c, n=n, k=k, s=s: _depthwise(c, n, k, s))
      for c, n, k, s in DEPTHWISE),
    *((f"depthwise {c}x{n}x{n} {k}x{k} s{s} fwd+bwd", lambda c=c, n=n, k=k, s=s: _depthwise(c, n, k, s, True))
      for c, n, k, s in DEPTHWISE_BACKWARD),
    *((f"pointwise {ci}->{co} 1x1 at {n}x{n} fwd", lambda ci=ci, co=co, n=n: _pointwise(ci, co, n))
      for ci, co, n in POINTWISE),
    *((f"pointwise {ci}->{co} 1x1 at {n}x{n} fwd+bwd", lambda ci=ci, co=co, n=n: _pointwise(ci, co, n, True))
      for ci, co, n in POINTWISE_BACKWARD),
    *((f"network {net} {'fwd+bwd' if bwd else 'fwd'}", lambda net=net, bwd=bwd: network_workload(net, bwd))
      for net in ("tinyvgg", "resnet18", "efficientnet_lite0") for bwd in (False, True)),
]


def _group(name: str) -> str:
    return next((g for g in ("depthwise", "pointwise", "network") if name.startswith(g)), "classic")


def geometric_mean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


def matmul_gflops(repeats: int) -> float:
    """NumPy's float32 matmul speed on the 1x64x112x112 forward's own shapes."""
    rng = np.random.default_rng(2)
    a = rng.standard_normal((128, 576), dtype=np.float32)
    b = rng.standard_normal((576, 112 * 112), dtype=np.float32)
    return 2 * a.shape[0] * a.shape[1] * b.shape[1] / median_time(lambda: a @ b, repeats) / 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--only", default="", help="run only the workloads whose name holds this")
    parser.add_argument("--worst", type=int, default=5, help="how many of the worst ratios to list")
    args = parser.parse_args()
    if torch is not None:
        torch.set_num_threads(2)
    peak = matmul_gflops(args.repeats)
    print(f"numpy float32 matmul: {peak:.1f} GFLOP/s "
          f"(OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')})")
    print(f"{'workload':46} {'engine ms':>10} {'torch ms':>9} {'ratio':>6} {'GFLOP/s':>8} {'% matmul':>8}")
    ratios: dict[str, float] = {}
    for name, make in WORKLOADS:
        if args.only not in name:
            continue
        try:
            ours, theirs, flops = make()
        except (ImportError, ValueError) as exc:  # e.g. a preset whose weights are not installed
            print(f"{name:46} skipped: {exc}")
            continue
        t_ours = median_time(ours, args.repeats)
        t_theirs = median_time(theirs, args.repeats) if theirs else float("nan")
        ratio = t_ours / t_theirs
        if theirs:
            ratios[name] = ratio
        gf = f"{flops / t_ours / 1e9:8.1f} {100 * flops / t_ours / 1e9 / peak:7.0f}%" if flops else ""
        print(f"{name:46} {t_ours * 1e3:10.2f} {t_theirs * 1e3:9.2f} {ratio:6.2f} {gf}", flush=True)
    if not ratios:
        return
    groups: dict[str, list[float]] = {}
    for name, r in ratios.items():
        groups.setdefault(_group(name), []).append(r)
    print(f"geometric mean engine/torch: {geometric_mean(list(ratios.values())):.2f} over "
          f"{len(ratios)} workloads; worst: {max(ratios.values()):.2f}")
    for group, rs in groups.items():
        print(f"  {group:10} geometric mean {geometric_mean(rs):.2f}, worst {max(rs):.2f} ({len(rs)} workloads)")
    print("worst workloads:")
    for name in sorted(ratios, key=ratios.__getitem__, reverse=True)[: args.worst]:
        print(f"  {ratios[name]:6.2f}  {name}")


if __name__ == "__main__":
    main()
