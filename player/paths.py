"""Where bundled data (routines, sounds) and the user's files live."""

from __future__ import annotations

import os
import stat
from functools import cache
from pathlib import Path

import platformdirs

APP_NAME = "workout-player"
_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _bundled_root() -> Path:
    """The checkout when running from one, the installed package's `_bundled/` otherwise."""
    checkout = _PACKAGE_DIR.parent
    if (checkout / "routines").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    return _PACKAGE_DIR / "_bundled"


def bundled_routines_dir() -> Path:
    """Bundled routine files (`routines/*.yaml`)."""
    return _bundled_root() / "routines"


def exercise_library_file() -> Path:
    """The bundled exercise library that routines refer to with `use:`."""
    return bundled_routines_dir() / "library" / "exercises.yaml"


def bundled_audio_dir() -> Path:
    """Bundled tone files (`audio/`)."""
    return _bundled_root() / "audio"


def _env_dir(variable: str) -> Path | None:
    value = os.environ.get(variable)
    return Path(value) if value else None


def user_data_dir() -> Path:
    """The user's data dir; `WORKOUT_DATA_DIR` overrides it (tests, portable installs)."""
    return _env_dir("WORKOUT_DATA_DIR") or Path(platformdirs.user_data_dir(APP_NAME))


def user_routines_dir() -> Path:
    """Routines the user made or copied (`workout new`, `workout edit`)."""
    return user_data_dir() / "routines"


def quick_breaks_dir() -> Path:
    """Where the last quick break is kept (not among the user's routines)."""
    return user_data_dir() / "breaks"


def removed_dir() -> Path:
    """Where `workout rm` keeps removed routines, in case they are wanted back."""
    return user_data_dir() / "removed"


def history_db() -> Path:
    """The SQLite journal of sessions."""
    return user_data_dir() / "history.sqlite3"


def user_cache_dir() -> Path:
    """Rendered speech clips; `WORKOUT_CACHE_DIR` overrides it."""
    return _env_dir("WORKOUT_CACHE_DIR") or Path(platformdirs.user_cache_dir(APP_NAME))


def user_config_dir() -> Path:
    """Settings; `WORKOUT_CONFIG_DIR` overrides it."""
    return _env_dir("WORKOUT_CONFIG_DIR") or Path(platformdirs.user_config_dir(APP_NAME))


PRIVATE = 0o700  # the user's folders: health data (history, check-ins) is nobody else's


def private_dir(path: Path) -> Path:
    """Make the folder `path` (and missing parents) for the user alone, as password stores
    and mail clients do: the data, config and cache folders of the app become 0700 (an
    existing one that others could enter is closed), and so do new folders inside them.
    Files made in a private folder are private too (`player.files.write_atomic`)."""
    for root in (user_data_dir(), user_config_dir(), user_cache_dir()):
        if path == root or root in path.parents:
            root.mkdir(mode=PRIVATE, parents=True, exist_ok=True)
            _close(root)
    path.mkdir(mode=PRIVATE, parents=True, exist_ok=True)
    return path


def _close(folder: Path) -> None:
    """Take group and other permissions off a folder of ours."""
    info = folder.stat()
    if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) & 0o077:
        folder.chmod(stat.S_IMODE(info.st_mode) & PRIVATE)
