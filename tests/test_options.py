"""The options of a run, parsed once (`player.options`): from the settings file and the command
line as `workout` parses it, the verbosity's aliases resolved, passed down unchanged."""

from __future__ import annotations

import pytest

from player import settings as config
from player.cli import build_parser
from player.errors import UsageError
from player.options import PlayOptions, options_of
from player.routine import find_routine, load_routine
from player.session.clock import FakeClock
from player.session.prepare import prepare_session
from player.timeline.plan import Verbosity, verbosity_of


def parsed(*argv: str) -> PlayOptions:
    args = build_parser(list(argv)).parse_args(list(argv))
    return options_of(args, settings=argv[0] in ("play", "break"))


def test_play_starts_from_the_settings_and_the_command_line_wins() -> None:
    config.set_value("play.verbosity", "tones")
    config.set_value("play.audio", "null")
    config.set_value("play.rate", 185)
    assert parsed("play", "desk") == PlayOptions(audio="null", verbosity=Verbosity.TONES, rate=185)
    options = parsed("play", "desk", "--verbosity", "brief", "--tts", "fake")
    assert (options.audio, options.tts, options.verbosity) == ("null", "fake", Verbosity.BRIEF)
    assert type(options.verbosity) is Verbosity  # parsed here, not again below
    assert config.load().play.verbosity == "tones"  # the command line is not saved


def test_break_takes_the_same_flags_and_its_language() -> None:
    options = parsed("break", "--language", "de", "--audio", "null", "--verbosity", "full")
    assert options == PlayOptions(audio="null", verbosity=Verbosity.FULL, language="de")


def test_show_and_export_say_what_a_first_timer_hears_whatever_the_settings() -> None:
    config.set_value("play.verbosity", "tones")
    config.set_value("play.tts", "fake")
    assert parsed("show", "desk").verbosity is Verbosity.FULL
    exported = parsed("export", "desk", "-o", "x.wav", "--verbosity", "brief")
    assert (exported.verbosity, exported.tts) == (Verbosity.BRIEF, "pyttsx3")


def test_the_names_alias_is_parsed_in_one_place() -> None:
    assert verbosity_of("names") is Verbosity.BRIEF
    assert verbosity_of("names-only") is Verbosity.BRIEF
    assert verbosity_of("auto") is Verbosity.AUTO
    with pytest.raises(UsageError, match="unknown verbosity 'loud'"):
        verbosity_of("loud")


def test_the_flags_offer_what_each_command_accepts(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("play", "break"):
        with pytest.raises(SystemExit):
            routine = ["x"] if command == "play" else []
            build_parser([command]).parse_args([command, *routine, "--verbosity", "loud"])
        assert "choose from 'auto', 'full', 'brief', 'tones'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        build_parser(["show"]).parse_args(["show", "x", "--verbosity", "auto"])
    assert "choose from 'full', 'brief', 'tones'" in capsys.readouterr().err


def test_prepare_session_plays_the_options_it_is_given() -> None:
    routine = load_routine(find_routine("desk-break-back")).routine
    brief = PlayOptions(audio="null", tts="fake", verbosity=Verbosity.BRIEF)
    tones = PlayOptions(audio="null", tts="fake", verbosity=Verbosity.TONES)
    said = {}
    for options in (brief, tones):
        prepared = prepare_session(
            routine, name="x", options=options, clock=FakeClock(), record_history=False
        )
        try:
            said[options.verbosity] = [c.text for c in prepared.timeline.cues if c.text]
            assert prepared.audio == "none (--audio null): silent"
        finally:
            prepared.close()
    assert said[Verbosity.BRIEF] and len(said[Verbosity.TONES]) < len(said[Verbosity.BRIEF])
