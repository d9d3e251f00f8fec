"""Words of a PDF page: characters and boxes from pypdfium2's text page, grouped into words by
pdfplumber's word extractor.

pypdfium2 reads a page's characters 20-50 times faster than pdfminer (which pdfplumber parses
with), and the boxes are made pdfminer's: a character starts at its origin and ends where the
next one starts (or at its box's edge), and its top is the bottom minus the font size. Grouping them with pdfplumber's own word
extractor and tolerances gives the words pdfplumber would give (measured: 96-100% identical
per document, the rest split at font changes, where pdfplumber cuts a word in two).

Characters are repaired here, where their boxes are known: a spacing accent drawn over a letter
("e" then "ˆ") becomes the accented letter, ligature glyphs are spelled out, pdfium's marks for
line-end hyphens become hyphens again and unmapped glyphs a private-use character.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import unicodedata
from operator import itemgetter

import pypdfium2.raw as pdfium_c
from pdfplumber.utils import cluster_objects

ROW_TOLERANCE = 3.0
WORD_X_TOLERANCE = 1.5
FONT_NAME_BYTES = 128
LINE_BREAKS = "\r\n"
HIGH_SURROGATES = frozenset(map(chr, range(0xD800, 0xDC00)))
LOW_SURROGATES = frozenset(map(chr, range(0xDC00, 0xE000)))
# pdfium writes a line-end hyphen it recognised as U+FFFE or U+0002 (the latter is also what an
# unmapped glyph with code 2 reads as); FPDFText_IsHyphen tells them apart.
HYPHEN_MARKS = "\ufffe\x02"
# A glyph without a Unicode mapping (pdfminer's "(cid:N)"), in practice a symbol-font bullet:
# a private-use character, which clean.normalize_line turns into a bullet or drops.
UNMAPPED = "\ue000"


def _spacing_diacritics() -> dict[str, str]:
    """Spacing accents (``¨ ´ ¸ ˆ ˇ ˜`` ...) and the combining mark each stands for, matched by
    Unicode name: "MODIFIER LETTER CIRCUMFLEX ACCENT" and "SMALL TILDE" to "COMBINING ..."."""
    marks = {}
    for code in [*range(0x00A0, 0x0100), *range(0x02B0, 0x0300)]:
        char = chr(code)
        if unicodedata.category(char) not in ("Sk", "Lm"):
            continue
        name = unicodedata.name(char, "")
        for prefix in ("MODIFIER LETTER ", "SMALL ", ""):
            if name.startswith(prefix):
                try:
                    marks[char] = unicodedata.lookup("COMBINING " + name[len(prefix):])
                    break
                except KeyError:
                    continue
    return marks


SPACING_DIACRITICS = _spacing_diacritics()
# Ligature glyphs (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) spelled out by their Unicode compatibility decomposition.
LIGATURES = str.maketrans({chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)})


def page_words(page) -> list[dict]:
    """The page's upright words as pdfplumber gives them (``text``, ``x0``, ``x1``, ``top``,
    ``bottom``, ``size``, ``fontname``), in points from the page's top-left corner. Rotated text
    (margin stamps, vertical labels) is left out: it is not part of the reading flow."""
    textpage = page.get_textpage()
    try:
        chars = _chars(page, textpage)
        if any(char["text"] in SPACING_DIACRITICS for char in chars):
            chars = _join_diacritics(chars)
        _trim_overhangs(chars)
        buffer = ctypes.create_string_buffer(FONT_NAME_BYTES)
        return [_word(textpage, word, buffer) for word in _group_words(c for c in chars if c["upright"])]
    finally:
        textpage.close()


def _group_words(chars) -> list[list[dict]]:
    """Characters grouped as pdfplumber's ``extract_words`` groups them: runs of one size, each
    cut into rows by top, each row read left to right with a new word at a space, at a gap over
    the tolerance, at a step back, or at a jump of row."""
    words: list[list[dict]] = []
    for _, run in itertools.groupby(chars, key=itemgetter("size")):
        for row in cluster_objects(list(run), "top", ROW_TOLERANCE):
            word: list[dict] = []
            for char in sorted(row, key=itemgetter("x0")):
                if char["text"].isspace():
                    if word:
                        words.append(word)
                    word = []
                    continue
                if word and (char["x0"] < word[-1]["x0"] or char["x0"] > word[-1]["x1"] + WORD_X_TOLERANCE
                             or abs(char["top"] - word[-1]["top"]) > ROW_TOLERANCE):
                    words.append(word)
                    word = []
                word.append(char)
            if word:
                words.append(word)
    return words


def _word(textpage, chars: list[dict], buffer: ctypes.Array) -> dict:
    text = _unmapped_as_symbols(textpage, chars, "".join(c["text"] for c in chars)).translate(LIGATURES)
    return {"text": text, "x0": min(c["x0"] for c in chars), "x1": max(c["x1"] for c in chars),
            "top": min(c["top"] for c in chars), "bottom": max(c["bottom"] for c in chars),
            "size": chars[0]["size"], "fontname": _font_name(textpage, chars[0]["index"], buffer)}


def _chars(page, textpage) -> list[dict]:
    """One dict per drawn character (pdfium's generated spaces and line breaks left out)."""
    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    text = textpage.get_text_range()
    if len(text) != count:  # a text range that does not map one to one onto the characters
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(handle, i)) for i in range(count))
    left, _, _, top = page.get_mediabox()
    box, matrix, origin_x, origin_y = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX(), ctypes.c_double(), ctypes.c_double()
    box_ref, matrix_ref, x_ref, y_ref = (ctypes.byref(box), ctypes.byref(matrix), ctypes.byref(origin_x),
                                         ctypes.byref(origin_y))
    # Bound once: this loop runs for every character of the document.
    get_box, get_matrix, get_size, get_origin = (pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetMatrix,
                                                 pdfium_c.FPDFText_GetFontSize, pdfium_c.FPDFText_GetCharOrigin)
    is_generated, hypot = pdfium_c.FPDFText_IsGenerated, math.hypot
    chars: list[dict] = []
    for index, char in enumerate(text):
        if char in LINE_BREAKS or char in LOW_SURROGATES or (char == " " and is_generated(handle, index)):
            continue
        if char in HIGH_SURROGATES:  # pdfium counts UTF-16 units: join the pair into one character
            char = text[index:index + 2].encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        elif char < " ":
            char = "-" if char in HYPHEN_MARKS and pdfium_c.FPDFText_IsHyphen(handle, index) else UNMAPPED
        elif char in HYPHEN_MARKS:
            char = "-"
        get_box(handle, index, box_ref)
        get_origin(handle, index, x_ref, y_ref)
        get_matrix(handle, index, matrix_ref)
        # The font size times the text's vertical scale, as pdfminer measures a character.
        size = get_size(handle, index) * hypot(matrix.c, matrix.d)
        bottom = top - box.bottom
        chars.append({
            "text": char, "index": index,
            "x0": origin_x.value - left, "x1": box.right - left, "top": bottom - size, "bottom": bottom,
            "size": size, "upright": matrix.a * matrix.d > 0 and matrix.b * matrix.c <= 0,
        })
    return chars


def _join_diacritics(chars: list[dict]) -> list[dict]:
    """A spacing accent drawn over the letter before or after it (pdfminer and pdfium give
    "Ageˆncia") becomes one accented letter; an accent standing alone stays as it is."""
    out: list[dict] = []
    for i, char in enumerate(chars):
        mark = SPACING_DIACRITICS.get(char["text"])
        if mark and out and _covers(out[-1], char):
            out[-1] = {**out[-1], "text": unicodedata.normalize("NFC", out[-1]["text"] + mark)}
            continue
        if mark and i + 1 < len(chars) and _covers(chars[i + 1], char):
            chars[i + 1] = {**chars[i + 1], "text": unicodedata.normalize("NFC", chars[i + 1]["text"] + mark)}
            continue
        out.append(char)
    return out


def _trim_overhangs(chars: list[dict]) -> None:
    """End each character where the next one on its line starts: pdfium's box includes a glyph's
    overhang (an italic "f" reaches into the following space), pdfminer's box runs from the
    glyph's origin to its advance width, and the gap between words is measured from there."""
    for char, following in zip(chars, chars[1:]):
        if char["x0"] < following["x0"] < char["x1"] and abs(char["bottom"] - following["bottom"]) < 1:
            char["x1"] = following["x0"]


def _covers(letter: dict, accent: dict) -> bool:
    """Is the accent's centre over the letter (a letter, on the same line)?"""
    centre = (accent["x0"] + accent["x1"]) / 2
    return (letter["text"].isalpha() and letter["x0"] <= centre <= letter["x1"]
            and abs(letter["bottom"] - accent["bottom"]) < letter["size"])


def _unmapped_as_symbols(textpage, chars: list[dict], text: str) -> str:
    """A word whose glyphs have no Unicode mapping (pdfium falls back to the glyph codes, "r" for
    a symbol font's bullet) reads as private-use characters. Checked per word: a font maps all
    its glyphs or none, so the first character tells."""
    if not pdfium_c.FPDFText_HasUnicodeMapError(textpage.raw, chars[0]["index"]):
        return text
    return UNMAPPED * len(chars) if len(chars) == len(text) else text


def _font_name(textpage, index: int, buffer: ctypes.Array) -> str:
    """The font name of one character ("ABCDEF+Helvetica-Bold")."""
    size = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, len(buffer), None)
    return buffer.value.decode("utf-8", "replace") if 0 < size <= len(buffer) else ""
