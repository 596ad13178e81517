"""cnnvis web app: the engine's layers as a REST API and the pages that show them.

``app.main`` builds the FastAPI application; importing this package stays light
(the command line sets thread variables before NumPy loads), so ``app`` and
``create_app`` are loaded on first use.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

try:
    __version__ = metadata.version("cnnvis")
except metadata.PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__", "app", "create_app"]


def __getattr__(name: str) -> Any:
    if name in ("app", "create_app"):
        from . import main

        return getattr(main, name)
    raise AttributeError(f"module 'app' has no attribute {name!r}")
