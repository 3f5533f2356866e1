"""The installed voices' languages: espeak-ng asked once per process, not on every keystroke."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from player.editing.preview import analyse
from player.speech import installed as voices

ROUTINE = """\
title: Kurz
language: {language}
sections:
  - name: A
    kind: stretching
    exercises:
      - name: Reach
        duration: {seconds}s
"""


def test_espeak_ng_is_asked_once_however_often_the_editor_checks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(command: list[str], **options: Any) -> Any:
        calls.append(command)
        return real_run(command, **options)

    monkeypatch.setattr(subprocess, "run", counting_run)
    voices.installed_languages.cache_clear()
    try:
        for keystroke in range(30):  # what the editor does after each pause in typing
            language = "de" if keystroke % 2 else "xx"
            analysis = analyse(ROUTINE.format(language=language, seconds=keystroke + 1), tmp_path)
            assert analysis.routine is not None
            missing = [p for p in analysis.warnings if "no installed voice" in p.message]
            assert bool(missing) == (language == "xx" and voices.installed_languages() is not None)
    finally:
        voices.installed_languages.cache_clear()
    assert len(calls) <= 1


def test_voice_names_with_umlauts_are_read_in_any_locale() -> None:
    voices.installed_languages.cache_clear()
    try:
        languages = voices.installed_languages()
    finally:
        voices.installed_languages.cache_clear()
    if languages is None:
        pytest.skip("espeak-ng is not installed")
    assert "de" in languages and any(lang.split("-")[0] == "en" for lang in languages)


def test_asking_early_gives_the_same_answer_once() -> None:
    voices.installed_languages.cache_clear()
    try:
        plain = voices.installed_languages()
        voices.installed_languages.cache_clear()
        voices.ask_early()
        assert bool(voices._asking) == (plain is not None)
        assert voices.installed_languages() == plain
        assert not voices._asking  # read once, and the answer is kept
        voices.ask_early()
        assert not voices._asking  # nothing to ask: the answer is known
    finally:
        voices.installed_languages.cache_clear()


def test_asking_early_without_espeak_ng_says_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    voices.installed_languages.cache_clear()
    try:
        voices.ask_early()
        assert not voices._asking
        assert voices.installed_languages() is None
    finally:
        voices.installed_languages.cache_clear()
