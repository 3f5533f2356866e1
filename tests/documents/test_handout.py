"""The handout: every bundled routine, read back the way a person would see it."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from player import paths
from player.cli import main
from player.commands.check import planned
from player.documents.handout import Level, Variant, make_handout
from player.documents.qr import QR_LIMIT_BYTES
from player.routine import load_routine
from player.routine.model import Exercise, Routine

BUNDLED = sorted(paths.bundled_routines_dir().glob("*.yaml"))
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils is not installed (scripts/install-system-packages installs it)",
)


def _handout_html(path: Path) -> tuple[Routine, str]:
    routine = load_routine(path).routine
    handout = make_handout(routine, path.read_text("utf-8"), path.name, planned(routine)[0].total)
    assert handout.code.svg is not None, f"{path.name} does not fit in a QR code"
    return routine, handout.html


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_bundled_routines_come_in_both_languages() -> None:
    languages = {load_routine(p).routine.language for p in BUNDLED}
    assert languages == {"en", "de"}


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_bundled_routine_makes_a_handout_in_its_language(path: Path) -> None:
    routine, html = _handout_html(path)
    assert f'<html lang="{routine.language}">' in html
    assert "<script" not in html and "http" not in html.split("<body>")[1]  # self-contained
    for exercise in routine.exercises():
        assert exercise.name.replace("'", "&#x27;") in html
    german = routine.language == "de"
    assert ("Ausgangsstellung" in html) == german
    assert ("Starting position" in html) != german
    assert len(re.findall(r"<tr><th>(Week|Woche) [1-4]</th>", html)) == 4  # weeks to tick


@needs_poppler
@pytest.mark.parametrize("name", ["full-reconditioning", "rekonditionierung-komplett"])
def test_the_pdf_shows_every_exercise_and_its_qr_code_gives_the_routine_back(
    name: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = paths.bundled_routines_dir() / f"{name}.yaml"
    pdf = tmp_path / "plan.pdf"
    with caplog.at_level(logging.WARNING):
        assert main(["handout", str(source), "-o", str(pdf)]) == 0
    assert [r.getMessage() for r in caplog.records] == []  # WeasyPrint had nothing to say

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    routine = load_routine(source).routine
    flat = _words(text)
    for exercise in routine.exercises():
        assert _words(exercise.name) in flat, exercise.name
    assert routine.title in flat

    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2
    first = Image.open(pages[0]).convert("L")
    dark = sum(first.histogram()[:128])
    assert dark > 0.01 * first.width * first.height  # text on the page, not a blank sheet

    if shutil.which("zbarimg") is None:
        pytest.skip("zbar-tools is not installed (scripts/install-system-packages installs it)")
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", str(pages[-1])], capture_output=True, check=True
    ).stdout.decode("utf-8")
    original = source.read_text("utf-8")
    assert decoded.rstrip("\n") == original.rstrip("\n")
    copy = tmp_path / f"{name}.yaml"
    copy.write_text(decoded, encoding="utf-8")
    loaded = load_routine(copy).routine
    assert _shape(loaded) == _shape(routine)


def _shape(routine: Routine) -> list[object]:
    return [routine.title, routine.safety] + [
        (e.name, e.kind, e.dosing, e.sides, e.position, e.instructions) for e in routine.exercises()
    ]


def test_dosing_is_written_in_words(data_dir: Path) -> None:
    path = paths.bundled_routines_dir() / "full-reconditioning.yaml"
    _, html = _handout_html(path)
    assert "6 reps, 5 seconds each, 2 sets" in html  # the bridge
    assert "3 holds of 10 seconds, 2 sets" in html  # abdominal bracing
    _, german = _handout_html(paths.bundled_routines_dir() / "rekonditionierung-komplett.yaml")
    assert "6 Wiederholungen, je 5 Sekunden, 2 Sätze" in german


def test_easier_and_harder_variants_are_shown_when_there_are_some() -> None:
    path = paths.bundled_routines_dir() / "desk-break-back.yaml"
    routine = load_routine(path).routine

    def variants(exercise: Exercise, language: str) -> tuple[Variant, ...]:
        if exercise.library_id != "abdominal-bracing":
            return ()
        return (
            Variant(Level.EASIER, "Bracing lying down", "Lie on your back, knees bent."),
            Variant(Level.HARDER, "Bracing with a leg lift"),
        )

    html = make_handout(routine, "title: x", path.name, 180.0, variants).html
    assert "Easier:</span> Bracing lying down. Lie on your back, knees bent." in html
    assert "Harder:</span> Bracing with a leg lift." in html
    assert html.count('class="variant') == 2


@pytest.mark.parametrize("name", ["focus-stabilisation", "fokus-stabilisation"])
def test_the_handout_shows_the_librarys_variants_in_the_routines_language(name: str) -> None:
    path = paths.bundled_routines_dir() / f"{name}.yaml"
    routine, html = _handout_html(path)
    text = _words(html)
    if routine.language == "en":
        assert "Easier:</span> Dead bug, arms only. 6 reps each side" in text
        assert "Harder:</span> Dead bug with a hold. 8 reps each side" in text
    else:
        assert "Leichter:</span> Toter Käfer, nur Arme." in text
        assert "Schwerer:</span> Toter Käfer mit Halten." in text
    assert text.count('class="variant') >= 8


def test_a_file_too_large_for_a_qr_code_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = paths.bundled_routines_dir() / "desk-break-back.yaml"
    big = tmp_path / "big.yaml"
    padding = "".join(f"# {'note ' * 12}\n" for _ in range(QR_LIMIT_BYTES // 60 + 2))
    big.write_text(padding + source.read_text("utf-8"), encoding="utf-8")
    out = tmp_path / "plan.html"
    assert main(["handout", str(big), "-o", str(out)]) == 0
    html = out.read_text("utf-8")
    assert "<svg" not in html
    assert re.search(r"too large for one QR code \(at most 2951\)", html)
    assert "more than one QR code holds" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("output", "message"),
    [("plan.docx", "must end in .html or .pdf"), ("missing/plan.pdf", "does not exist")],
)
def test_a_bad_output_is_a_usage_error(
    output: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["handout", "desk-break-back", "-o", str(tmp_path / output)]) == 2
    assert message in capsys.readouterr().err


def test_an_invalid_routine_is_a_clear_error(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = data_dir / "bad" / "unknown-key.yaml"
    assert main(["handout", str(bad), "-o", str(tmp_path / "plan.html")]) == 1
    err = capsys.readouterr().err
    assert "unknown-key.yaml:" in err and "Traceback" not in err
    assert not (tmp_path / "plan.html").exists()
