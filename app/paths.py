"""Where ``templates/`` and ``static/`` are.

They live at the top of the repository, beside ``app/``. An editable install
(``pip install -e .``, what the README uses) finds them there; a regular
install finds them in the working directory (the Docker image runs from the
copied repository).
"""

from __future__ import annotations

from pathlib import Path

ASSET_DIRS = ("templates", "static")


def project_root() -> Path:
    """The directory holding ``templates/`` and ``static/``.

    Raises:
        RuntimeError: neither beside the package nor in the working directory.
    """
    for root in (Path(__file__).resolve().parent.parent, Path.cwd()):
        if all((root / name).is_dir() for name in ASSET_DIRS):
            return root
    raise RuntimeError(
        "cnnvis cannot find its templates/ and static/ folders: install it with "
        "`pip install -e .` from the repository, or start it from the repository's folder"
    )


ROOT = project_root()
TEMPLATES_DIR = ROOT / "templates"
STATIC_DIR = ROOT / "static"
