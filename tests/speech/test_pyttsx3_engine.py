"""Real speech through pyttsx3 and espeak-ng in a child process: format, voices, timeouts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from player.routine.model import Voice
from player.speech import SpeechCache, render_all, voices
from player.speech.base import SpeechError, VoiceInfo
from player.speech.pyttsx3_engine import Pyttsx3Synthesizer, engine_name
from player.speech.wavfile import rms


@pytest.fixture(scope="module")
def synthesizer() -> Iterator[Pyttsx3Synthesizer]:
    synthesizer = Pyttsx3Synthesizer()
    yield synthesizer
    synthesizer.close()


def _read(path: Path) -> tuple[tuple[int, int, int], float, bytes]:
    with wave.open(str(path), "rb") as wav:
        params = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate())
        frames = wav.readframes(wav.getnframes())
        return params, wav.getnframes() / wav.getframerate(), frames


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Next: bird dog. Keep your back flat and breathe out slowly."),
        ("de", "Nächste Übung: Vierfüßlerstand. Halte den Rücken gerade und atme ruhig aus."),
    ],
)
def test_renders_real_speech(
    synthesizer: Pyttsx3Synthesizer, tmp_path: Path, language: str, text: str
) -> None:
    out = tmp_path / "phrase.wav"
    synthesizer.render(text, language, Voice(), out)
    params, seconds, pcm = _read(out)
    assert params == (1, 2, 22050)
    assert 2.0 < seconds < 9.0  # about ten words at 165 words a minute
    assert rms(pcm) > 500  # speech, not silence


def test_german_routines_speak_german(synthesizer: Pyttsx3Synthesizer, tmp_path: Path) -> None:
    text = "Wir beginnen mit der Mobilisation der Brustwirbelsäule."
    synthesizer.render(text, "de", Voice(), tmp_path / "de.wav")
    synthesizer.render(text, "en", Voice(), tmp_path / "en.wav")
    german, english = _read(tmp_path / "de.wav")[2], _read(tmp_path / "en.wav")[2]
    assert german != english  # the same letters, read by a different voice


def test_rate_and_volume_are_applied(synthesizer: Pyttsx3Synthesizer, tmp_path: Path) -> None:
    text = "Slowly lower your knees to the left, then back to the middle."
    synthesizer.render(text, "en", Voice(rate=120), tmp_path / "slow.wav")
    synthesizer.render(text, "en", Voice(rate=240), tmp_path / "fast.wav")
    synthesizer.render(text, "en", Voice(rate=240, volume=0.3), tmp_path / "quiet.wav")
    synthesizer.render(text, "en", Voice(rate=120), tmp_path / "slow-again.wav")
    _, slow, slow_pcm = _read(tmp_path / "slow.wav")
    _, fast, loud_pcm = _read(tmp_path / "fast.wav")
    _, _, quiet_pcm = _read(tmp_path / "quiet.wav")
    _, _, slow_again_pcm = _read(tmp_path / "slow-again.wav")
    assert slow > 1.5 * fast
    assert rms(quiet_pcm) < 0.5 * rms(loud_pcm)
    assert slow_again_pcm == slow_pcm  # settings changed in between leave nothing behind


def test_the_same_phrase_gives_the_same_clip_byte_for_byte(tmp_path: Path) -> None:
    """espeak-ng carries state from one phrase to the next (a long-lived engine read
    "Rest, 2 seconds." as 1673, 1714, then 1705 ms); every clip must start from the same."""
    text = "Rest, 2 seconds."
    first = Pyttsx3Synthesizer()
    second = Pyttsx3Synthesizer()
    try:
        first.render(text, "en", Voice(), tmp_path / "a.wav")
        for n, other in enumerate(["Bird dog. Eight on each side.", text, "Go!", text]):
            first.render(other, "en", Voice(rate=140 + 10 * n), tmp_path / f"other{n}.wav")
        first.render(text, "en", Voice(), tmp_path / "b.wav")
        second.render("Nächste Übung.", "de", Voice(), tmp_path / "de.wav")
        second.render(text, "en", Voice(), tmp_path / "c.wav")
    finally:
        first.close()
        second.close()
    clips = [(tmp_path / f"{name}.wav").read_bytes() for name in "abc"]
    assert clips[0] == clips[1] == clips[2]


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs the espeak-ng command")
def test_a_clip_is_what_espeak_ng_itself_writes(
    synthesizer: Pyttsx3Synthesizer, tmp_path: Path
) -> None:
    text = "Slowly lower your knees to the left."
    synthesizer.render("Something else first.", "en", Voice(rate=150), tmp_path / "x.wav")
    synthesizer.render(text, "en", Voice(rate=150), tmp_path / "ours.wav")
    command = ["espeak-ng", "-v", "gmw/en", "-s", "150", "-w", str(tmp_path / "cli.wav"), text]
    subprocess.run(command, check=True, capture_output=True)
    assert _read(tmp_path / "ours.wav") == _read(tmp_path / "cli.wav")


def test_phrases_render_side_by_side(tmp_path: Path) -> None:
    synthesizer = Pyttsx3Synthesizer()
    texts = [f"Phrase number {n}." for n in range(12)]
    outs: dict[str, bytes] = {}

    def say(text: str) -> None:
        synthesizer.render(text, "en", Voice(), tmp_path / f"{text}.wav")
        outs[text] = (tmp_path / f"{text}.wav").read_bytes()

    try:
        threads = [threading.Thread(target=say, args=(text,)) for text in texts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for text in texts[:3]:  # each answer went to the one who asked
            synthesizer.render(text, "en", Voice(), tmp_path / "again.wav")
            assert (tmp_path / "again.wav").read_bytes() == outs[text]
    finally:
        synthesizer.close()
    assert synthesizer.starts == 1 and len(outs) == len(texts)


def test_voices_by_language(synthesizer: Pyttsx3Synthesizer) -> None:
    every = synthesizer.voices()
    assert any(v.id == "gmw/de" for v in every)
    assert any("en-us" in v.languages for v in every)
    assert voices("de")[0] == VoiceInfo("gmw/de", "German", ("de",))
    assert [v.id for v in voices("en")][:2] == ["gmw/en", "gmw/en-029"]


def test_a_missing_voice_names_the_ones_there_are(
    synthesizer: Pyttsx3Synthesizer, tmp_path: Path
) -> None:
    with pytest.raises(SpeechError) as raised:
        synthesizer.render("Hallo", "de", Voice(name="Vulcan"), tmp_path / "x.wav")
    message = str(raised.value)
    assert "'Vulcan' is not installed" in message
    assert "German (gmw/de)" in message
    assert not (tmp_path / "x.wav").exists()


def test_a_voice_can_be_named(synthesizer: Pyttsx3Synthesizer, tmp_path: Path) -> None:
    text = "Turn your head slowly to the right."
    synthesizer.render(text, "en", Voice(name="English (America)"), tmp_path / "us.wav")
    synthesizer.render(text, "en", Voice(name="en-us"), tmp_path / "us2.wav")
    synthesizer.render(text, "en", Voice(), tmp_path / "gb.wav")
    us, us2, gb = (_read(tmp_path / f"{n}.wav")[2] for n in ("us", "us2", "gb"))
    assert abs(len(us) - len(us2)) < 0.02 * len(us)  # the same voice by two names
    assert abs(len(us) - len(gb)) > 0.02 * len(us) or rms(us) != rms(gb)


def test_rendering_prints_nothing(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    synthesizer = Pyttsx3Synthesizer()
    cache = SpeechCache(synthesizer.engine, tmp_path)
    try:
        render_all(
            ["Go", "Rest", "Stop if you feel sharp pain."], "en", Voice(), synthesizer, cache
        )
        synthesizer.voices()
    finally:
        synthesizer.close()
    captured = capfd.readouterr()
    assert captured.out == ""  # pyttsx3's "Audio saved to ..." stayed in the child
    assert captured.err == ""


def test_engine_name_names_pyttsx3_and_espeak() -> None:
    assert engine_name().startswith("pyttsx3-2.")
    assert "/espeak-ng-1." in engine_name()


HANGS_AT_START = """
import sys, time
open(sys.argv[1], "a").write("start\\n")
time.sleep(60)
"""

HANGS_ON_RENDER = """
import json, sys, time
open(sys.argv[1], "a").write("start\\n")
voices = [{"id": "gmw/en", "name": "English", "languages": ["en"]}]
print(json.dumps({"ready": True, "voices": voices}), flush=True)
for line in sys.stdin:
    time.sleep(60)
"""

DIES_ON_FIRST_RENDER = """
import os, runpy, sys
starts = sys.argv.pop(1)
first = not os.path.exists(starts)
open(starts, "a").write("start\\n")
if first:
    voices = [{"id": "gmw/en", "name": "English", "languages": ["en"]}]
    print('{"ready": true, "voices": %s}' % __import__("json").dumps(voices), flush=True)
    sys.stdin.readline()
    os._exit(3)
sys.argv[0] = sys.argv.pop(1)
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def _worker(tmp_path: Path, source: str) -> tuple[list[str], Path]:
    script = tmp_path / "worker.py"
    script.write_text(source)
    starts = tmp_path / "starts.txt"
    return [sys.executable, str(script), str(starts)], starts


@pytest.mark.parametrize(
    ("source", "start_timeout", "timeout"),
    # Only the step that hangs has a short timeout: the other waits as long as a busy
    # machine may need to start Python, so the test never races the machine's speed.
    [(HANGS_AT_START, 0.5, 60.0), (HANGS_ON_RENDER, 60.0, 0.5)],
    ids=["hangs-at-start", "hangs-on-render"],
)
def test_a_hanging_engine_times_out_is_retried_once_then_fails(
    tmp_path: Path, source: str, start_timeout: float, timeout: float
) -> None:
    command, starts = _worker(tmp_path, source)
    synthesizer = Pyttsx3Synthesizer(
        timeout=timeout, start_timeout=start_timeout, worker_command=command
    )
    with pytest.raises(SpeechError) as raised:
        synthesizer.render("Go", "en", Voice(), tmp_path / "go.wav")
    assert "failed twice" in str(raised.value)
    assert "no answer within 0.5 s" in str(raised.value)
    assert starts.read_text().count("start") == 2  # tried, restarted once, gave up
    assert synthesizer.starts == 2


def test_a_child_that_dies_is_restarted_and_the_phrase_rendered(tmp_path: Path) -> None:
    from player.speech.pyttsx3_engine import WORKER

    command, starts = _worker(tmp_path, DIES_ON_FIRST_RENDER)
    synthesizer = Pyttsx3Synthesizer(timeout=5, worker_command=[*command, str(WORKER)])
    try:
        synthesizer.render("Switch sides", "en", Voice(), tmp_path / "switch.wav")
    finally:
        synthesizer.close()
    params, seconds, pcm = _read(tmp_path / "switch.wav")
    assert params == (1, 2, 22050)
    assert seconds > 0.3 and rms(pcm) > 500
    assert starts.read_text().count("start") == 2


def test_an_empty_phrase_is_refused_not_hung(tmp_path: Path) -> None:
    synthesizer = Pyttsx3Synthesizer(timeout=2)
    with pytest.raises(SpeechError, match="nothing to say"):
        synthesizer.render("   ", "en", Voice(), tmp_path / "empty.wav")
    assert synthesizer.starts == 0


def test_without_espeak_ng_the_error_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ctypes
    import ctypes.util

    from player.speech import make_synthesizer
    from player.speech.pyttsx3_engine import espeak_version

    def no_library(name: str) -> None:
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    monkeypatch.setattr(ctypes, "CDLL", no_library)
    espeak_version.cache_clear()
    try:
        with pytest.raises(SpeechError) as raised:
            make_synthesizer("pyttsx3")
    finally:
        espeak_version.cache_clear()
    assert str(raised.value) == "espeak-ng is not installed: apt install espeak-ng"
    assert raised.value.fix == "apt install espeak-ng"


def test_a_worker_that_cannot_be_started_is_a_speech_error(tmp_path: Path) -> None:
    not_runnable = tmp_path / "python"
    not_runnable.write_text("")
    not_runnable.chmod(0o644)  # no x bit: Popen raises PermissionError (even for root)
    synthesizer = Pyttsx3Synthesizer(worker_command=[str(not_runnable)])
    with pytest.raises(SpeechError, match=r"cannot start .*python: Permission denied"):
        synthesizer.render("Hello.", "en", Voice(), tmp_path / "out.wav")


def test_a_stuck_worker_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    """espeak-ng on a full disk never finishes a phrase; a parent killed then used to leave
    the worker looping for ever (seen: orphaned worker.py processes, parent 1)."""
    import os
    import signal
    import subprocess

    from player.speech import worker

    pid_file = tmp_path / "worker.pid"
    stuck = (
        f"import sys, time; sys.path.insert(0, {str(Path(worker.__file__).parent)!r})\n"
        "import worker\n"
        "worker._end_with_parent(poll=0.05)\n"
        f"open({str(pid_file)!r}, 'w').write(str(__import__('os').getpid()))\n"
        "time.sleep(60)  # stuck, as in runAndWait\n"
    )
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import subprocess, sys, time\n"
            f"subprocess.Popen([sys.executable, '-c', {stuck!r}])\ntime.sleep(60)\n",
        ]
    )
    deadline = time.monotonic() + 10
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "the worker never started"
        time.sleep(0.02)
    pid = int(pid_file.read_text())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while _alive(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            pytest.fail("the worker outlived its parent")
        time.sleep(0.02)


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purpose (its new parent reaps it).
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ")[1][0] != "Z"


def test_a_phrase_into_an_unwritable_folder_is_an_error_not_a_hang(tmp_path: Path) -> None:
    synthesizer = Pyttsx3Synthesizer(timeout=5)
    try:
        started = time.monotonic()
        with pytest.raises(SpeechError, match="cannot write into /nonexistent"):
            synthesizer.render("Hello.", "en", Voice(), Path("/nonexistent/out.wav"))
        assert time.monotonic() - started < 4  # an answer, not the timeout
    finally:
        synthesizer.close()
