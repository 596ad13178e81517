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
