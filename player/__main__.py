"""Lets `python -m player` run the `workout` command."""

from player.cli import main

raise SystemExit(main())
