"""app.tensors: JSON tensors to arrays and back, checked before allocating."""

from __future__ import annotations

import base64
from dataclasses import dataclass

import numpy as np
import pytest

from app.errors import TooLarge
from app.tensors import (
    LIST_MAX_ELEMENTS,
    Base64Tensor,
    ListTensor,
    compact,
    decode,
    encode,
    plain,
)


def test_list_tensor_round_trip() -> None:
    t = ListTensor(shape=[2, 3], data=[1, 2, 3, 4, 5, 6])
    a = decode(t, "input", max_elements=100)
    assert a.dtype == np.float64 and a.shape == (2, 3) and a.flags.writeable
    out = encode(a)
    assert (out.encoding, out.shape, out.data) == ("list", [2, 3], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_base64_is_little_endian_and_exact(dtype: str) -> None:
    a = np.random.default_rng(1).standard_normal((3, 4)).astype(dtype)
    raw = a.astype(np.dtype(dtype).newbyteorder("<")).tobytes()
    t = Base64Tensor(shape=[3, 4], dtype=dtype, encoding="base64",  # type: ignore[arg-type]
                     data=base64.b64encode(raw).decode())
    got = decode(t, "input", max_elements=100)
    assert got.dtype == np.dtype(dtype) and got.flags.writeable
    np.testing.assert_array_equal(got, a)
    out = encode(got, "base64")
    assert out.encoding == "base64" and base64.b64decode(str(out.data)) == raw


def test_auto_encoding_switches_to_base64_above_the_threshold() -> None:
    assert encode(np.zeros(LIST_MAX_ELEMENTS)).encoding == "list"
    assert encode(np.zeros(LIST_MAX_ELEMENTS + 1)).encoding == "base64"
    assert encode(np.zeros(LIST_MAX_ELEMENTS + 1), "list").encoding == "list"


def test_list_tensor_takes_the_given_default_dtype() -> None:
    t = ListTensor(shape=[2], data=[1.5, 2.5])
    assert decode(t, "weight", max_elements=10, dtype=np.dtype(np.float32)).dtype == np.float32


def test_element_limit_is_checked_before_the_data() -> None:
    t = ListTensor(shape=[2**31, 2**31], data=[1.0])
    with pytest.raises(TooLarge, match="holds 4,611,686,018,427,387,904 numbers"):
        decode(t, "input", max_elements=1000)


def test_encode_refuses_non_finite_results() -> None:
    with pytest.raises(ValueError, match="overflowed float32"):
        encode(np.array([np.inf], dtype=np.float32))


@dataclass(frozen=True)
class Step:
    window: np.ndarray
    total: np.float64
    where: tuple[int, int]


def test_plain_turns_a_trace_into_lists() -> None:
    step = Step(np.arange(4.0).reshape(2, 2), np.float64(6.0), (0, 1))
    assert plain(step) == {"window": [[0.0, 1.0], [2.0, 3.0]], "total": 6.0, "where": [0, 1]}


def _decoded(t: dict[str, object]) -> np.ndarray:
    raw = base64.b64decode(str(t["data"]))
    shape = list(t["shape"])  # type: ignore[call-overload]
    if t["dtype"] == "float16":
        return np.frombuffer(raw, "<f2").astype(np.float64).reshape(shape) * float(t.get("scale", 1.0))  # type: ignore[arg-type]
    q = np.frombuffer(raw, np.uint8).astype(np.float64).reshape(shape)
    offset, scale = np.asarray(t["offset"]), np.asarray(t["scale"])
    if t.get("axis") == 0:
        offset, scale = offset[:, None, None], scale[:, None, None]
    return offset + q * scale


def test_compact_keeps_three_digits_of_tiny_gradients() -> None:
    rng = np.random.default_rng(0)
    tiny = rng.standard_normal((4, 5)) * 1e-7  # a confident prediction's gradients
    t = compact(tiny)
    assert t["dtype"] == "float16" and t["scale"] == 2.0 ** (np.floor(np.log2(np.abs(tiny).max())) - 14)
    np.testing.assert_allclose(_decoded(t), tiny, rtol=1e-3, atol=np.abs(tiny).max() * 1e-4)
    assert len(np.unique(_decoded(t))) == tiny.size
    plain_t = compact(np.array([0.5, -2.0]))
    assert "scale" not in plain_t and _decoded(plain_t).tolist() == [0.5, -2.0]


def test_compact_uint8_maps_decode_zero_exactly_and_stay_within_a_step() -> None:
    rng = np.random.default_rng(1)
    maps = rng.standard_normal((3, 40, 40))
    maps[:, :10] = 0.0  # exact zeros, as after a ReLU or for an unused gradient
    maps[1] = np.abs(maps[1]) + 3.0  # one channel that never reaches zero
    t = compact(maps, per_channel=True)
    assert t["dtype"] == "uint8" and t["axis"] == 0
    back = _decoded(t)
    assert np.all(back[0, :10] == 0.0) and np.all(back[2, :10] == 0.0)
    steps = np.asarray(t["scale"])[:, None, None]
    assert np.all(np.abs(back - maps) <= steps / 2 + 1e-12)
    assert (t["min"], t["max"]) == (maps.min(), maps.max())
