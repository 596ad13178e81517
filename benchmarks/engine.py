"""Time the engine against PyTorch CPU on the workloads the issue names.

Usage::

    OPENBLAS_NUM_THREADS=2 python benchmarks/engine.py [--repeats 15]

Prints, per workload, the engine's and PyTorch's median time (after warm-up,
float32, 2 threads), their ratio, and the engine's GFLOP/s for convolutions
beside NumPy's own float32 matmul GFLOP/s. Without PyTorch only the engine's
times are printed. This is a measurement, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np

# Run as a script, this file's folder comes first on sys.path and its own name would hide
# the engine package: look in the repository instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from engine import functional as E  # noqa: E402

try:
    import torch
    import torch.nn.functional as F
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

        def theirs():
            out = F.conv2d(xt, wt, **kw)
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
]


def matmul_gflops(repeats: int) -> float:
    """NumPy's float32 matmul speed on the 1x64x112x112 forward's own shapes."""
    rng = np.random.default_rng(2)
    a = rng.standard_normal((128, 576), dtype=np.float32)
    b = rng.standard_normal((576, 112 * 112), dtype=np.float32)
    return 2 * a.shape[0] * a.shape[1] * b.shape[1] / median_time(lambda: a @ b, repeats) / 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    if torch is not None:
        torch.set_num_threads(2)
    peak = matmul_gflops(args.repeats)
    print(f"numpy float32 matmul: {peak:.1f} GFLOP/s")
    print(f"{'workload':42} {'engine ms':>10} {'torch ms':>9} {'ratio':>6} {'GFLOP/s':>8} {'% matmul':>8}")
    ratios = []
    for name, make in WORKLOADS:
        ours, theirs, flops = make()
        t_ours = median_time(ours, args.repeats)
        t_theirs = median_time(theirs, args.repeats) if theirs else float("nan")
        ratio = t_ours / t_theirs
        if theirs:
            ratios.append(ratio)
        gf = f"{flops / t_ours / 1e9:8.1f} {100 * flops / t_ours / 1e9 / peak:7.0f}%" if flops else ""
        print(f"{name:42} {t_ours * 1e3:10.2f} {t_theirs * 1e3:9.2f} {ratio:6.2f} {gf}")
    if ratios:
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print(f"geometric mean engine/torch: {geo:.2f}; worst: {max(ratios):.2f}")


if __name__ == "__main__":
    main()
