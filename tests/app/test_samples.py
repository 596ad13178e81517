"""``/api/v1/samples``: every sample listed and served as a PNG of the size it claims."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from PIL import Image


def test_samples_are_listed_with_their_sizes_and_served_as_png(client: TestClient) -> None:
    listing = client.get("/api/v1/samples")
    assert listing.status_code == 200
    samples = listing.json()["samples"]
    kinds = {s["kind"] for s in samples}
    assert kinds == {"digit", "shape", "photo"}
    assert sorted(s["label"] for s in samples if s["kind"] == "digit") == list(range(10))
    for s in samples:
        r = client.get(s["url"])
        assert r.status_code == 200 and r.headers["content-type"] == "image/png"
        with Image.open(io.BytesIO(r.content)) as im:
            assert (im.width, im.height) == (s["width"], s["height"])
            assert len(im.getbands()) == s["channels"]


def test_sample_digits_are_classified_as_their_label_by_lenet5(client: TestClient) -> None:
    png = client.get("/api/v1/samples/digit-7.png").content
    r = client.post("/api/v1/networks/lenet5/forward", files={"file": ("d.png", png, "image/png")})
    done = [line for line in r.text.splitlines() if '"type":"done"' in line.replace(" ", "")]
    assert '"index":7' in done[0].replace(" ", "").split('"top":[')[1].split("}")[0]


def test_unknown_sample_is_404_with_a_sentence(client: TestClient) -> None:
    r = client.get("/api/v1/samples/nothing.png")
    assert r.status_code == 404
    assert "no sample named" in r.json()["detail"]
