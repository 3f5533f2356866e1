"""Translations: the catalogues are complete and compiled, the language is chosen as the user
expects, and commands that show no translated text never load one."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from player import i18n

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "player" / "locale"
PO = LOCALE / "de" / "LC_MESSAGES" / "workout.po"
MO = LOCALE / "de" / "LC_MESSAGES" / "workout.mo"


@pytest.fixture(autouse=True)
def _english_afterwards() -> object:
    yield
    i18n.use("en")


def _marked_in_code() -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "player"), [("**.py", "python")]
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _german() -> dict[str | tuple[str, str], object]:
    with PO.open("rb") as file:
        catalogue = read_po(file)
    return {(m.id if isinstance(m.id, str) else (m.id[0], m.id[1])): m for m in catalogue if m.id}


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)\}", text))


def test_every_text_marked_in_the_code_has_a_german_translation() -> None:
    marked = _marked_in_code()
    german = _german()
    assert marked, "no texts marked for translation"
    missing = marked - set(german)
    assert not missing, f"not in {PO.name} (run `make messages`): {sorted(map(str, missing))}"
    for key in marked:
        message = german[key]
        assert not message.fuzzy, key  # type: ignore[attr-defined]
        strings = message.string  # type: ignore[attr-defined]
        for source, translated in zip(
            key if isinstance(key, tuple) else (key,),
            strings if isinstance(strings, tuple) else (strings,),
            strict=True,
        ):
            assert translated, f"no German for {source!r}"
            assert _fields(translated) == _fields(source), (source, translated)


def test_the_compiled_catalogue_is_the_po_file() -> None:
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for key, message in _german().items():
        strings = message.string  # type: ignore[attr-defined]
        if isinstance(key, tuple):
            assert compiled.ngettext(key[0], key[1], 1) == strings[0]
            assert compiled.ngettext(key[0], key[1], 5) == strings[1]
        else:
            assert compiled.gettext(key) == strings, f"{MO} is out of date: `make messages`"


def test_use_chooses_the_language_and_falls_back_to_english() -> None:
    assert i18n.use("de-AT") == "de"
    assert i18n._("Get ready") == "Mach dich bereit"
    assert i18n.ngettext("{n} exercise", "{n} exercises", 3).format(n=3) == "3 Übungen"
    assert i18n.use("fr") == "en"
    assert i18n._("Get ready") == "Get ready"


@pytest.mark.parametrize(
    ("variables", "language"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANGUAGE": "de:en", "LANG": "en_GB.UTF-8"}, "de"),
        ({"LC_ALL": "C"}, "en"),
        ({}, "en"),
    ],
)
def test_the_system_language_comes_from_the_locale(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], language: str
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert i18n.system_language() == language
    assert i18n.screen_language("en") == "en"  # the setting wins


def test_check_loads_no_catalogue() -> None:
    code = (
        "import sys\n"
        "from player.cli import main\n"
        "code = main(['check', 'routines/schreibtisch-pause-ruecken.yaml'])\n"
        "i = sys.modules.get('player.i18n')\n"
        "print('LOADED' if i and i._translations else 'NOT-LOADED', code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.splitlines()[-1] == "NOT-LOADED 0"


def test_the_no_ui_lines_follow_the_routines_language(tmp_path: Path) -> None:
    routine = tmp_path / "kurz.yaml"
    routine.write_text(
        "title: Kurz\nlanguage: de\ndefaults: {prepare: 1s, countdown: 0, rest: 0s}\n"
        "sections:\n  - name: Dehnung\n    kind: stretching\n    exercises:\n"
        "      - name: Strecken\n        duration: 2s\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "player", "play", str(routine), "--no-ui", "--tts", "fake",
         "--audio", "null"],
        capture_output=True, text=True, cwd=ROOT, stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Kurz · " in result.stdout and " Schritte" in result.stdout
    assert "Geschafft: " in result.stdout and "1 Übung." in result.stdout
    assert "Finished" not in result.stdout
