"""HTML to PDF with WeasyPrint, which lays out print CSS (A4 pages, page numbers)."""

from __future__ import annotations

from player.errors import UserError

MISSING = (
    "making a PDF needs WeasyPrint and its system libraries: pip install weasyprint, and "
    "apt install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 (or write .html and "
    "print that from a browser)"
)


def html_to_pdf(html: str) -> bytes:
    """The PDF of one self-contained HTML document."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango or HarfBuzz not installed
        raise UserError(f"{MISSING} ({error})") from None
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()  # no target: the bytes
    return pdf
