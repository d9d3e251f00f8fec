"""Sentence ends in plain text, for rules that read a stretch of text rather than the parse.

A sentence ends at . ! ? or … (and the closing marks or brackets after it) followed by space
and a capital or an opening mark; "Mr." and single initials do not end one. The statistical
parser's sentences (``Span.sent``) serve rules that already work on tokens; this splitter
serves the quote rules, which bound their search by characters around a quotation mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.text.date_words import MONTH_ABBREVIATIONS
from pipeline.text.quote_marks import CLOSING_MARKS, OPENING_MARKS

SENTENCE_END = re.compile(rf"[.!?…][{re.escape(CLOSING_MARKS)})\]]*\s+(?=[A-Z{re.escape(OPENING_MARKS)}(\[])")
# Words whose full stop does not end a sentence ("Mr. Trump said"): titles, company forms,
# Latin abbreviations and month abbreviations (general English usage).
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n", "fig", "al",
    *(month.lower() for month in MONTH_ABBREVIATIONS),
})
WORD_BEFORE = re.compile(r"([\w.]+)$")
INITIAL = re.compile(r"[A-Z]")


def sentence_ends(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """(end of a sentence, start of the next) in text[lo:hi], skipping "Mr." and initials."""
    for m in SENTENCE_END.finditer(text, lo, hi):
        if text[m.start()] == ".":
            word = WORD_BEFORE.search(text, max(lo, m.start() - 12), m.start())
            if word and (word.group(1).lower() in ABBREVIATIONS or INITIAL.fullmatch(word.group(1))):
                continue
        yield m.start() + 1, m.end()


def last_sentence_start(text: str, lo: int, hi: int) -> int:
    """Where the last sentence that starts in text[lo:hi] starts (``lo`` when none ends there)."""
    start = lo
    for _, start in sentence_ends(text, lo, hi):
        pass
    return start
