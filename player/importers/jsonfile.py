"""Reading a JSON file with the position of every value, for errors a user can find."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from player.importers.model import fail
from player.routine.problems import RoutineError
from player.routine.source import Document, Loc, parse_yaml

_LEADING_TABS = re.compile(r"^\t+", re.M)


def read_json(path: Path, text: str) -> Document:
    """The JSON in `text` with positions. JSON is YAML 1.2, so the routine parser gives the
    positions; the JSON parser says first whether the text is JSON at all."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise fail(path, (error.lineno, error.colno), f"not valid JSON: {error.msg}") from None
    except RecursionError:
        raise fail(path, (1, 1), "the JSON is nested too deeply") from None
    # YAML does not indent with tabs; one space per tab keeps every column where it was.
    spaced = _LEADING_TABS.sub(lambda m: " " * len(m.group()), text)
    return parse_yaml(spaced, path)


@dataclass(frozen=True, slots=True)
class Fields:
    """Typed access to a JSON document's values; a wrong or missing one is a clear error."""

    doc: Document

    def _fail(self, loc: Loc, message: str) -> RoutineError:
        return fail(self.doc.path, self.doc.where(loc), message)

    def value(self, loc: Loc) -> object:
        data: object = self.doc.data
        for part in loc:
            in_list = isinstance(part, int) and isinstance(data, list) and part < len(data)
            in_object = isinstance(part, str) and isinstance(data, dict) and part in data
            if not (in_list or in_object):
                return None
            data = data[part]  # type: ignore[index]
        return data

    def replaced(self, loc: Loc, value: object) -> Fields:
        """The same document with the value at `loc` (which exists) replaced."""
        data = copy.deepcopy(self.doc.data)
        target = data
        for part in loc[:-1]:
            target = target[part]  # type: ignore[index]
        target[loc[-1]] = value  # type: ignore[index]
        return Fields(replace(self.doc, data=data))

    def objects(self, loc: Loc, what: str) -> list[Loc]:
        """The locations of the objects in the list at `loc`."""
        items = self.value(loc)
        if not isinstance(items, list):
            raise self._fail(loc, f"'{_name(loc)}' should be a list of {what}")
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise self._fail((*loc, index), f"each of '{_name(loc)}' should be an object")
        return [(*loc, index) for index in range(len(items))]

    def text(self, loc: Loc, default: str | None = None) -> str:
        value = self.value(loc)
        if value is None and default is not None:
            return default
        if not isinstance(value, str):
            raise self._fail(loc, f"'{_name(loc)}' should be a text" + _missing(value))
        return value

    def number(self, loc: Loc, default: float | None = None, *, minimum: float = 0) -> float:
        value = self.value(loc)
        if value is None and default is not None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(loc, f"'{_name(loc)}' should be a number" + _missing(value))
        if value < minimum:
            raise self._fail(loc, f"'{_name(loc)}' is {value}; it should be at least {minimum:g}")
        return float(value)


def _name(loc: Loc) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "the file"


def _missing(value: object) -> str:
    return ", but it is missing" if value is None else f", not {json.dumps(value)[:40]}"
