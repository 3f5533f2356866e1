"""The Textual player as a user runs it: `workout play` and `workout break` in a real terminal
(tmux), timed from the command's start to its first frame and to its first spoken cue; then
the CPU it uses while a session plays (read from /proc/PID/stat over 20 s) and its peak
memory (VmHWM) — ours (repaint 5 times a second, only what changed) beside the naive way
(repaint everything every frame, 60 times a second) in the same run.

Run: `.venv/bin/python -m benchmarks.bench_tui`. Exit code 1 if ours uses more than 5% of
one core while playing, or the first cue of a quick break comes later than one second after
the first frame on a warm cache.
"""

from __future__ import annotations

import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKOUT = Path(sys.executable).with_name("workout")
ROUTINE = "desk-break-back"
CPU_SECONDS = 20.0
CPU_BUDGET = 5.0  # percent of one core
FIRST_CUE_BUDGET = 1.0  # seconds after the first frame, warm cache
RUNS = 3
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Run:
    first_frame: float  # seconds from launch until anything is drawn
    first_cue: float  # seconds from launch until the first spoken line is shown
    cpu_percent: float | None = None
    peak_mib: float | None = None


def _tmux(*args: str) -> str:
    for attempt in range(5):
        done = subprocess.run(["tmux", *args], capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return done.stdout
        # The tmux server may be shutting down after the last session was killed.
        time.sleep(0.2 * (attempt + 1))
    raise RuntimeError(f"tmux {' '.join(args[:2])} failed: {done.stderr.strip()}")


def _pid_of(name: str) -> int:
    return int(_tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime of all its threads


def _peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def play_once(args: list[str], home: Path, *, measure_cpu: bool, naive: bool = False) -> Run:
    """Launch `workout ARGS` in a fresh tmux session and watch its screen."""
    name = f"bench-tui-{uuid.uuid4().hex[:8]}"
    env = {
        "WORKOUT_DATA_DIR": str(home / "data"),
        "WORKOUT_CACHE_DIR": str(home / "cache"),
        "WORKOUT_CONFIG_DIR": str(home / "config"),
        "TERM": "xterm-256color",
    }
    program = [sys.executable, "-m", "benchmarks.bench_tui", "--naive"] if naive else [str(WORKOUT)]
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = f"cd {shlex.quote(str(ROOT))} && exec env {exports} " + shlex.join(program + args)
    started = time.perf_counter()
    _tmux("new-session", "-d", "-s", name, "-x", "110", "-y", "34", command)
    try:
        first_frame = first_cue = float("nan")
        deadline = started + 30
        while time.perf_counter() < deadline:
            screen = _tmux("capture-pane", "-p", "-t", name)
            now = time.perf_counter() - started
            if first_frame != first_frame and screen.strip():
                first_frame = now
            if "🔈" in screen:
                first_cue = now
                break
            time.sleep(0.005)
        cpu = peak = None
        if measure_cpu:
            pid = _pid_of(name)
            time.sleep(2.0)  # past the start-up work
            ticks, clock = _cpu_ticks(pid), time.perf_counter()
            time.sleep(CPU_SECONDS)
            used = (_cpu_ticks(pid) - ticks) / TICKS
            cpu = 100 * used / (time.perf_counter() - clock)
            peak = _peak_mib(pid)
        return Run(first_frame, first_cue, cpu, peak)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)


def naive_main(argv: list[str]) -> int:
    """The same command with the naive screen: everything repainted 60 times a second."""
    from player.cli import main
    from player.tui.screens import player

    class RepaintEverything(player.PlayerScreen):
        def repaint(self) -> None:
            self.shown = None  # forget what is shown: every widget is written again
            super().repaint()

        def _text(self, selector: str, text: str) -> None:
            from textual.widgets import Static

            self.query_one(selector, Static).update(text)

    player.REPAINT_EVERY = 1 / 60
    player.PlayerScreen = RepaintEverything  # type: ignore[misc]
    import player.tui.app

    return main(argv)


def _median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> int:
    if shutil.which("tmux") is None:
        print("tmux is not installed: apt install tmux")
        return 1
    espeak = shutil.which("espeak-ng") is not None
    tts = "pyttsx3" if espeak else "fake"
    rows: list[tuple[str, str, str, str, str]] = []
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        record = str(home / "heard.wav")
        cases = [
            (f"play {ROUTINE}", ["play", ROUTINE]),
            ("break --minutes 3", ["break", "--minutes", "3", "--seed", "1"]),
        ]
        for label, args in cases:
            full = [*args, "--audio", f"record:{record}", "--tts", tts]
            play_once(full, home, measure_cpu=False)  # warms the speech cache
            runs = [play_once(full, home, measure_cpu=False) for _ in range(RUNS)]
            frame = _median([r.first_frame for r in runs])
            cue = _median([r.first_cue for r in runs])
            rows.append((f"{label} ({tts}, warm)", f"{frame:.2f}", f"{cue:.2f}", "", ""))
            if label.startswith("break") and cue - frame > FIRST_CUE_BUDGET:
                failed = True
        playing = ["play", ROUTINE, "--audio", f"record:{record}", "--tts", tts]
        for label, naive in (("ours: 5 Hz, changes only", False), ("naive: 60 Hz, all", True)):
            run = play_once(playing, home, measure_cpu=True, naive=naive)
            assert run.cpu_percent is not None and run.peak_mib is not None
            rows.append(
                (
                    f"playing, {label}",
                    f"{run.first_frame:.2f}",
                    f"{run.first_cue:.2f}",
                    f"{run.cpu_percent:.1f}",
                    f"{run.peak_mib:.0f}",
                )
            )
            if not naive and run.cpu_percent > CPU_BUDGET:
                failed = True
    head = ("", "first frame s", "first cue s", f"CPU % ({CPU_SECONDS:.0f} s)", "peak MiB")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(5)]
    for row in [head, *rows]:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    print(
        f"\ntargets: CPU under {CPU_BUDGET:.0f}% of one core while playing (ours); "
        f"first cue of a break within {FIRST_CUE_BUDGET:.0f} s of the first frame, warm cache"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--naive"]:
        raise SystemExit(naive_main(sys.argv[2:]))
    raise SystemExit(main())
