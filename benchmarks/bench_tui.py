"""First sound and first frame, as a user runs it, against a bare Textual app; then the CPU
the player uses while a session plays.

First sound is the moment the player starts the first clip: the audio backend is an external
command (`--audio command:...`) that creates a marker file, and its creation time, minus the
moment the command was launched, is the first sound (the clip written and a process started
for it, as `paplay` would be). First frame is the first time anything is on the tmux pane
(polled), measured the same way for a bare Textual app showing one line — the floor for any
Textual program. Cold: an empty speech cache; warm: the same command again. `--no-ui`: no
screen, the first sound only. Check-in first: the check-in before is on (the default setting),
so the first word is its question. Medians of alternated runs. Then CPU while playing (from
/proc/PID/stat over 20 s) and peak memory: ours (repaint 5 times a second, only what changed)
beside the naive way (everything, 60 times a second).

Every program runs from compiled bytecode, as an installed one does.

Targets: first sound of the Textual player under 0.5 s warm and 0.8 s cold; `--no-ui` under
0.3 s warm; under 5 % of one core while playing.
Run: `.venv/bin/python -m benchmarks.bench_tui`.
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
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKOUT = Path(sys.executable).with_name("workout")
ROUTINE = "desk-break-back"
CPU_SECONDS = 20.0
CPU_BUDGET = 5.0  # percent of one core
RUNS = 3
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Run:
    first_frame: float  # seconds from launch until anything is drawn
    first_sound: float  # seconds from launch until the first clip is started
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


def _environment(home: Path, *, checkins: bool = False) -> dict[str, str]:
    """A user who has read the red flags and turned the pain check-in off: both wait for a
    key, and this measures the start-up to the first word, not a person reading. With
    `checkins` (the default setting), the first word is the check-in's question."""
    (home / "data").mkdir(parents=True, exist_ok=True)
    (home / "data" / "red-flags-read").write_text("confirmed\n")
    (home / "config").mkdir(parents=True, exist_ok=True)
    setting = "true" if checkins else "false"
    (home / "config" / "settings.toml").write_text(f"[session]\ncheckins = {setting}\n")
    return {
        "WORKOUT_DATA_DIR": str(home / "data"),
        "WORKOUT_CACHE_DIR": str(home / "cache"),
        "WORKOUT_CONFIG_DIR": str(home / "config"),
        "TERM": "xterm-256color",
    }


def _marker_audio(marker: Path) -> list[str]:
    """`--audio` for an external player that marks when the first clip was started. The
    backend's start-up probe (20 ms of silence from a `workout-probe-` folder) is not a clip:
    it leaves no mark, or the column would time the probe, not the first word."""
    mark = shlex.quote(str(marker))
    script = f'case "$1" in */workout-probe-*) ;; *) [ -e {mark} ] || : > {mark} ;; esac'
    return ["--audio", "command:" + shlex.join(["sh", "-c", script, "sh"])]


def _sound_at(marker: Path, launched: float) -> float:
    return marker.stat().st_mtime_ns / 1e9 - launched if marker.exists() else float("nan")


def on_screen(program: list[str], home: Path, *, marker: Path | None = None,
              measure_cpu: bool = False, checkins: bool = False) -> Run:  # fmt: skip
    """Launch `program` in a fresh tmux session; the first frame and (with a marker) sound."""
    name = f"bench-tui-{uuid.uuid4().hex[:8]}"
    environment = _environment(home, checkins=checkins)
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in environment.items())
    command = f"cd {shlex.quote(str(ROOT))} && exec env {exports} " + shlex.join(program)
    if marker is not None:
        marker.unlink(missing_ok=True)
    launched = time.time()
    _tmux("new-session", "-d", "-s", name, "-x", "110", "-y", "34", command)
    try:
        first_frame = float("nan")
        deadline = time.time() + 30
        while time.time() < deadline:
            if first_frame != first_frame and _tmux("capture-pane", "-p", "-t", name).strip():
                first_frame = time.time() - launched
            if first_frame == first_frame and (marker is None or marker.exists()):
                break
            time.sleep(0.002)
        cpu = peak = None
        if measure_cpu:
            pid = _pid_of(name)
            time.sleep(2.0)  # past the start-up work
            ticks, clock = _cpu_ticks(pid), time.perf_counter()
            time.sleep(CPU_SECONDS)
            used = (_cpu_ticks(pid) - ticks) / TICKS
            cpu = 100 * used / (time.perf_counter() - clock)
            peak = _peak_mib(pid)
        sound = _sound_at(marker, launched) if marker else float("nan")
        return Run(first_frame, sound, cpu, peak)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)


def without_screen(program: list[str], home: Path, marker: Path) -> float:
    """Seconds from launching `program` (no terminal) to its first sound."""
    marker.unlink(missing_ok=True)
    launched = time.time()
    process = subprocess.Popen(
        program, env={**os.environ, **_environment(home)}, cwd=ROOT,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = launched + 30
        while not marker.exists() and time.time() < deadline:
            time.sleep(0.002)
        return _sound_at(marker, launched)
    finally:
        process.kill()
        process.wait()


BARE_TEXTUAL = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("Desk break, lower back")
Bare().run()
"""


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
    import_module("player.tui.app")

    return main(argv)


def _median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> int:
    from benchmarks.common import PYTHON, Targets, compiled, load, seconds, table

    if shutil.which("tmux") is None:
        print("tmux is not installed: apt install tmux")
        return 1
    tts = "pyttsx3" if shutil.which("espeak-ng") else "fake"
    print(compiled())
    print(load())
    rows: list[list[str]] = []
    targets = Targets()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        marker = root / "first-sound"
        play = [str(WORKOUT), "play", ROUTINE, "--tts", tts, *_marker_audio(marker)]
        cold_tui, cold_plain, warm_tui, warm_plain, bare, asked = [], [], [], [], [], []
        for n in range(RUNS):  # alternated: each kind once per round
            cold_tui.append(on_screen(play, root / f"cold-tui-{n}", marker=marker))
            cold_plain.append(without_screen([*play, "--no-ui"], root / f"cold-{n}", marker))
            warm_tui.append(on_screen(play, root / "cold-tui-0", marker=marker))
            warm_plain.append(without_screen([*play, "--no-ui"], root / "cold-0", marker))
            asked.append(on_screen(play, root / "cold-tui-0", marker=marker, checkins=True))
            bare.append(on_screen([PYTHON, "-c", BARE_TEXTUAL], root / "bare"))
        first = {
            "player, warm": (_median([r.first_frame for r in warm_tui]),
                             _median([r.first_sound for r in warm_tui])),
            "player, cold": (_median([r.first_frame for r in cold_tui]),
                             _median([r.first_sound for r in cold_tui])),
            "player, warm, check-in first": (_median([r.first_frame for r in asked]),
                                     _median([r.first_sound for r in asked])),
            "--no-ui, warm": (float("nan"), _median(warm_plain)),
            "--no-ui, cold": (float("nan"), _median(cold_plain)),
            "bare Textual app": (_median([r.first_frame for r in bare]), float("nan")),
        }  # fmt: skip
        for label, (frame, sound) in first.items():
            rows.append([f"play {ROUTINE} ({tts}): {label}" if "bare" not in label else label,
                         "—" if frame != frame else seconds(frame),
                         "—" if sound != sound else seconds(sound), "", ""])  # fmt: skip
        for label, naive in (("ours: 5 Hz, changes only", False), ("naive: 60 Hz, all", True)):
            program = (
                [PYTHON, "-m", "benchmarks.bench_tui", "--naive", *play[1:]] if naive else play
            )
            run = on_screen(program, root / "cold-tui-0", marker=marker, measure_cpu=True)
            assert run.cpu_percent is not None and run.peak_mib is not None
            rows.append([f"playing, {label}", seconds(run.first_frame), seconds(run.first_sound),
                         f"{run.cpu_percent:.1f}", f"{run.peak_mib:.0f}"])  # fmt: skip
            if not naive:
                targets.check(f"CPU under {CPU_BUDGET:.0f} % of a core while playing",
                              run.cpu_percent < CPU_BUDGET)  # fmt: skip
    print(f"medians of {RUNS} alternated rounds; first frame polled from tmux every few ms")
    table(["", "first frame", "first sound", f"CPU % ({CPU_SECONDS:.0f} s)", "peak MiB"], rows)
    targets.check("player first sound < 0.5 s warm", first["player, warm"][1] < 0.5)
    targets.check("player first sound < 0.8 s cold", first["player, cold"][1] < 0.8)
    targets.check("--no-ui first sound < 0.3 s warm", first["--no-ui, warm"][1] < 0.3)
    return targets.report()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--naive"]:
        raise SystemExit(naive_main(sys.argv[2:]))
    raise SystemExit(main())
