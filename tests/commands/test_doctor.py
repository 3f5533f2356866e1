"""`workout doctor`: every line ✓ or ✗, a fix for each ✗, exit 1 when something needed fails."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from player.cli import main
from player.commands.doctor import (
    Check,
    check_dir,
    check_playback,
    check_speech,
    check_voices,
    report,
)
from player.routine.model import Voice
from player.sound.choose import Probe
from player.speech.base import SpeechError, Synthesizer
from player.speech.fake import FAKE_VOICES, FakeSynthesizer
from player.speech.pyttsx3_engine import Pyttsx3Synthesizer
from player.speech.wavfile import write_speech


def test_the_real_report(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["doctor"])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("workout-player ")
    marks = [line[0] for line in lines[1:] if not line.startswith(" ")]
    assert set(marks) <= {"✓", "✗"} and len(marks) == 9
    assert code == (0 if "✗" not in marks else 1)
    assert "✓ speech engine  pyttsx3-2." in out  # espeak-ng is installed here and in CI
    assert "said a test phrase" in out
    assert "German (gmw/de)" in out
    assert "English (Great Britain) (gmw/en)" in out
    for label in ("playback", "microphone", "recogniser", "speech cache", "settings", "history"):
        assert any(line[2:].startswith(label) for line in lines)
    for i, line in enumerate(lines):
        if line.startswith("✗"):  # every failure says how to fix it, on the next line
            assert lines[i + 1].lstrip().startswith("fix: ")


def test_a_missing_engine_says_how_to_install_it() -> None:
    def missing() -> Synthesizer:
        raise SpeechError("espeak-ng is not installed: apt install espeak-ng", fix="apt ...")

    check, voices = check_speech(missing)
    assert not check.ok and voices == []
    assert check.fix == "apt ..."
    assert not check_voices(voices, "de").ok


def test_a_hanging_engine_fails_the_check(tmp_path: Path) -> None:
    hangs = tmp_path / "hang.py"
    hangs.write_text("import time\ntime.sleep(60)\n")
    command = [sys.executable, str(hangs)]

    def hanging() -> Synthesizer:
        return Pyttsx3Synthesizer(timeout=0.3, start_timeout=0.3, worker_command=command)

    check, _ = check_speech(hanging)
    assert not check.ok
    assert "failed twice" in check.detail
    assert check.fix


class SilentSynthesizer(FakeSynthesizer):
    """An engine that starts and writes a WAV file, but with nothing in it to hear."""

    engine = "silent-1"

    def render(self, text: str, language: str, voice: Voice, out: Path) -> None:
        write_speech(out, bytes(2 * 22050))


def test_an_engine_that_renders_silence_fails_the_check() -> None:
    check, voices = check_speech(SilentSynthesizer)
    assert not check.ok and voices == []
    assert check.detail == "silent-1 rendered silence"
    assert check.fix.startswith("apt install --reinstall espeak-ng")
    heard, _ = check_speech(FakeSynthesizer)  # the same check passes a tone
    assert heard.ok and heard.detail.startswith("fake-1: said a test phrase")


def test_voices_per_language() -> None:
    assert check_voices(FAKE_VOICES, "de") == Check("voices (de)", True, "Fake German (fake/de)")
    missing = check_voices(FAKE_VOICES, "fr")
    assert not missing.ok and missing.fix == "apt install espeak-ng-data"


def test_playback_lines() -> None:
    works = check_playback([Probe("simpleaudio", False, "no device"), Probe("command", True, "x")])
    assert works.ok and works.detail.startswith("command (--audio auto picks it)")
    no_device = check_playback(
        [Probe("simpleaudio", False, "no audio device"), Probe("null", True, "")]
    )
    assert not no_device.ok and "aplay -l" in no_device.fix
    no_player = check_playback(
        [Probe("command", False, "no command-line audio player found: apt install x")]
    )
    assert no_player.fix.startswith("apt install")


def test_directories(tmp_path: Path) -> None:
    assert check_dir("data", tmp_path).ok
    assert "made when first needed" in check_dir("data", tmp_path / "a" / "b").detail
    file = tmp_path / "file"
    file.write_text("")
    assert not check_dir("data", file).ok


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_directory(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert check_dir("data", locked).fix == f"chmod u+rwx {locked}"


def test_the_report_puts_fixes_under_failures() -> None:
    text = report([Check("speech engine", True, "ok"), Check("playback", False, "none", "do x")])
    assert text.splitlines()[1:] == [
        "✓ speech engine  ok",
        "✗ playback       none",
        "                 fix: do x",
    ]
