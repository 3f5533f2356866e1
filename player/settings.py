"""The user's settings: one TOML file in the config dir, read into a frozen, typed `Settings`.

The file has one table per part of the app (`[play]`, `[screen]`, ...). Every key is a field
of a frozen dataclass below, with its default, its comment (written above it in the file)
and, where it has one, its list of choices or its range. A key the app does not know, or a
value of the wrong kind, is one `file:line: ...` message (`SettingsError`), never a
traceback.

To add a table (`[remind]`, `[listen]`, ...): write a frozen dataclass of its keys with
`key(default, "comment", ...)` fields, and add one field for it to `Settings` (its
`metadata` says what the table is for). Reading, checking, `workout config`, the settings
screen and the written file all follow from those two places.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, get_type_hints

from player import paths
from player.errors import UserError
from player.i18n import LANGUAGES

if TYPE_CHECKING:
    from player.routine.model import Routine

FILE_NAME = "settings.toml"
Value = str | int | bool


class SettingsError(UserError):
    """The settings file (or a value for it) is not right: one line that says where and why."""


def key(
    default: Value,
    comment: str,
    *,
    choices: tuple[str, ...] = (),
    low: int | None = None,
    high: int | None = None,
) -> Any:
    """A settings key: its default, the comment written above it, its choices or range."""
    return field(
        default=default,
        metadata={"comment": comment, "choices": choices, "low": low, "high": high},
    )


@dataclass(frozen=True, slots=True)
class PlaySettings:
    """`[play]`: how sessions sound. `+`/`-`, `m` and the verbosity command are remembered."""

    audio: str = key(
        "auto",
        "Sound output: auto (the first that works), simpleaudio, command or null (silent).",
        choices=("auto", "simpleaudio", "command", "null"),
    )
    tts: str = key(
        "pyttsx3",
        "Speech engine: pyttsx3 (espeak-ng), or fake (silent, for trying a routine out).",
        choices=("pyttsx3", "fake"),
    )
    verbosity: str = key(
        "auto",
        "How much is said: auto (everything, shorter for exercises you know well), full "
        "(everything, always), brief (names and counts) or tones (no words).",
        choices=("auto", "full", "brief", "tones"),
    )
    rate: int = key(
        0,
        "Speech rate in words a minute (80 to 400); 0 keeps each routine's own rate.",
        low=0,
        high=400,
    )
    voice: str = key(
        "", "Voice name (`workout doctor` lists them); empty keeps each routine's own voice."
    )
    muted: bool = key(
        False, "Start sessions in the player muted: the caption still shows what is said."
    )


@dataclass(frozen=True, slots=True)
class SessionSettings:
    """`[session]`: what a session asks of you."""

    checkins: bool = key(
        True,
        "Ask how your back is before and after each session, and how hard it was (0 to 10; "
        "one key answers, Enter or 10 seconds skip). The answers set the next session's dose.",
    )
    ratings: bool = key(
        False,
        "Also ask how hard each exercise was, after its last set (0 to 10, the same keys; "
        "asked during the rest, the session does not wait). Kept in the history.",
    )


@dataclass(frozen=True, slots=True)
class ScreenSettings:
    """`[screen]`: what the screens look like."""

    language: str = key(
        "",
        "Language of the screens outside a session: en, de, or empty to follow the system "
        "(during a session they follow the routine's language).",
        choices=("", *LANGUAGES),
    )


@dataclass(frozen=True, slots=True)
class ListenSettings:
    """`[listen]`: spoken commands (`--listen`)."""

    model: str = key(
        "",
        "A PocketSphinx model folder (acoustic model and .dic dictionary) for spoken commands "
        "in routines that are not English, e.g. German; empty: English only (the model "
        "PocketSphinx ships), other routines prompt with the key. --listen-model and "
        "$WORKOUT_LISTEN_MODEL win over it.",
    )


@dataclass(frozen=True, slots=True)
class Settings:
    """Every table of the settings file. Add a table here (see the module docstring)."""

    play: PlaySettings = field(
        default_factory=PlaySettings, metadata={"comment": "How sessions sound."}
    )
    session: SessionSettings = field(
        default_factory=SessionSettings, metadata={"comment": "Check-ins."}
    )
    screen: ScreenSettings = field(
        default_factory=ScreenSettings, metadata={"comment": "The screens."}
    )
    listen: ListenSettings = field(
        default_factory=ListenSettings, metadata={"comment": "Spoken commands."}
    )


# -- the keys ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """One key as `workout config` and the settings screen show it."""

    name: str  # "play.rate"
    kind: type  # str, int or bool
    default: Value
    comment: str
    choices: tuple[str, ...]
    low: int | None
    high: int | None


def tables() -> dict[str, str]:
    """Table name -> what it is for, in the order of the file."""
    return {f.name: f.metadata["comment"] for f in fields(Settings)}


def every_key() -> list[KeyInfo]:
    """Every key of every table, in the order of the file."""
    found: list[KeyInfo] = []
    for table in fields(Settings):
        table_type = get_type_hints(Settings)[table.name]
        hints = get_type_hints(table_type)
        for item in fields(table_type):
            found.append(
                KeyInfo(
                    name=f"{table.name}.{item.name}",
                    kind=hints[item.name],
                    default=cast(Value, item.default),
                    comment=item.metadata["comment"],
                    choices=item.metadata["choices"],
                    low=item.metadata["low"],
                    high=item.metadata["high"],
                )
            )
    return found


def key_info(name: str) -> KeyInfo:
    """The key called `name` ("play.rate"); a SettingsError naming the keys there are."""
    for info in every_key():
        if info.name == name:
            return info
    known = ", ".join(i.name for i in every_key())
    raise SettingsError(f"no setting {name!r}; the settings are: {known}")


def value_of(settings: Settings, name: str) -> Value:
    table, item = key_info(name).name.split(".")
    value: Value = getattr(getattr(settings, table), item)
    return value


def with_value(settings: Settings, name: str, value: Value) -> Settings:
    """`settings` with one key changed (the value is checked first)."""
    info = key_info(name)
    problem = _problem(info, value)
    if problem:
        raise SettingsError(f"{name}: {problem}")
    table, item = info.name.split(".")
    return replace(settings, **{table: replace(getattr(settings, table), **{item: value})})


def parse_value(name: str, text: str) -> Value:
    """A value as typed on the command line or in the settings screen, for key `name`."""
    info = key_info(name)
    if info.kind is bool:
        words = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
        if text.strip().casefold() not in words:
            raise SettingsError(f"{name}: say true or false, not {text!r}")
        return words[text.strip().casefold()]
    if info.kind is int:
        try:
            return int(text.strip())
        except ValueError:
            raise SettingsError(f"{name}: a whole number, not {text!r}") from None
    return text.strip()


def _problem(info: KeyInfo, value: object) -> str:
    """Why `value` does not fit the key ("" when it does)."""
    if type(value) is not info.kind:
        kind = {str: "text in quotes", int: "a whole number", bool: "true or false"}[info.kind]
        return f"must be {kind}, not {value!r}"
    if info.choices and value not in info.choices:
        shown = ", ".join(repr(c) if c == "" else c for c in info.choices)
        return f"must be one of {shown}, not {value!r}"
    if isinstance(value, int) and not isinstance(value, bool):
        if info.low is not None and value < info.low:
            return f"must be at least {info.low}, not {value}"
        if info.high is not None and value > info.high:
            return f"must be at most {info.high}, not {value}"
        if info.name == "play.rate" and 0 < value < 80:
            return f"must be 0 (the routine's own) or 80 to 400, not {value}"
    return ""


# -- the file ----------------------------------------------------------------------------


def settings_file() -> Path:
    """`settings.toml` in the config dir (`WORKOUT_CONFIG_DIR` moves it)."""
    return paths.user_config_dir() / FILE_NAME


def load(path: Path | None = None) -> Settings:
    """The settings in `path` (the user's file by default); the defaults if there is none.

    Raises SettingsError (`file:line: ...`) for a file that is not TOML, an unknown table or
    key, or a value that does not fit.
    """
    path = path or settings_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: cannot read the settings ({error})") from None
    return parse(text, path)


def parse(text: str, path: Path) -> Settings:
    """Settings from the text of a settings file (see `load`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        message = re.sub(r"\s*\(at .*\)$", "", str(error))
        position = f"{where[1]}:{where[2]}" if where else "1"
        raise SettingsError(f"{path}:{position}: not valid TOML: {message}") from None
    lines = _key_lines(text)
    settings = Settings()
    known_tables = tables()
    for table, content in data.items():
        if table not in known_tables or not isinstance(content, dict):
            line = lines.get((table, ""), lines.get(("", table), 1))
            raise SettingsError(
                f"{path}:{line}: unknown table [{table}]; the tables are: "
                + ", ".join(f"[{t}]" for t in known_tables)
            )
        for item, value in content.items():
            line = lines.get((table, item), lines.get((table, ""), 1))
            name = f"{table}.{item}"
            try:
                info = key_info(name)
            except SettingsError:
                names = ", ".join(
                    i.name.split(".")[1] for i in every_key() if i.name.startswith(f"{table}.")
                )
                raise SettingsError(
                    f"{path}:{line}: unknown setting {item!r} in [{table}]; it has: {names}"
                ) from None
            problem = _problem(info, value)
            if problem:
                raise SettingsError(f"{path}:{line}: {name} {problem}")
            settings = with_value(settings, name, value)
    return settings


_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def _key_lines(text: str) -> dict[tuple[str, str], int]:
    """(table, key) -> line number; (table, "") is the table's header."""
    found: dict[tuple[str, str], int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            table = header[1]
            found.setdefault((table, ""), number)
        elif item := _KEY.match(line):
            found.setdefault((table, item[1]), number)
    return found


def toml_value(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _comment(text: str) -> list[str]:
    import textwrap

    return [f"# {line}" for line in textwrap.wrap(text, 86)]


def render(settings: Settings) -> str:
    """The whole settings file: every table and key, each key with its comment above it."""
    out = [
        "# workout-player settings. `workout config set KEY VALUE` changes one;",
        "# docs/settings.md explains them all.",
    ]
    for table, comment in tables().items():
        out += ["", *_comment(comment), f"[{table}]"]
        for info in every_key():
            if info.name.startswith(f"{table}."):
                out += _comment(info.comment)
                value = toml_value(value_of(settings, info.name))
                out.append(f"{info.name.split('.')[1]} = {value}")
    return "\n".join(out) + "\n"


def save(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings file whole, atomically; where it was written."""
    from player.files import write_atomic

    path = path or settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, render(settings).encode("utf-8"))
    return path


def set_value(name: str, value: Value, path: Path | None = None) -> Settings:
    """Change one key in the settings file and return the settings now in force.

    A file the user wrote keeps its other lines and comments: the key's line is replaced
    where it is (or added under its table); a file that does not load is left alone (its
    SettingsError says why).
    """
    path = path or settings_file()
    current = load(path)
    changed = with_value(current, name, value)
    if not path.exists():
        save(changed, path)
        return changed
    text = path.read_text(encoding="utf-8")
    table, item = name.split(".")
    lines = text.splitlines()
    where = _key_lines(text)
    line = f"{item} = {toml_value(value)}"
    if (table, item) in where:
        number = where[(table, item)] - 1
        comment = re.search(r"\s+#.*$", lines[number].split("=", 1)[1])
        kept = comment[0] if comment and '"' not in comment[0] else ""
        lines[number] = line + kept
    elif (table, "") in where:
        lines[where[(table, "")] : where[(table, "")]] = [*_comment(key_info(name).comment), line]
    else:
        lines += ["", f"[{table}]", *_comment(key_info(name).comment), line]
    from player.files import write_atomic

    new_text = "\n".join(lines) + "\n"
    if parse(new_text, path) != changed:  # never write a file that would read differently
        raise SettingsError(f"{path}: could not change {name} in place; fix the file by hand")
    write_atomic(path, new_text.encode("utf-8"))
    return changed


def remember(name: str, value: Value) -> str | None:
    """Keep a change the user made during a session (rate, mute, verbosity).

    Returns None, or one line saying why it could not be kept (a settings file with a
    mistake is never overwritten).
    """
    try:
        set_value(name, value)
    except SettingsError as error:
        return f"not remembered: {error}"
    except OSError as error:
        return f"not remembered: cannot write {settings_file()} ({error.strerror})"
    return None


# -- applying them -----------------------------------------------------------------------


def with_voice(routine: Routine, rate: int, name: str) -> Routine:
    """`routine` spoken at `rate` and by voice `name` (0 and "": the routine's own)."""
    voice = routine.voice
    if rate:
        voice = replace(voice, rate=rate)
    if name:
        voice = replace(voice, name=name)
    return routine if voice == routine.voice else replace(routine, voice=voice)
