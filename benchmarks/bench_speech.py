"""Speech rendering and the cache: ours against the naive way, in the same run.

Cold: every phrase of the 20-minute routine rendered into an empty cache — our `Renderer`
(one long-lived pyttsx3 child, first cues first) against a fresh pyttsx3 process per phrase
(the naive way that still keeps pyttsx3's printing and threads out of the player), and
against one `espeak-ng` command per phrase. Warm: loading the whole routine from the cache —
ours (file sizes for durations, one read per clip) against re-reading every WAV with `wave`.

Run: `.venv/bin/python -m benchmarks.bench_speech`. Exit code 1 if the first cue takes 300 ms
or more, or loading the warm cache 50 ms or more.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Callable
from pathlib import Path

from player.routine import find_routine, load_routine
from player.routine.model import Routine
from player.speech import Renderer, SpeechCache, real_duration_of
from player.speech.pyttsx3_engine import Pyttsx3Synthesizer
from player.timeline.compile import script_texts

ROUTINE = "full-reconditioning"
FIRST_CUE_TARGET = 0.300  # seconds
WARM_TARGET = 0.050  # seconds
WARM_ROUNDS = 5  # warm loads are a few ms: the median of several, ours and naive in turn

NAIVE_PYTTSX3 = """
import sys, pyttsx3
engine = pyttsx3.init()
engine.setProperty("rate", int(sys.argv[3]))
engine.save_to_file(sys.argv[1], sys.argv[2])
engine.runAndWait()
"""


def load() -> Routine:
    try:
        return load_routine(find_routine(ROUTINE)).routine
    except Exception:  # not bundled (yet): the longest bundled routine
        from player.routine.find import routine_names

        routines = [load_routine(find_routine(name)).routine for name in routine_names()]
        return max(routines, key=lambda r: len(script_texts(r)))


def ours_cold(routine: Routine, texts: list[str], folder: Path) -> tuple[float, float]:
    started = time.perf_counter()
    synthesizer = Pyttsx3Synthesizer()
    cache = SpeechCache(synthesizer.engine, folder)
    renderer = Renderer(texts, routine.language, routine.voice, synthesizer, cache).start()
    renderer.wait_for(texts[0])
    first = time.perf_counter() - started
    renderer.wait_all()
    total = time.perf_counter() - started
    renderer.close()
    synthesizer.close()
    return first, total


def naive_cold(
    command: Callable[[str, Path], list[str]], texts: list[str], folder: Path
) -> tuple[float, float]:
    started = time.perf_counter()
    first = 0.0
    for n, text in enumerate(texts):
        subprocess.run(command(text, folder / f"{n}.wav"), check=True, capture_output=True)
        if n == 0:
            first = time.perf_counter() - started
    return first, time.perf_counter() - started


def ours_warm(routine: Routine, texts: list[str], folder: Path) -> tuple[float, float, float]:
    """Seconds until (every duration is known, the first clip is ready, every clip is loaded).

    The timeline needs the durations before the session starts; the session needs the first
    clip at once and the rest as they come (the `Renderer` loads them behind).
    """
    started = time.perf_counter()
    duration_of = real_duration_of(routine, cache_dir=folder)
    durations = [duration_of(text) for text in texts]
    synthesizer = Pyttsx3Synthesizer()
    cache = SpeechCache(synthesizer.engine, folder)
    renderer = Renderer(texts, routine.language, routine.voice, synthesizer, cache)
    known = time.perf_counter() - started
    renderer.start()
    renderer.wait_for(texts[0])
    first = time.perf_counter() - started
    clips = renderer.wait_all()
    every = time.perf_counter() - started
    renderer.close()
    assert synthesizer.starts == 0 and len(clips) == len(texts) == len(durations)
    return known, first, every


def naive_warm(routine: Routine, texts: list[str], folder: Path) -> tuple[float, float, float]:
    """Re-read every WAV fully with `wave` to learn its length and samples, then start."""
    cache = SpeechCache(Pyttsx3Synthesizer().engine, folder)
    started = time.perf_counter()
    durations, clips = [], []
    for text in texts:
        with wave.open(str(cache.path_for(text, routine.language, routine.voice)), "rb") as wav:
            clips.append(wav.readframes(wav.getnframes()))
            durations.append(wav.getnframes() / wav.getframerate())
    timed = time.perf_counter() - started
    return timed, timed, timed


def prime() -> None:
    """One throwaway pyttsx3 process, so neither side pays for a cold disk cache."""
    subprocess.run([sys.executable, "-c", "import pyttsx3; pyttsx3.init()"], check=True)


def _row(label: str, *cells: str) -> str:
    return f"{label:<34}" + "".join(f"{cell:>16}" for cell in cells)


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> int:
    routine = load()
    texts = script_texts(routine)
    rate = str(routine.voice.rate)
    voice = "de" if routine.language.startswith("de") else "en"
    with tempfile.TemporaryDirectory(prefix="bench-speech-") as tmp:
        root = Path(tmp)
        prime()
        ours_first, ours_total = ours_cold(routine, texts, root / "ours")
        py_first, py_total = naive_cold(
            lambda text, out: [sys.executable, "-c", NAIVE_PYTTSX3, text, str(out), rate],
            texts,
            root / "naive-pyttsx3",
        )
        espeak: tuple[float, float] | None = None
        if shutil.which("espeak-ng"):
            espeak = naive_cold(
                lambda text, out: ["espeak-ng", "-v", voice, "-s", rate, "-w", str(out), text],
                texts,
                root / "naive-espeak",
            )
        rounds = [
            (ours_warm(routine, texts, root / "ours"), naive_warm(routine, texts, root / "ours"))
            for _ in range(WARM_ROUNDS)
        ]
        warm = tuple(statistics.median(r[0][i] for r in rounds) for i in range(3))
        naive = tuple(statistics.median(r[1][i] for r in rounds) for i in range(3))
        speech_bytes = sum(f.stat().st_size for f in (root / "ours" / "speech").glob("*.wav"))

    chars = sum(len(t) for t in texts)
    print(
        f"routine {ROUTINE!r}: {len(texts)} distinct phrases, {chars} characters, "
        f"{routine.language}; {speech_bytes / 1e6:.1f} MB of speech"
    )
    print(_row("", "ours", "naive pyttsx3", "naive espeak-ng"))
    print(_row("cold: first cue ready", _s(ours_first), _s(py_first), _s(espeak and espeak[0])))
    print(_row("cold: every phrase", _s(ours_total), _s(py_total), _s(espeak and espeak[1])))
    print(_row("warm: every duration known", _s(warm[0]), _s(naive[0]), "—"))
    print(_row("warm: first clip ready", _s(warm[1]), _s(naive[1]), "—"))
    print(_row("warm: every clip loaded", _s(warm[2]), _s(naive[2]), "—"))
    print(f"cold: ours {py_total / ours_total:.1f}x faster than a pyttsx3 process per phrase")
    print(
        f"warm: median of {WARM_ROUNDS} rounds; every clip loaded is bound by the memory for "
        "the PCM on both sides"
    )
    ok_first = ours_first < FIRST_CUE_TARGET
    ok_warm = warm[1] < WARM_TARGET  # durations known and the first clip ready
    print(
        f"targets: first cue < {FIRST_CUE_TARGET * 1000:.0f} ms {'✓' if ok_first else '✗'}, "
        f"warm cache < {WARM_TARGET * 1000:.0f} ms {'✓' if ok_warm else '✗'}"
    )
    return 0 if ok_first and ok_warm else 1


if __name__ == "__main__":
    raise SystemExit(main())
