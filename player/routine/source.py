"""Reading a routine file: bytes to text to plain data, with the line:col of every key and value."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from player.routine.problems import Problem, RoutineError, Severity

MAX_BYTES = 1024 * 1024  # a routine is a page or two; anything bigger is the wrong file
MAX_DEPTH = 64
MAX_NODES = 100_000  # aliases can make a small file expand enormously

Loc = tuple[str | int, ...]
"""Where a value sits in the data: keys and list indexes from the top, e.g. ('sections', 0)."""

_TAG = "tag:yaml.org,2002:"
_MERGE = _TAG + "merge"
_INDENT = re.compile(r"[ \t]*")

# ruamel's wording, and what a routine author should read instead.
_COLON = "unexpected ':' — put text that contains ': ' in quotes, or check the indentation"
_KEY = "expected 'key: value' here — check the indentation or quotes"
_HINTS = {
    # the pure-Python parser's wording, then libyaml's (ruamel.yaml.clib)
    "mapping values are not allowed here": _COLON,
    "mapping values are not allowed in this context": _COLON,
    "found unexpected ':'": _COLON,
    "could not find expected ':'": _KEY,
    "did not find expected key": _KEY,
    "did not find expected '-' indicator": (
        "expected a list item ('- ') — check the indentation of this line"
    ),
    "found character that cannot start any token": (
        "a character that cannot start a value here — put the text in quotes"
    ),
    "found unexpected end of stream": (
        "the file ends inside a quoted text — a closing quote is missing"
    ),
    "expected a single document in the stream": (
        "a routine file holds one document; remove the extra '---'"
    ),
}


@dataclass(frozen=True, slots=True)
class Document:
    """Plain data from a YAML file (dicts, lists, str, int, float, bool, None) and positions."""

    path: Path
    data: object
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)  # 1-based line, column
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)  # of the key naming a value

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The position of the value at `loc` (or its key), else of the nearest parent."""
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def problem(
        self, loc: Loc, message: str, *, key: bool = False, severity: Severity = Severity.ERROR
    ) -> Problem:
        line, column = self.where(loc, key=key)
        return Problem(self.path, line, column, message, severity)


def read_text(path: Path) -> str:
    """The text of a routine file, or RoutineError saying why it cannot be read."""

    def fail(message: str, line: int = 0, column: int = 0) -> RoutineError:
        return RoutineError([Problem(path, line, column, message)])

    try:
        if path.is_dir():
            raise fail("is a directory, not a routine file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail(
                f"the file is {size / MAX_BYTES:.1f} MiB; a routine file is at most 1 MiB", 1, 1
            )
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)  # bounded: /dev/zero or a growing file never ends
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("cannot read the file: permission denied") from None
    except OSError as error:
        raise fail(f"cannot read the file: {error.strerror or error}") from None
    if len(raw) > MAX_BYTES:  # it grew between stat and read, or is endless (a device)
        raise fail("the file is over 1 MiB; a routine file is at most 1 MiB", 1, 1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RoutineError([not_utf8(path, raw, error)]) from None


def not_utf8(path: Path, raw: bytes, error: UnicodeDecodeError) -> Problem:
    """The problem of a file that is not UTF-8, at the line and column of the first bad byte."""
    before = raw[: error.start]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    byte = raw[error.start]
    message = f"the file is not UTF-8 text (byte 0x{byte:02X}); save it with UTF-8 encoding"
    return Problem(path, line, column, message)


def parse_yaml(text: str, path: Path) -> Document:
    """Parse YAML 1.2 text into plain data and positions; RoutineError lists what is wrong."""
    if len(text) > MAX_BYTES:
        raise RoutineError(
            [Problem(path, 1, 1, "the text is over 1 MiB; a routine file is at most 1 MiB")]
        )
    text = text.removeprefix("\ufeff")
    tabs = _tab_problems(text, path)
    if tabs:
        raise RoutineError(tabs)
    root = _compose(text, path)
    builder = _Builder(path)
    data = builder.build(root, ()) if root is not None else None
    if builder.problems:
        raise RoutineError(builder.problems)
    return Document(path, data, builder.values, builder.keys)


def _tab_problems(text: str, path: Path) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = _INDENT.match(line)
        assert indent is not None
        if "\t" in indent.group() and line.strip():
            problems.append(
                Problem(
                    path,
                    number,
                    indent.group().index("\t") + 1,
                    "tab in the indentation; YAML indents with spaces only",
                )
            )
    return problems


def _compose(text: str, path: Path) -> Node | None:
    yaml = YAML(typ="safe")  # the C parser (ruamel.yaml.clib) where installed
    yaml.version = (1, 2)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            node: Node | None = yaml.compose(text)
    except MarkedYAMLError as error:
        raise RoutineError([_syntax_problem(error, path)]) from None
    except ReaderError as error:
        line, column = _line_column(text, int(error.position))
        character = error.character if isinstance(error.character, str) else chr(error.character)
        raise RoutineError(
            [Problem(path, line, column, f"a control character ({character!r}) is not allowed")]
        ) from None
    except YAMLError as error:
        raise RoutineError([Problem(path, 1, 1, f"not valid YAML: {error}")]) from None
    except RecursionError:
        raise RoutineError([Problem(path, 1, 1, "the YAML is nested too deeply")]) from None
    return node


def _syntax_problem(error: MarkedYAMLError, path: Path) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(error.problem or "")
    context = str(error.context or "")
    start = error.context_mark.line + 1 if error.context_mark is not None else line
    if context in _HINTS:
        message = _HINTS[context]
    elif problem in _HINTS:
        message = _HINTS[problem]
    elif context.startswith("while parsing a flow "):
        brackets = "[ ]" if "sequence" in context else "{ }"
        message = (
            f"the '{brackets[0]}' on line {start} is not closed with '{brackets[2]}' "
            "(or a ',' is missing)"
        )
    else:
        message = problem or context or "not valid YAML"
        if context and start != line:
            message += f" ({context}, from line {start})"
    return Problem(path, line, column, f"YAML syntax: {message}")


def _line_column(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


class _Builder:
    """Turns composed YAML nodes into plain data, noting positions and problems on the way."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.values: dict[Loc, tuple[int, int]] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self._count = 0
        self._open: set[int] = set()

    def _problem(self, node: Node, message: str) -> None:
        self.problems.append(Problem(self.path, *_position(node), message))

    def build(self, node: Node, loc: Loc) -> object:
        self.values.setdefault(loc, _position(node))
        self._count += 1
        if self._count > MAX_NODES:
            if self._count == MAX_NODES + 1:
                self._problem(node, "too many values (do anchors and aliases expand too far?)")
            return None
        if len(loc) > MAX_DEPTH:
            self._problem(node, "nested too deeply")
            return None
        if id(node) in self._open:
            self._problem(node, "an alias refers to the value it is part of")
            return None
        tag = _tag(node)
        if tag.startswith("tag:yaml.org,2002:python/") or not tag.startswith(_TAG):
            self._problem(node, f"unsupported tag {_short_tag(tag)}")
            return None
        self._open.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, loc)
            if isinstance(node, SequenceNode):
                return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
            return _scalar(node)
        finally:
            self._open.discard(id(node))

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[str, object]:
        result: dict[str, object] = {}
        merged: list[Node] = []
        for key_node, value_node in node.value:
            if _tag(key_node) == _MERGE:
                merged.append(value_node)
                continue
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, "a key must be plain text, not a list or mapping")
                continue
            key = str(key_node.value)
            if key in result:
                first = self.keys[(*loc, key)][0]
                self._problem(key_node, f"duplicate key '{key}' (first given on line {first})")
                continue
            self.keys[(*loc, key)] = _position(key_node)
            result[key] = self.build(value_node, (*loc, key))
        for source in merged:
            sources = source.value if isinstance(source, SequenceNode) else [source]
            for mapping in sources:
                if not isinstance(mapping, MappingNode):
                    self._problem(mapping, "'<<' merges a mapping (or a list of mappings)")
                    continue
                extra = self.build(mapping, (*loc, "<<"))
                assert isinstance(extra, dict)
                for key, value in extra.items():
                    if key not in result:
                        result[key] = value
                        self.keys.setdefault((*loc, key), self.keys[(*loc, "<<", key)])
                        self._copy_positions((*loc, "<<", key), (*loc, key))
        return result

    def _copy_positions(self, old: Loc, new: Loc) -> None:
        size = len(old)
        for table in (self.values, self.keys):
            for loc, position in list(table.items()):
                if loc[:size] == old:
                    table.setdefault(new + loc[size:], position)


def _position(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


def _tag(node: Node) -> str:
    tag = node.tag
    return str(getattr(tag, "value", tag))


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _scalar(node: Node) -> object:
    """A scalar's value under the YAML 1.2 core schema (anything unusual stays text)."""
    text = str(node.value)
    tag = _tag(node).removeprefix(_TAG)
    try:
        if tag == "null":
            return None
        if tag == "bool":
            return text.lower() == "true"
        if tag == "int":
            digits = text.replace("_", "")
            for prefix, base in (("0o", 8), ("0x", 16), ("0b", 2)):
                if digits.lower().startswith(prefix):
                    return int(digits[2:], base)
            return int(digits)
        if tag == "float":
            lowered = text.lower().replace("_", "")
            if lowered.lstrip("+-") in (".inf", ".nan"):
                return float(lowered.replace(".", ""))
            return float(lowered)
    except ValueError:
        return text
    return text
