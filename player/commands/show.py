"""`workout show ROUTINE`: the spoken script with timestamps, or the timeline as JSON."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from player.errors import EXIT_OK

if TYPE_CHECKING:
    from player.routine.model import Routine
    from player.timeline.model import Timeline


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from player.options import add_script_flags

    parser.add_argument("routine", metavar="ROUTINE", help="a routine file or a routine's name")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: the script as `mm:ss.s  kind  text` lines (default); json: the timeline",
    )
    add_script_flags(parser)
    parser.add_argument(
        "--familiar",
        action="store_true",
        help="the learned script: what someone who has done every exercise often hears",
    )


def duration_source(routine: Routine) -> Callable[[str], float]:
    """How long each phrase takes to say: the rendered clip's length where the speech cache
    has it, the calibrated espeak-ng estimate where it does not."""
    from player.speech import real_duration_of
    from player.timeline.estimate import estimated_duration_of

    return real_duration_of(routine, fallback=estimated_duration_of(routine))


def script_lines(timeline: Timeline) -> list[str]:
    """The script as `mm:ss.s  kind  text` lines, the end last.

    A tone is shown as `[tick]`; a tone and a line of the same kind shown at the same time
    share one line (`3  [tick]`).
    """
    from player.routine.durations import format_script_time

    merged: dict[tuple[str, str], list[str]] = {}
    for cue in timeline.cues:
        said = cue.text if cue.text is not None else f"[{cue.tone}]"
        parts = merged.setdefault((format_script_time(cue.at), str(cue.kind)), [])
        if cue.text is not None:
            parts.insert(sum(1 for part in parts if not part.startswith("[")), said)
        else:
            parts.append(said)
    width = max((len(kind) for _, kind in merged), default=3)
    lines = [f"{at}  {kind:<{width}}  {'  '.join(parts)}" for (at, kind), parts in merged.items()]
    lines.append(f"{format_script_time(timeline.total)}  end")
    return lines


def _time(value: float) -> float:
    return round(value, 3)


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    """The timeline as the JSON `workout show --format json` prints (docs/timeline.md)."""
    return {
        "total": _time(timeline.total),
        "language": timeline.language,
        "segments": [
            {
                "start": _time(s.start),
                "end": _time(s.end),
                "kind": str(s.kind),
                "section": s.section,
                "exercise": s.exercise,
                "exercise_index": s.occurrence,  # the JSON keeps its documented name
                "set": s.set,
                "side": None if s.side is None else str(s.side),
                "rep": s.rep,
                "round": s.round,
            }
            for s in timeline.segments
        ],
        "cues": [
            {
                "at": _time(c.at),
                "kind": str(c.kind),
                "text": c.text,
                "tone": None if c.tone is None else str(c.tone),
                "duration": _time(c.duration),
                "priority": c.priority.name.lower(),
            }
            for c in timeline.cues
        ],
        "warnings": list(timeline.warnings),
        "notes": list(timeline.notes),
        "movement": round(timeline.movement_share(), 3),
    }


def run(args: argparse.Namespace) -> int:
    from player.options import options_of
    from player.routine import find_routine, load_routine
    from player.routine.durations import format_script_time
    from player.speech.installed import installed_languages
    from player.timeline.compile import Verbosity, compile_timeline, everything_familiar

    loaded = load_routine(find_routine(args.routine), voice_languages=installed_languages())
    routine = loaded.routine
    verbosity = options_of(args, settings=False).verbosity
    familiar: frozenset[str] = frozenset()
    if args.familiar:
        verbosity, familiar = Verbosity.AUTO, everything_familiar(routine)
    timeline = compile_timeline(
        routine, duration_source(routine), verbosity=verbosity, familiar=familiar
    )
    if args.format == "json":
        import json

        print(json.dumps(timeline_json(timeline), indent=2, ensure_ascii=False))
    else:
        said = "familiar" if args.familiar else verbosity
        movement = f"movement {timeline.movement_share():.0%}".replace("%", " %")
        print(f"# {routine.title} ({format_script_time(timeline.total)}, {said}, {movement})")
        print("\n".join(script_lines(timeline)))
        for problem in loaded.warnings:
            print(f"warning: {problem}", file=sys.stderr)
        for warning in timeline.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        for note in timeline.notes:
            print(f"note: {note}", file=sys.stderr)
    return EXIT_OK
