"""The wheel carries everything: built, installed in a fresh venv, served from an empty folder.

The repository is not on the server's path, so pages, ES modules and the API come from the
installed package alone (``app/templates``, ``app/static``). Dependencies are not downloaded:
the fresh venv sees this interpreter's site-packages through a ``.pth`` line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import venv
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.conftest import STARTUP_SECONDS, _free_port

setuptools = pytest.importorskip("setuptools", reason="building the wheel needs setuptools")

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "README.md", "app", "engine", "templates", "static")


def run(*args: str | Path, cwd: Path | None = None) -> None:
    r = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=180,
                       cwd=cwd, check=False)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the sources (no build/ left in the repository)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    # Built in pip's isolated build environment (a current setuptools from the package index,
    # which builds wheels by itself; the venv's own setuptools may be too old to).
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, src)
    (built,) = out.glob("cnnvis-*.whl")
    return built


def test_wheel_holds_every_package_and_the_assets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in setuptools.find_packages(ROOT, include=["app*", "engine*"]):
        assert f"{package.replace('.', '/')}/__init__.py" in names, (
            f"{package} is missing from [tool.setuptools] packages in pyproject.toml")
    for asset in ("templates", "static"):
        for file in (ROOT / asset).rglob("*"):
            if file.is_file() and "__pycache__" not in file.parts:
                assert f"app/{file.relative_to(ROOT).as_posix()}" in names


def test_installed_wheel_serves_pages_modules_and_api(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "-q", wheel)
    site = Path(subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    ours = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")}
    (site / "zz_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")

    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    where = subprocess.check_output(
        [python, "-c", "import app, engine; print(app.__file__); print(engine.__file__)"],
        cwd=empty, env=env, text=True).split()
    assert all(Path(f).is_relative_to(site) for f in where), where

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([env_dir / "bin" / "cnnvis", "serve", "--port", str(port),
                             "--log-level", "warning"], cwd=empty, env=env)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                httpx.get(base + "/api/v1/health", timeout=0.5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, "cnnvis serve stopped; see its output above"
                assert time.monotonic() < deadline, "cnnvis serve did not start"
                time.sleep(0.1)
        for path in ("/", "/maps", "/static/js/main.js", "/static/css/base.css",
                     "/api/v1/health"):
            r = httpx.get(base + path, timeout=10)
            assert r.status_code == 200, (path, r.status_code, r.text[:200])
        assert "javascript" in httpx.get(base + "/static/js/main.js").headers["content-type"]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
