"""Interface text of what the API names by id lives in the front end, complete in both languages.

The API speaks English and stable ids (a network's name, a class's index, a layer's name and a
channel's index, a sample's name); ``static/js/i18n/<lang>/networks.js`` words each of them.
Every network, class, channel and sample ``/api/v1/networks`` and ``/api/v1/samples`` list has
its Korean entry, the English entries are the API's English word for word, and both tables
have the same keys, none for something the API no longer lists. The one exception is
EfficientNet-Lite0's 1000 ImageNet class names: published English names with no Korean list,
shown in English on a Korean page (and then marked ``lang="en"``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
DUMP = ("import en from './static/js/i18n/en.js'; import ko from './static/js/i18n/ko.js';"
        "process.stdout.write(JSON.stringify({ en, ko }));")
ENGLISH_ONLY_LABELS = {"efficientnet_lite0"}
"""Networks whose class names stay English in every language (the published ImageNet names)."""
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def tables() -> dict[str, dict[str, str]]:
    """Both language tables as the pages assemble them, read by node."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs node to read the i18n tables")
        pytest.skip("needs node")
    result = subprocess.run([node, "--input-type=module", "-e", DUMP], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    out: dict[str, dict[str, str]] = json.loads(result.stdout)
    return out


@pytest.fixture(scope="module")
def networks(client: TestClient) -> list[dict[str, Any]]:
    r = client.get("/api/v1/networks")
    assert r.status_code == 200
    out: list[dict[str, Any]] = r.json()["networks"]
    return out


@pytest.fixture(scope="module")
def samples(client: TestClient) -> list[dict[str, Any]]:
    r = client.get("/api/v1/samples")
    assert r.status_code == 200
    out: list[dict[str, Any]] = r.json()["samples"]
    return out


def _expected(networks: list[dict[str, Any]], samples: list[dict[str, Any]]) -> dict[str, str]:
    """Every key the tables must have, with the API's English for it."""
    numbered = "class {i}"
    keys = {"net.label.numbered": numbered}
    for net in networks:
        name = net["name"]
        keys[f"net.{name}.title"] = net["title"]
        keys[f"net.{name}.description"] = net["description"]
        labels = net["labels"]
        if name not in ENGLISH_ONLY_LABELS and labels != [numbered.format(i=i) for i in range(len(labels))]:
            keys.update({f"net.{name}.label.{i}": label for i, label in enumerate(labels)})
        for layer, names in net["channels"].items():
            keys.update({f"net.{name}.channel.{layer}.{i}": n for i, n in enumerate(names)})
    keys.update({f"sample.{s['name']}.title": s["title"] for s in samples})
    return keys


def _named(table: dict[str, str]) -> set[str]:
    """The keys that word an API id ("net.compare." is the comparison view's own text)."""
    return {k for k in table if k.startswith(("net.", "sample.")) and not k.startswith("net.compare.")}


def test_the_api_speaks_english_and_ids_only(networks: list[dict[str, Any]],
                                            samples: list[dict[str, Any]]) -> None:
    text = json.dumps({"networks": networks, "samples": samples}, ensure_ascii=False)
    assert not HANGUL.search(text)
    assert "_ko" not in text


def test_every_name_the_api_lists_has_its_korean_entry(
        tables: dict[str, dict[str, str]], networks: list[dict[str, Any]],
        samples: list[dict[str, Any]]) -> None:
    expected = _expected(networks, samples)
    missing = sorted(k for k in expected if not tables["ko"].get(k, "").strip())
    assert missing == [], "keys without Korean text"
    # Titles may read the same in Korean (AlexNet); descriptions and the rest are Korean.
    for key in expected:
        if not key.endswith(".title") and not re.search(r"\.label\.\d+$", key):
            assert HANGUL.search(tables["ko"][key]), key
    # The classes of the networks trained here, by index, and the edge filters' channels.
    for name in ("lenet5", "lenet5_1998", "tinyvgg"):
        assert {f"net.{name}.label.{i}" for i in range(10)} <= expected.keys()
    assert sum(k.startswith("net.edges.channel.") for k in expected) == 16 + 8
    assert tables["ko"]["net.tinyvgg.label.0"] == "원"
    assert tables["ko"]["net.edges.channel.bank.2"] == "90도 경계"
    assert tables["ko"]["sample.photo-cat.title"] == "고양이 (사진)"


def test_the_english_entries_are_the_apis_english_word_for_word(
        tables: dict[str, dict[str, str]], networks: list[dict[str, Any]],
        samples: list[dict[str, Any]]) -> None:
    expected = _expected(networks, samples)
    differ = {k: (tables["en"].get(k), v) for k, v in expected.items() if tables["en"].get(k) != v}
    assert differ == {}


def test_both_tables_have_the_same_keys_and_none_for_names_the_api_does_not_list(
        tables: dict[str, dict[str, str]], networks: list[dict[str, Any]],
        samples: list[dict[str, Any]]) -> None:
    assert _named(tables["en"]) == _named(tables["ko"])
    assert set(tables["en"]) == set(tables["ko"])
    assert _named(tables["en"]) == set(_expected(networks, samples))


def test_efficientnet_class_names_stay_english_in_every_language(
        tables: dict[str, dict[str, str]], networks: list[dict[str, Any]]) -> None:
    net = next(n for n in networks if n["name"] == "efficientnet_lite0")
    assert len(net["labels"]) == 1000
    for table in tables.values():
        assert not any(k.startswith("net.efficientnet_lite0.label.") for k in table)
