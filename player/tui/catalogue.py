"""What the library screen lists: one entry per bundled or user routine, and the filters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from player.i18n import N_
from player.routine.model import Kind, Routine

if TYPE_CHECKING:
    from player.routine.totals import RoutineTotals


class Length(StrEnum):
    """The length filter of the library screen."""

    ANY = N_("any length")
    SHORT = N_("up to 5 min")
    MEDIUM = N_("5–15 min")
    LONG = N_("over 15 min")

    def admits(self, minutes: float) -> bool:
        if self is Length.SHORT:
            return minutes <= 5
        if self is Length.MEDIUM:
            return 5 < minutes <= 15
        if self is Length.LONG:
            return minutes > 15
        return True


@dataclass(frozen=True, slots=True)
class RoutineEntry:
    """One row of the library: a routine that can be played."""

    name: str  # file stem: what `workout play NAME` takes
    title: str
    minutes: float
    kinds: tuple[Kind, ...]
    language: str
    path: Path
    user: bool  # from the user's routines dir, not bundled
    problem: str = ""  # why the file does not load ("" when it does)
    routine: Routine | None = None  # filled in when it is known (tests, quick breaks)
    movement: float = 0.0  # share of the time spent moving (`routine_length`)


def load_entries() -> list[RoutineEntry]:
    """Every user and bundled routine: the user's first, each group sorted by title.

    Minutes and movement are `routine_length`'s, the same the intro and `workout list`
    say. A file that does not load is still listed, with its problem, so the user sees it.
    """
    from player.routine.find import list_routines
    from player.timeline.compile import routine_length, totals_of

    loaded: dict[Path | None, Routine] = {}

    def keep(routine: Routine) -> RoutineTotals:
        """Listing loads every file once; keep what it loaded (no second read to play it)."""
        loaded[routine.path] = routine
        return totals_of(routine)

    entries: list[RoutineEntry] = []
    for info in list_routines(keep):
        routine = loaded.get(info.path)
        entries.append(
            RoutineEntry(
                name=info.name,
                title=info.title or info.name,
                minutes=float(routine_length(routine).minutes) if routine else 0.0,
                movement=routine_length(routine).movement if routine else 0.0,
                kinds=info.kinds,
                language=info.language or "?",
                path=info.path,
                user=not info.bundled,
                problem=info.error or "",
                routine=routine,
            )
        )
    return sorted(entries, key=lambda e: (not e.user, e.title.casefold()))


def entry_of(routine: Routine, name: str, path: Path, user: bool = False) -> RoutineEntry:
    """An entry for a routine already in memory."""
    from player.timeline.compile import routine_length

    length = routine_length(routine)
    return RoutineEntry(
        name=name,
        title=routine.title,
        minutes=float(length.minutes),
        movement=length.movement,
        kinds=tuple(length.seconds_per_kind),
        language=routine.language,
        path=path,
        user=user,
        routine=routine,
    )


def kinds_text(words: Sequence[str], width: int) -> str:
    """The kinds (as words) in at most `width` columns, never cut inside a word: the ones
    that do not fit become `+N`."""
    for shown in range(len(words), 0, -1):
        rest = len(words) - shown
        text = ", ".join(words[:shown]) + (f" +{rest}" if rest else "")
        if len(text) <= width:
            return text
    return f"+{len(words)}" if words and width >= 2 else ""


def routine_of(entry: RoutineEntry) -> Routine:
    """The entry's routine, loaded from its file unless it is already known.

    Raises the loader's error (a UserError) when the file does not load.
    """
    if entry.routine is not None:
        return entry.routine
    from player.routine.loader import load_routine

    return load_routine(entry.path).routine


def matching(
    entries: Iterable[RoutineEntry], text: str, kind: Kind | None, length: Length
) -> list[RoutineEntry]:
    """The entries the filters let through: every word of `text` in the title, name,
    language or kinds; the kind among its kinds; the length in range."""
    from player.tui.words import kind_name

    words = text.casefold().split()
    result: list[RoutineEntry] = []
    for entry in entries:
        kinds = [*entry.kinds, *(kind_name(k) for k in entry.kinds)]  # "dehnung" too
        haystack = " ".join([entry.title, entry.name, entry.language, *kinds]).casefold()
        if not all(w in haystack for w in words):
            continue
        if kind is not None and kind not in entry.kinds:
            continue
        if not length.admits(entry.minutes):
            continue
        result.append(entry)
    return result


def preview_lines(routine: Routine) -> Sequence[str]:
    """The preview pane: description, then sections with their exercises."""
    lines: list[str] = []
    if routine.description:
        lines += [routine.description, ""]
    from player.tui.words import kind_name

    for section in routine.sections:
        rounds = f" × {section.rounds}" if section.rounds > 1 else ""
        kind = kind_name(section.kind)
        # The kind in brackets only when the section's name does not already say it.
        named = section.name.casefold() in (kind.casefold(), section.kind.value.casefold())
        lines.append(f"{section.name}{'' if named else f' ({kind})'}{rounds}")
        lines += [f"  • {e.name}" for e in section.exercises]
    return lines
