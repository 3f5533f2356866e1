"""`workout doctor`: does speech work, which voices are there, does a sound device answer,
and where the cache, settings and history live — each line ✓ or ✗ with the fix."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from player import __version__
from player.errors import EXIT_INVALID, EXIT_OK

if TYPE_CHECKING:
    from player.sound.choose import Probe
    from player.speech.base import Synthesizer, VoiceInfo

TEST_PHRASE = "Ready when you are."
_SHOWN_VOICES = 3


class Check(NamedTuple):  # a NamedTuple: `workout --help` imports this module, not dataclasses
    """One line of the report: what was checked, whether it works, and the fix if not."""

    label: str
    ok: bool
    detail: str
    fix: str = ""

    def lines(self, width: int) -> list[str]:
        mark = "✓" if self.ok else "✗"
        shown = [f"{mark} {self.label:<{width}}  {self.detail}"]
        if not self.ok and self.fix:
            shown.append(f"  {'':<{width}}  fix: {self.fix}")
        return shown


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from player.speech.base import ENGINES

    parser.add_argument(
        "--tts",
        choices=ENGINES,
        default="pyttsx3",
        help="the speech engine to check (default: pyttsx3)",
    )


def check_speech(make: Callable[[], Synthesizer]) -> tuple[Check, list[VoiceInfo]]:
    """Start the engine and render a test phrase for real; the voices it offers."""
    import tempfile
    import time

    from player.routine.model import Voice
    from player.sound.base import Clip
    from player.speech.base import SpeechError
    from player.speech.wavfile import read_speech, rms

    try:
        synthesizer = make()
    except SpeechError as error:
        return Check("speech engine", False, str(error), error.fix), []
    try:
        with tempfile.TemporaryDirectory(prefix="workout-doctor-") as folder:
            out = Path(folder) / "test.wav"
            started = time.perf_counter()
            synthesizer.render(TEST_PHRASE, "en", Voice(), out)
            took = time.perf_counter() - started
            pcm = read_speech(out)
        voices = synthesizer.voices()
    except SpeechError as error:
        fix = error.fix or "apt install --reinstall espeak-ng libespeak-ng1"
        return Check("speech engine", False, f"{synthesizer.engine}: {error}", fix), []
    finally:
        synthesizer.close()
    if rms(pcm) < 100:
        fix = "apt install --reinstall espeak-ng libespeak-ng1"
        return Check("speech engine", False, f"{synthesizer.engine} rendered silence", fix), []
    seconds = Clip(pcm).duration
    detail = f"{synthesizer.engine}: said a test phrase ({seconds:.1f} s) in {took:.2f} s"
    return Check("speech engine", True, detail), voices


def check_voices(voices: Sequence[VoiceInfo], language: str) -> Check:
    """Whether some voice speaks `language`, and which ones."""
    from player.speech.voices import listing, voices_for

    label = f"voices ({language})"
    if not voices:
        return Check(label, False, "no voices: the speech engine did not start")
    speaking = voices_for(voices, language)
    if not speaking:
        return Check(label, False, "no voice speaks it", "apt install espeak-ng-data")
    return Check(label, True, listing(speaking, _SHOWN_VOICES))


INSTALL_PLAYER = "apt install pulseaudio-utils alsa-utils"
CHECK_DEVICE = (
    "check that `aplay -l` lists a sound card and that your user may use it "
    "(meanwhile `--audio null` plays silently and `workout export` still works)"
)


def check_playback(probes: Sequence[Probe]) -> Check:
    """The backend `--audio auto` picks, and whether a device answers."""
    devices = [p for p in probes if p.name != "null"]
    for probe in devices:
        if probe.ok:
            return Check("playback", True, f"{probe.name} (--audio auto picks it): {probe.detail}")
    tried = "; ".join(f"{p.name}: {p.detail}" for p in devices) or "no backend to try"
    no_player = any(p.name == "command" and "apt install" in p.detail for p in devices)
    fix = INSTALL_PLAYER if no_player else CHECK_DEVICE
    return Check("playback", False, f"no sound device answers ({tried})", fix)


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_dir(label: str, path: Path, note: str = "") -> Check:
    """Whether `path` is (or can be made) a writable directory."""
    existing = _nearest_existing(path)
    suffix = f", {note}" if note else ""
    if existing != path:
        if os.access(existing, os.W_OK):
            return Check(label, True, f"{path} (made when first needed{suffix})")
        return Check(label, False, f"{path} cannot be made", f"mkdir -p {path}")
    if not path.is_dir():
        return Check(label, False, f"{path} is not a directory", f"rm {path}")
    if not os.access(path, os.W_OK | os.X_OK):
        return Check(label, False, f"{path} is not writable", f"chmod u+rwx {path}")
    return Check(label, True, f"{path}{suffix}")


def check_cache() -> Check:
    from player.speech.cache import cache_usage, human_size

    usage = cache_usage()
    note = f"{usage.clips} clips, {human_size(usage.bytes)}"
    return check_dir("speech cache", usage.directory, note)


CHECK_MICROPHONE = (
    "check that `arecord -l` lists a capture device and that your user may use it "
    "(spoken commands need it; media keys and the keyboard do not)"
)


def check_microphone() -> Check:
    """Whether the default capture device records (spoken commands listen there)."""
    from player.desktop.listen import ListenError
    from player.desktop.microphone import microphone_check

    try:
        detail = microphone_check()
    except ListenError as error:
        fix = "apt install alsa-utils" if "apt install" in str(error) else CHECK_MICROPHONE
        return Check("microphone", False, str(error), fix)
    return Check("microphone", True, detail)


def check_recogniser() -> Check:
    """Whether PocketSphinx hears a keyword that espeak-ng says (the English model), and
    which model German routines would use."""
    from player.desktop.listen import ListenError
    from player.desktop.rehearse import recogniser_check

    try:
        detail = recogniser_check()
    except ListenError as error:
        return Check("recogniser", False, str(error), "pip install --force-reinstall pocketsphinx")
    return Check("recogniser", True, detail)


def run_checks(tts: str = "pyttsx3") -> list[Check]:
    from player import paths
    from player.i18n import LANGUAGES
    from player.sound.choose import probe_outputs
    from player.speech import make_synthesizer

    speech, voices = check_speech(lambda: make_synthesizer(tts))
    return [
        speech,
        *(check_voices(voices, language) for language in LANGUAGES),  # the bundled routines
        check_playback(probe_outputs()),
        check_microphone(),
        check_recogniser(),
        check_cache(),
        check_dir("settings", paths.user_config_dir()),
        check_dir("history", paths.user_data_dir(), f"journal {paths.history_db().name}"),
    ]


def report(checks: Sequence[Check]) -> str:
    import platform

    width = max(len(c.label) for c in checks)
    lines = [f"workout-player {__version__} on Python {platform.python_version()}"]
    for check in checks:
        lines.extend(check.lines(width))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    checks = run_checks(args.tts)
    print(report(checks))
    return EXIT_OK if all(c.ok for c in checks) else EXIT_INVALID
