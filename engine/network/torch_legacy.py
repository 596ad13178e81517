"""Reading a legacy-format PyTorch state dict (``.pth``) into NumPy, safely and without torch.

The legacy (pre-zip) format is five pickles in a row, then raw storage data:

1. a magic number, 2. the protocol version (1001), 3. a dict of system facts
(byte order, type sizes), 4. the state dict: an ``OrderedDict`` whose values are
``torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)``
calls, each storage a persistent id ``("storage", "FloatStorage", key, "cpu", numel, None)``,
5. the list of storage keys. Then, per key in that order, an int64 element count
and that many little-endian elements.

A pickle can run any code while it loads. :class:`_StateDictUnpickler` admits
only the four globals a state dict of tensors needs and refuses everything else
with a sentence, so nothing the file holds runs; the file's SHA-256 is checked
against a pinned value before any of it is unpickled.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["LegacyFileError", "read_state_dict", "sha256_of"]

MAGIC = 0x1950A86A20F9469CFC6C
PROTOCOL = 1001
_DTYPES = {"FloatStorage": np.dtype("<f4"), "LongStorage": np.dtype("<i8"),
           "DoubleStorage": np.dtype("<f8"), "IntStorage": np.dtype("<i4")}


class LegacyFileError(ValueError):
    """The file is not a legacy state dict of tensors we accept (a sentence says why)."""


@dataclass(frozen=True)
class _Storage:
    """A storage named in the state dict, filled in once the raw data is read."""

    key: str
    dtype: np.dtype
    numel: int


@dataclass(frozen=True)
class _TensorRef:
    """A tensor as the pickle describes it: a view ``(offset, size, stride)`` of a storage."""

    storage: _Storage
    offset: int
    size: tuple[int, ...]
    stride: tuple[int, ...]


def _rebuild_tensor_v2(storage: _Storage, offset: int, size: Any, stride: Any, *rest: Any) -> _TensorRef:
    """Stand-in for ``torch._utils._rebuild_tensor_v2``: records the view, builds nothing."""
    return _TensorRef(storage, int(offset), tuple(int(s) for s in size), tuple(int(s) for s in stride))


class _StorageType:
    """Stand-in for ``torch.FloatStorage`` and friends: only its name is used."""

    def __init__(self, name: str) -> None:
        self.name = name


_ALLOWED: dict[tuple[str, str], Callable[[], Any]] = {
    ("collections", "OrderedDict"): lambda: OrderedDict,
    ("torch._utils", "_rebuild_tensor_v2"): lambda: _rebuild_tensor_v2,
    **{("torch", name): (lambda n=name: _StorageType(n)) for name in _DTYPES},
}


class _StateDictUnpickler(pickle.Unpickler):
    """Admits only an ordered dict, the tensor rebuild function and the storage types."""

    def find_class(self, module: str, name: str) -> Any:
        make = _ALLOWED.get((module, name))
        if make is None:
            raise LegacyFileError(
                f"the weights file asks to load {module}.{name}, which a state dict of tensors "
                "never needs; refusing to read it")
        return make()

    def persistent_load(self, pid: Any) -> _Storage:
        ok = (isinstance(pid, tuple) and len(pid) >= 5 and pid[0] == "storage"
              and isinstance(pid[1], _StorageType) and isinstance(pid[2], str))
        if not ok:
            raise LegacyFileError(f"the weights file names a storage in an unknown form: {pid!r:.80}")
        return _Storage(pid[2], _DTYPES[pid[1].name], int(pid[4]))


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file, read in 1 MiB pieces."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for piece in iter(lambda: f.read(1 << 20), b""):
            h.update(piece)
    return h.hexdigest()


def _load(f: io.BufferedIOBase) -> Any:
    return _StateDictUnpickler(f).load()


def read_state_dict(path: Path, sha256: str | None) -> dict[str, np.ndarray]:
    """The float tensors of a legacy ``.pth`` state dict, as NumPy arrays by key.

    Args:
        path: the file.
        sha256: the pinned hex digest; checked before anything is unpickled (None skips
            the check, for files made in tests).

    Returns:
        key -> array of the tensor's shape (float32 stays float32); integer tensors
        (batch norm's ``num_batches_tracked``) are left out.

    Raises:
        LegacyFileError: wrong hash, not the legacy format, a refused global, or data
            that does not match what the pickle describes.
    """
    if sha256 is not None:
        got = sha256_of(path)
        if got != sha256:
            raise LegacyFileError(
                f"{path.name} has SHA-256 {got[:16]}..., not the pinned {sha256[:16]}...; "
                "it is not the published file, so it is not read")
    data = path.read_bytes()
    f = io.BytesIO(data)
    try:
        if _load(f) != MAGIC:
            raise LegacyFileError(f"{path.name} is not a legacy PyTorch file (wrong magic number)")
        if _load(f) != PROTOCOL:
            raise LegacyFileError(f"{path.name} has a protocol version other than {PROTOCOL}")
        facts = _load(f)
        if not isinstance(facts, dict) or not facts.get("little_endian", False):
            raise LegacyFileError(f"{path.name} was not written little-endian")
        state = _load(f)
        keys = _load(f)
    except (pickle.UnpicklingError, EOFError, TypeError, AttributeError, IndexError) as exc:
        raise LegacyFileError(f"{path.name} could not be read as a state dict: {exc}") from None
    if not isinstance(state, OrderedDict) or not isinstance(keys, list):
        raise LegacyFileError(f"{path.name} does not hold a state dict followed by its storage keys")
    storages = _read_storages(data, f.tell(), keys, state, path.name)
    out: dict[str, np.ndarray] = {}
    for name, ref in state.items():
        if not isinstance(ref, _TensorRef):
            raise LegacyFileError(f"{path.name}: entry {name!r} is not a tensor")
        if ref.storage.dtype.kind != "f":
            continue
        flat = storages[ref.storage.key]
        itemsize = flat.itemsize
        need = ref.offset + sum((n - 1) * s for n, s in zip(ref.size, ref.stride)) + 1
        if min(ref.size, default=1) > 0 and need > flat.size:
            raise LegacyFileError(f"{path.name}: tensor {name!r} reaches past its storage")
        view = np.lib.stride_tricks.as_strided(
            flat[ref.offset:], ref.size, tuple(s * itemsize for s in ref.stride), writeable=False)
        out[name] = np.array(view, dtype=np.float32)
    return out


def _read_storages(data: bytes, at: int, keys: list[Any], state: OrderedDict,
                   name: str) -> dict[str, np.ndarray]:
    """Each storage's elements, in the order of ``keys``, from byte ``at`` of ``data``."""
    described = {ref.storage.key: ref.storage for ref in state.values() if isinstance(ref, _TensorRef)}
    out: dict[str, np.ndarray] = {}
    for key in keys:
        storage = described.get(key)
        if storage is None:
            raise LegacyFileError(f"{name}: storage {key!r} is listed but no tensor uses it")
        if at + 8 > len(data):
            raise LegacyFileError(f"{name} ends before storage {key!r}")
        count = int(np.frombuffer(data, "<i8", 1, at)[0])
        at += 8
        end = at + count * storage.dtype.itemsize
        if count != storage.numel or end > len(data):
            raise LegacyFileError(f"{name}: storage {key!r} holds {count} elements, not {storage.numel}")
        out[key] = np.frombuffer(data, storage.dtype, count, at)
        at = end
    if at != len(data):
        raise LegacyFileError(f"{name} has {len(data) - at} bytes after its last storage")
    return out
