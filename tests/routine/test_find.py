"""Finding routines by name or path; listing the user's and the bundled ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from player import paths
from player.errors import UsageError
from player.routine import find_routine, list_routines
from player.routine.model import Kind


def test_an_existing_path_is_used_as_it_is(data_dir: Path) -> None:
    path = data_dir / "good" / "desk-break.yaml"
    assert find_routine(str(path)) == path


def test_a_user_routine_comes_before_a_bundled_one(data_dir: Path) -> None:
    user = paths.user_routines_dir()
    user.mkdir(parents=True)
    shutil.copy(data_dir / "good" / "desk-break.yaml", user / "my-break.yaml")
    assert find_routine("my-break") == user / "my-break.yaml"
    assert find_routine("my-break.yaml") == user / "my-break.yaml"


@pytest.mark.skipif(
    not any(paths.bundled_routines_dir().glob("*.yaml")), reason="no bundled routines yet"
)
def test_a_bundled_routine_by_name() -> None:
    first = sorted(paths.bundled_routines_dir().glob("*.yaml"))[0]
    assert find_routine(first.stem) == first


def test_an_unknown_name_is_a_usage_error_with_near_names(data_dir: Path) -> None:
    user = paths.user_routines_dir()
    user.mkdir(parents=True)
    shutil.copy(data_dir / "good" / "desk-break.yaml", user / "lunch-stretch.yaml")
    with pytest.raises(UsageError) as caught:
        find_routine("lunch-strech")
    assert caught.value.exit_code == 2
    message = str(caught.value)
    # the closest name first (bundled routines may add more after it)
    assert message.startswith(
        "no routine file or routine named 'lunch-strech' (did you mean 'lunch-stretch'"
    )
    assert message.endswith("?); `workout list` shows every routine")


def test_list_shows_user_routines_first_and_invalid_ones_with_their_error(
    data_dir: Path,
) -> None:
    user = paths.user_routines_dir()
    user.mkdir(parents=True)
    shutil.copy(data_dir / "good" / "desk-break.yaml", user / "a-break.yaml")
    shutil.copy(data_dir / "bad" / "unknown-key.yaml", user / "b-broken.yaml")
    infos = list_routines()
    mine = [i for i in infos if not i.bundled]
    assert [i.name for i in mine] == ["a-break", "b-broken"]
    good, broken = mine
    assert (good.title, good.language, good.error) == ("Desk break — lower back", "en", None)
    assert good.kinds == (Kind.STABILISATION, Kind.MOBILISATION)
    assert good.minutes is not None and 4 < good.minutes < 8
    assert broken.error == "invalid: 7:9: unknown key 'duratoin' (did you mean 'duration'?)"
    assert broken.minutes is None
    assert all(i.bundled for i in infos[2:])


def test_a_missing_path_says_so() -> None:
    with pytest.raises(UsageError) as caught:
        find_routine("some/folder/routine.yaml")
    assert str(caught.value).startswith("no such file 'some/folder/routine.yaml'")


def test_a_listing_cache_loads_only_what_changed(data_dir: Path, tmp_path: Path) -> None:
    from player.routine.model import Routine
    from player.routine.totals import RoutineTotals, estimate_totals

    user = paths.user_routines_dir()
    user.mkdir(parents=True)
    good = (data_dir / "good" / "desk-break.yaml").read_text(encoding="utf-8")
    for name in ("a", "b", "c"):
        (user / f"{name}.yaml").write_text(good, encoding="utf-8")
    loaded: list[str] = []

    def counting(routine: Routine) -> RoutineTotals:
        assert routine.path is not None
        loaded.append(routine.path.stem)
        return estimate_totals(routine)

    cache = tmp_path / "cache" / "list.json"
    first = list_routines(counting, cache=cache)
    bundled = len(list(paths.bundled_routines_dir().glob("*.yaml")))
    assert len(loaded) == 3 + bundled
    loaded.clear()
    assert list_routines(counting, cache=cache) == first  # the same lines ...
    assert loaded == []  # ... and nothing loaded again

    # One file changed (same length, at once: a time stamp could miss it), one broken.
    (user / "b.yaml").write_text(good.replace("title: ", "title: X", 1)[:-1], encoding="utf-8")
    (user / "c.yaml").write_text("title: [\n", encoding="utf-8")
    again = list_routines(counting, cache=cache)
    assert loaded == ["b"]
    by_name = {info.name: info for info in again if not info.bundled}
    assert by_name["b"].title.startswith("X")
    assert by_name["c"].error is not None and by_name["c"].error.startswith("invalid: ")
    assert cache.stat().st_mode & 0o777 == 0o600
