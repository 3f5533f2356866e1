"""One printable HTML page: the skeleton, the print CSS (A4, large print) and escaping."""

from __future__ import annotations

from html import escape

# Large print: 14 pt body text, generous line height, high contrast, no colour needed.
PRINT_CSS = """
@page { size: A4; margin: 16mm 16mm 18mm 16mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 10pt; } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 14pt;
       line-height: 1.45; color: #000; background: #fff; }
body { margin: 0 auto; max-width: 180mm; }
h1 { font-size: 24pt; line-height: 1.2; margin: 0 0 4pt 0; }
h2 { font-size: 18pt; margin: 18pt 0 6pt 0; border-bottom: 2pt solid #000; }
h3 { font-size: 15pt; margin: 0 0 4pt 0; }
p { margin: 0 0 6pt 0; }
.lead { font-size: 15pt; }
.meta { font-size: 12pt; color: #333; }
.box { border: 2pt solid #000; padding: 8pt 10pt; margin: 10pt 0; break-inside: avoid; }
.exercise { border-top: 1pt solid #666; padding: 8pt 0; break-inside: avoid; }
.kind { text-transform: uppercase; letter-spacing: 0.5pt; }
.label { font-weight: bold; }
table { border-collapse: collapse; width: 100%; break-inside: avoid; }
th, td { border: 1pt solid #000; padding: 4pt 6pt; text-align: left; vertical-align: top; }
.new-page { break-before: page; }
.small { font-size: 11pt; }
@media screen { body { padding: 12mm; } }
"""


def e(text: object) -> str:
    """Text made safe for HTML (quotes too: it may go into an attribute)."""
    return escape(str(text), quote=True)


def page(title: str, language: str, body: str, css: str = "") -> str:
    """A whole HTML document: one file, its CSS inside, nothing fetched from elsewhere."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{PRINT_CSS}{css}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
