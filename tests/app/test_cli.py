"""The command line: `cnnvis serve --help`, `python -m app --help`, the subcommand registry."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import Command, build_parser, load_commands, main
from app.commands.serve import one_blas_thread


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60, check=False)


def test_python_m_app_help() -> None:
    r = run(sys.executable, "-m", "app", "--help")
    assert r.returncode == 0, r.stderr
    assert "serve" in r.stdout


def test_cnnvis_serve_help() -> None:
    script = Path(sys.executable).with_name("cnnvis")
    assert script.exists(), "install the package: pip install -e '.[test]'"
    r = run(str(script), "serve", "--help")
    assert r.returncode == 0, r.stderr
    for option in ("--host", "--port", "--workers"):
        assert option in r.stdout


def test_serve_defaults() -> None:
    args = build_parser(load_commands()).parse_args(["serve"])
    assert (args.host, args.port, args.workers) == ("127.0.0.1", 8000, 1)


def test_a_second_module_can_add_a_subcommand() -> None:
    seen: list[int] = []

    def configure(p: argparse.ArgumentParser) -> None:
        p.add_argument("--steps", type=int, default=3)

    demo = Command("demo", "a demonstration command", configure, lambda a: seen.append(a.steps) or 0)
    parser = build_parser([*load_commands(), demo])
    args = parser.parse_args(["demo", "--steps", "5"])
    assert args.run(args) == 0 and seen == [5]


def test_bad_setting_stops_serve_with_a_sentence(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CNNVIS_MAX_MACS", "many")
    with pytest.raises(SystemExit) as stop:
        main(["serve"])
    assert stop.value.code == 2
    assert "CNNVIS_MAX_MACS must be a whole number, got 'many'" in capsys.readouterr().err


def test_blas_threads_default_to_one_but_keep_the_users_choice() -> None:
    env = {"OMP_NUM_THREADS": "4"}
    one_blas_thread(env)
    assert env == {"OMP_NUM_THREADS": "4", "OPENBLAS_NUM_THREADS": "1"}
