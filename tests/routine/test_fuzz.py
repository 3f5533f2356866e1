"""A fixed-seed fuzz of 10,000 mutated routines: every one loads or fails with RoutineError.

Plain `random` with a fixed seed (hypothesis, in test_mutations, shrinks; this one is wide
and the same on every run). Mutations mix the ordinary (a character inserted, a line
deleted) with the hostile: 400-digit numbers, other scripts' digits, control characters,
deep nesting, aliases and merges, huge counts. Nothing else may escape: no OverflowError,
AssertionError, RecursionError or segfault.
"""

from __future__ import annotations

import random
import time

from tests.routine.test_mutations import SEEDS, _load

MUTATIONS = 10_000
SEED = 18

_PIECES = [
    *":-[]{},#&*!|>'\"%@`?\t\n \\",
    "<<: *a",
    "&a ",
    "*a",
    "<<",
    "---",
    "9" * 400,
    "-" + "9" * 400,
    "1e400",
    ".nan",
    "٤٥",
    "٥٠%",
    '"\\x1b]0;pwn\\x07"',
    '"\\u202e"',
    "\u200b",
    "\ufeff",
    "\u2028",
    "[" * 100,
    "{a: " * 70,
    "- " * 70,
    "rounds: 100",
    "sets: 100",
    "reps: 1000",
    "2h",
    "0",
    "-5s",
    "150%",
    "1:99",
    "!!python/object:os.system",
    "!!binary",
    "é",
    "x" * 1200,
]


def _mutant(rng: random.Random) -> str:
    text = rng.choice(SEEDS)
    for _ in range(rng.randint(1, 4)):
        lines = text.splitlines(keepends=True)
        at = rng.randint(0, len(text))
        action = rng.randrange(6)
        if action == 0:
            text = text[:at] + rng.choice(_PIECES) + text[at:]
        elif action == 1:
            text = text[:at] + text[at + rng.randint(1, 20) :]
        elif action == 2 and lines:
            i = rng.randrange(len(lines))
            lines.insert(rng.randrange(len(lines)), lines[i])
            text = "".join(lines)
        elif action == 3 and lines:
            i = rng.randrange(len(lines))
            lines[i] = rng.choice(["", " ", "  ", "    "]) + lines[i].lstrip(" ")
            text = "".join(lines)
        elif action == 4:
            # a value replaced by a hostile one, where a value is
            colon = text.find(": ", at)
            end = text.find("\n", colon)
            if colon != -1 and end != -1:
                text = text[: colon + 2] + rng.choice(_PIECES) + text[end:]
        else:
            text = text[:at] + chr(rng.randrange(0x20000)) + text[at:]
    return text


def test_ten_thousand_mutations_only_ever_raise_routine_error() -> None:
    rng = random.Random(SEED)
    started = time.perf_counter()
    for _ in range(MUTATIONS):
        _load(_mutant(rng))  # asserts: RoutineError with positions, or a valid routine
    print(f"{MUTATIONS} mutations in {time.perf_counter() - started:.1f} s")
