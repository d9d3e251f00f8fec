"""Quotation marks: the one home of the quote glyphs, and their pairing in plain text.

Pure functions over a string and its paragraph ranges, so they are easy to test and
reuse. Every mark style is handled (“ ” ‘ ’ " ' « » „ ‟ ‚ ‹ ›, and a closing mark
used as an opener); apostrophes inside or at the end of words are not marks; an
unbalanced mark never runs past its paragraph, except for the multi-paragraph
convention (an opening mark on every paragraph, one closing mark on the last).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

DOUBLE = "double"
SINGLE = "single"
# Glyph → (family, default role when its position does not decide).
MARKS = {
    "“": (DOUBLE, "open"), "”": (DOUBLE, "close"), '"': (DOUBLE, "toggle"),
    "„": (DOUBLE, "open"), "‟": (DOUBLE, "open"), "«": (DOUBLE, "open"), "»": (DOUBLE, "close"),
    "‘": (SINGLE, "open"), "’": (SINGLE, "close"), "'": (SINGLE, "toggle"),
    "‚": (SINGLE, "open"), "‹": (SINGLE, "open"), "›": (SINGLE, "close"),
}
QUOTE_MARKS = "".join(MARKS)
OPENING_MARKS = "".join(g for g, (_, role) in MARKS.items() if role in ("open", "toggle"))
CLOSING_MARKS = "".join(g for g, (_, role) in MARKS.items() if role in ("close", "toggle"))
DOUBLE_MARKS = "".join(g for g, (family, _) in MARKS.items() if family == DOUBLE)
# The apostrophe as typed (straight or curly) and the glyphs typed in its place.
APOSTROPHES = "'’"
APOSTROPHE_LOOKALIKES = "‘`´"
# Marks that never open a quote: ’ opens far more often as an elision (’90s, ’em).
NEVER_OPEN = {"’", "›"}
OPEN_CONTEXT = set("([{—–-/:;") | set(MARKS)
CLOSE_CONTEXT = set(".,;:!?)]}…—–-/") | set(MARKS)
CLOSING_PUNCT = set(".,;:!?)]}")
LEAD_IN = re.compile(r"[\s•●▪◦·*\-–—>]*")
MARK = re.compile(f"[{re.escape(QUOTE_MARKS)}]")


@dataclass(frozen=True)
class QuoteMatch:
    """A pair of marks: the quoted text is ``text[start:end]`` (marks excluded)."""

    start: int
    end: int
    open_at: int
    close_at: int | None  # None when the quote ran to its paragraph's end unclosed
    depth: int            # 0 for an outermost quote, 1 inside another, ...
    paragraphs: int       # how many paragraphs the quote spans


@dataclass(frozen=True)
class _Mark:
    at: int
    family: str
    can_open: bool
    can_close: bool
    possessive: bool  # ’ or ' right after an s: girls’ rights


def _mark_at(text: str, i: int, lo: int, hi: int) -> _Mark | None:
    """Classify the mark at ``i`` from its neighbours inside the paragraph [lo, hi)."""
    glyph = text[i]
    family, default = MARKS[glyph]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if prev == "=":
        return None  # an attribute's value in leftover markup: caption="..."
    if family == SINGLE and prev.isalnum() and nxt.isalpha():
        return None  # don't, O’Brien
    if family == SINGLE and nxt.isdigit() and not prev.isalnum():
        return None  # ’90s
    left_open = prev.isspace() or prev in OPEN_CONTEXT
    right_close = nxt.isspace() or nxt in CLOSE_CONTEXT
    can_open = left_open and not nxt.isspace() and nxt not in CLOSING_PUNCT
    can_close = right_close and not prev.isspace()
    if can_open == can_close:  # both or neither: the glyph decides
        can_open = default in ("open", "toggle")
        can_close = default in ("close", "toggle")
    if glyph in NEVER_OPEN:
        can_open = False
    possessive = family == SINGLE and prev in "sS" and can_close
    return _Mark(i, family, can_open, can_close, possessive)


def _marks(text: str, lo: int, hi: int) -> list[_Mark]:
    found = (_mark_at(text, m.start(), lo, hi) for m in MARK.finditer(text, lo, hi))
    return [m for m in found if m is not None]


def _starts_with_opener(text: str, lo: int, hi: int) -> int | None:
    """Index of an opening mark that begins the paragraph (after bullets/space)."""
    i = LEAD_IN.match(text, lo, hi).end()
    if i < hi and text[i] in MARKS and MARKS[text[i]][0] == DOUBLE:
        return i
    return None


def trim_space(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without surrounding whitespace and quotation marks."""
    while start < end and (text[start].isspace() or text[start] in MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in MARKS):
        end -= 1
    return start, end


def _later_closers(marks: list[_Mark]) -> list[bool]:
    """For each mark: whether a single closing mark follows before the next single opener
    (one backward pass, so a paragraph full of apostrophes stays linear)."""
    found, later = [], False
    for mark in reversed(marks):
        found.append(later)
        if mark.family == SINGLE:
            if mark.can_close and not mark.possessive:
                later = True
            elif mark.can_open:
                later = False
    return found[::-1]


class _OpenMarks:
    """Openers waiting for their closer, with a count per family so that a closer with no
    opener of its family does not search the whole stack."""

    def __init__(self, marks: list[_Mark] = ()) -> None:
        self.marks: list[_Mark] = []
        self.count = {DOUBLE: 0, SINGLE: 0}
        for mark in marks:
            self.push(mark)

    def __bool__(self) -> bool:
        return bool(self.marks)

    def push(self, mark: _Mark) -> None:
        self.marks.append(mark)
        self.count[mark.family] += 1

    def close(self, family: str) -> _Mark | None:
        """The innermost opener of ``family``, dropping the openers inside it, or None."""
        if not self.count[family]:
            return None
        k = len(self.marks) - 1
        while self.marks[k].family != family:
            k -= 1
        opener = self.marks[k]
        for dropped in self.marks[k:]:  # each opener is dropped once: linear overall
            self.count[dropped.family] -= 1
        del self.marks[k:]
        return opener


def _scan(text: str, lo: int, hi: int, stack: _OpenMarks, *, skip: int | None) -> list[tuple[_Mark, _Mark]]:
    """Pair the marks of one paragraph; ``stack`` carries an opener in from before."""
    pairs = []
    marks = _marks(text, lo, hi)
    later_closer = _later_closers(marks)
    for index, mark in enumerate(marks):
        if mark.at == skip:
            continue
        closable = mark.can_close and stack.count[mark.family] > 0
        if closable and mark.possessive and later_closer[index]:
            closable = False
        if closable:
            pairs.append((stack.close(mark.family), mark))
        elif mark.can_open:
            stack.push(mark)
    return pairs


def find_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteMatch]:
    """Every quoted stretch of ``text``, in order, never crossing a paragraph unless continued."""
    found: list[QuoteMatch] = []
    index = 0
    while index < len(paragraphs):
        lo, hi = paragraphs[index]
        stack = _OpenMarks()
        pairs = _scan(text, lo, hi, stack, skip=None)
        found.extend(_match(text, o, c, 1) for o, c in pairs)
        spanned = 1
        # Multi-paragraph quote: the outer opener stays open and the next paragraph re-opens.
        while stack and stack.marks[0].family == DOUBLE and index + spanned < len(paragraphs):
            nlo, nhi = paragraphs[index + spanned]
            lead = _starts_with_opener(text, nlo, nhi)
            if lead is None:
                break
            stack = _OpenMarks(stack.marks[:1])
            spanned += 1
            pairs = _scan(text, nlo, nhi, stack, skip=lead)
            found.extend(_match(text, o, c, spanned) for o, c in pairs)
            hi = nhi
        if stack:
            unclosed = _unclosed(text, stack.marks[0], lo, hi, spanned)
            if unclosed:
                found.append(unclosed)
        index += spanned
    return _with_depths(found)


def _with_depths(found: list[QuoteMatch]) -> list[QuoteMatch]:
    """Depth = how many found quotes contain this one (unmatched openers do not count).

    Pairs nest or are disjoint, so the quotes containing one are the chain still open
    when it starts: one pass with a stack of their ends."""
    ordered = sorted(found, key=lambda q: (q.open_at, -q.end))
    ends: list[int] = []
    out = []
    for quote in ordered:
        while ends and ends[-1] < quote.end:
            ends.pop()
        out.append(replace(quote, depth=len(ends)))
        ends.append(quote.end)
    return out


def _match(text: str, opener: _Mark, closer: _Mark, spanned: int) -> QuoteMatch:
    start, end = trim_space(text, opener.at + 1, closer.at)
    paragraphs = 1 + text.count("\n\n", opener.at, closer.at) if spanned > 1 else 1
    return QuoteMatch(start, end, opener.at, closer.at, 0, paragraphs)


def _unclosed(text: str, opener: _Mark, lo: int, hi: int, spanned: int) -> QuoteMatch | None:
    """An opener left open: a quote to the paragraph's end only where that is the convention."""
    if opener.family != DOUBLE:
        return None
    before = text[lo:opener.at].rstrip()
    para_start = LEAD_IN.fullmatch(text, lo, opener.at) is not None
    if not (para_start or before.endswith(":") or spanned > 1):
        return None
    start, end = trim_space(text, opener.at + 1, hi)
    if end <= start:
        return None
    return QuoteMatch(start, end, opener.at, None, 0, spanned)
