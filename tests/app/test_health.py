"""GET /api/v1/health."""

from __future__ import annotations

import numpy as np
from fastapi.testclient import TestClient

from app import __version__


def test_health_answers_ok(client: TestClient) -> None:
    r = client.get("/api/v1/health")
    assert r.status_code == 200
    body = r.json()
    assert body.pop("passes_stopped") >= 0
    assert body == {"status": "ok", "version": __version__, "memory_used": 0,
                    "engine": {"numpy": np.__version__, "dtypes": ["float32", "float64"]}}
