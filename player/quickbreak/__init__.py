"""The quick break: a short routine for a work break, chosen from the exercise library.

`plan` holds the rules (pure: the library, the minutes and the recent exercises in, a
`Routine` out); `library` reads the library from a quick copy, `recent` asks the journal
what the last sessions did, `saved` keeps the break in its own place (not among the user's
routines), so an interrupted break goes on with `workout break --resume`. `quick_break`
puts them together.
"""

from __future__ import annotations

from player.quickbreak.library import break_library
from player.quickbreak.plan import BREAK_NAME, NoBreakPossible, build_break, plan_break
from player.quickbreak.recent import recent_exercises, red_exercises
from player.quickbreak.saved import save_break
from player.routine.model import Routine

__all__ = [
    "BREAK_NAME",
    "NoBreakPossible",
    "build_break",
    "plan_break",
    "quick_break",
    "save_break",
]


def quick_break(minutes: float = 3.0, language: str = "en", seed: int | None = None) -> Routine:
    """A break from the bundled library, avoiding what the last sessions did.

    It reads the library (`break_library`) and the history journal.
    """
    from player.levels import at_user_levels, read_levels

    library = break_library(language)
    red = red_exercises(library)
    usable = {key: item for key, item in library.items() if key not in red}
    return build_break(
        at_user_levels(usable, read_levels()), minutes, language, recent_exercises(), seed
    )
