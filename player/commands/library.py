"""`workout` with no arguments: the library screen (pick a routine, a quick break, history)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`workout` alone has no options of its own."""


def run(args: argparse.Namespace) -> int:
    from player.tui.app import run_library

    return run_library()
