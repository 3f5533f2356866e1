"""Workrave's exercises file (`exercises.xml`): the exercises shown in its rest breaks.

`<exercises>` holds `<exercise>` elements, each with a `<title>` and a `<description>`
(translations beside them with `xml:lang="de"` and so on) and a `<sequence duration="40">`
of `<image src=... duration=... mirrorx="yes"/>`: pictures shown in turn for the whole
duration, a mirrored one meaning the other side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from player.importers.model import Imported, ImportedExercise, ImportedSection, fail
from player.routine.durations import MAX_SECONDS
from player.routine.model import Kind, Sides

SOURCE = "a Workrave exercises file"
LANG = "xml:lang"


@dataclass
class Element:
    """An XML element with where it starts (1-based line and column)."""

    tag: str
    attributes: dict[str, str]
    line: int
    column: int
    children: list[Element] = field(default_factory=list)
    text: str = ""

    @property
    def where(self) -> tuple[int, int]:
        return self.line, self.column


def parse_xml(path: Path, data: bytes) -> Element:
    """The element tree of `data`, each element with its position; a clear error if broken.

    No DTD or external entity is loaded (expat does not fetch any).
    """
    parser = expat.ParserCreate()
    root: list[Element] = []
    stack: list[Element] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        element = Element(tag, attributes, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        (stack[-1].children if stack else root).append(element)
        stack.append(element)

    def end(tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].text += data

    def no_entities(*args: object) -> None:
        raise ValueError("entity declarations are not allowed")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.EntityDeclHandler = no_entities
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        message = expat.ErrorString(error.code)
        raise fail(path, (error.lineno, error.offset + 1), f"not valid XML: {message}") from None
    except ValueError as error:
        where = (parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        raise fail(path, where, str(error)) from None
    return root[0]


def looks_like(data: bytes) -> bool:
    return b"<exercises" in data[:4096]


def read(path: Path, data: bytes, language: str = "en") -> list[Imported]:
    root = parse_xml(path, data)
    if root.tag != "exercises":
        raise fail(path, root.where, f"expected <exercises> (a Workrave file), not <{root.tag}>")
    notes: list[str] = []
    exercises = []
    images = 0
    for element in root.children:
        if element.tag != "exercise":
            notes.append(f"<{element.tag}> on line {element.line} is not an exercise; left out")
            continue
        exercise, pictures = _exercise(path, element, language, notes)
        exercises.append(exercise)
        images += pictures
    if not exercises:
        raise fail(path, root.where, "the file has no <exercise>")
    if images:
        notes.append(
            f"the {images} pictures are not carried over: workout-player speaks the "
            "description instead"
        )
    notes.append(
        "Workrave's exercises have no kinds: they are marked 'stretching'; change `kind:` "
        "where another fits"
    )
    heading = "Exercises" if language == "en" else "Übungen"
    section = ImportedSection(heading, Kind.STRETCHING, tuple(exercises))
    title = "Workrave exercises" if language == "en" else "Workrave-Übungen"
    return [Imported(title, SOURCE, (section,), language=language, notes=tuple(notes))]


def _exercise(
    path: Path, element: Element, language: str, notes: list[str]
) -> tuple[ImportedExercise, int]:
    title = _translated(element, "title", language)
    if title is None:
        raise fail(path, element.where, "this <exercise> has no <title>")
    name = _plain(title.text)
    if not name:
        raise fail(path, title.where, "the <title> is empty")
    if language != "en" and title.attributes.get(LANG) != language:
        notes.append(f"'{name}' has no {language} title; it is in English")
    description = _translated(element, "description", language)
    sequence = next((c for c in element.children if c.tag == "sequence"), None)
    if sequence is None:
        raise fail(path, element.where, f"'{name}' has no <sequence> (how long it lasts)")
    raw = sequence.attributes.get("duration")
    try:
        seconds = float(raw) if raw is not None else None
    except ValueError:
        seconds = None
    if seconds is None or not 0 < seconds <= MAX_SECONDS:
        shown = f'"{raw}"' if raw is not None else "missing"
        raise fail(
            path,
            sequence.where,
            f"the <sequence> duration is {shown}; it should be the seconds the exercise lasts",
        )
    images = [c for c in sequence.children if c.tag == "image"]
    mirrored = any(i.attributes.get("mirrorx") == "yes" for i in images)
    sides = Sides.BOTH if mirrored else Sides.NONE
    per_side = seconds / 2 if mirrored else seconds
    instructions = _plain(description.text) if description is not None else ""
    return ImportedExercise(name, round(per_side, 1), sides, instructions), len(images)


def _translated(element: Element, tag: str, language: str) -> Element | None:
    """The child `tag` in `language`, else the one without a language (English)."""
    found = [c for c in element.children if c.tag in (tag, f"_{tag}")]
    for child in found:
        if child.attributes.get(LANG) == language:
            return child
    return next((c for c in found if LANG not in c.attributes), found[0] if found else None)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
