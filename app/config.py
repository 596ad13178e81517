"""Every limit of the server, named, with its default and its environment variable.

Each field of :class:`Settings` is overridable by ``CNNVIS_<FIELD NAME IN CAPITALS>``
(``CNNVIS_MAX_MACS=50000000``); ``CNNVIS_ALLOWED_ORIGINS`` is a comma-separated list.
Values are read once, when the app is created; a bad value stops the server at
start-up with a sentence naming the variable.

This module imports nothing heavy, so the command line can validate settings
before NumPy is loaded.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any
from urllib.parse import urlsplit

ENV_PREFIX = "CNNVIS_"


DEFAULT_PORTS = {"http": 80, "https": 443}


def _limit(default: float | tuple[str, ...], doc: str) -> Any:
    """A settings field with its documentation kept beside the default."""
    return field(default=default, metadata={"doc": doc})


def normal_origin(text: str) -> str:
    """An origin as browsers send it in ``Origin``: ``https://example.org[:port]``, lower case.

    Raises:
        ValueError: anything but a scheme (http or https), a host and maybe a port.
    """
    raw = text.strip().rstrip("/")
    try:
        parts = urlsplit(raw.lower())
        port = parts.port
    except ValueError:
        parts, port = None, None
    if (parts is None or parts.scheme not in DEFAULT_PORTS or not parts.hostname
            or parts.path or parts.query or parts.fragment or parts.username is not None):
        raise ValueError(f"an allowed origin is a scheme, a host and maybe a port, such as "
                         f"https://example.org or http://localhost:3000; got {text.strip()[:64]!r}")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if port is None or port == DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def parse_origins(text: str | Iterable[str]) -> tuple[str, ...]:
    """Origins from a comma-separated string (or a list), normalised by :func:`normal_origin`."""
    items = text.split(",") if isinstance(text, str) else list(text)
    return tuple(dict.fromkeys(normal_origin(item) for item in items if item.strip()))


@dataclass(frozen=True)
class Settings:
    """The server's limits. Every request is bounded by them before any work starts."""

    max_body_bytes: int = _limit(
        16 * 2**20, "Largest request body (JSON or multipart) in bytes; above it: 413."
    )
    max_upload_bytes: int = _limit(8 * 2**20, "Largest uploaded image file in bytes.")
    max_image_pixels: int = _limit(
        4096 * 4096, "Most pixels (width x height) an uploaded image may declare; bombs are refused."
    )
    max_tensor_elements: int = _limit(
        2**20, "Most numbers in any one tensor of a request or an answer (1,048,576)."
    )
    max_macs: int = _limit(
        200_000_000, "Most multiply-adds (or window comparisons) one request may cost."
    )
    max_work_elements: int = _limit(
        16 * 2**20,
        "Most numbers in the engine's temporary arrays for one request (padded input, im2col columns).",
    )
    max_network_macs: int = _limit(
        13_000_000_000,
        "Most multiply-adds of one pass through a preset network (a backward pass counts three "
        "times); the default lets every preset run both ways.",
    )
    max_explain_macs: int = _limit(
        60_000_000_000,
        "Most multiply-adds of one explanation (every pass it makes; a backward counts three "
        "times): e.g. EfficientNet-Lite0's integrated gradients with 32 steps cost 40 billion.",
    )
    max_train_steps: int = _limit(1000, "Most steps one /api/v1/train request may ask for.")
    train_concurrency: int = _limit(
        2, "Training streams running at once per worker; more are answered 503 (try again later)."
    )
    max_feature_images: int = _limit(
        16, "Most images one /api/v1/networks/{name}/features request may send (their passes "
            "together also count against CNNVIS_MAX_NETWORK_MACS)."
    )
    max_head_examples: int = _limit(
        200, "Most feature vectors (photos) one /api/v1/heads/train request may train on."
    )
    max_head_classes: int = _limit(10, "Most classes a head (/api/v1/heads/train) may tell apart.")
    max_head_epochs: int = _limit(500, "Most epochs one /api/v1/heads/train request may ask for.")
    max_head_macs: int = _limit(
        4_000_000_000,
        "Most multiply-adds of one head training (epochs x vectors x numbers per vector x classes "
        "x 3, forward and backward, plus the 2-D projection).",
    )
    max_layers: int = _limit(32, "Most layers in a network sent to /api/v1/shapes or /api/v1/networks.")
    max_trace_steps: int = _limit(
        4096, "Most sliding-window steps a trace (trace: true) may record."
    )
    max_stream_seconds: float = _limit(120.0, "Longest an NDJSON stream (training, layers) may run.")
    max_memory_bytes: int = _limit(
        2**30,
        "Memory a worker's network, explanation and training streams may hold at once, priced "
        "from their shapes before they start; a stream that does not fit is answered 503.",
    )
    heavy_concurrency: int = _limit(
        2, "Numerical requests computed at the same time per worker; the rest wait their turn."
    )
    max_url_bytes: int = _limit(8192, "Longest URL (path and query string) in bytes; above it: 414.")
    max_header_bytes: int = _limit(
        65536,
        "Most bytes of a request's headers (with its request line, as cnnvis serve reads them); "
        "above it: 431.",
    )
    allowed_origins: tuple[str, ...] = _limit(
        (),
        "Other sites whose pages may send compute requests (POST), comma-separated origins "
        "such as https://course.example.org; any other site's browser requests get 403.",
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(f.default, tuple):
                try:
                    object.__setattr__(self, f.name, parse_origins(value))
                except ValueError as exc:
                    raise ValueError(f"setting {f.name}: {exc}") from None
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError(f"setting {f.name} must be a positive number, got {value!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults overridden by the ``CNNVIS_*`` environment variables that are set.

        Raises:
            ValueError: a variable that is not a positive number of the right kind.
        """
        env = os.environ if environ is None else environ
        changes: dict[str, Any] = {}
        for f in fields(cls):
            name = env_name(f.name)
            raw = env.get(name)
            if raw is None or raw.strip() == "":
                continue
            if isinstance(f.default, tuple):
                try:
                    changes[f.name] = parse_origins(raw)
                except ValueError as exc:
                    raise ValueError(f"{name}: {exc}") from None
                continue
            kind = float if isinstance(f.default, float) else int
            try:
                value = kind(raw.strip())
            except ValueError:
                what = "a number" if kind is float else "a whole number"
                raise ValueError(f"{name} must be {what}, got {raw!r}") from None
            if not math.isfinite(value) or value <= 0:
                raise ValueError(f"{name} must be a positive, finite number, got {raw!r}")
            changes[f.name] = value
        return replace(cls(), **changes)


def env_name(field_name: str) -> str:
    """The environment variable of a setting: ``max_macs -> CNNVIS_MAX_MACS``."""
    return ENV_PREFIX + field_name.upper()


def default_text(default: Any) -> str:
    """A default as the README shows it: ``16,777,216``, ``120.0``, or ``none`` for an empty list."""
    if isinstance(default, tuple):
        return ", ".join(default) or "none"
    if isinstance(default, int):
        return f"{default:,}"
    return repr(default)


def describe() -> list[tuple[str, str, str]]:
    """``(environment variable, default, meaning)`` for every setting, for docs and tests."""
    return [(env_name(f.name), default_text(f.default), f.metadata["doc"])
            for f in fields(Settings)]
