"""The `workout` subcommands, one module each."""
