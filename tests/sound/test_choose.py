"""`--audio SPEC`: each backend by name, `auto` falling back with a reason, clear errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from player.errors import UsageError
from player.session.clock import FakeClock
from player.sound import choose
from player.sound.choose import SILENT, Probe, choose_output, probe_outputs, select_output
from player.sound.command import CommandOutput
from player.sound.null import NullOutput
from player.sound.record import RecordOutput


def test_named_backends(tmp_path: Path) -> None:
    assert isinstance(choose_output("null"), NullOutput)
    recorder = choose_output(f"record:{tmp_path / 'x.wav'}")
    assert isinstance(recorder, RecordOutput)
    assert recorder.path == tmp_path / "x.wav"
    command = select_output(f"command:{sys.executable} -c pass")
    assert isinstance(command.output, CommandOutput)
    assert command.reason == f"command: {sys.executable} -c pass"
    command.output.close()


def test_null_and_record_keep_time_on_the_clock_given() -> None:
    clock = FakeClock()
    output = choose_output("null", clock)
    from player.sound.tones import load_tone

    playback = output.play(load_tone("finish"))
    clock.advance(1.3)
    assert not playback.is_playing()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("speakers", "unknown audio backend 'speakers': choose auto, simpleaudio"),
        ("record", "record needs a file"),
        ("record:out.mp3", "record writes WAV files: --audio record:out.wav"),
        ("null:x", "unknown audio backend 'null:x'"),
    ],
)
def test_bad_specs_are_usage_errors(spec: str, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        select_output(spec)
    assert str(raised.value).startswith(message)
    assert raised.value.exit_code == 2


def test_auto_falls_back_to_null_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    failures = {
        "simpleaudio": Probe("simpleaudio", False, "no audio device: cannot open the PCM device"),
        "command": Probe("command", False, "aplay: audio open error"),
        "winsound": Probe("winsound", False, "only on Windows"),
    }
    monkeypatch.setattr(choose, "_probe", failures.__getitem__)
    chosen = select_output("auto")
    assert isinstance(chosen.output, NullOutput)
    assert chosen.silent
    assert chosen.reason == SILENT  # one plain line, no device text, no "(null)"
    assert "workout doctor" in chosen.reason


@pytest.mark.parametrize("spec", ["simpleaudio", "command", "command:false"])
def test_a_backend_asked_for_that_cannot_play_says_so_once_and_plays_silently(
    monkeypatch: pytest.MonkeyPatch, spec: str
) -> None:
    failures = {
        "simpleaudio": Probe("simpleaudio", False, "no audio device: cannot open the PCM device"),
        "command": Probe("command", False, "aplay: main:831: audio open error"),
    }
    monkeypatch.setattr(choose, "_probe", failures.__getitem__)
    chosen = select_output(spec)  # command:false really runs `false`, which fails
    assert isinstance(chosen.output, NullOutput) and chosen.silent
    assert chosen.reason.startswith(f"--audio {spec} cannot play here")
    assert "workout doctor" in chosen.reason
    assert not any(raw in chosen.reason for raw in ("aplay", "PCM", "(null)", "asked for"))


def test_auto_takes_the_first_backend_that_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = {
        "simpleaudio": Probe("simpleaudio", False, "no audio device"),
        "command": Probe("command", True, "aplay -q plays"),
        "winsound": Probe("winsound", True, "built into Windows"),
    }
    monkeypatch.setattr(choose, "_probe", answers.__getitem__)
    monkeypatch.setattr("player.sound.command.find_player", lambda: ("aplay", "-q"))
    chosen = select_output("auto")
    assert chosen.output.name in {"command", "winsound"}
    assert not chosen.silent
    assert chosen.reason in {"command: aplay -q plays", "winsound: built into Windows"}
    chosen.output.close()


def test_probe_outputs_lists_every_backend_with_a_verdict() -> None:
    probes = probe_outputs()
    assert probes[0].name == "simpleaudio"
    assert probes[-1] == Probe("null", True, "plays nothing, keeps time")
    for probe in probes:
        assert probe.detail  # ok or not, it says something a person can act on
