"""`workout cache`: shows where the speech clips are and how much; `clear` empties it."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.cli import main
from player.routine.model import Voice
from player.speech import SpeechCache, render_all
from player.speech.fake import FakeSynthesizer


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKOUT_CACHE_DIR", str(tmp_path))
    return tmp_path


def _fill(count: int) -> None:
    texts = [f"Phrase {n}" for n in range(count)]
    render_all(texts, "en", Voice(), FakeSynthesizer(), SpeechCache(FakeSynthesizer.engine))


def test_shows_dir_clips_and_size(cache_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(3)
    assert main(["cache"]) == 0
    out = capsys.readouterr().out
    assert f"speech cache: {cache_dir / 'speech'}" in out
    assert "clips:        3" in out
    assert "kB" in out


@pytest.mark.parametrize("argv", [["cache", "clear"], ["cache", "--clear"]])
def test_clear_empties_it(
    cache_dir: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    _fill(2)
    assert main(argv) == 0
    assert "Removed 2 clips" in capsys.readouterr().out
    assert not list((cache_dir / "speech").glob("*.wav"))
    assert main(["cache"]) == 0
    assert "clips:        0" in capsys.readouterr().out


def test_an_unknown_action_is_a_usage_error(cache_dir: Path) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["cache", "wipe"])
    assert raised.value.code == 2
