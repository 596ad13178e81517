"""Subcommands of ``cnnvis``, one module each, listed in ``app.cli.COMMAND_MODULES``."""
