"""`workout export`: a bundled routine mixed offline, checked against its own timeline."""

from __future__ import annotations

import io
import math
import wave
from pathlib import Path

import pytest

from player.cli import main
from player.commands.export import ProgressBar, SessionAudio, session_audio
from player.routine import find_routine, load_routine
from player.session.clock import FakeClock
from player.session.engine import Session
from player.sound.base import SAMPLE_RATE, Clip
from player.sound.mix import frame_at, mix_timeline, rms
from player.sound.record import RecordOutput
from player.sound.wav import read_wav
from player.speech import make_synthesizer
from player.timeline.phrases import phrases_for
from player.timeline.plan import verbosity_of

ROUTINE = "desk-break-back"


def audio_of(
    name: str, tts: str, *, verbosity: str = "full", tone_set: str = "quiet"
) -> SessionAudio:
    """The timeline and clips the export command uses, from the same (cached) speech."""
    routine = load_routine(find_routine(name)).routine
    synthesizer = make_synthesizer(tts)
    try:
        level = verbosity_of(verbosity)
        return session_audio(routine, synthesizer, verbosity=level, tone_set=tone_set)
    finally:
        synthesizer.close()


def window(pcm: bytes, start: float, end: float) -> Clip:
    return Clip(pcm[frame_at(start) * 2 : frame_at(end) * 2])


def test_export_of_a_bundled_routine_matches_its_timeline_to_the_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "desk.wav"
    assert main(["export", ROUTINE, "-o", str(out)]) == 0  # real speech: pyttsx3 + espeak-ng
    said = capsys.readouterr()
    assert said.out.startswith(f"{out}: ")
    assert said.err == ""  # no progress bar when stderr is not a terminal

    audio = audio_of(ROUTINE, "pyttsx3")
    with wave.open(str(out), "rb") as source:
        assert (source.getnchannels(), source.getsampwidth(), source.getframerate()) == (
            1,
            2,
            SAMPLE_RATE,
        )
        assert source.getnframes() == frame_at(audio.timeline.total)
        pcm = source.readframes(source.getnframes())

    # Streamed block by block to the file: the very bytes of the session mixed in memory.
    assert pcm == mix_timeline(audio.timeline, audio.speech, audio.tones)
    speech = [c for c in audio.timeline.cues if c.text is not None]
    assert len(speech) > 20
    for cue in speech:
        # Speech is heard over the whole clip: well above silence, near the loudness target.
        level = rms(window(pcm, cue.at, cue.end))
        assert level > 10 ** (-40 / 20), (cue.at, cue.text, level)

    # Between the cues there is silence.
    quiet_spans = []
    heard_until = 0.0
    for cue in audio.timeline.cues:
        if cue.at - heard_until > 0.1:
            quiet_spans.append((heard_until + 0.01, cue.at - 0.01))
        heard_until = max(heard_until, cue.end)
    assert sum(b - a for a, b in quiet_spans) > 30  # seconds of quiet checked
    for a, b in quiet_spans:
        assert rms(window(pcm, a, b)) < 10 ** (-60 / 20), (a, b)


def test_the_record_backend_hears_what_export_writes(tmp_path: Path) -> None:
    audio = audio_of(ROUTINE, "fake")
    exported = mix_timeline(audio.timeline, audio.speech, audio.tones)

    clock = FakeClock()
    output = RecordOutput(tmp_path / "heard.wav", clock, length=audio.timeline.total)
    start = clock.now()
    for cue in audio.timeline.cues:  # as the session plays them, each at its deadline
        clock.advance(start + cue.at - clock.now())
        clip = audio.tones[cue.tone] if cue.tone else audio.speech[cue.text or ""]
        output.play(clip, at=cue.at)
    output.close()
    heard = read_wav(tmp_path / "heard.wav").pcm
    assert heard[: len(exported)] == exported
    assert not any(heard[len(exported) :])  # anything after the end is silence


def test_a_session_played_into_the_recorder_sounds_like_the_export(tmp_path: Path) -> None:
    audio = audio_of(ROUTINE, "fake")
    exported = mix_timeline(audio.timeline, audio.speech, audio.tones)

    clock = FakeClock()
    start = clock.now()
    output = RecordOutput(tmp_path / "session.wav", clock, length=audio.timeline.total)
    session = Session(
        audio.timeline,
        clock=clock,
        output=output,
        clips=audio.speech,
        tones=audio.tones,
        phrases=phrases_for(audio.timeline.language),
    )
    session.start()
    for _ in range(10 * len(audio.timeline.cues)):  # bounded: a stuck session fails, not hangs
        deadline = session.next_deadline()
        if deadline is None:
            break
        clock.advance(deadline - clock.now())
        session.poll()
    else:
        pytest.fail(f"the session did not end (at {clock.now() - start:.2f} s)")
    session.poll()
    output.close()
    heard = read_wav(tmp_path / "session.wav").pcm
    assert len(heard) >= len(exported)
    assert heard[: len(exported)] == exported


@pytest.mark.parametrize("suffix", [".mp3", ".ogg"])
def test_mp3_and_ogg_exports_decode_to_the_sessions_length(tmp_path: Path, suffix: str) -> None:
    from pydub import AudioSegment

    out = tmp_path / f"desk{suffix}"
    assert main(["export", ROUTINE, "-o", str(out), "--tts", "fake", "--tones", "loud"]) == 0
    decoded = AudioSegment.from_file(out)
    total = audio_of(ROUTINE, "fake", tone_set="loud").timeline.total
    assert decoded.duration_seconds == pytest.approx(total, abs=0.1)
    assert decoded.dBFS > -40  # there is sound in it
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_tones_only_and_brief_exports_are_shorter_to_say(tmp_path: Path) -> None:
    full = audio_of(ROUTINE, "fake")
    tones = audio_of(ROUTINE, "fake", verbosity="tones")
    assert sum(1 for c in tones.timeline.cues if c.text) < sum(
        1 for c in full.timeline.cues if c.text
    )
    out = tmp_path / "tones.wav"
    assert main(["export", ROUTINE, "-o", str(out), "--tts", "fake", "--verbosity", "tones"]) == 0
    assert read_wav(out).frames == frame_at(tones.timeline.total)


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "desk.wav"
    out.write_bytes(b"not audio")
    assert main(["export", ROUTINE, "-o", str(out), "--tts", "fake"]) == 0
    assert read_wav(out).frames > 60 * SAMPLE_RATE
    assert [p.name for p in tmp_path.iterdir()] == ["desk.wav"]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["-o", "{tmp}/x.flac"], 2, "the file must end in .wav, .mp3 or .ogg"),
        (["-o", "{tmp}/missing/x.wav"], 2, "does not exist"),
        (["--routine-name", "no-such-routine"], 2, "no routine file or routine named"),
    ],
)
def test_bad_arguments_are_one_line_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    if args[0] == "--routine-name":
        args = ["export", args[1], "-o", str(tmp_path / "x.wav"), "--tts", "fake"]
    else:
        args = ["export", ROUTINE, *args, "--tts", "fake"]
    assert main(args) == code
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_an_invalid_routine_says_where(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = data_dir / "bad" / "missing-title.yaml"
    assert main(["export", str(bad), "-o", str(tmp_path / "x.wav"), "--tts", "fake"]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_draws_on_a_terminal_only() -> None:
    terminal = Terminal()
    bar = ProgressBar(terminal)
    bar("mixing", 5, 10)
    bar("mixing", 10, 10)
    bar.finish()
    drawn = terminal.getvalue()
    assert "\rmixing   [" + "#" * 14 + "-" * 14 + "] 5/10" in drawn
    assert "] 10/10" in drawn and drawn.endswith("\r\x1b[K")

    pipe = io.StringIO()
    quiet = ProgressBar(pipe)
    quiet("mixing", 10, 10)
    quiet.finish()
    assert pipe.getvalue() == ""


def test_export_levels_are_balanced(tmp_path: Path) -> None:
    audio = audio_of(ROUTINE, "pyttsx3")
    speech = Clip(b"".join(c.pcm for c in audio.speech.values()))
    speech_db = 20 * math.log10(rms(speech))
    for tone, clip in audio.tones.items():
        tone_db = 20 * math.log10(rms(clip))
        assert speech_db - 8 < tone_db < speech_db, (tone, tone_db, speech_db)


@pytest.mark.parametrize("name", ["desk-break-back", "schreibtisch-pause-ruecken"])
def test_exports_are_at_the_loudness_target_under_the_true_peak_ceiling(
    tmp_path: Path, name: str
) -> None:
    import numpy as np
    import pyloudnorm

    from player.sound.loudness import CEILING_DBTP, TARGET_LUFS

    out = tmp_path / "session.wav"
    assert main(["export", name, "-o", str(out)]) == 0  # real speech
    x = np.frombuffer(read_wav(out).pcm, dtype="<i2") / 32768
    assert pyloudnorm.Meter(SAMPLE_RATE).integrated_loudness(x) == pytest.approx(
        TARGET_LUFS, abs=1.0
    )
    assert np.abs(x).max() < 32767 / 32768  # nothing clipped, where a tone meets a word too
    for clip in audio_of(name, "pyttsx3").speech.values():
        y = np.frombuffer(clip.pcm, dtype="<i2") / 32768
        n = 1 << (len(y) + 64).bit_length()
        fine = np.fft.irfft(np.fft.rfft(y, n), 4 * n)[: 4 * len(y)] * 4  # 4x, as BS.1770 says
        assert 20 * np.log10(np.abs(fine).max()) <= CEILING_DBTP + 0.1


def _children(pid: int) -> dict[int, str]:
    """The processes whose parent is `pid`, by their name (Linux: from /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        name, rest = stat.split(" (", 1)[1].rsplit(") ", 1)
        if int(rest.split()[1]) == pid:
            found[int(entry.name)] = name
    return found


def _long_routine(folder: Path) -> Path:
    """The 20-minute routine with every section nine times (three hours to encode)."""
    from ruamel.yaml import YAML

    from player import paths

    yaml = YAML()
    data = yaml.load((paths.bundled_routines_dir() / "full-reconditioning.yaml").read_text())
    for section in data["sections"]:
        section["rounds"] = 9
    path = folder / "three-hours.yaml"
    with path.open("w") as file:
        yaml.dump(data, file)
    return path


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds ffmpeg in /proc")
@pytest.mark.parametrize("when", ["loading", "streaming"])
@pytest.mark.parametrize("whom", ["the terminal's group", "the export alone"])
def test_ctrl_c_stops_ffmpeg_and_leaves_no_file(tmp_path: Path, when: str, whom: str) -> None:
    import os
    import shutil
    import signal
    import subprocess
    import sys
    import time

    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    routine = _long_routine(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    command = [sys.executable, "-m", "player", "export", str(routine), "-o", str(out / "x.mp3")]
    export = subprocess.Popen(
        [*command, "--tts", "fake"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal gives a command
    )
    deadline = time.monotonic() + 60
    while True:  # until ffmpeg runs (and, streaming, has written some of the .mp3)
        encoders = [pid for pid, name in _children(export.pid).items() if name == "ffmpeg"]
        written = [f for f in out.iterdir() if f.stat().st_size > 0]
        if encoders and (when == "loading" or written):
            break
        assert export.poll() is None, export.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.002)
    if whom == "the terminal's group":
        os.killpg(export.pid, signal.SIGINT)  # Ctrl-C
    else:
        export.send_signal(signal.SIGINT)
    _, err = export.communicate(timeout=60)
    if when == "streaming":
        assert export.returncode == 130, err
    else:  # the routine's modules may be importing: two ways out that are not ours
        # -SIGINT: CPython exits by SIGINT when the interrupt came inside code a C extension
        # ran (PyRun_*), even though `main` caught it; pydantic-core (pyo3) panics when it
        # comes while it imports. Either way what was started is stopped, as checked below.
        assert (
            export.returncode == 130
            or export.returncode == -signal.SIGINT
            or (export.returncode == 1 and b"PanicException" in err)
        ), err
    assert list(out.iterdir()) == []  # no .mp3, no temporary file
    for pid in encoders:
        assert not Path(f"/proc/{pid}").exists()  # stopped and waited for, not left running
