"""Spoken commands, fed from WAV files instead of a microphone: keywords said by espeak-ng
in several voices and rates, in noise and in the session's own audio at 10 dB SNR; the
listener giving a session on a fake clock its commands; the gate while the player sounds;
the prompts; a German routine without a German model."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from player.desktop.handsfree import HandsFree, Listening, can_listen
from player.desktop.listen import (
    ENGLISH,
    RATE,
    ListenError,
    Recogniser,
    english_model,
    model_for,
    spot_all,
)
from player.desktop.listener import Listener
from player.desktop.microphone import WavFile, read_pcm
from player.desktop.rehearse import keyword_track, mixed, noise, speak
from player.options import PlayOptions
from player.routine import find_routine, load_routine
from player.session import events as ev
from player.session.clock import FakeClock
from player.session.prepare import PreparedSession, prepare_session
from player.session.state import Status
from player.timeline.model import CueKind
from player.timeline.phrases import phrases_for


def write_wav(path: Path, pcm: bytes) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm)
    return path


@pytest.fixture(scope="module")
def recogniser_model() -> object:
    return english_model()


def test_keywords_in_several_voices_and_rates_are_heard_in_noise() -> None:
    said = [
        (phrase, speak(phrase, voice, rate))
        for phrase in ("repeat", "time", "pause")
        for voice, rate in (("en-us", 165), ("en-gb", 200), ("en-us+f3", 130))
    ]
    track, placed = keyword_track(said, noise(20.0, seed=1), snr_db=10)
    heard = list(spot_all(Recogniser(english_model()), track))
    matched = [
        s
        for s in heard
        if any(abs(p.end - s.end) < 0.6 and p.phrase == s.keyword.phrase for p in placed)
    ]
    assert len(matched) >= 5, [(s.keyword.phrase, round(s.end, 1)) for s in heard]
    # The measured rates (benchmarks/bench_listen.py) are well short of the 90 % target:
    # at least five of these nine are heard, and at most one is taken for another word.
    assert len(heard) - len(matched) <= 1


def test_a_sessions_own_audio_gives_no_command_while_the_gate_holds(tmp_path: Path) -> None:
    """The exported session, fed as the listener hears it: nothing while the player sounds."""
    from player.commands.export import session_audio
    from player.desktop.microphone import to_16k
    from player.sound.mix import mix_timeline
    from player.speech import make_synthesizer

    routine = load_routine(find_routine("desk-break-back")).routine
    synthesizer = make_synthesizer("pyttsx3")
    try:
        audio = session_audio(routine, synthesizer)
    finally:
        synthesizer.close()
    pcm = to_16k(mix_timeline(audio.timeline, audio.speech, audio.tones), 22050)
    spans = [
        (c.at, c.at + (audio.speech[c.text].duration if c.text else 0.3))
        for c in audio.timeline.cues
    ]
    recogniser = Recogniser(english_model())
    heard = []
    chunk = RATE // 10 * 2
    for start in range(0, len(pcm), chunk):
        t = start / 2 / RATE
        part = pcm[start : start + chunk]
        if any(a - 0.1 < t < b + 0.3 for a, b in spans):
            recogniser.skip(part)
        else:
            heard += recogniser.feed(part)
    assert heard == []


@pytest.fixture
def prepared() -> PreparedSession:
    routine = load_routine(find_routine("desk-break-back")).routine
    return prepare_session(
        routine,
        name="desk-break-back",
        options=PlayOptions(audio="null", tts="fake"),
        clock=FakeClock(),
        record_history=False,
        listening=True,
    )


def words_file(tmp_path: Path, *words: tuple[float, str, str]) -> Path:
    """Words said at the given seconds, by the given espeak-ng voices, in room noise."""
    length = max(at for at, _, _ in words) + 3.0
    track = noise(length, seed=2, level=600.0)
    for at, phrase, voice in words:
        track = mixed(track, speak(phrase, voice, 165), at)
    return write_wav(tmp_path / "words.wav", track)


def test_the_listener_pauses_and_resumes_a_session(
    prepared: PreparedSession, tmp_path: Path
) -> None:
    session = prepared.session
    session.start()
    source = words_file(tmp_path, (1.0, "pause", "en-us"), (4.0, "go on", "en-us+f3"))
    shown: list[str] = []
    chimes: list[str] = []
    listener = Listener(
        session,
        lambda: (Recogniser(english_model()), WavFile(source)),
        sounding=lambda: False,
        chime=lambda: chimes.append("tick"),
        show=shown.append,
    )
    try:
        listener.start()
        assert listener.join(120.0)
    finally:
        listener.close()
        prepared.close()
    events = session.poll()
    assert [type(e) for e in events if isinstance(e, ev.Paused | ev.Resumed)] == [
        ev.Paused,
        ev.Resumed,
    ]
    assert shown == [
        "listening for: done, pause, go on, next, back, repeat, time",
        'heard "pause"',
        'heard "go on"',
    ]
    assert chimes == ["tick", "tick"]


def test_nothing_is_heard_while_the_player_sounds(
    prepared: PreparedSession, tmp_path: Path
) -> None:
    session = prepared.session
    session.start()
    source = words_file(tmp_path, (1.0, "pause", "en-us"))
    shown: list[str] = []
    listener = Listener(
        session,
        lambda: (Recogniser(english_model()), WavFile(source)),
        sounding=lambda: True,
        chime=lambda: None,
        show=shown.append,
    )
    listener.start()
    assert listener.join(120.0)
    listener.close()
    prepared.close()
    assert session.status is Status.PLAYING
    assert not any(line.startswith("heard") for line in shown)


def _reminders(routine_name: str, listening: bool) -> set[str]:
    routine = load_routine(find_routine(routine_name)).routine
    prepared = prepare_session(
        routine,
        name=routine_name,
        options=PlayOptions(audio="null", tts="fake"),
        clock=FakeClock(),
        record_history=False,
        listening=listening,
    )
    prepared.close()
    return {c.text or "" for c in prepared.timeline.cues if c.kind is CueKind.REMINDER}


def test_open_reps_say_the_word_only_when_listening(tmp_path: Path) -> None:
    routine = tmp_path / "open.yaml"
    routine.write_text(
        "title: Open\nsections:\n  - name: S\n    kind: strengthening\n    exercises:\n"
        "      - {name: Squat, reps: 10}\n"
    )
    english = phrases_for("en")
    assert english.reminder_listening() == "Say done or press d."
    assert _reminders(str(routine), listening=True) == {"Say done or press d."}
    without = _reminders(str(routine), listening=False)
    assert without and without <= {english.reminder(), english.reminder_short()}


def test_a_german_routine_without_a_german_model_says_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WORKOUT_LISTEN_MODEL", raising=False)
    assert not can_listen("de", Listening())
    assert can_listen("en", Listening())
    with pytest.raises(ListenError, match="no speech model for 'de'"):
        model_for("de")
    routine = tmp_path / "offen.yaml"
    routine.write_text(
        "title: Offen\nlanguage: de\nsections:\n  - name: S\n    kind: strengthening\n"
        "    exercises:\n      - {name: Kniebeuge, reps: 10}\n"
    )
    german = phrases_for("de")
    said = _reminders(str(routine), listening=can_listen("de", Listening()))
    assert said and said <= {german.reminder(), german.reminder_short()}
    assert german.reminder_listening() not in said

    prepared = prepare_session(
        load_routine(routine).routine,
        name="offen",
        options=PlayOptions(audio="null", tts="fake"),
        clock=FakeClock(),
        record_history=False,
    )
    shown: list[str] = []
    hands_free = HandsFree(
        prepared.session, "Offen", language="de", listening=Listening(), output=prepared.output
    )
    hands_free.start(shown.append)
    assert hands_free.listener is not None and hands_free.listener.join(60.0)
    hands_free.close()
    prepared.close()
    assert len(shown) == 1 and shown[0].startswith("not listening: no speech model for 'de'")


def test_a_folder_that_is_no_model_is_one_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ListenError, match="not a PocketSphinx model"):
        model_for("de", tmp_path)
    with pytest.raises(ListenError, match="no such folder"):
        model_for("de", tmp_path / "missing")


def test_a_bad_wav_file_is_one_clear_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_text("not audio")
    with pytest.raises(ListenError, match="not a readable WAV file"):
        read_pcm(bad)


def test_the_german_keywords_are_there_for_a_german_model() -> None:
    from player.desktop.listen import GERMAN, KEYWORDS

    assert KEYWORDS["de"] is GERMAN
    assert [k.command for k in GERMAN] == [k.command for k in ENGLISH]


def test_tones_only_mid_session_silences_the_spoken_command_prompt_too(tmp_path: Path) -> None:
    from player.timeline.compile import Verbosity

    routine = tmp_path / "open.yaml"
    routine.write_text(
        "title: Open\nsections:\n  - name: S\n    kind: strengthening\n    exercises:\n"
        "      - {name: Squat, reps: 10}\n"
    )
    prepared = prepare_session(
        load_routine(routine).routine,
        name="open",
        options=PlayOptions(audio="null", tts="fake"),
        clock=FakeClock(),
        record_history=False,
        listening=True,
    )
    try:
        speech = prepared.speech
        assert speech is not None and speech.renderer is not None
        speech.renderer.wait_all(60.0)
        prompt = "Say done or press d."
        assert speech.clip(prompt) is not None
        speech.set_verbosity(Verbosity.TONES)
        assert speech.clip(prompt) is None
    finally:
        prepared.close()
