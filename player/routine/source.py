"""Reading a routine file: bytes to text to plain data, with the line:col of every key and value."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, StreamMark, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    ScalarEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from player.routine.limits import MAX_BYTES, MAX_DEPTH, MAX_NODES, MAX_TEXT
from player.routine.problems import Problem, RoutineError, Severity

Loc = tuple[str | int, ...]
"""Where a value sits in the data: keys and list indexes from the top, e.g. ('sections', 0)."""

_TAG = "tag:yaml.org,2002:"
_MERGE = _TAG + "merge"
_INDENT = re.compile(r"[ \t]*")
_SURROGATE = re.compile("[\ud800-\udfff]")
# A control character other than a line break or a tab: C0, DEL, C1 (Unicode's "Cc").
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

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
        "the quoted text that starts here is not closed — a closing quote is missing"
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


def document_json(doc: Document) -> bytes:
    """`doc` as JSON (its data and positions), for `document_of_json`: a parse kept on disk."""
    return json.dumps(
        {
            "data": doc.data,
            "values": [[list(loc), *where] for loc, where in doc.values.items()],
            "keys": [[list(loc), *where] for loc, where in doc.keys.items()],
        },
        ensure_ascii=False,
    ).encode()


def document_of_json(text: bytes, path: Path) -> Document:
    """The Document `document_json` wrote; ValueError (or KeyError, TypeError) if it is not one."""
    written = json.loads(text)
    values = {tuple(loc): (line, column) for loc, line, column in written["values"]}
    keys = {tuple(loc): (line, column) for loc, line, column in written["keys"]}
    return Document(path, written["data"], values, keys)


def parser_version() -> str:
    """What a kept parse depends on besides the text: ruamel's version and this module (a
    changed reader makes every kept parse stale)."""
    import ruamel.yaml

    here = os.stat(__file__)
    return f"{ruamel.yaml.__version__}:{here.st_mtime_ns}:{here.st_size}"


def read_bytes(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of a routine file and its state, or RoutineError saying why it cannot be read.

    Only a regular file is read: a FIFO, a device or a socket is refused without waiting on
    it (opened non-blocking, then looked at), and at most 1 MiB + 1 byte is ever read.
    """

    def fail(message: str, line: int = 0, column: int = 0) -> RoutineError:
        return RoutineError([Problem(path, line, column, message)])

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail("is a directory, not a routine file") from None
    except PermissionError:
        raise fail("cannot read the file: permission denied") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise fail("a symbolic link that leads back to itself (a loop); fix the link") from None
        raise fail(f"cannot read the file: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise fail("is a directory, not a routine file")
        if not stat.S_ISREG(info.st_mode):
            raise fail(f"is {_file_type(info.st_mode)}, not a routine file")
        if info.st_size > MAX_BYTES:
            raise fail(
                f"the file is {info.st_size / MAX_BYTES:.1f} MiB; a routine file is at most 1 MiB",
                1,
                1,
            )
        with os.fdopen(fd, "rb", closefd=False) as file:
            raw = file.read(MAX_BYTES + 1)  # bounded: a file that grows while read never ends
    except OSError as error:
        raise fail(f"cannot read the file: {error.strerror or error}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:  # it grew between fstat and read
        raise fail("the file is over 1 MiB; a routine file is at most 1 MiB", 1, 1)
    return raw, info


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_text(path: Path) -> str:
    """The text of a routine file, or RoutineError saying why it cannot be read."""
    raw, _ = read_bytes(path)
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
    surrogate = _SURROGATE.search(text)  # pasted into the editor; no file decodes to one
    if surrogate is not None:
        line, column = _line_column(text, surrogate.start())
        code = ord(surrogate.group())
        raise RoutineError([Problem(path, line, column, f"U+{code:04X} is not a character")])
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


class _Resolver(VersionedResolver):
    """ruamel's YAML 1.2 resolver, with its table of implicit tags made once per process and
    one Tag per tag.

    ruamel looks the table up twice for every scalar (a property that catches two
    AttributeErrors each time, to find a `%YAML` version that the C parser never gives
    it), builds the table again for every file, and makes a new Tag (which decodes its
    name character by character when first read) for every number or yes/no value: most
    of the time of composing a routine. The rules and their order are ruamel's own.
    """

    _rules: ClassVar[dict[Any, list[tuple[Any, Any]]] | None] = None
    _tags: ClassVar[dict[str, Tag]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            rules = _Resolver._rules
            if rules is None:
                rules = _Resolver._rules = self.versioned_resolver
            for tag, regexp in [*rules.get(value[:1], ()), *rules.get(None, ())]:
                if regexp.match(value):
                    made = self._tags.get(tag)
                    if made is None:
                        made = self._tags[tag] = Tag(suffix=tag)
                    return made
            implicit = (False, implicit[1])
        return super().resolve(kind, value, implicit)


def _yaml() -> YAML:
    yaml = YAML(typ="safe")
    yaml.version = (1, 2)
    yaml.Resolver = _Resolver
    return yaml


def _compose(text: str, path: Path) -> Node | None:
    yaml = _yaml()  # the C parser (ruamel.yaml.clib) where installed
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            check_shape(text, path, yaml)
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


def check_shape(text: str, path: Path, yaml: YAML | None = None) -> None:
    """Depth and size limits, from the parser's event stream, before anything is composed.

    The composer recurses once per level (30,000 '[' overflow the C stack, a segfault no
    handler can catch), and anchors with aliases can expand a small file exponentially, so
    both are measured first: every event is looked at once, an anchor's size is counted when
    it closes, and an alias adds the size of what it repeats. RoutineError at the first
    event over a limit (a syntax error is the parser's YAMLError, as when composing).
    """
    if yaml is None:
        yaml = _yaml()
    depth = 0
    count = 0
    sizes: dict[str, int] = {}
    open_anchors: list[tuple[str | None, int]] = []
    for event in yaml.parse(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _limit(
                    path,
                    event.start_mark,
                    f"nested too deeply: at most {MAX_DEPTH} levels of lists and mappings",
                )
            open_anchors.append((event.anchor, count))
            count += 1
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
            anchor, start = open_anchors.pop()
            if anchor is not None:
                sizes[anchor] = count - start
        elif isinstance(event, ScalarEvent):
            count += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, AliasEvent):
            count += sizes.get(event.anchor, 1)
            if count > MAX_NODES:
                raise _limit(
                    path,
                    event.start_mark,
                    f"this alias makes the file expand to over {MAX_NODES:,} values; "
                    "repeat less through anchors and aliases",
                )
        if count > MAX_NODES:
            raise _limit(
                path,
                event.start_mark,
                f"too many values: a routine holds at most {MAX_NODES:,}",
            )


def _limit(path: Path, mark: StreamMark | None, message: str) -> RoutineError:
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return RoutineError([Problem(path, line, column, message)])


def _syntax_problem(error: MarkedYAMLError, path: Path) -> Problem:
    problem = str(error.problem or "")
    context = str(error.context or "")
    mark = error.problem_mark or error.context_mark
    if context == "while scanning a quoted scalar" and error.context_mark is not None:
        mark = error.context_mark  # where the quote opens, not the end of the file
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
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
        # Every position noted, in order: a merge copies the ones its source added (and
        # only those), so merging stays linear in what is merged.
        self._noted: list[tuple[bool, Loc, tuple[int, int]]] = []

    def _problem(self, node: Node, message: str) -> None:
        self.problems.append(Problem(self.path, *_position(node), message))

    def _note(self, is_key: bool, loc: Loc, position: tuple[int, int]) -> None:
        (self.keys if is_key else self.values).setdefault(loc, position)
        self._noted.append((is_key, loc, position))

    def build(self, node: Node, loc: Loc) -> object:
        self._note(False, loc, _position(node))
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
            value = _scalar(node)
            if isinstance(value, str):
                self._check_text(node, value)
            return value
        finally:
            self._open.discard(id(node))

    def _check_text(self, node: Node, text: str) -> None:
        """Text reaches a terminal, speech and file names: no control characters (an
        escape sequence could rewrite the screen) and no endless paragraphs."""
        bad = _CONTROL.search(text)
        if bad is not None:
            code = ord(bad.group())
            self._problem(node, f"a control character (U+{code:04X}) in the text; remove it")
        elif len(text) > MAX_TEXT:
            self._problem(
                node,
                f"this text has {len(text):,} characters; one text is at most {MAX_TEXT:,} "
                "(say less, or split it into cues)",
            )

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
            self._note(True, (*loc, key), _position(key_node))
            result[key] = self.build(value_node, (*loc, key))
        for source in merged:
            sources = source.value if isinstance(source, SequenceNode) else [source]
            for mapping in sources:
                if not isinstance(mapping, MappingNode):
                    self._problem(mapping, "'<<' merges a mapping (or a list of mappings)")
                    continue
                self._merge(mapping, loc, result)
        return result

    def _merge(self, mapping: MappingNode, loc: Loc, result: dict[str, object]) -> None:
        """Add the keys of `mapping` that `result` does not have, with their positions."""
        start = len(self._noted)
        extra = self.build(mapping, (*loc, "<<"))
        if not isinstance(extra, dict):
            return  # it merges itself, or is over a limit: already reported
        taken = {key for key in extra if key not in result}
        for key in extra:
            if key in taken:
                result[key] = extra[key]
        size = len(loc) + 1
        for is_key, old, position in self._noted[start:]:
            if len(old) > size and old[size] in taken:
                self._note(is_key, (*loc, *old[size:]), position)


def _position(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


def _tag(node: Node) -> str:
    """The node's tag as text (`node.tag`, without the property and the Tag's __str__)."""
    tag = node.ctag
    return str(None if tag is None else tag.trval)


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
