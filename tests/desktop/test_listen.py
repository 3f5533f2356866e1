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
from player.routine.model import Routine
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


def _prepared(routine: Routine, name: str, *, listening: bool = False) -> PreparedSession:
    """A session of `routine` prepared with the null output, fake speech and no history."""
    return prepare_session(
        routine,
        name=name,
        options=PlayOptions(audio="null", tts="fake"),
        clock=FakeClock(),
        record_history=False,
        listening=listening,
    )


@pytest.fixture
def prepared() -> PreparedSession:
    routine = load_routine(find_routine("desk-break-back")).routine
    return _prepared(routine, "desk-break-back", listening=True)


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
    prepared = _prepared(routine, routine_name, listening=listening)
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

    prepared = _prepared(load_routine(routine).routine, "offen")
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
    prepared = _prepared(load_routine(routine).routine, "open", listening=True)
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


# -- a model for routines that are not English: the setting, and German keywords ---------

# A German dictionary in the phones of PocketSphinx's English acoustic model: a stand-in for
# a German model (none is reachable from here), spelled as German dictionaries without
# umlauts spell "nächste" and "zurück".
GERMAN_DICTIONARY = """\
fertig F EH R T IH K
pause P AW Z AH
weiter V AY T ER
naechste N EH K S T AH
zurueck T S UW R UH K
wiederholen V IY D ER HH OW L AH N
zeit T S AY T
"""


def german_like_model(tmp_path: Path) -> Path:
    """A model folder as a user would point to: an acoustic model (`mdef`, ...; here the
    English one's files, linked) and a `.dic` with the German keywords."""
    folder = tmp_path / "german-model"
    acoustic = folder / "acoustic"
    acoustic.mkdir(parents=True)
    for part in english_model().acoustic.iterdir():
        (acoustic / part.name).symlink_to(part)
    (folder / "german.dic").write_text(GERMAN_DICTIONARY, encoding="utf-8")
    return folder


def test_the_setting_points_german_routines_at_a_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from player import settings as config
    from player.desktop.listen import configured_model

    monkeypatch.delenv("WORKOUT_LISTEN_MODEL", raising=False)
    assert configured_model() is None
    folder = german_like_model(tmp_path)
    config.set_value("listen.model", str(folder))
    assert configured_model() == (folder, "setting listen.model")
    model = model_for("de")
    assert model.language == "de" and model.dictionary == folder / "german.dic"
    assert (model.acoustic / "mdef").exists()
    assert can_listen("de", Listening())
    # English keeps the model PocketSphinx ships; the setting is for the other languages.
    assert model_for("en") == english_model()
    # The environment variable, then --listen-model, win over the setting.
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("WORKOUT_LISTEN_MODEL", str(elsewhere))
    assert configured_model() == (elsewhere, "$WORKOUT_LISTEN_MODEL")
    with pytest.raises(ListenError, match="no such folder"):
        model_for("de")
    assert model_for("de", folder).dictionary == folder / "german.dic"


def test_a_german_routine_with_a_german_model_listens_for_german_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from player import settings as config

    monkeypatch.delenv("WORKOUT_LISTEN_MODEL", raising=False)
    config.set_value("listen.model", str(german_like_model(tmp_path)))
    routine = tmp_path / "offen.yaml"
    routine.write_text(
        "title: Offen\nlanguage: de\nsections:\n  - name: S\n    kind: strengthening\n"
        "    exercises:\n      - {name: Kniebeuge, reps: 10}\n"
    )
    german = phrases_for("de")
    # The prompt says the word, as the English one does with listening on.
    assert _reminders(str(routine), listening=can_listen("de", Listening())) == {
        german.reminder_listening()
    }
    prepared = _prepared(load_routine(routine).routine, "offen", listening=True)
    # "pause" said by espeak-ng's German voice, heard with the German keyword list.
    track = mixed(noise(4.0, seed=3, level=300.0), speak("pause", "de", 150), 1.0)
    source = write_wav(tmp_path / "pause.wav", track)
    prepared.session.start()
    shown: list[str] = []
    hands_free = HandsFree(
        prepared.session,
        "Offen",
        language="de",
        listening=Listening(input=source),
        output=prepared.output,
    )
    hands_free.start(shown.append)
    assert hands_free.listener is not None and hands_free.listener.join(60.0)
    hands_free.close()
    prepared.close()
    assert hands_free.listener.error is None
    assert shown == [
        "listening for: fertig, pause, weiter, nächste, zurück, wiederholen, zeit",
        'heard "pause"',
    ]
    assert prepared.session.status is Status.PAUSED


def test_a_model_without_a_keyword_in_its_dictionary_is_one_clear_message(
    tmp_path: Path,
) -> None:
    from player.desktop.listen import Model

    folder = german_like_model(tmp_path)
    (folder / "german.dic").write_text(
        GERMAN_DICTIONARY.replace("zeit T S AY T\n", ""), encoding="utf-8"
    )
    model = model_for("de", folder)
    with pytest.raises(ListenError, match="dictionary has no word 'zeit'"):
        Recogniser(model)
    with pytest.raises(ListenError, match="no spoken commands in 'fr'"):
        model_for("fr", folder)
    assert isinstance(model, Model)


def test_doctor_says_which_model_german_routines_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from player import settings as config
    from player.desktop.listen import german_model_note

    monkeypatch.delenv("WORKOUT_LISTEN_MODEL", raising=False)
    assert german_model_note().startswith("no model (set listen.model")
    folder = german_like_model(tmp_path)
    config.set_value("listen.model", str(folder))
    assert german_model_note() == (
        f"{folder} (setting listen.model), all 7 keywords in its dictionary"
    )
    config.set_value("listen.model", str(tmp_path / "gone"))
    assert german_model_note().startswith("not usable, keys only (")


def test_a_keyword_inside_a_sentence_is_no_command() -> None:
    """A command is a word said on its own: the same word in talk gives nothing."""
    alone = [("pause", speak("pause", "en-us", 165)), ("time", speak("time", "en-gb", 165))]
    talk = [
        ("", speak("please pause the music for a while", "en-us", 165)),
        ("", speak("what time is it over there now", "en-gb", 165)),
    ]
    track, placed = keyword_track(alone + talk, noise(20.0, seed=4), snr_db=20)
    heard = [
        (s.keyword.phrase, round(s.end, 1)) for s in spot_all(Recogniser(english_model()), track)
    ]
    assert [phrase for phrase, _ in heard] == ["pause", "time"], heard
    assert all(abs(end - p.end) < 0.6 for (_, end), p in zip(heard, placed, strict=False))


def test_the_media_keys_do_not_load_numpy_for_a_session_that_does_not_listen() -> None:
    """Every session makes its hands-free companion (the media keys); numpy (~50 ms of a
    small machine's CPU beside the first cues) is loaded only when listening starts."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from player.desktop.handsfree import HandsFree, can_listen\n"
        "from player.desktop.listener import Listener\n"
        "assert not can_listen('en', None)\n"
        "print('numpy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
