"""Where an edited routine lives: new routine files, copies, and copies of bundled routines."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from player import paths
from player.editing.save import DiskState, read_text, save_text
from player.editing.template import TEMPLATES, template_text
from player.errors import UsageError, UserError
from player.files import write_atomic

MAX_NAME = 100  # characters; a file name has room for 255 bytes, the backup's suffix too
_SCHEMA_LINE = re.compile(r"^(#\s*yaml-language-server:\s*\$schema=)(\S+)[ \t]*$", re.MULTILINE)


def check_name(name: str) -> str:
    """A routine name as typed (`x` or `x.yaml`), checked to be a plain file stem: letters
    of any language (`rücken-abend`, NFC), digits, '-' and '_', starting with a letter or
    digit, at most 100 characters."""
    stem = unicodedata.normalize("NFC", name.removesuffix(".yaml"))
    shown = ascii(name) if any(not c.isprintable() for c in name) else repr(name)
    if len(stem) > MAX_NAME:
        raise UsageError(
            f"a routine name is at most {MAX_NAME} characters; this one has {len(stem)}"
        )
    if not stem or not stem[0].isalnum() or not all(c.isalnum() or c in "-_" for c in stem):
        raise UsageError(
            f"{shown} is not a routine name: use letters, digits, '-' and '_', starting with "
            "a letter or digit (for example: lower-back-evening)"
        )
    return stem


def user_routine_path(name: str) -> Path:
    """The user routine file for `name`."""
    return paths.user_routines_dir() / f"{check_name(name)}.yaml"


def is_bundled(path: Path) -> bool:
    """Whether `path` is one of the bundled routines (which the editor never overwrites)."""
    try:
        path.resolve().relative_to(paths.bundled_routines_dir().resolve())
    except ValueError:
        return False
    return True


SCHEMA_FILE = "routine.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema=../{SCHEMA_FILE}"


def schema_path() -> Path:
    """The JSON Schema beside the user routines dir, where their schema line points."""
    return paths.user_data_dir() / SCHEMA_FILE


def write_schema() -> Path:
    """Write (or refresh) the JSON Schema for editors with a YAML language server.

    It is generated, so an older one is simply replaced (no backup, unlike a routine).
    """
    from player.routine import routine_json_schema

    path = schema_path()
    data = (json.dumps(routine_json_schema(), indent=2, ensure_ascii=False) + "\n").encode()
    try:
        if not path.is_file() or path.read_bytes() != data:
            paths.private_dir(path.parent)
            write_atomic(path, data)
    except OSError as error:
        raise UserError(f"{path}: cannot be saved ({error.strerror or error})") from None
    return path


def copy_text(text: str) -> str:
    """A routine's text for a copy in the user routines dir.

    The only change: a `yaml-language-server` schema line with a relative path (which would
    no longer point at the schema from the new folder) points at the user's schema file.
    """
    match = _SCHEMA_LINE.search(text)
    if match is None or match.group(2).startswith(("http:", "https:", "file:", "/")):
        return text
    return text[: match.start()] + SCHEMA_LINE + text[match.end() :]


def save_user_copy(
    path: Path, text: str, seen: DiskState | None, *, force: bool = False
) -> DiskState:
    """Save the text of a bundled routine as the user's copy at `path` (`save_text`'s rules),
    with its schema line pointed at the user's schema file, which is written too."""
    state = save_text(path, copy_text(text), seen, force=force)
    write_schema()
    return state


def _routine_text(source: Path) -> str:
    """The text of the routine `source`, refused unless it is one (`--from /etc/passwd`
    would otherwise copy any file into the routines folder)."""
    from player.routine import RoutineError, load_routine

    text, _ = read_text(source)
    try:
        load_routine(source)
    except RoutineError as error:
        raise UserError(f"{source} is not a valid routine, so it is not copied:\n{error}") from None
    return text


@dataclass(frozen=True, slots=True)
class NewRoutine:
    """A routine file just made by `workout new`."""

    name: str
    path: Path
    source: Path | None  # the routine it copies, or None for the template
    state: DiskState


def create_routine(name: str, *, source: Path | None = None, language: str = "en") -> NewRoutine:
    """Write a new user routine from the template (or as a copy of `source`); never overwrite."""
    path = user_routine_path(name)
    if path.exists():
        raise UsageError(
            f"{path} already exists; edit it with `workout edit {path.stem}` or choose another name"
        )
    bundled = paths.bundled_routines_dir() / path.name
    if bundled.is_file() and (source is None or source.resolve() != bundled.resolve()):
        raise UsageError(
            f"{path.stem} is a bundled routine, and a routine of yours with its name would "
            f"hide it; choose another name (or `workout edit {path.stem}` to change your copy "
            "of it)"
        )
    if language not in TEMPLATES:
        raise UsageError(
            f"no template in {language!r}; choose one of: {', '.join(sorted(TEMPLATES))}"
        )
    if source is None:
        text = f"{SCHEMA_LINE}\n{template_text(path.stem, language)}"
    else:
        text = copy_text(_routine_text(source))
    try:
        paths.private_dir(path.parent)
    except OSError as error:
        raise UserError(f"{path.parent}: cannot be made ({error.strerror or error})") from None
    state = save_text(path, text, None)
    write_schema()
    return NewRoutine(path.stem, path, source, state)
