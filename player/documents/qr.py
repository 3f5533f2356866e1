"""The routine file itself as a QR code (inline SVG), or why it does not fit in one."""

from __future__ import annotations

from dataclasses import dataclass

# The most one QR code holds: version 40, error correction level L, byte mode, less the
# UTF-8 marker (ECI) that lets a phone read umlauts right.
QR_LIMIT_BYTES = 2951


@dataclass(frozen=True, slots=True)
class RoutineCode:
    """The QR code of a routine file: `svg` when it fits, else None (`size` says why)."""

    svg: str | None
    size: int  # bytes of the file, UTF-8
    version: int | None = None  # the QR version used (1-40)


def routine_code(text: str) -> RoutineCode:
    """The file's text as a QR code: UTF-8 with its ECI marker, the strongest error
    correction that still fits, drawn as inline SVG scaled to its box by CSS."""
    import segno

    size = len(text.encode("utf-8"))
    if size > QR_LIMIT_BYTES:
        return RoutineCode(None, size)
    try:
        code = segno.make(text, error="L", mode="byte", encoding="utf-8", eci=True, micro=False)
    except segno.DataOverflowError:
        return RoutineCode(None, size)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None)
    return RoutineCode(svg, size, int(code.version))  # never a Micro QR (M1-M4) here
