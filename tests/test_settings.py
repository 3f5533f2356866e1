"""The settings file: round trips, one clear `file:line` message for each mistake, the
`workout config` command, and what the player remembers between sessions."""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

import pytest

from player import settings as config
from player.cli import main
from player.options import options_of
from player.timeline.plan import Verbosity


def _changed() -> config.Settings:
    s = config.Settings()
    values: list[tuple[str, str | int | bool]] = [
        ("play.audio", "null"),
        ("play.verbosity", "brief"),
        ("play.rate", 190),
        ("play.voice", 'de "x"'),
        ("play.muted", True),
        ("screen.language", "de"),
    ]
    for name, value in values:
        s = config.with_value(s, name, value)
    return s


def test_the_file_round_trips_and_every_key_has_a_comment(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    changed = _changed()
    config.save(changed, path)
    assert config.load(path) == changed
    lines = path.read_text(encoding="utf-8").splitlines()
    keys = [i for i, line in enumerate(lines) if line and line[0].isalpha()]
    assert len(keys) == len(config.every_key())
    assert all(lines[i - 1].startswith("# ") for i in keys)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["play"]["rate"] == 190
    config.save(config.Settings(), path)
    assert config.load(path) == config.Settings()


def test_no_file_is_the_defaults_and_workout_config_dir_moves_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKOUT_CONFIG_DIR", str(tmp_path / "elsewhere"))
    assert config.settings_file() == tmp_path / "elsewhere" / "settings.toml"
    assert config.load() == config.Settings()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[play]\nrate = 180\nspeed = 2\n", ":3: unknown setting 'speed' in [play]"),
        ("[play]\n\nrate = 'fast'\n", ":3: play.rate must be a whole number, not 'fast'"),
        ("[play]\nrate = 20\n", ":2: play.rate must be 0 (the routine's own) or 80 to 400"),
        (
            '[play]\nverbosity = "loud"\n',
            ":2: play.verbosity must be one of auto, full, brief, tones",
        ),
        (
            "[sound]\nx = 1\n",
            ":1: unknown table [sound]; the tables are: [play], [session], [screen]",
        ),
        ("[play]\nrate = \n", ":2:8: not valid TOML"),
        ("[play]\nmuted = 1\n", ":2: play.muted must be true or false, not 1"),
    ],
)
def test_a_mistake_is_one_message_with_file_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(config.SettingsError) as error:
        config.load(path)
    assert str(error.value).startswith(f"{path}{message}"), str(error.value)
    assert "\n" not in str(error.value)


def test_setting_one_key_keeps_the_users_lines_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("# mine\n[play]\nrate = 180  # my pace\n\n[screen]\n", encoding="utf-8")
    config.set_value("play.rate", 200, path)
    config.set_value("play.muted", True, path)
    config.set_value("screen.language", "de", path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# mine\n[play]\n")
    assert "rate = 200  # my pace\n" in text
    loaded = config.load(path)
    assert (loaded.play.rate, loaded.play.muted, loaded.screen.language) == (200, True, "de")


def test_a_broken_file_is_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[play]\nrate = 'fast'\n", encoding="utf-8")
    with pytest.raises(config.SettingsError):
        config.set_value("play.rate", 200, path)
    assert path.read_text(encoding="utf-8") == "[play]\nrate = 'fast'\n"


def test_workout_config_show_get_and_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "set", "play.rate", "185"]) == 0
    assert main(["config", "set", "play.muted", "yes"]) == 0
    capsys.readouterr()
    assert main(["config", "get", "play.rate"]) == 0
    assert capsys.readouterr().out == "185\n"
    assert main(["config"]) == 0
    shown = capsys.readouterr().out
    assert "rate = 185   # changed" in shown and 'audio = "auto"\n' in shown
    assert main(["config", "set", "play.rate", "fast"]) == 1
    assert "play.rate: a whole number, not 'fast'" in capsys.readouterr().err
    assert main(["config", "get", "play.speed"]) == 1
    assert "no setting 'play.speed'" in capsys.readouterr().err
    assert config.load().play.rate == 185


def test_the_command_line_wins_over_the_settings_for_one_run() -> None:
    config.set_value("play.verbosity", "tones")
    config.set_value("play.audio", "null")
    args = argparse.Namespace(audio=None, tts="fake", verbosity="brief")
    options = options_of(args)
    assert (options.audio, options.tts, options.verbosity) == ("null", "fake", Verbosity.BRIEF)
    assert config.load().play.verbosity == "tones"


def test_docs_show_the_default_file_with_every_key() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "settings.md").read_text("utf-8")
    assert config.render(config.Settings()) in docs.replace("```toml\n", "", 1)
