"""The lab's output-size arithmetic (static/js/lib/labGeometry.js, the one front-end copy) agrees
with the engine's over many configurations: padding modes, kernels, strides, dilations."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from engine import shapes

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import { axisSize, padsFor } from "./static/js/lib/labGeometry.js";
const cases = JSON.parse(process.argv[1]);
console.log(JSON.stringify(cases.map(([mode, pad, size, k, s, d]) => {
  const pads = padsFor(mode, pad, k, d);
  const a = axisSize(size, pads, k, s, d);
  return [pads, a.ok ? a.out : 0];
})));
"""

CASES = [(mode, pad, size, k, s, d)
         for mode in ("valid", "same", "full", "number")
         for pad in ((0, 1, 2) if mode == "number" else (0,))
         for size, k, s, d in itertools.product((1, 3, 5, 8, 13), (1, 2, 3, 5), (1, 2, 3), (1, 2))]


def engine_answer(mode: str, pad: int, size: int, k: int, s: int, d: int) -> tuple[list[int], int]:
    if mode == "full":
        pads = ((d * (k - 1), d * (k - 1)),)
    elif mode == "number":
        pads = ((pad, pad),)
    else:
        pads = shapes.resolve_conv_padding(mode, (k,), (1,), (d,))  # same: as at stride 1
    try:
        (out,) = shapes.conv_output_shape((size,), (k,), (s,), pads, (d,))
    except ValueError:
        out = 0
    return list(pads[0]), out


def test_lab_geometry_agrees_with_the_engine() -> None:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs node")
        pytest.skip("needs node")
    r = subprocess.run([node, "--input-type=module", "-e", SCRIPT, json.dumps(CASES)], cwd=ROOT,
                       capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 0, r.stderr
    lab = json.loads(r.stdout)
    assert len(lab) == len(CASES) > 400
    for case, (pads, out) in zip(CASES, lab):
        assert (pads, out) == engine_answer(*case), case
