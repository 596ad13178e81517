"""EfficientNet-Lite0 with its published weights: the structure, the safe loader, real photos,
and (with the optional torch oracle) every layer against the same network written in PyTorch."""

from __future__ import annotations

import io
import pickle
import struct
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest

from engine.network import passes, presets
from engine.network.presets import efficientnet_lite0 as eff
from engine.network.torch_legacy import LegacyFileError, read_state_dict, sha256_of

NAME = "efficientnet_lite0"
needs_weights = pytest.mark.skipif(eff.unavailable() is not None,
                                   reason=f"EfficientNet-Lite0 unavailable: {eff.unavailable()}")


def test_the_blocks_follow_the_papers_stage_table() -> None:
    stages = {}
    for b in eff.BLOCKS:
        stages.setdefault(b.stage, []).append(b)
    assert len(eff.BLOCKS) == 16
    table = [(len(bs), bs[0].kernel, bs[0].stride, bs[0].out_ch) for _, bs in sorted(stages.items())]
    assert table == [(1, 3, 1, 16), (2, 3, 2, 24), (2, 5, 2, 40), (3, 3, 2, 80), (3, 5, 1, 112),
                     (4, 5, 2, 192), (1, 3, 1, 320)]
    assert [b.expand for b in eff.BLOCKS] == [1] + [6] * 15
    # The input is added back exactly where the stride is 1 and the channels stay.
    assert [b.index for b in eff.BLOCKS if b.skip] == [3, 5, 7, 8, 10, 11, 13, 14, 15]


def test_shapes_end_in_1000_classes_through_7x7x1280() -> None:
    p = presets.get(NAME)
    layers = {layer.name: layer for layer in p.summary.layers}
    assert layers["stem"].output_shape == (32, 112, 112)
    assert layers["head"].output_shape == (1280, 7, 7)
    assert p.summary.layers[-1].output_shape == (1000,)


@needs_weights
def test_every_number_in_the_file_has_its_place() -> None:
    """4,694,024 numbers: the parameters the summary counts plus batch norm's running statistics."""
    state = read_state_dict(eff.weights_file(), eff.SHA256)
    assert sum(a.size for a in state.values()) == 4_694_024
    running = sum(a.size for k, a in state.items() if k.endswith(("running_mean", "running_var")))
    assert presets.get(NAME).summary.params == 4_694_024 - running == 4_652_008
    model = presets.load(NAME)
    for key, value in eff.params().items():
        assert model.params[key].shape == value.shape, key


@needs_weights
@pytest.mark.parametrize(("photo", "label"), [("china.jpg", "palace"), ("flower.jpg", "daisy")])
def test_real_photos_get_their_published_labels(photo: str, label: str) -> None:
    datasets = pytest.importorskip("sklearn.datasets")
    img = datasets.load_sample_image(photo)
    p = presets.get(NAME)
    x, steps = p.preprocess(img)
    assert x.shape == (1, 3, 224, 224) and x.dtype == np.float32
    assert -1.0 <= x.min() and x.max() <= 1.0  # (v - 127) / 128 of 0..255
    assert [s["name"] for s in steps][-1] == "normalise"
    top = passes.predict(presets.load(NAME), x).top
    assert top[0][1] == label
    assert 0.2 < top[0][2] < 0.6  # PyTorch with the same weights: palace 0.31, daisy 0.36


# -- the loader refuses what a state dict never needs ------------------------------------------

def _legacy_file(path: Path, state_pickle: bytes, keys: list[str], data: list[np.ndarray]) -> None:
    """A legacy file written by hand: magic, protocol, facts, ``state_pickle``, keys, raw data."""
    out = io.BytesIO()
    for obj in (0x1950A86A20F9469CFC6C, 1001, {"little_endian": True, "protocol_version": 1001}):
        pickle.dump(obj, out, protocol=2)
    out.write(state_pickle)
    pickle.dump(keys, out, protocol=2)
    for a in data:
        out.write(struct.pack("<q", a.size))
        out.write(a.astype("<f4").tobytes())
    path.write_bytes(out.getvalue())


class _Evil:
    def __reduce__(self) -> tuple:
        import os
        return (os.system, ("echo owned",))


def test_a_pickle_that_asks_for_anything_else_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "evil.pth"
    _legacy_file(path, pickle.dumps(OrderedDict(x=_Evil()), protocol=2), [], [])
    with pytest.raises(LegacyFileError, match=r"asks to load (posix|os)\.system.*refusing"):
        read_state_dict(path, None)


def test_a_file_with_another_hash_is_not_unpickled(tmp_path: Path) -> None:
    path = tmp_path / "other.pth"
    _legacy_file(path, pickle.dumps(OrderedDict(x=_Evil()), protocol=2), [], [])
    with pytest.raises(LegacyFileError, match="not the pinned"):
        read_state_dict(path, eff.SHA256)
    assert len(sha256_of(path)) == 64


def test_a_hand_written_state_dict_reads_back_with_views_and_strides(tmp_path: Path) -> None:
    """The format as the recipe describes it, built without torch: a 2x3 tensor and its transpose."""
    torch_utils, storage_ref = "torch._utils\n_rebuild_tensor_v2\n", "torch\nFloatStorage\n"
    # Protocol-2 pickle by hand: OrderedDict([("a", rebuild(pid, 0, (2, 3), (3, 1))),
    #                                          ("b", rebuild(pid, 0, (3, 2), (1, 3)))])
    pid = b"(X\x07\x00\x00\x00storagec" + storage_ref.encode() + b"X\x01\x00\x00\x000X\x03\x00\x00\x00cpuK\x06Nt" + b"Q"

    def tensor(size: tuple[int, int], stride: tuple[int, int]) -> bytes:
        def pair(a: tuple[int, int]) -> bytes:
            return b"(K" + bytes([a[0]]) + b"K" + bytes([a[1]]) + b"t"

        return (b"c" + torch_utils.encode() + b"(" + pid + b"K\x00" + pair(size) + pair(stride)
                + b"\x89" + b"ctorch\nFloatStorage\n" + b"tR")

    # ... the rebuild takes (storage, offset, size, stride, requires_grad, hooks); the 6th
    # argument here is a harmless global the loader admits (it is ignored).
    body = (b"\x80\x02ccollections\nOrderedDict\n)R" + b"X\x01\x00\x00\x00a" + tensor((2, 3), (3, 1))
            + b"sX\x01\x00\x00\x00b" + tensor((3, 2), (1, 3)) + b"s.")
    data = np.arange(6, dtype=np.float32)
    path = tmp_path / "tiny.pth"
    _legacy_file(path, body, ["0"], [data])
    out = read_state_dict(path, None)
    np.testing.assert_array_equal(out["a"], data.reshape(2, 3))
    np.testing.assert_array_equal(out["b"], data.reshape(2, 3).T)


def test_trailing_bytes_or_a_short_storage_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "short.pth"
    body = pickle.dumps(OrderedDict(), protocol=2)
    _legacy_file(path, body, [], [])
    path.write_bytes(path.read_bytes() + b"extra")
    with pytest.raises(LegacyFileError, match="bytes after"):
        read_state_dict(path, None)


# -- every layer against PyTorch (optional oracle) ---------------------------------------------

def _torch_layers(torch, state: dict, x):  # noqa: ANN001, ANN202
    """EfficientNet-Lite0 written plainly in PyTorch; outputs keyed by this engine's layer names."""
    Fn = torch.nn.functional

    def same(t, k: int, s: int):  # TensorFlow SAME: ceil(H / s) out, smaller half before
        h = t.shape[-1]
        out = -(-h // s)
        total = max((out - 1) * s + k - h, 0)
        return Fn.pad(t, (total // 2, total - total // 2, total // 2, total - total // 2))

    def conv(t, key: str, s: int = 1, groups: int = 1):
        w = state[key]
        return Fn.conv2d(same(t, w.shape[-1], s), w, stride=s, groups=groups)

    def bn(t, key: str):
        return Fn.batch_norm(t, state[key + ".running_mean"], state[key + ".running_var"],
                             state[key + ".weight"], state[key + ".bias"], False, 0.0, 1e-3)

    seen = {}
    t = conv(x, "_conv_stem.weight", 2)
    seen["stem"] = t
    t = bn(t, "_bn0")
    seen["stem_bn"] = t
    t = Fn.relu6(t)
    seen["stem_relu6"] = t
    for b in eff.BLOCKS:
        i, inp = b.index - 1, t
        pre = f"{b.name}."
        if b.expand != 1:
            t = conv(t, f"_blocks.{i}._expand_conv.weight")
            seen[pre + "expand"] = t
            t = bn(t, f"_blocks.{i}._bn0")
            seen[pre + "expand_bn"] = t
            t = Fn.relu6(t)
            seen[pre + "expand_relu6"] = t
        t = conv(t, f"_blocks.{i}._depthwise_conv.weight", b.stride, groups=t.shape[1])
        seen[pre + "dw"] = t
        t = bn(t, f"_blocks.{i}._bn1")
        seen[pre + "dw_bn"] = t
        t = Fn.relu6(t)
        seen[pre + "dw_relu6"] = t
        t = conv(t, f"_blocks.{i}._project_conv.weight")
        seen[pre + "project"] = t
        t = bn(t, f"_blocks.{i}._bn2")
        seen[pre + "project_bn"] = t
        if b.stride == 1 and inp.shape[1] == t.shape[1]:
            t = t + inp
        seen[b.name] = t  # the block's output: its projection, plus its input where added
    t = conv(t, "_conv_head.weight")
    seen["head"] = t
    t = Fn.relu6(bn(t, "_bn1"))
    seen["head_relu6"] = t
    t = t.mean(dim=(2, 3), keepdim=True)
    seen["pool"] = t
    t = Fn.linear(t.flatten(1), state["_fc.weight"], state["_fc.bias"])
    seen["fc"] = t
    seen["softmax1"] = Fn.softmax(t, dim=1)
    return seen


@needs_weights
def test_every_layer_matches_the_same_network_in_pytorch() -> None:
    torch = pytest.importorskip("torch")
    state = torch.load(eff.weights_file(), map_location="cpu", weights_only=True)
    rng = np.random.default_rng(224)
    x = rng.uniform(-1, 1, (1, 3, 224, 224)).astype(np.float32)
    with torch.no_grad():
        want = _torch_layers(torch, state, torch.from_numpy(x))
    compared = 0
    records = list(passes.forward_layers(presets.load(NAME), x))
    assert [r.name for r in records[:4]] == ["stem", "stem_bn", "stem_relu6", "b1"]
    assert [c.name for c in records[3].children] == ["b1.dw", "b1.dw_bn", "b1.dw_relu6",
                                                     "b1.project", "b1.project_bn"]
    assert [r.kind for r in records[3:19]] == ["residual" if b.skip else "group" for b in eff.BLOCKS]
    for record in [c for r in records for c in (*r.children, r)]:
        if record.name in want:
            ref = want[record.name].numpy().reshape(record.output.shape)
            scale = float(np.abs(ref).max()) or 1.0
            np.testing.assert_allclose(record.output, ref, atol=2e-4 * scale, rtol=1e-3,
                                       err_msg=record.name)
            compared += 1
    assert compared == len(want) == 3 + 16 + sum(8 if b.expand != 1 else 5 for b in eff.BLOCKS) + 5


def test_the_groups_cover_every_top_level_layer_once_in_order() -> None:
    p = presets.get(NAME)
    names = [g.name for g in p.groups]
    assert names == ["stem", *(f"stage{i}" for i in range(1, 8)), "head"]
    flat = [layer for g in p.groups for layer in g.layers]
    assert flat == [row.name for row in p.run_summary.layers]
    assert p.groups[3].facts == {"blocks": 2, "kernel": 5, "stride": 2, "channels": 40}
