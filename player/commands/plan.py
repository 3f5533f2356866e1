"""`workout plan ROUTINE`: what the next session will be, and why (progression and check-ins)."""

from __future__ import annotations

import argparse

from player.errors import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("routine", help="a routine's name or path")


def run(args: argparse.Namespace) -> int:
    from player.history import open_history
    from player.history.checkins import past_sessions
    from player.levels import user_levels_of
    from player.progression import plan
    from player.routine import find_routine, load_library, load_routine
    from player.session.prepare import name_of
    from player.speech.installed import installed_languages
    from player.timeline.phrases import phrases_for

    loaded = load_routine(find_routine(args.routine), voice_languages=installed_languages())
    routine = user_levels_of(loaded.routine)
    name = name_of(routine)
    print(f"{routine.title} — the next session")
    if routine.progression is None:
        print("This routine does not progress (it has no `progression:`): every session is")
        print("as written, at your levels.")
        return EXIT_OK
    with open_history() as history:
        past = past_sessions(history, name)
    today = plan(routine, past, load_library())
    lights = ", ".join(light.value for light in today.lights) or "none yet"
    print(f"Finished sessions: {len(past)} (traffic lights, oldest first: {lights})")
    print(f"Why: {today.why}")
    print()
    phrases = phrases_for(routine.language)
    changed = {id(new): old for old, new in today.changed}
    rows = []
    for exercise in dict.fromkeys(today.routine.exercises()):
        dose = phrases.dosing(exercise.dosing, exercise.sides)
        old = changed.get(id(exercise))
        was = ""
        if old is not None:
            was = f"(last time: {old.name + ', ' if old.name != exercise.name else ''}"
            was += f"{phrases.dosing(old.dosing, old.sides)})"
        rows.append((exercise.name, dose, was))
    width = max(len(r[0]) for r in rows)
    for exercise_name, dose, was in rows:
        print(f"  {exercise_name:<{width}}  {dose}  {was}".rstrip())
    if today.notes:
        print()
        print("Said at the start: " + " ".join(f"“{n}”" for n in today.notes))
    return EXIT_OK
