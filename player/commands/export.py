"""`workout export ROUTINE -o FILE`: the whole session mixed offline into one audio file.

The flow: start ffmpeg (for an .mp3 or .ogg), load the routine, list every phrase it can
say, render those not in the cache (real speech by default), compile the timeline with the
real clip lengths, bring speech to one loudness (BS.1770), mix the session block by block and
write each block as it is made — into the .wav, or into ffmpeg's pipe — atomically; memory
stays the same however long the session. What is measured and mixed is kept in the cache
beside the clips, so a session exported again only reads and writes. A progress bar is
drawn on stderr when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from player.errors import EXIT_OK, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable

    from player.routine.model import Routine
    from player.sound.base import Clip
    from player.speech.base import Synthesizer
    from player.timeline.model import Timeline, Tone
    from player.timeline.plan import Verbosity


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from player.options import add_engine_flag, add_script_flags

    parser.add_argument("routine", metavar="ROUTINE", help="a routine file or a routine's name")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="FILE",
        help="where to write: .wav, .mp3 or .ogg (mp3 and ogg need ffmpeg)",
    )
    add_script_flags(parser)
    parser.add_argument(
        "--tones",
        choices=("quiet", "loud"),
        default="quiet",
        help="the soft office tones (default) or the louder, brighter set",
    )
    add_engine_flag(parser)


class ProgressBar:
    """`speech  [########------------]  12/40` redrawn in place on a terminal; silent
    anywhere else (a pipe, a log, a test)."""

    WIDTH = 28

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._shown = stream.isatty()
        self._last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self._shown:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.05:
            return  # redraw at most 20 times a second
        self._last = now
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self._stream.write(f"\r{phase:<8} [{bar}] {done}/{total}\x1b[K")
        self._stream.flush()

    def note(self, text: str) -> None:
        """A phase without steps to count ("writing desk.mp3 ...")."""
        if self._shown:
            self._stream.write(f"\r{text}\x1b[K")
            self._stream.flush()

    def finish(self) -> None:
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()


class SessionAudio(NamedTuple):  # not a dataclass: `workout --help` imports this module
    """Everything heard in a session: its timeline and the clip of every cue."""

    timeline: Timeline
    speech: dict[str, Clip]  # at the speech loudness target
    tones: dict[Tone, Clip]  # a little under it


def session_audio(
    routine: Routine,
    synthesizer: Synthesizer,
    *,
    verbosity: Verbosity | None = None,
    tone_set: str = "quiet",
    progress: ProgressBar | None = None,
) -> SessionAudio:
    """Render the routine's speech, fit the timeline to it, and gather the clips (the full
    script unless `verbosity` says otherwise).

    Only the phrases the cache lacks are rendered; the timeline is fitted to the lengths of
    the cached ones as their files' sizes tell, and of the clips it uses only those are read
    whose samples are needed: a phrase whose limited clip was kept needs only that (a script
    lists every wording fitting may fall back to: a third of them go unheard)."""
    from player.sound.loudness import level_named, name_of
    from player.sound.mix import balance_of_levels
    from player.sound.tones import load_tone
    from player.speech import SpeechCache, clip_durations, render_all, render_one
    from player.timeline.compile import compile_timeline, plan, script_texts
    from player.timeline.model import Tone
    from player.timeline.plan import Verbosity

    verbosity = verbosity or Verbosity.FULL
    cache = SpeechCache(synthesizer.engine)
    language, voice = routine.language, routine.voice
    blocks = plan(routine, verbosity)  # once: for the phrases, then fitted to their clips
    texts = script_texts(routine, verbosity, blocks=blocks)
    stored = {text: cache.stored(text, language, voice) for text in texts}
    missing = [text for text, found in stored.items() if found is None]
    cached = len(texts) - len(missing)
    if progress is not None and cached:
        progress("speech", cached, len(texts))
    speech = render_all(
        missing,
        language,
        voice,
        synthesizer,
        cache,
        progress=(
            (lambda done, total: progress("speech", cached + done, cached + total))
            if progress
            else None
        ),
    )

    def clip_of(text: str) -> Clip:  # read from the cache (rendered again if it was damaged)
        found = stored.get(text)
        clip = speech.get(text) or (cache.read(found.path) if found is not None else None)
        speech[text] = clip or render_one(text, language, voice, synthesizer, cache)
        return speech[text]

    def render_missing(text: str) -> float:  # not expected: script_texts lists every phrase
        return clip_of(text).duration

    duration_of = clip_durations(routine, cache, rendered=speech, fallback=render_missing)
    timeline = compile_timeline(routine, duration_of, verbosity=verbosity, blocks=blocks)

    def samples_of(text: str) -> Callable[[], bytes]:
        return lambda: clip_of(text).pcm

    heard: dict[str, tuple[str, int, Callable[[], bytes]]] = {}  # name, bytes, samples
    for cue in timeline.cues:
        text = cue.text
        if text is None or text in heard:
            continue
        found = stored.get(text)
        if text in speech or found is None:  # rendered now: named by its samples
            pcm = clip_of(text).pcm
            heard[text] = (name_of(pcm), len(pcm), samples_of(text))
        else:
            heard[text] = (found.name, 2 * found.frames, samples_of(text))
    gains = balance_of_levels(level_named(name, pcm) for name, _, pcm in heard.values())
    return SessionAudio(
        timeline,
        {text: gains.speech_named(*named) for text, named in heard.items()},
        {tone: gains.tone_clip(load_tone(tone, tone_set)) for tone in Tone},
    )


def _check_output(path: Path) -> None:
    from player.sound.mix import FORMATS

    if path.suffix.lower() not in FORMATS:
        raise UsageError(f"-o {path}: the file must end in .wav, .mp3 or .ogg")
    if path.is_dir():
        raise UsageError(f"-o {path}: that is a folder; name a file in it")
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"-o {path}: folder {folder} does not exist")


def run(args: argparse.Namespace) -> int:
    output: Path = args.output
    _check_output(output)
    from player.sound.mix import audio_writer

    progress = ProgressBar(sys.stderr)
    # Opened first, before anything else is imported: an .mp3 or .ogg encoder starts while
    # the routine loads and speaks, and is stopped (its file removed) if that fails.
    with audio_writer(output) as writer:
        from player.options import options_of
        from player.routine import find_routine, load_routine
        from player.sound.mix import frame_at, timeline_blocks
        from player.speech import make_synthesizer

        options = options_of(args, settings=False)  # what a first-timer hears, as `show` prints
        # Without the installed voices' languages: the loader's warnings are not shown here,
        # and asking espeak-ng for them is a process to start.
        routine = load_routine(find_routine(args.routine)).routine
        synthesizer = make_synthesizer(options.tts)
        try:
            audio = session_audio(
                routine,
                synthesizer,
                verbosity=options.verbosity,
                tone_set=args.tones,
                progress=progress,
            )
        finally:
            synthesizer.close()
        blocks = timeline_blocks(
            audio.timeline,
            audio.speech,
            audio.tones,
            progress=lambda done, total: progress("writing", done, total),
            kept=True,
        )
        writer.write(blocks, frame_at(audio.timeline.total))
    progress.finish()
    from player.routine.durations import format_clock

    cues = len(audio.timeline.cues)
    print(f"{output}: {routine.title}, {format_clock(audio.timeline.total)}, {cues} cues")
    return EXIT_OK
