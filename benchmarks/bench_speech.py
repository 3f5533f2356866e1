"""Speech rendering against the fairest baseline: one plain `espeak-ng -w` process per phrase.

Cold, end to end: a whole Python process renders every phrase of `full-reconditioning`
into an empty cache (ours: `render_all`, as `workout export` does), against a driver that
starts one `espeak-ng -w` process per phrase, and (for the reader) a fresh pyttsx3 process
per phrase. Rounds alternate between the contenders; medians are shown. First cue: seconds
from a new process to the first clip ready. Warm: durations known and the first clip loaded
from a filled cache, in-process.

Targets: a cold render no slower than espeak-ng per phrase; the first cue under 300 ms from
a new process; a warm cache ready in under 50 ms; every clip identical across two caches.
Run: `.venv/bin/python -m benchmarks.bench_speech`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import PYTHON, Targets, alternate, compiled, load, run, seconds, table
from player.routine import find_routine, load_routine
from player.speech import Renderer, SpeechCache, real_duration_of
from player.speech.pyttsx3_engine import Pyttsx3Synthesizer
from player.timeline.compile import script_texts

ROUTINE = "full-reconditioning"
ROUNDS = 5
ROUNDS_PYTTSX3 = 1  # a pyttsx3 process per phrase takes seconds: one round, for the reader

OURS = """
import sys, time
from pathlib import Path
started = time.perf_counter()
from player.routine import find_routine, load_routine
from player.speech import Renderer, SpeechCache, make_synthesizer
from player.timeline.compile import script_texts
routine = load_routine(find_routine(sys.argv[1])).routine
texts = script_texts(routine)
synthesizer = make_synthesizer("pyttsx3")
cache = SpeechCache(synthesizer.engine, Path(sys.argv[2]))
renderer = Renderer(texts, routine.language, routine.voice, synthesizer, cache).start()
renderer.wait_for(texts[0])
first = time.perf_counter() - started
renderer.wait_all()
renderer.close()
synthesizer.close()
print(first)
"""

ESPEAK = """
import subprocess, sys
texts = sys.argv[4:]
for n, text in enumerate(texts):
    out = f"{sys.argv[1]}/{n}.wav"
    subprocess.run(["espeak-ng", "-v", sys.argv[2], "-s", sys.argv[3], "-w", out, text], check=True)
"""

PYTTSX3 = """
import subprocess, sys
script = ("import sys, pyttsx3; e = pyttsx3.init(); e.setProperty('voice', sys.argv[3]); "
    "e.setProperty('rate', int(sys.argv[4])); e.save_to_file(sys.argv[1], sys.argv[2]); "
    "e.runAndWait()")
for n, text in enumerate(sys.argv[4:]):
    out = f"{sys.argv[1]}/{n}.wav"
    subprocess.run([sys.executable, "-c", script, text, out, sys.argv[2], sys.argv[3]],
                   check=True, capture_output=True)
"""


def main() -> int:
    routine = load_routine(find_routine(ROUTINE)).routine
    texts = script_texts(routine)
    rate = str(routine.voice.rate)
    voice = "gmw/de" if routine.language == "de" else "gmw/en"
    print(compiled())
    print(load())
    chars = sum(len(t) for t in texts)
    print(f"routine {ROUTINE!r}: {len(texts)} distinct phrases, {chars} characters")
    targets = Targets()
    with tempfile.TemporaryDirectory(prefix="bench-speech-") as tmp:
        root = Path(tmp)
        counter = iter(range(10**6))
        firsts: list[float] = []

        def fresh() -> Path:
            folder = root / str(next(counter))
            folder.mkdir()
            return folder

        def ours() -> float:
            started = time.perf_counter()
            done = subprocess.run(
                [PYTHON, "-c", OURS, ROUTINE, str(fresh())],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            took = time.perf_counter() - started
            firsts.append(float(done.stdout))
            return took

        def espeak() -> float:
            return run([PYTHON, "-c", ESPEAK, str(fresh()), voice, rate, *texts])

        def pyttsx3() -> float:
            return run([PYTHON, "-c", PYTTSX3, str(fresh()), voice, rate, *texts])

        run([PYTHON, "-c", OURS, ROUTINE, str(fresh())])  # disk caches warm for everyone
        cold = alternate({"ours": ours, "espeak-ng per phrase": espeak}, ROUNDS)
        naive = alternate({"pyttsx3 per phrase": pyttsx3}, ROUNDS_PYTTSX3)

        # Warm: one filled cache; the durations for the timeline and the first clip.
        filled = root / "1"
        warm_times = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            duration_of = real_duration_of(routine, cache_dir=filled)
            for text in texts:
                duration_of(text)
            synthesizer = Pyttsx3Synthesizer()
            cache = SpeechCache(synthesizer.engine, filled)
            renderer = Renderer(texts, routine.language, routine.voice, synthesizer, cache)
            renderer.start().wait_for(texts[0])
            warm_times.append(time.perf_counter() - started)
            renderer.wait_all()
            renderer.close()
            assert synthesizer.starts == 0
        warm = statistics.median(warm_times)
        same = _same_clips(root / "0" / "speech", root / "1" / "speech")

    first = statistics.median(firsts)
    table(
        ["cold, whole process, median of alternated rounds", "seconds", "per phrase"],
        [
            [name, seconds(value), f"{value / len(texts) * 1000:.1f} ms"]
            for name, value in {**cold, **naive}.items()
        ],
    )
    table(
        ["", "ours"],
        [
            ["cold: first cue ready, from a new process", seconds(first)],
            ["warm: every duration known + first clip loaded", seconds(warm)],
            ["clips identical across two cold caches", same],
        ],
    )
    ratio = cold["espeak-ng per phrase"] / cold["ours"]
    print(f"ours is {ratio:.2f}x the speed of espeak-ng per phrase (above 1: faster)")
    targets.check("cold render no slower than espeak-ng per phrase", ratio >= 1.0)
    targets.check("first cue < 300 ms from a new process", first < 0.300)
    targets.check("warm cache ready < 50 ms", warm < 0.050)
    targets.check("the same clips across caches, byte for byte", same.startswith("all"))
    return targets.report()


def _same_clips(a: Path, b: Path) -> str:
    names = sorted(p.name for p in a.glob("*.wav"))
    differ = sum((a / n).read_bytes() != (b / n).read_bytes() for n in names)
    return f"all {len(names)}" if differ == 0 else f"{differ} of {len(names)} differ"


if __name__ == "__main__":
    sys.exit(main())
