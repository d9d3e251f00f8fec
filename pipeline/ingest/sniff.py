"""Detect a document's format from its bytes (magic numbers, then text sniffing)."""

from __future__ import annotations

import re

PDF = "pdf"
GZIP = "gzip"
HTML = "html"
MARKDOWN = "markdown"
TEXT = "text"
XML = "xml"

# Other formats people drop in by mistake, named so the refusal can say what the file is.
KNOWN_BINARY = (
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"%!PS", "a PostScript file"),
)
TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
SNIFF_BYTES = 8192
# PDF readers accept the header anywhere in the first KiB.
PDF_HEADER_WINDOW = 1024
MAX_CONTROL_SHARE = 0.05
# What may precede a page's markup: a BOM, template tags (Jinja, Django, Liquid, Hugo), comments.
# Template tags hold no braces (and a tag no "%" or "#"), so a scan stops at the next brace.
TEMPLATE_TAG = r"\{%[^%{}]{0,2000}%\}|\{#[^#{}]{0,2000}#\}|\{\{[^{}]{0,2000}\}\}"
TEMPLATE_TAGS = re.compile(TEMPLATE_TAG, re.S)
LEADING_NOISE = re.compile(rf"(?:\s+|\ufeff|{TEMPLATE_TAG}|<!--.{{0,20000}}?-->|<\?xml[^>]{{0,500}}>)*", re.S)
HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.I)
HTML_TAG = re.compile(
    r"<(?:html|head|body|div|p|span|a|article|section|script|meta|title|br|table|ul|li|h[1-6])\b[^>]*>", re.I)
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
MIN_HTML_TAGS = 5
# An XML document that is not XHTML (SVG, RSS, data): markup, not prose; refused by name.
XML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE\s+(?P<doctype>[\w:-]+)|<(?P<root>[\w:-]+))",
                       re.I | re.S)
# List dashes and "> " are left out: plain-text interviews use them too.
MARKDOWN_FEATURE = re.compile(r"^#{1,6} \S|\[[^\]]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*|^```", re.M)
MIN_MARKDOWN_FEATURES = 2


def binary_kind(data: bytes) -> str | None:
    """A description of a known non-text format, or None."""
    for magic, name in KNOWN_BINARY:
        if data.startswith(magic):
            return name
    return None


def sniff_bytes(data: bytes) -> str | None:
    """PDF or GZIP from magic bytes; None when the content must be decoded and sniffed as text."""
    if data.startswith(b"\x1f\x8b"):
        return GZIP
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return PDF
    return None


def looks_binary(data: bytes) -> bool:
    """Control bytes (NUL and friends) in the head of a file that is not UTF-16/32 text."""
    head = data[:SNIFF_BYTES]
    if not head or head.startswith(TEXT_BOMS) or utf16_without_bom(head):
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return b"\x00" in head or controls / len(head) > MAX_CONTROL_SHARE


def utf16_without_bom(head: bytes) -> str | None:
    """BOM-less UTF-16 of mostly Latin text has a NUL at every other byte: which endianness?"""
    half = len(head) // 2
    if half < 2:
        return None
    even, odd = head[0:2 * half:2].count(0) / half, head[1:2 * half:2].count(0) / half
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def xml_root(text: str) -> str:
    """The root element (or DOCTYPE) name of an XML document, e.g. ``svg``."""
    match = XML_START.match(text[:SNIFF_BYTES])
    return (match.group("doctype") or match.group("root") or "XML") if match else "XML"


def sniff_text(text: str, *, suffix: str = "", front_matter: bool = False) -> str:
    """HTML, XML (not XHTML), Markdown or plain text, from the decoded content and the name.

    A page that starts as an HTML document (after any BOM, template tags or comments) is HTML
    whatever its name; otherwise a Markdown name or front matter keeps a file Markdown even with
    inline HTML, and an HTML name with tags (or template tags) in it makes it HTML.
    """
    head = text[:SNIFF_BYTES]
    if HTML_START.match(head, LEADING_NOISE.match(head).end()):
        return HTML
    if suffix in MARKDOWN_SUFFIXES:
        return MARKDOWN
    if suffix in HTML_SUFFIXES and (HTML_TAG.search(head) or TEMPLATE_TAGS.search(head)):
        return HTML
    if front_matter:
        return MARKDOWN
    tags = HTML_TAG.findall(head)
    if len(tags) >= MIN_HTML_TAGS and sum(map(len, tags)) / max(len(head.strip()), 1) > 0.05:
        return HTML
    if XML_START.match(head) and head.lstrip().startswith("<?xml"):
        return XML
    if len(MARKDOWN_FEATURE.findall(head)) >= MIN_MARKDOWN_FEATURES:
        return MARKDOWN
    return TEXT
