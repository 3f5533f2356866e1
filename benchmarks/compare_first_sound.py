"""First sound and first frame of two installs of workout side by side, each launch of one
followed by the same launch of the other (the fairest before/after on a machine whose load
changes by the minute): `bench_tui`'s harness, its programs and its user.

Run: `.venv/bin/python -m benchmarks.compare_first_sound OTHER/.venv/bin/workout [ROUNDS]`
(OTHER: a checkout of the commit to compare with, with a venv of its own).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_tui import ROOT, ROUTINE, WORKOUT, _marker_audio, on_screen, without_screen
from benchmarks.common import PYTHON, load, seconds, table


def main(other: str, rounds: int) -> int:
    for workout in (Path(other), WORKOUT):  # bytecode, as an install has it (`compiled`)
        python = str(Path(workout).with_name("python"))
        where = [python, "-c", "import os, player; print(os.path.dirname(player.__file__))"]
        package = subprocess.run(where, check=True, capture_output=True, text=True, cwd="/").stdout
        subprocess.run([PYTHON, "-m", "compileall", "-q", package.strip()], check=True)
    print(load())
    kinds = ("player, cold", "player, warm", "player, warm, check-in first",
             "--no-ui, cold", "--no-ui, warm")  # fmt: skip
    contenders = {"other": Path(other), "this": WORKOUT}
    frames: dict[tuple[str, str], list[float]] = {}
    sounds: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        marker = root / "first-sound"
        for n in range(rounds):
            order = list(contenders.items())
            if n % 2:
                order.reverse()  # who goes first alternates too
            for kind in kinds:
                for name, workout in order:
                    play = [str(workout), "play", ROUTINE, "--tts", "pyttsx3",
                            *_marker_audio(marker)]  # fmt: skip
                    home = root / f"{name}-{n}" if "cold" in kind else root / f"{name}-0"
                    if "--no-ui" in kind:
                        plain = [*play, "--no-ui"]
                        frame, sound = float("nan"), without_screen(plain, home / "plain", marker)
                    else:
                        run = on_screen(play, home / "tui", marker=marker,
                                        checkins="check-in" in kind)  # fmt: skip
                        frame, sound = run.first_frame, run.first_sound
                    frames.setdefault((name, kind), []).append(frame)
                    sounds.setdefault((name, kind), []).append(sound)
    print(load())
    print(f"medians of {rounds} rounds, each launch of one beside the same of the other")
    rows = []
    for kind in kinds:
        for name, workout in contenders.items():
            frame = statistics.median(frames[(name, kind)])
            sound = statistics.median(sounds[(name, kind)])
            rows.append([f"{kind}: {name} ({workout})", "—" if frame != frame else seconds(frame),
                         seconds(sound)])  # fmt: skip
    table(["", "first frame", "first sound"], rows)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5))
