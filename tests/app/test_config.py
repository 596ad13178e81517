"""Settings: named limits, defaults, CNNVIS_* overrides, and the README's table."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from app.config import Settings, default_text, describe, env_name, normal_origin

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_limit_has_a_default_and_a_doc() -> None:
    names = {f.name for f in fields(Settings)}
    assert {"max_body_bytes", "max_upload_bytes", "max_image_pixels", "max_tensor_elements",
            "max_macs", "max_layers", "max_trace_steps", "max_stream_seconds",
            "heavy_concurrency"} <= names
    assert all(doc for _, _, doc in describe())


def test_environment_overrides_the_defaults() -> None:
    s = Settings.from_env({"CNNVIS_MAX_MACS": "1_000", "CNNVIS_MAX_STREAM_SECONDS": "2.5",
                           "CNNVIS_HEAVY_CONCURRENCY": " 3 ", "CNNVIS_MAX_LAYERS": ""})
    assert (s.max_macs, s.max_stream_seconds, s.heavy_concurrency) == (1000, 2.5, 3)
    assert s.max_layers == Settings().max_layers


@pytest.mark.parametrize("name, value, sentence", [
    ("CNNVIS_MAX_MACS", "lots", "CNNVIS_MAX_MACS must be a whole number, got 'lots'"),
    ("CNNVIS_MAX_MACS", "1.5", "CNNVIS_MAX_MACS must be a whole number, got '1.5'"),
    ("CNNVIS_MAX_BODY_BYTES", "0", "CNNVIS_MAX_BODY_BYTES must be a positive, finite number"),
    ("CNNVIS_MAX_STREAM_SECONDS", "nan", "CNNVIS_MAX_STREAM_SECONDS must be a positive, finite"),
    ("CNNVIS_MAX_STREAM_SECONDS", "-1", "CNNVIS_MAX_STREAM_SECONDS must be a positive, finite"),
])
def test_bad_environment_values_are_sentences(name: str, value: str, sentence: str) -> None:
    with pytest.raises(ValueError, match="^" + sentence.replace(".", r"\.")):
        Settings.from_env({name: value})


def test_settings_reject_nonpositive_values() -> None:
    with pytest.raises(ValueError, match="setting max_macs must be a positive number"):
        Settings(max_macs=0)


def test_env_name() -> None:
    assert env_name("max_trace_steps") == "CNNVIS_MAX_TRACE_STEPS"


def test_readme_lists_every_setting_with_its_default() -> None:
    text = README.read_text(encoding="utf-8")
    for f in fields(Settings):
        # The settings table's row (prose elsewhere may name the variable too).
        row = next((line for line in text.splitlines()
                    if line.startswith("|") and f"`{env_name(f.name)}`" in line), None)
        assert row is not None, f"README.md does not list {env_name(f.name)}"
        assert f"| {default_text(f.default)} " in row or f"| {f.default} " in row, row


def test_allowed_origins_default_to_none() -> None:
    assert Settings().allowed_origins == ()
    assert Settings.from_env({}).allowed_origins == ()
    assert {name: default for name, default, _ in describe()}["CNNVIS_ALLOWED_ORIGINS"] == "none"


def test_allowed_origins_are_a_comma_separated_list_normalised() -> None:
    s = Settings.from_env({"CNNVIS_ALLOWED_ORIGINS":
                           " https://Course.Example.org/ , http://localhost:3000,,https://a.org:443"})
    assert s.allowed_origins == ("https://course.example.org", "http://localhost:3000",
                                 "https://a.org")
    assert Settings(allowed_origins=("http://[::1]:80",)).allowed_origins == ("http://[::1]",)


@pytest.mark.parametrize("value", ["example.org", "https://a.org/page", "ftp://a.org",
                                   "https://a.org:99999", "https://user@a.org", "*"])
def test_bad_allowed_origin_is_a_sentence_naming_the_variable(value: str) -> None:
    with pytest.raises(ValueError, match="^CNNVIS_ALLOWED_ORIGINS: an allowed origin is a scheme, "
                                         "a host and maybe a port"):
        Settings.from_env({"CNNVIS_ALLOWED_ORIGINS": value})


def test_normal_origin_drops_the_default_port_and_the_slash() -> None:
    assert normal_origin("HTTP://LocalHost:80/") == "http://localhost"
    assert normal_origin("http://localhost:8000") == "http://localhost:8000"


def test_url_and_header_limits_are_settings() -> None:
    s = Settings.from_env({"CNNVIS_MAX_URL_BYTES": "100", "CNNVIS_MAX_HEADER_BYTES": "2000"})
    assert (s.max_url_bytes, s.max_header_bytes) == (100, 2000)
