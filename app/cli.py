"""The ``cnnvis`` command line: ``cnnvis serve``, and whatever other modules add.

A subcommand is a module exposing ``COMMAND = Command(...)``; list it in
:data:`COMMAND_MODULES` (one line) and ``cnnvis <name>`` exists. Without a
subcommand, ``cnnvis`` (and ``python -m app``) serves.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

COMMAND_MODULES: list[str] = [
    "app.commands.serve",
    "app.commands.train",
]
"""Modules that define a subcommand (``app.commands.train`` goes here)."""

DEFAULT_COMMAND = "serve"


@dataclass(frozen=True)
class Command:
    """A subcommand.

    Attributes:
        name: what follows ``cnnvis``.
        help: one line for ``cnnvis --help``.
        configure: adds the subcommand's arguments to its parser.
        run: does the work; returns the exit status.
    """

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def load_commands(modules: Sequence[str] = ()) -> list[Command]:
    """The ``COMMAND`` of every module in ``modules`` (default :data:`COMMAND_MODULES`)."""
    found = []
    for name in modules or COMMAND_MODULES:
        command = importlib.import_module(name).COMMAND
        assert isinstance(command, Command), f"{name}.COMMAND is not a Command"
        found.append(command)
    return found


def build_parser(commands: Sequence[Command]) -> argparse.ArgumentParser:
    """``cnnvis`` with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="cnnvis",
        description="cnnvis: a CNN visualizer that teaches by computing.",
        epilog=f"Without a command, cnnvis runs `{DEFAULT_COMMAND}`.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in commands:
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        command.configure(child)
        child.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default ``sys.argv[1:]``) and run the chosen command."""
    args_in = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(load_commands())
    if not args_in:
        args_in = [DEFAULT_COMMAND]
    args = parser.parse_args(args_in)
    if getattr(args, "run", None) is None:
        parser.print_help()
        return 2
    try:
        status: int = args.run(args)
    except ValueError as exc:  # a bad setting or argument: a sentence, not a traceback
        parser.exit(2, f"cnnvis {args.command}: {exc}\n")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
