"""JSON tensors <-> NumPy arrays: the only place that converts between them.

Two encodings, both row-major (C order):

- ``{"shape": [5, 5], "data": [25 numbers]}`` (``dtype`` optional),
- ``{"shape": [5, 5], "dtype": "float32", "encoding": "base64", "data": "..."}``,
  the little-endian bytes of the array in base64.

Everything is checked before an array is allocated: the shape's element count
against the limit (413), the data's length against the shape, finiteness and
the dtype's range (422). Answers use lists up to :data:`LIST_MAX_ELEMENTS`
numbers and base64 above, unless the request prefers one encoding.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import math
from typing import Annotated, Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import Discriminator, Field, Tag

from .errors import TooLarge
from .model import StrictModel

LIST_MAX_ELEMENTS = 4096
"""With ``encoding: "auto"``, answers up to this many numbers are JSON lists."""

MAX_AXES = 5
"""(N, C, D, H, W): no operation takes more axes."""

DType = Literal["float32", "float64"]
Encoding = Literal["auto", "list", "base64"]
Array = NDArray[np.floating]

Finite = Annotated[float, Field(allow_inf_nan=False)]
Size = Annotated[int, Field(ge=1, le=2**31)]
Shape = Annotated[list[Size], Field(min_length=1, max_length=MAX_AXES,
                                    description="Size of every axis, outermost first.")]


class ListTensor(StrictModel):
    """A tensor as a flat list of numbers, row-major."""

    shape: Shape
    data: list[Finite] = Field(description="prod(shape) finite numbers, row-major.")
    dtype: DType | None = Field(
        default=None, description="Defaults to the input's dtype (float64 for the input itself)."
    )
    encoding: Literal["list"] = "list"


class Base64Tensor(StrictModel):
    """A tensor as the base64 of its little-endian bytes, row-major."""

    shape: Shape
    dtype: DType
    encoding: Literal["base64"]
    data: str = Field(description="base64 of prod(shape) little-endian float32/float64 values.")


def _encoding_tag(value: Any) -> str:
    """Which tensor model a JSON object is: base64 if it says so, else a list."""
    if isinstance(value, dict):
        return "base64" if value.get("encoding") == "base64" else "list"
    return "base64" if getattr(value, "encoding", None) == "base64" else "list"


TensorIn = Annotated[
    Annotated[ListTensor, Tag("list")] | Annotated[Base64Tensor, Tag("base64")],
    Discriminator(_encoding_tag),
]
"""A tensor in a request: either encoding."""


class TensorOut(StrictModel):
    """A tensor in an answer."""

    shape: list[int]
    dtype: DType
    encoding: Literal["list", "base64"]
    data: list[float] | str = Field(
        description="A list of numbers, or base64 of the little-endian bytes (see encoding)."
    )


def shape_of(tensor: ListTensor | Base64Tensor) -> tuple[int, ...]:
    """The tensor's declared shape."""
    return tuple(tensor.shape)


def check_elements(shape: tuple[int, ...], name: str, max_elements: int) -> int:
    """Number of elements of ``shape``; :class:`TooLarge` above ``max_elements``."""
    count = math.prod(shape)
    if count > max_elements:
        dims = "x".join(map(str, shape))
        raise TooLarge(
            f"{name} of shape {dims} holds {count:,} numbers; the limit is {max_elements:,} "
            "per tensor (CNNVIS_MAX_TENSOR_ELEMENTS)"
        )
    return count


def decode(
    tensor: ListTensor | Base64Tensor, name: str, *, max_elements: int,
    dtype: np.dtype[Any] | str | None = None,
) -> Array:
    """The array a JSON tensor describes, checked before anything is allocated.

    Args:
        tensor: the validated request field.
        name: the field's name, for messages ("weight").
        max_elements: the element limit (413 above).
        dtype: dtype of a list tensor that names none (float64 if None): the input's.

    Returns:
        A writable, C-contiguous float32/float64 array of ``tensor.shape``.

    Raises:
        TooLarge: more elements than ``max_elements``.
        ValueError: data that does not fit the shape, bad base64, values out of range.
    """
    shape = shape_of(tensor)
    count = check_elements(shape, name, max_elements)
    if isinstance(tensor, Base64Tensor):
        return _from_base64(tensor, name, shape, count)
    kind = np.dtype(tensor.dtype or dtype or "float64")
    if len(tensor.data) != count:
        raise ValueError(
            f"{name}: shape {list(shape)} holds {count:,} numbers but data has {len(tensor.data):,}"
        )
    values = np.asarray(tensor.data, dtype=np.float64).reshape(shape)
    if kind == np.float32:
        limit = float(np.finfo(np.float32).max)
        if np.abs(values).max(initial=0.0) > limit:
            raise ValueError(f"{name} has values beyond float32's range (+-{limit:.4g})")
        return values.astype(np.float32)
    return values


def _from_base64(tensor: Base64Tensor, name: str, shape: tuple[int, ...], count: int) -> Array:
    """Decode a base64 tensor whose element count was checked already."""
    kind = np.dtype(tensor.dtype).newbyteorder("<")
    nbytes = count * kind.itemsize
    expected = 4 * math.ceil(nbytes / 3)
    if len(tensor.data) != expected:
        raise ValueError(
            f"{name}: shape {list(shape)} of {tensor.dtype} is {nbytes:,} bytes, which is "
            f"{expected:,} base64 characters, but data has {len(tensor.data):,}"
        )
    try:
        raw = base64.b64decode(tensor.data, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{name}: data is not valid base64") from None
    if len(raw) != nbytes:
        raise ValueError(f"{name}: data decodes to {len(raw):,} bytes, expected {nbytes:,}")
    values = np.frombuffer(raw, dtype=kind).astype(tensor.dtype).reshape(shape)
    if not np.isfinite(values).all():
        raise ValueError(f"{name} holds NaN or infinite values; every number must be finite")
    return values


def check_finite(array: Array, name: str) -> None:
    """Raise unless every computed value is finite (inputs too large overflow)."""
    if not np.isfinite(array).all():
        raise ValueError(
            f"the {name} overflowed {array.dtype}: the values are too large to compute with; "
            "scale the input or the kernel down"
        )


def encode(array: Array, encoding: Encoding = "auto") -> TensorOut:
    """A computed array as an answer tensor (lists when small, base64 when large)."""
    check_finite(array, "result")
    use_list = encoding == "list" or (encoding == "auto" and array.size <= LIST_MAX_ELEMENTS)
    dtype: DType = "float32" if array.dtype == np.float32 else "float64"
    if use_list:
        data: list[float] | str = array.astype(np.float64).ravel().tolist()
    else:
        little = np.ascontiguousarray(array, dtype=np.dtype(dtype).newbyteorder("<"))
        data = base64.b64encode(little.tobytes()).decode("ascii")
    return TensorOut(shape=list(array.shape), dtype=dtype,
                     encoding="list" if use_list else "base64", data=data)


def plain(value: Any) -> Any:
    """A frozen dataclass of arrays (the engine's trace) as JSON-ready nested lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f":
            check_finite(value, "trace")
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


FLOAT16_LIMIT = 65000.0
"""Maps whose magnitude stays below this may travel as float16."""

FLOAT16_SCALE_BELOW = 1.0 / 16
"""Float16 maps whose largest magnitude is below this travel scaled by a power of two."""

QUANTISE_ABOVE = 4096
"""Feature maps of more numbers than this travel as uint8, quantised per channel."""

QUANT_STEPS = 254
"""A uint8 map spans its range in this many steps; the spare step lets zero sit on the grid."""


def _half_scale(magnitude: float) -> float:
    """A power of two that lifts ``magnitude`` to [2^14, 2^15) (float16's top octaves), or 1.

    Gradients of a confident prediction are often 1e-7: as float16 they would be
    subnormal, a handful of levels. Divided by this exact power of two they keep
    float16's 11 significant bits, and multiplying back is exact.
    """
    if magnitude == 0.0 or magnitude >= FLOAT16_SCALE_BELOW:
        return 1.0
    return float(2.0 ** (math.floor(math.log2(magnitude)) - 14))


def _quantise(flat: Array) -> tuple[NDArray[np.uint8], list[float], list[float]]:
    """Rows ``(R, M)`` as uint8 codes with one ``offset`` and ``scale`` per row.

    value = offset + q * scale. The offset is a whole number of steps, so a zero (the
    ReLU's, a gradient's) decodes to exactly 0.0; the range still fits 0..255.
    """
    low = flat.min(axis=1, keepdims=True) if flat.size else np.zeros((flat.shape[0], 1))  # (R, 1)
    high = flat.max(axis=1, keepdims=True) if flat.size else low
    scale = (high - low) / QUANT_STEPS
    safe = np.where(scale > 0, scale, 1.0)
    offset = np.where(scale > 0, np.floor(low / safe) * safe, low)  # (R, 1) on the zero grid
    q = np.clip(np.rint((flat - offset) / safe), 0, 255).astype(np.uint8)  # (R, M)
    return q, offset[:, 0].astype(float).tolist(), scale[:, 0].astype(float).tolist()


def compact(array: Array, name: str = "map", per_channel: bool = False) -> dict[str, Any]:
    """A computed array for a stream, small on the wire, with its value range.

    Small arrays (and any that are not per-channel maps) travel as float16, 2 bytes a
    number, about 3 significant digits, when every value fits; arrays of tiny values
    add a power-of-two ``scale`` (value = half * scale) so they keep those digits.
    Feature maps ``(C, H, W)`` with ``per_channel`` and more than :data:`QUANTISE_ABOVE`
    numbers, and anything float16 cannot hold, travel as uint8, 1 byte a number:
    ``value = offset[c] + q * scale[c]`` with one ``offset`` and ``scale`` per channel
    (``axis`` 0), or one of each for the whole array; zero decodes exactly. ``min``
    and ``max`` are the exact float range either way.

    Args:
        array: any shape, finite.
        name: what it is, for the overflow sentence.
        per_channel: ``array`` is ``(C, H, W)`` maps; quantise each channel on its own range.

    Returns:
        ``{"shape", "dtype": "float16" | "uint8", "encoding": "base64", "data", "min", "max"}``
        (+ ``"scale"`` for scaled float16; ``"offset"``, ``"scale"`` and, per channel,
        ``"axis"`` for uint8), base64 of the little-endian bytes, row-major.
    """
    check_finite(array, name)
    a = np.ascontiguousarray(array)
    lo = float(a.min()) if a.size else 0.0
    hi = float(a.max()) if a.size else 0.0
    out: dict[str, Any] = {"shape": list(a.shape), "encoding": "base64", "min": lo, "max": hi}
    quantise = per_channel and a.ndim == 3 and a.size > QUANTISE_ABOVE
    magnitude = max(abs(lo), abs(hi))
    if not quantise and magnitude < FLOAT16_LIMIT:
        scale = _half_scale(magnitude)
        halves = (a / scale if scale != 1.0 else a).astype("<f2")
        out["dtype"] = "float16"
        out["data"] = base64.b64encode(halves.tobytes()).decode("ascii")
        if scale != 1.0:
            out["scale"] = scale
        return out
    flat = a.reshape(a.shape[0], -1) if quantise else a.reshape(1, -1)  # (C, H*W) or (1, size)
    q, offsets, scales = _quantise(flat)
    out.update(dtype="uint8", data=base64.b64encode(q.tobytes()).decode("ascii"))
    if quantise:
        out.update(axis=0, offset=offsets, scale=scales)
    else:
        out.update(offset=offsets[0], scale=scales[0])
    return out
