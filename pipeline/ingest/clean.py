"""Clean extracted text: normalise spaces and bullets, drop boilerplate, assemble paragraphs.

Every loader (text, HTML, PDF) turns its input into a list of ``Block``s, one per paragraph
candidate; the functions here normalise them, drop web boilerplate by general rules
(call-to-action vocabulary, contact and URL lines, photo captions) and only then join them
into the final text, so paragraph offsets are computed last and never shift.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from pipeline.paths import MODELS_DIR
from pipeline.text.bylines import NAME_PARTICLES, byline_names  # noqa: F401 - part of this module's interface
from pipeline.text.quote_marks import CLOSING_MARKS, QUOTE_MARKS
from pipeline.text.rule_files import read_list

# Odd spaces become plain spaces; invisible characters (zero-width, BOM, soft hyphen) go.
ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
MULTI_SPACE = re.compile(r" {2,}")
# Glyphs that PDFs and web pages use as list bullets; private-use code points and pdfminer's
# "(cid:NNN)" placeholders are unmapped symbol-font glyphs, in practice bullets.
BULLET_GLYPHS = "•●▪■◦○►▶▸➢➤✓✔◆◇∙·‣⁃"
CID = r"\(cid:\d+\)"
PRIVATE_USE = "\ue000-\uf8ff"
LEADING_BULLET = re.compile(rf"^(?:[{BULLET_GLYPHS}{PRIVATE_USE}]|{CID})+\s*")
STRAY_GLYPH = re.compile(rf"{CID}|[{PRIVATE_USE}]")
BULLET = "•"
RULES_DIR = MODELS_DIR / "ingest"


def rule_list(name: str) -> list[str]:
    """Entries of ``models/ingest/NAME`` (one per line; ``#`` comments and blank lines skipped)."""
    return read_list(RULES_DIR / name)


# Call-to-action vocabulary of blogs and newsletters (general web boilerplate, not any one site).
CALL_TO_ACTION = re.compile(r"\b(?:" + "|".join(rule_list("call_to_action.txt")) + r")\b", re.IGNORECASE)
CONTACT_LABEL = re.compile(r"^(?:" + "|".join(rule_list("contact_labels.txt")) + r")\s*:", re.IGNORECASE)
# An e-mail's local part may only start where a run of its characters starts: without the
# look-behind, a long run with no "@" is rescanned from every position (quadratic).
URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)
PHOTO_CREDIT = re.compile(r"^(?:photos?|image|picture|credit|illustration)s?\s*(?:by\b|:|©)", re.IGNORECASE)
QUESTION_START = re.compile(r"^(?:Q\s*[:.)]|Question\b)", re.IGNORECASE)
TERMINAL = ".!?:;…)" + CLOSING_MARKS
# Function words that stay lowercase in a Title Case heading.
MINOR_WORDS = frozenset(rule_list("minor_words.txt"))
SHORT_LINE_CHARS = 90
SHORT_LINE_WORDS = 12
LONG_PARAGRAPH_CHARS = 100
BOILERPLATE_MAX_CHARS = 250
TITLE_MAX_CHARS = 200


@dataclass(frozen=True)
class Block:
    """A paragraph candidate: ``kind`` is text, heading, item (list item) or quote; a block
    that opens with bold or italic text keeps that text (``emphasized``) and its style."""

    text: str
    page: int | None = None
    kind: str = "text"
    emphasis: str | None = None
    emphasized: str = ""


def normalize_line(line: str) -> str:
    """Composed characters (NFC), plain spaces, one space between words, a single bullet glyph,
    no stray symbol glyphs."""
    line = INVISIBLE.sub("", ODD_SPACES.sub(" ", unicodedata.normalize("NFC", line))).strip()
    line = LEADING_BULLET.sub(BULLET + " ", line) if LEADING_BULLET.match(line) else line
    line = STRAY_GLYPH.sub("", line)
    return MULTI_SPACE.sub(" ", line).strip()


def clean_lines(text: str) -> list[str]:
    """Split text into normalised lines (all newline conventions), keeping blank lines as ""."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return [normalize_line(line) for line in text.split("\n")]


def normalize_blocks(blocks: list[Block]) -> list[Block]:
    """Each block on one normalised line; empty blocks dropped."""
    out = []
    for block in blocks:
        text = normalize_line(" ".join(block.text.split("\n")))
        if text and text != BULLET:
            out.append(replace(block, text=text, emphasized=normalize_line(block.emphasized)))
    return out


def is_call_to_action(text: str, *, max_chars: int = BOILERPLATE_MAX_CHARS) -> bool:
    """A short paragraph that asks the reader to subscribe, comment, share, follow or click."""
    return len(text) <= max_chars and bool(CALL_TO_ACTION.search(text))


def is_contact_line(text: str) -> bool:
    """A bare URL/e-mail, a "Website: ..." line, or a short sentence built around an address."""
    if PHOTO_CREDIT.match(text):
        return True
    if not URL_OR_EMAIL.search(text) and not CONTACT_LABEL.match(text):
        return False
    return len(text) <= BOILERPLATE_MAX_CHARS // 2 or not URL_OR_EMAIL.sub("", text).strip(" .:-")


def is_question(text: str) -> bool:
    """A question line: ends with "?" or is marked "Q:"."""
    return text.rstrip(QUOTE_MARKS + " ").endswith("?") or bool(QUESTION_START.match(text))


def is_title_like(text: str) -> bool:
    """Title Case (most content words after the first capitalised), numbered, or all capitals."""
    words = [w.strip(QUOTE_MARKS + "(),:;") for w in text.split()]
    words = [w for w in words if w]
    if not words or text.isupper() or re.match(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.|Chapter|Part|Section)\s", text):
        return True
    content = [w for w in words[1:] if w.lower() not in MINOR_WORDS]
    if not content:
        return True
    capitalised = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return capitalised / len(content) >= 0.6


def _is_short_line(text: str) -> bool:
    return len(text) <= SHORT_LINE_CHARS and len(text.split()) <= SHORT_LINE_WORDS


def _is_caption(blocks: list[Block], index: int, *, previous: Block | None) -> bool:
    """A short unpunctuated line after a long paragraph and before a question, list item,
    boilerplate, byline or the end, or before ordinary text it does not introduce as a heading."""
    block = blocks[index]
    if previous is None or block.kind != "text" or not _is_short_line(block.text):
        return False
    if block.text[-1] in TERMINAL or is_question(block.text) or byline_names(block.text):
        return False
    if block.text.startswith(BULLET) or len(previous.text) < LONG_PARAGRAPH_CHARS:
        return False
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if following is None:
        return True
    if (_is_boilerplate(following.text) or byline_names(following.text) or following.kind == "item"
            or is_question(following.text) or following.text.startswith(BULLET)):
        return not is_title_like(block.text)
    # Followed by ordinary text: only a descriptive phrase (4+ words, not Title Case) is a caption.
    return len(block.text.split()) >= 4 and not is_title_like(block.text)


def _is_boilerplate(text: str, *, max_chars: int = BOILERPLATE_MAX_CHARS) -> bool:
    return is_call_to_action(text, max_chars=max_chars) or is_contact_line(text)


def remove_boilerplate(blocks: list[Block], *, captions: bool = True,
                       max_chars: int = BOILERPLATE_MAX_CHARS) -> list[Block]:
    """Drop call-to-action (up to ``max_chars``), contact/URL and (optionally) caption-like
    blocks; keep headings, questions, bylines and the first line."""
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        protected = block.kind == "heading" or bool(byline_names(block.text))
        if not protected and _is_boilerplate(block.text, max_chars=max_chars):
            continue
        # Captions are judged against their real neighbours: the last kept block before them
        # and the next block as written (boilerplate included).
        if captions and _is_caption(blocks, index, previous=kept[-1] if kept else None):
            continue
        kept.append(block)
    return kept


def authors_from_blocks(blocks: list[Block]) -> list[str]:
    """Names from byline paragraphs, in order, without repeats."""
    names: list[str] = []
    for block in blocks:
        for name in byline_names(block.text):
            if name not in names:
                names.append(name)
    return names


def title_from_blocks(blocks: list[Block]) -> str | None:
    """The first block when it is short and reads like a title (the quote marks stripped from
    a title quoted whole; a title opening with a quotation keeps its marks: «…»: …)."""
    if not blocks:
        return None
    first = blocks[0].text
    quoted_whole = first[:1] in QUOTE_MARKS and first[-1:] in QUOTE_MARKS
    bare = first.strip(QUOTE_MARKS + " ") if quoted_whole else first.strip()
    if not bare or len(first) > TITLE_MAX_CHARS or byline_names(first) or bare[-1] in ".,;":
        return None
    return bare


def assemble(blocks: list[Block]) -> tuple[str, list[tuple[int, int, int | None]], list[tuple[int, int]]]:
    """Join blocks with blank lines; return the text, (start, end, page) per paragraph and the
    ranges of quote blocks."""
    parts: list[str] = []
    paragraphs: list[tuple[int, int, int | None]] = []
    quotes: list[tuple[int, int]] = []
    offset = 0
    for block in blocks:
        if parts:
            offset += 2
        paragraphs.append((offset, offset + len(block.text), block.page))
        if block.kind == "quote":
            quotes.append((offset, offset + len(block.text)))
        parts.append(block.text)
        offset += len(block.text)
    return "\n\n".join(parts), paragraphs, quotes
