"""The `workout` command as a user meets it: bad input of any kind is one clear message and an
exit code, never a traceback, never a hang, never a file left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GERMAN = "routines/schreibtisch-pause-ruecken.yaml"
TINY = """\
title: Tiny
language: en
defaults: {prepare: 1s, countdown: 0, rest: 0s}
sections:
  - name: A
    kind: stretching
    exercises:
      - name: Reach
        duration: 2s
"""


def workout(
    *args: str,
    env: dict[str, str] | None = None,
    code: str | None = None,
    stdout: int | None = subprocess.PIPE,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run `workout ARGS` (or `code` that ends in `main(...)`) in a fresh process, no terminal."""
    program = code or f"from player.cli import main; raise SystemExit(main({list(args)!r}))"
    return subprocess.run(
        [sys.executable, "-c", program],
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


def one_message(result: subprocess.CompletedProcess[str]) -> str:
    """The one line on stderr, checked to be a message and not a traceback."""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("workout: ")
    return lines[0]


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_an_internal_error_is_one_line_and_a_report_file(tmp_path: Path) -> None:
    broken = (
        "import player.commands.list as command\n"
        "def run(args):\n"
        "    raise RuntimeError('the list broke')\n"
        "command.run = run\n"
        "from player.cli import main\n"
        "raise SystemExit(main(['list']))\n"
    )
    cache = tmp_path / "cache"
    result = workout(code=broken, env={"WORKOUT_CACHE_DIR": str(cache)})
    line = one_message(result)
    assert result.returncode == 70
    assert "internal error (RuntimeError: the list broke)" in line
    [report] = cache.glob("crash-*.txt")
    assert str(report) in line
    assert report.stat().st_mode & 0o777 == 0o600  # it holds the command line
    assert cache.stat().st_mode & 0o777 == 0o700
    assert "RuntimeError: the list broke" in report.read_text(encoding="utf-8")
    assert "line 3, in run" in report.read_text(encoding="utf-8")

    shown = workout(code=broken, env={"WORKOUT_CACHE_DIR": str(cache), "WORKOUT_DEBUG": "1"})
    assert shown.returncode == 1
    assert "Traceback" in shown.stderr and "RuntimeError: the list broke" in shown.stderr


def test_ctrl_c_wrapped_by_python_is_still_ctrl_c(tmp_path: Path) -> None:
    """Ctrl-C while a class is being made (importing numpy) reaches us as a RuntimeError
    caused by the KeyboardInterrupt: exit 130 and quiet, not an internal error."""
    wrapped = (
        "import player.commands.list as command\n"
        "class Late:\n"
        "    def __set_name__(self, owner, name):\n"
        "        raise KeyboardInterrupt\n"
        "def run(args):\n"
        "    class Made:\n"
        "        late = Late()\n"
        "command.run = run\n"
        "from player.cli import main\n"
        "raise SystemExit(main(['list']))\n"
    )
    cache = tmp_path / "cache"
    result = workout(code=wrapped, env={"WORKOUT_CACHE_DIR": str(cache)})
    assert result.returncode == 130
    assert result.stderr == ""
    assert not list(cache.glob("crash-*.txt"))


@pytest.mark.parametrize(
    "args",
    [["list"], ["check", GERMAN], ["show", GERMAN], ["show", GERMAN, "--format", "json"]],
)
def test_an_ascii_locale_prints_german_routines_without_crashing(args: list[str]) -> None:
    ascii_locale = {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "", "PYTHONUTF8": "0"}
    result = workout(*args, env=ascii_locale)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Schreibtischpause" in result.stdout  # the umlauts become '?', the rest is there


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        ([], "workout list"),
        (["edit", GERMAN], "--external"),
        (["play", GERMAN, "--tts", "fake", "--audio", "null"], "--no-ui"),
        (["break", "--tts", "fake", "--audio", "null"], "--no-ui"),
    ],
)
def test_a_screen_without_a_terminal_says_so_instead_of_hanging(args: list[str], hint: str) -> None:
    result = workout(*args, timeout=20)
    line = one_message(result)
    assert result.returncode == 2
    assert "needs a terminal" in line and hint in line
    assert result.stdout == ""  # no escape codes written into a pipe or a file


def test_an_empty_routine_name_is_not_the_current_folder() -> None:
    result = workout("show", "")
    assert result.returncode == 2
    assert "no routine given" in one_message(result)


def test_a_device_is_refused_without_reading_it() -> None:
    result = workout("check", "/dev/zero", timeout=20)
    assert result.returncode == 1
    assert result.stdout.startswith("/dev/zero: is a device, not a routine file")


@pytest.mark.parametrize("command", ["check", "show", "play"])
def test_a_named_pipe_is_refused_instead_of_waited_on(command: str, tmp_path: Path) -> None:
    fifo = tmp_path / "routine.yaml"
    os.mkfifo(fifo)
    args = [command, str(fifo)] + (
        ["--no-ui", "--audio", "null", "--tts", "fake"] * (command == "play")
    )
    result = workout(*args, timeout=60)  # before: no writer ever comes, it never returned
    assert result.returncode == 1
    assert f"{fifo}: is a named pipe (FIFO), not a routine file" in result.stdout + result.stderr


def test_a_symbolic_link_loop_is_named_as_one(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    result = workout("check", str(tmp_path / "a.yaml"))
    assert result.returncode == 1
    assert "a symbolic link that leads back to itself (a loop)" in result.stdout
    assert "no such file" not in result.stdout + result.stderr


def test_every_problem_of_a_routine_is_one_line_once(data_dir: Path) -> None:
    path = data_dir / "bad" / "many-problems.yaml"
    result = workout("show", str(path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 7
    assert all(line.startswith(f"{path}:") for line in lines)  # file:line:col, no prefix
    assert len(set(lines)) == len(lines)


@pytest.mark.parametrize(
    ("audio", "says"),
    [
        ("command:'unclosed", "cannot read the command (No closing quotation)"),
        ("record:/nonexistent/folder/x.wav", "folder /nonexistent/folder does not exist"),
        ("record:{tmp}", "that is a folder"),
        ("record:", "record needs a file"),
    ],
)
def test_bad_audio_is_refused_before_the_session_starts(
    tiny: Path, tmp_path: Path, audio: str, says: str
) -> None:
    spec = audio.format(tmp=tmp_path / "folder.wav")
    (tmp_path / "folder.wav").mkdir()
    result = workout("play", str(tiny), "--no-ui", "--tts", "fake", "--audio", spec)
    assert result.returncode == 2
    assert says in one_message(result)
    assert "[0:00]" not in result.stdout  # nothing was played first


def test_an_editor_variable_with_an_unclosed_quote_is_one_message(tiny: Path) -> None:
    result = workout("edit", "--external", str(tiny), env={"VISUAL": "", "EDITOR": "'vim"})
    assert result.returncode == 1
    assert "$EDITOR cannot be read" in one_message(result)


def test_export_to_a_folder_is_refused_before_rendering(tiny: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out.wav"
    folder.mkdir()
    result = workout("export", str(tiny), "-o", str(folder), "--tts", "fake")
    assert result.returncode == 2
    assert "that is a folder" in one_message(result)
    assert list(folder.iterdir()) == []


def test_a_full_disk_on_stdout_is_one_message() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = workout("schema", stdout=full.fileno())
    assert result.returncode == 1
    assert "No space left on device" in one_message(result)


def test_a_screen_with_stderr_redirected_is_refused_too(tiny: Path) -> None:
    """Textual draws on stderr: `workout play x 2>log` would draw into the log, unseen."""
    import pty

    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "player", "play", str(tiny), "--tts", "fake"],
            stdin=follower,
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=20,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 2
    assert "its error output is not one" in one_message(result)


def test_a_crash_report_in_the_temporary_folder_is_private_too(tmp_path: Path) -> None:
    broken = (
        "import player.commands.list as command\n"
        "def run(args):\n"
        "    raise RuntimeError('the list broke')\n"
        "command.run = run\n"
        "import os; os.umask(0o022)\n"
        "from player.cli import main\n"
        "raise SystemExit(main(['list']))\n"
    )
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    result = workout(code=broken, env={"WORKOUT_CACHE_DIR": str(blocker), "TMPDIR": str(temporary)})
    assert result.returncode == 70
    [report] = temporary.glob("workout-crash-*.txt")
    assert str(report) in one_message(result)
    assert report.stat().st_mode & 0o777 == 0o600  # before: 0644 in /tmp


def test_history_takes_any_number_of_sessions() -> None:
    result = workout("history", "-n", "99999999999999999999")  # before: exit 70
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("No sessions yet.")


def test_history_that_cannot_be_opened_says_read_not_written(tmp_path: Path) -> None:
    # /proc refuses new files even to root, as a read-only data folder does to a user.
    result = workout("history", env={"WORKOUT_DATA_DIR": "/proc/self"})
    assert result.returncode == 1
    line = one_message(result)
    assert "the history journal at /proc/self/history.sqlite3 could not be read" in line
    assert "written" not in line


def test_control_characters_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    from player.history import open_history

    data = tmp_path / "data"
    env = {"WORKOUT_DATA_DIR": str(data)}
    escape = "\x1b]0;pwn\x07\x1b[2J"
    # A title with escapes: refused by the loader, in words, with the escapes shown escaped.
    routine = tmp_path / "pwn.yaml"
    routine.write_text(
        'title: "\\x1b]0;pwn\\x07\\x1b[2J"\nsections:\n  - name: A\n    kind: stretchin\\x1b\n'
        "    exercises: [{name: A, duration: 10s}]\n"
    )
    for command in ("check", "show"):
        result = workout(command, str(routine), env=env)
        assert result.returncode == 1
        assert "\x1b" not in result.stdout + result.stderr
        assert "a control character (U+001B) in the text" in result.stdout + result.stderr
    # A file name with escapes, in `list` and in messages.
    (data / "routines").mkdir(parents=True)
    (data / "routines" / f"x{escape}.yaml").write_text("title: [\n")
    listed = workout("list", env=env)
    assert listed.returncode == 0 and "\x1b" not in listed.stdout
    assert "x\\x1b]0;pwn\\x07\\x1b[2J" in listed.stdout
    # A journal written before titles were checked.
    with open_history(data / "history.sqlite3") as history, history.writing() as db:
        db.execute(
            "INSERT INTO sessions (routine, title, language, started, planned, step_count)"
            " VALUES (?, ?, 'en', '2026-11-30T10:00:00+01:00', 60, 3)",  # `--all`: 0 s played
            (f"r{escape}", f"T{escape}"),
        )
    for fmt in ("table", "csv"):
        shown = workout("history", "--all", "--format", fmt, env=env)
        assert shown.returncode == 0, shown.stderr
        assert "\x1b" not in shown.stdout and "T\\x1b]0;pwn" in shown.stdout
