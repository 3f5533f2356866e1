"""`workout handout` of the 21-minute routine as a whole process, HTML and PDF, beside the
floors it cannot go under: `workout check` of the same routine (load and time it, the
work every handout starts with) and WeasyPrint alone turning the same finished HTML into a
PDF in a warm process (the layout a PDF costs, without our start-up, loading and QR code).

Run: `.venv/bin/python -m benchmarks.bench_handout`. Exit code 1 if the HTML handout takes
longer than 1 s or the PDF one longer than 3 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import Targets, load, run
from player import paths

ROUTINE = "full-reconditioning"
HTML_BUDGET = 1.0
PDF_BUDGET = 3.0
RUNS = 7


def median_seconds(command: list[str], runs: int = RUNS) -> float:
    """The median wall time of `command` as a fresh process."""
    return statistics.median(run(command) for _ in range(runs))


def median_call(call: Callable[[], object], runs: int = RUNS) -> float:
    """The median wall time of `call()` in this process."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    import weasyprint

    print(load())
    python = sys.executable
    source = paths.bundled_routines_dir() / f"{ROUTINE}.yaml"
    with tempfile.TemporaryDirectory() as folder:
        html_file = Path(folder) / "plan.html"
        pdf_file = Path(folder) / "plan.pdf"
        workout = [python, "-m", "player"]
        html_time = median_seconds([*workout, "handout", ROUTINE, "-o", str(html_file)])
        pdf_time = median_seconds([*workout, "handout", ROUTINE, "-o", str(pdf_file)], runs=5)
        check_time = median_seconds([*workout, "check", "--quiet", str(source)])
        html = html_file.read_text("utf-8")
        weasyprint.HTML(string=html).write_pdf()  # warm: fonts found, CSS parsed once
        layout_time = median_call(lambda: weasyprint.HTML(string=html).write_pdf(), runs=5)
    rows = [
        (f"workout handout {ROUTINE} -o plan.html (ours)", html_time, f"< {HTML_BUDGET:.0f} s"),
        (f"workout handout {ROUTINE} -o plan.pdf (ours)", pdf_time, f"< {PDF_BUDGET:.0f} s"),
        (f"workout check {ROUTINE} (load and time only)", check_time, ""),
        ("WeasyPrint alone, same HTML, warm process", layout_time, ""),
    ]
    width = max(len(name) for name, _, _ in rows)
    print(f"{'whole process unless said':<{width}}  {'median':>9}  target")
    for name, seconds, target in rows:
        print(f"{name:<{width}}  {seconds * 1000:>6.0f} ms  {target}")
    targets = Targets()
    targets.check(f"workout handout to HTML < {HTML_BUDGET:.0f} s", html_time < HTML_BUDGET)
    targets.check(f"workout handout to PDF < {PDF_BUDGET:.0f} s", pdf_time < PDF_BUDGET)
    return targets.report()


if __name__ == "__main__":
    raise SystemExit(main())
