"""`workout cache [clear]`: where the rendered speech is kept, how much, and emptying it."""

from __future__ import annotations

import argparse

from player.errors import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        nargs="?",
        choices=("show", "clear"),
        default="show",
        help="show the cache (default) or clear it",
    )
    parser.add_argument("--clear", action="store_true", help="same as `workout cache clear`")


def run(args: argparse.Namespace) -> int:
    from player.speech.cache import cache_usage, clear_cache, human_size

    usage = cache_usage()
    if args.clear or args.action == "clear":
        removed = clear_cache()
        print(
            f"Removed {removed} clips ({human_size(usage.bytes + usage.kept_bytes)}) "
            f"from {usage.directory.parent}"
        )
        return EXIT_OK
    print(f"speech cache: {usage.directory}")
    print(f"clips:        {usage.clips}")
    print(f"size:         {human_size(usage.bytes)}")
    if usage.kept_bytes:
        kept = human_size(usage.kept_bytes)
        print(f"measured:     {kept} (the clips' loudness, mixed stretches)")
    if usage.clips:
        print("(`workout cache clear` empties it; clips are rendered again when needed)")
    return EXIT_OK
