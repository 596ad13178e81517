"""Where ``templates/`` and ``static/`` are.

In the repository they live at the top, beside ``app/``; building the package maps
them into it as ``app/templates`` and ``app/static`` (see ``pyproject.toml``). So an
installed wheel finds them inside the package, and a checkout or an editable install
(``pip install -e .``, what the README uses) finds them at the repository root.
"""

from __future__ import annotations

from pathlib import Path

ASSET_DIRS = ("templates", "static")
PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """The directory holding ``templates/`` and ``static/``.

    Raises:
        RuntimeError: neither inside the installed package nor at the repository root.
    """
    for root in (PACKAGE_DIR, PACKAGE_DIR.parent):
        if all((root / name).is_dir() for name in ASSET_DIRS):
            return root
    raise RuntimeError(
        f"cnnvis cannot find its templates/ and static/ folders, neither in {PACKAGE_DIR} "
        f"(an installed wheel) nor in {PACKAGE_DIR.parent} (a repository checkout): "
        "reinstall it with `pip install .` or `pip install -e .` from the repository"
    )


ROOT = project_root()
TEMPLATES_DIR = ROOT / "templates"
STATIC_DIR = ROOT / "static"
