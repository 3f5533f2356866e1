"""`workout config [show | get KEY | set KEY VALUE | path]`: the settings file, read and changed."""

from __future__ import annotations

import argparse

from player.errors import EXIT_OK, UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        nargs="?",
        choices=("show", "get", "set", "path"),
        default="show",
        help="show every setting (default), get KEY, set KEY VALUE, or the file's path",
    )
    parser.add_argument("key", nargs="?", metavar="KEY", help="a setting, e.g. play.rate")
    parser.add_argument("value", nargs="?", metavar="VALUE", help="its new value (for set)")


def run(args: argparse.Namespace) -> int:
    from player import settings as config

    path = config.settings_file()
    if args.action == "path":
        print(path)
        return EXIT_OK
    if args.action == "show":
        if args.key:
            raise UsageError("`workout config show` takes no KEY; `workout config get KEY` does")
        current = config.load()
        where = path if path.exists() else f"{path} (not written yet: these are the defaults)"
        print(f"# {where}")
        table = ""
        for info in config.every_key():
            name = info.name.split(".")[0]
            if name != table:
                table = name
                print(f"\n[{table}]")
            value = config.value_of(current, info.name)
            changed = "" if value == info.default else "   # changed"
            print(f"{info.name.split('.')[1]} = {config.toml_value(value)}{changed}")
        return EXIT_OK
    if not args.key:
        raise UsageError(f"`workout config {args.action}` needs a KEY, e.g. play.rate")
    info = config.key_info(args.key)
    if args.action == "get":
        if args.value is not None:
            raise UsageError("`workout config get` takes one KEY; to change it, use set")
        print(config.toml_value(config.value_of(config.load(), info.name)).strip('"'))
        return EXIT_OK
    if args.value is None:
        raise UsageError(f"`workout config set {args.key}` needs a VALUE")
    value = config.parse_value(info.name, args.value)
    config.set_value(info.name, value)
    print(f"{info.name} = {config.toml_value(value)}  ({path})")
    return EXIT_OK
