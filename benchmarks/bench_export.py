"""`workout export`, end to end as a user runs it, against the fairest baselines.

Each contender is one whole process, run in turn with the others (medians of alternated
rounds), on a warm speech cache:
- wav: ours (load, compile, mix, write) against writing the same number of bytes from a
  fresh Python process — the floor for any program that writes that file; for the reader,
  the same bytes written as ours are (fsynced, renamed into place), a bare Python start, and
  a process that only loads the routine (what every export does before its first sample),
  and ours as the routine's first export: its speech cached, but not yet the clips' levels
  and the mixed stretches where clips meet, which a later export reads back;
- mp3 / ogg: ours against ffmpeg alone encoding the same session's PCM from a file;
- memory: the peak RSS of exporting a three-hour session (the 20-minute routine, nine
  rounds of every section), which must not grow with the session;
- loudness: every bundled routine exported, measured with pyloudnorm (BS.1770).

Targets: wav within 2x of writing its bytes; mp3 and ogg within 1.1x of ffmpeg alone; a
three-hour export under 150 MB peak RSS; every export within ±1 LU of the target.
Run: `.venv/bin/python -m benchmarks.bench_export`.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from functools import partial
from pathlib import Path

from benchmarks.common import (
    PYTHON,
    ROOT,
    WORKOUT,
    Targets,
    alternate,
    compiled,
    load,
    run,
    run_cpu,
    run_measured,
    seconds,
    table,
)

ROUTINE = "full-reconditioning"
FIRST = "  (reader) wav: ours, the routine's first export"
ROUNDS = 7
LONG_ROUNDS = 9  # every section nine times: about three hours
FFMPEG = {
    "mp3": ["-q:a", "4", "-f", "mp3"],
    "ogg": ["-codec:a", "libvorbis", "-q:a", "5", "-f", "ogg"],
}


def long_routine(folder: Path) -> Path:
    """The 20-minute routine with every section done LONG_ROUNDS times."""
    from ruamel.yaml import YAML

    yaml = YAML()
    data = yaml.load((ROOT / "routines" / f"{ROUTINE}.yaml").read_text())
    for section in data["sections"]:
        section["rounds"] = LONG_ROUNDS
    path = folder / "three-hours.yaml"
    with path.open("w") as file:
        yaml.dump(data, file)
    return path


def main() -> int:
    from player.sound.loudness import TARGET_LUFS

    print(compiled())
    print(load())
    targets = Targets()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        root = Path(tmp)
        os.environ["WORKOUT_CACHE_DIR"] = str(root / "cache")
        wav = root / "ours.wav"
        run([*WORKOUT, "export", ROUTINE, "-o", str(wav)])  # fills the speech cache
        size = wav.stat().st_size
        raw = root / "session.raw"
        raw.write_bytes(wav.read_bytes()[44:])
        write = f"open({str(root / 'bytes.wav')!r}, 'wb').write(bytes({size}))"
        atomic = (
            "import os\n"
            f"with open({str(root / 'tmp.wav')!r}, 'wb') as f:\n"
            f"    f.write(bytes({size})); f.flush(); os.fsync(f.fileno())\n"
            f"os.replace({str(root / 'tmp.wav')!r}, {str(root / 'atomic.wav')!r})"
        )
        loading = (
            "from player.routine import find_routine, load_routine\n"
            f"load_routine(find_routine({ROUTINE!r}))"
        )

        commands = {
            "wav: ours": [*WORKOUT, "export", ROUTINE, "-o", str(wav)],
            "wav: writing its bytes": [PYTHON, "-c", write],
            "  (reader) its bytes, fsynced and renamed": [PYTHON, "-c", atomic],
            "  (reader) a bare Python start": [PYTHON, "-c", "pass"],
            "  (reader) only loading the routine": [PYTHON, "-c", loading],
        }
        ffmpeg = shutil.which("ffmpeg")
        for fmt, options in FFMPEG.items():
            if ffmpeg is None:
                continue
            ours_out, alone_out = root / f"ours.{fmt}", root / f"alone.{fmt}"
            pcm_in = ["-f", "s16le", "-ar", "22050", "-ac", "1", "-i", str(raw)]
            quiet = ["-hide_banner", "-loglevel", "error", "-y"]
            alone = [ffmpeg, *quiet, *pcm_in, *options, str(alone_out)]
            commands[f"{fmt}: ours"] = [*WORKOUT, "export", ROUTINE, "-o", str(ours_out)]
            commands[f"{fmt}: ffmpeg alone"] = alone
        cpu: dict[str, list[float]] = {name: [] for name in commands}

        # The routine's first export: its speech cached, but nothing the export measures or
        # mixes kept yet (a copy of the cache without levels/mix-* and levels/*.alone1).
        first_cache = root / "first-cache"
        shutil.copytree(root / "cache", first_cache)
        commands[FIRST] = commands["wav: ours"]
        cpu[FIRST] = []

        def measure(name: str) -> float:
            if name == FIRST:
                for kept in [
                    *first_cache.glob("levels/mix-*"),
                    *first_cache.glob("levels/*.alone*"),
                ]:
                    kept.unlink()
                os.environ["WORKOUT_CACHE_DIR"] = str(first_cache)
            try:
                seconds, used = run_cpu(commands[name])
            finally:
                os.environ["WORKOUT_CACHE_DIR"] = str(root / "cache")
            cpu[name].append(used)
            return seconds

        times = alternate({name: partial(measure, name) for name in commands}, ROUNDS)

        long = long_routine(root)
        run([*WORKOUT, "export", str(long), "-o", str(root / "long.wav")])  # warm
        long_seconds, long_rss = run_measured(
            [*WORKOUT, "export", str(long), "-o", str(root / "long.wav")]
        )
        long_size = (root / "long.wav").stat().st_size
        short_seconds, short_rss = run_measured([*WORKOUT, "export", ROUTINE, "-o", str(wav)])

        loudness = _loudness_of_every_routine(root)

    print(f"routine {ROUTINE!r}: {size / 1e6:.1f} MB of wav; median of {ROUNDS} alternated rounds")
    print(load())
    used = {name: statistics.median(values) for name, values in cpu.items()}
    rows = [[name, seconds(value), seconds(used[name])] for name, value in times.items()]
    table(["whole process", "seconds", "CPU (children too)"], rows)
    ratios = {"wav": times["wav: ours"] / times["wav: writing its bytes"]}
    cpu_ratios = {"wav": used["wav: ours"] / used["wav: writing its bytes"]}
    for fmt in FFMPEG:
        if f"{fmt}: ours" in times:
            ratios[fmt] = times[f"{fmt}: ours"] / times[f"{fmt}: ffmpeg alone"]
            cpu_ratios[fmt] = used[f"{fmt}: ours"] / used[f"{fmt}: ffmpeg alone"]
    print("ours / baseline, time: " + ", ".join(f"{f} {r:.2f}x" for f, r in ratios.items()))
    print("ours / baseline, CPU:  " + ", ".join(f"{f} {r:.2f}x" for f, r in cpu_ratios.items()))
    table(
        ["export", "seconds", "peak RSS", "PCM"],
        [
            [
                f"{ROUTINE} (20 min)",
                seconds(short_seconds),
                f"{short_rss:.0f} MB",
                f"{size / 1e6:.0f} MB",
            ],
            [
                f"three hours ({LONG_ROUNDS} rounds)",
                seconds(long_seconds),
                f"{long_rss:.0f} MB",
                f"{long_size / 1e6:.0f} MB",
            ],
        ],
    )
    table(
        ["bundled routine (wav export)", "LUFS", "vs target"],
        [[name, f"{value:.2f}", f"{value - TARGET_LUFS:+.2f} LU"] for name, value in loudness],
    )
    targets.check("wav within 2x of writing its bytes", ratios["wav"] <= 2.0)
    for fmt in FFMPEG:
        if fmt in ratios:
            targets.check(f"{fmt} within 1.1x of ffmpeg alone", ratios[fmt] <= 1.1)
    targets.check("three-hour export under 150 MB peak RSS", long_rss < 150)
    targets.check(
        f"every bundled routine within ±1 LU of {TARGET_LUFS:g} LUFS",
        all(abs(value - TARGET_LUFS) <= 1.0 for _, value in loudness),
    )
    return targets.report()


def _loudness_of_every_routine(root: Path) -> list[tuple[str, float]]:
    import numpy as np
    import pyloudnorm

    from player import paths

    found = []
    for routine in sorted(paths.bundled_routines_dir().glob("*.yaml")):
        name = routine.stem
        out = root / f"{name}.wav"
        run([*WORKOUT, "export", str(routine), "-o", str(out)])
        x = np.frombuffer(out.read_bytes()[44:], dtype="<i2") / 32768
        found.append((name, float(pyloudnorm.Meter(22050).integrated_loudness(x))))
        out.unlink()
    return found


if __name__ == "__main__":
    sys.exit(main())
