"""Writing a document where `-o` says: `.html` as it is, `.pdf` through WeasyPrint."""

from __future__ import annotations

from pathlib import Path

from player.errors import UsageError, UserError
from player.files import write_atomic

FORMATS = (".html", ".pdf")


def check_output(path: Path) -> None:
    """A usage error unless `path` ends in .html or .pdf and its folder exists."""
    if path.suffix.lower() not in FORMATS:
        raise UsageError(f"-o {path}: the file must end in .html or .pdf")
    if path.is_dir():
        raise UsageError(f"-o {path}: that is a folder; name a file in it")
    if not path.parent.is_dir():
        raise UsageError(f"-o {path}: folder {path.parent} does not exist")


def write_document(path: Path, html: str) -> None:
    """Write the HTML, or the PDF made from it, whole or not at all."""
    if path.suffix.lower() == ".pdf":
        from player.documents.pdf import html_to_pdf

        data = html_to_pdf(html)
    else:
        data = html.encode("utf-8")
    try:
        write_atomic(path, data)
    except OSError as error:
        raise UserError(f"-o {path}: could not write the file ({error.strerror})") from None
