"""``python -m app``: the ``cnnvis`` command line (serves when given no command)."""

from app.cli import main

raise SystemExit(main())
