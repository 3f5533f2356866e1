"""The `[remind]` table of settings.toml: defaults, every key, mistakes named by file and line,
and command-line flags on top."""

from __future__ import annotations

import argparse
from datetime import time
from pathlib import Path

import pytest

from player.errors import UsageError
from player.workday.settings import (
    RemindSettings,
    SettingsError,
    add_arguments,
    from_arguments,
    read_settings,
    settings_file,
)


def write(text: str) -> Path:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_gives_the_defaults() -> None:
    settings = read_settings()
    assert settings == RemindSettings()
    assert (settings.every, settings.hours_text(), settings.days_text()) == (
        60,
        "09:00–17:00",
        "Mon–Fri",
    )
    assert settings.minutes == 3
    assert settings.command() == ["break", "--minutes", "3", "--language", "en"]


def test_the_config_dir_is_where_workout_config_dir_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKOUT_CONFIG_DIR", str(tmp_path))
    assert settings_file() == tmp_path / "settings.toml"


def test_every_key_is_read() -> None:
    write(
        '[other]\nx = 1\n\n[remind]\nevery = "1h30m"\nhours = "8:30-16"\n'
        'days = ["mon", "wed", "fri"]\nminutes = 5\nroutine = "desk-break-back"\n'
        'language = "de"\nworkrave = "off"\n'
    )
    settings = read_settings()
    assert settings.every == 90
    assert (settings.start, settings.end) == (time(8, 30), time(16, 0))
    assert settings.days == frozenset({0, 2, 4})
    assert settings.days_text() == "Mon, Wed, Fri"
    assert settings.minutes == 5
    assert settings.command() == ["play", "desk-break-back"]
    assert settings.workrave == "off"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("[remind]\nevery = 2\n", 2, "every 10 to 480 minutes"),
        ('[remind]\n\nhours = "17-9"\n', 3, "end after it starts"),
        ('[remind]\ndays = "mon-fry"\n', 2, "not a day: 'fry'"),
        ("[remind]\nminutes = 90\n", 2, "1 to 30 minutes"),
        ("[remind]\nevry = 30\n", 2, "evry: unknown setting"),
        ('[remind]\nworkrave = "yes"\n', 2, "auto, off"),
        ("remind = 3\n", 1, "must be a table"),
    ],
)
def test_a_mistake_is_one_message_with_file_and_line(text: str, line: int, words: str) -> None:
    path = write(text)
    with pytest.raises(SettingsError) as caught:
        read_settings()
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: ")
    assert words in message


def test_broken_toml_says_where() -> None:
    path = write("[remind\nevery = 30\n")
    with pytest.raises(SettingsError, match=rf"{path}: not valid TOML: .*line 1"):
        read_settings()


def test_flags_override_the_file() -> None:
    write('[remind]\nevery = 30\nhours = "8-12"\n')
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    settings = from_arguments(parser.parse_args(["--every", "45", "--days", "sat-sun"]))
    assert (settings.every, settings.start, settings.end) == (45, time(8), time(12))
    assert settings.days == frozenset({5, 6})
    with pytest.raises(UsageError, match=r"--hours: .*end after it starts"):
        from_arguments(parser.parse_args(["--hours", "12-8"]))
