"""Every preset is built before the app takes its first request (no cold first request)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from engine import network


def test_the_app_starts_with_every_available_preset_built() -> None:
    with TestClient(create_app(Settings())) as client:
        built = client.app.state.presets_built  # type: ignore[attr-defined]
        assert client.get("/api/v1/health").status_code == 200
    available = {p.name for p in network.list_presets() if p.unavailable() is None}
    assert set(built) == available
    assert built[0] in ("efficientnet_lite0", "lenet5")  # the pages' default first
    # built means cached: loading again is the very same model object
    assert all(network.load(name) is network.load(name) for name in built)
