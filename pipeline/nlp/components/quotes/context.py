"""Where each quote candidate sits: its paragraph, its neighbours and the text around it.

``DocIndex`` is built once per document (paragraph starts, the quoted ranges, the entities
by token and by offset) so that each candidate's ``QuoteContext`` looks things up instead of
rescanning the document.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass
from functools import cached_property

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from pipeline.nlp.components.quotes.linking import EntityIndex
from pipeline.text.quote_marks import CLOSING_MARKS, QuoteMatch
from pipeline.text.sentences import last_sentence_start, sentence_ends

SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC", "LOC"})
LEAD_CHARS = " \t\n•●▪◦·*-–—>"
CAPITAL_AFTER_SPACE = re.compile(r"\s+[A-Z]")


@dataclass(frozen=True)
class Candidate:
    match: QuoteMatch
    mark_end: int  # char offset after the closing mark (or the quote's end)
    paragraph: int
    block: bool    # came from <blockquote>/<q>


class DocIndex:
    """Per-document lookups shared by every candidate: paragraphs, quoted ranges, entities."""

    def __init__(self, doc: Doc, text: str, paragraphs: list[tuple[int, int]], candidates: list[Candidate],
                 titles: list[Span] = ()) -> None:
        self.doc, self.text, self.paragraphs, self.candidates = doc, text, paragraphs, candidates
        self.titles = sorted(titles, key=lambda span: span.start_char)  # quoted names of works
        self.title_starts = [span.start_char for span in self.titles]
        self.starts = [start for start, _ in paragraphs]
        self.open_ats = [c.match.open_at for c in candidates]
        self.quoted = _union((c.match.open_at, c.mark_end) for c in candidates)
        self.quoted_starts = [start for start, _ in self.quoted]
        self.entities = EntityIndex(doc._.entities)
        ents = list(doc.ents)  # Doc.ents (and Span.ents) rebuild the list on every access: once here
        self.ent_at = {i: e for e in ents for i in range(e.start, e.end)}
        self.people = [e for e in ents if e.label_ == "PERSON"]
        self.people_starts = [e.start_char for e in self.people]
        self.people_ends = [e.end_char for e in self.people]
        self.orgs = [e for e in ents if e.label_ == "ORG"]
        self.org_starts = [e.start for e in self.orgs]
        self.memo: dict = {}  # lookups a rule builds once per document
        self.left_bounds = self._left_bounds()
        self.token_starts = doc.to_array(IDX).tolist()

    def _left_bounds(self) -> list[int]:
        """For each candidate, the end of the nearest earlier quote that closed before it opened."""
        bounds, ends = [], []
        for cand in self.candidates:
            at = bisect_right(ends, cand.match.open_at)
            bounds.append(ends[at - 1] if at else -1)
            insort(ends, cand.mark_end)
        return bounds

    def paragraph_of(self, char: int) -> int:
        return max(bisect_right(self.starts, char) - 1, 0)

    def window_start(self, char: int) -> int:
        """Where the paragraph before the one holding ``char`` starts: how far back a role, a
        source or a pronoun is looked up."""
        return self.paragraphs[max(self.paragraph_of(char) - 1, 0)][0] if self.paragraphs else 0

    def char_token(self, char: int) -> int:
        """The index of the first token that starts at or after ``char``."""
        return bisect_left(self.token_starts, char)

    def last_title_before(self, char: int, lo: int) -> Span | None:
        """The last quoted title that closes in [lo, char)."""
        at = bisect_left(self.title_starts, char) - 1
        return self.titles[at] if at >= 0 and self.titles[at].start_char >= lo else None

    def speaker_ent_at(self, i: int) -> Span | None:
        """The entity with a speaker label that covers token ``i``."""
        ent = self.ent_at.get(i)
        return ent if ent is not None and ent.label_ in SPEAKER_LABELS else None

    def ents_within(self, span: Span) -> list[Span]:
        """The entities that lie wholly inside ``span`` (what ``span.ents`` gives)."""
        found = []
        for i in range(span.start, span.end):
            ent = self.ent_at.get(i)
            if ent is not None and ent.start == i and ent.end <= span.end:
                found.append(ent)
        return found

    def in_quote(self, char: int) -> bool:
        at = bisect_right(self.quoted_starts, char) - 1
        return at >= 0 and char < self.quoted[at][1]

    def people_between(self, lo: int, hi: int) -> list[Span]:
        """PERSON entities starting in [lo, hi)."""
        return self.people[bisect_left(self.people_starts, lo):bisect_left(self.people_starts, hi)]

    def last_person_before(self, char: int) -> Span | None:
        """The last PERSON entity that ends at or before ``char``."""
        at = bisect_right(self.people_ends, char)
        return self.people[at - 1] if at else None


def _union(ranges) -> list[tuple[int, int]]:
    """Sorted, merged [start, end) ranges."""
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        elif end > start:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


class QuoteContext:
    """Text and tokens around one candidate, bounded by its paragraph and its neighbours."""

    def __init__(self, index: DocIndex, position: int, max_tokens: int) -> None:
        self.index, self.doc, self.text, self.paragraphs = index, index.doc, index.text, index.paragraphs
        self.max_tokens = max_tokens
        self.cand = index.candidates[position]
        para_start, _ = self.paragraphs[self.cand.paragraph]
        _, para_end = self.paragraphs[self.paragraph_of(self.cand.mark_end - 1)]
        self.left_bound = max(para_start, index.left_bounds[position])
        following = bisect_left(index.open_ats, self.cand.mark_end, lo=position + 1)
        self.right_bound = min(para_end, index.open_ats[following]) if following < len(index.open_ats) else para_end

    def paragraph_of(self, char: int) -> int:
        return self.index.paragraph_of(char)

    def in_quote(self, char: int) -> bool:
        return self.index.in_quote(char)

    @cached_property
    def left_range(self) -> tuple[int, int]:
        open_at = self.cand.match.open_at
        return last_sentence_start(self.text, self.left_bound, open_at), open_at

    @cached_property
    def closes_sentence(self) -> bool:
        """The quote ends with . ! ? and a capitalised word follows (“...?” Brooke asked)."""
        text = self.text
        quoted = text[self.cand.match.start:self.cand.match.end].rstrip(CLOSING_MARKS + " ")
        return quoted.endswith((".", "!", "?")) and bool(
            CAPITAL_AFTER_SPACE.match(text, self.cand.mark_end, self.right_bound))

    @cached_property
    def right_range(self) -> tuple[int, int]:
        start = self.cand.mark_end
        end = next((end for end, _ in sentence_ends(self.text, start, self.right_bound)), self.right_bound)
        return start, end

    def tokens(self, start: int, end: int) -> list[Token]:
        """Tokens of text[start:end] outside quotation marks."""
        span = self.doc.char_span(start, end, alignment_mode="contract") if end > start else None
        return [t for t in span if not self.in_quote(t.idx)] if span is not None else []

    def left_tokens(self) -> list[Token]:
        return self.tokens(*self.left_range)[-self.max_tokens:]

    def right_tokens(self, closed_cue_tokens: int) -> list[Token]:
        """Tokens after the quote: only the first few when the quote closed its sentence."""
        limit = closed_cue_tokens if self.closes_sentence else self.max_tokens
        return self.tokens(*self.right_range)[:limit]

    def starts_sentence(self) -> bool:
        start, end = self.left_range
        return not self.text[start:end].strip(LEAD_CHARS)

    def starts_paragraph(self) -> bool:
        para_start, _ = self.paragraphs[self.cand.paragraph]
        return not self.text[para_start:self.cand.match.open_at].strip(LEAD_CHARS)

    def previous_sentence_tokens(self) -> list[Token]:
        """The sentence just before the quote, in the same paragraph."""
        end = self.left_range[0]
        if end <= self.left_bound:
            return []
        start = last_sentence_start(self.text, self.left_bound, max(end - 1, self.left_bound))
        return self.tokens(start, end)[-self.max_tokens:]

    def previous_paragraph_tail(self, *, colon: bool = True) -> list[Token] | None:
        """The last sentence of the previous paragraph (only when it ends with a colon, by default)."""
        if not self.starts_paragraph() or self.cand.paragraph == 0:
            return None
        start, end = self.paragraphs[self.cand.paragraph - 1]
        if colon and not self.text[start:end].rstrip().endswith(":"):
            return None
        return self.tokens(last_sentence_start(self.text, start, end), end)[-self.max_tokens:]

    def other_person_between(self, at: int, name: str) -> bool:
        """A person other than ``name`` is mentioned, outside quotes, between ``at`` and this quote."""
        words = set(name.split())
        return any(not self.in_quote(e.start_char) and not set(e.text.split()) & words
                   for e in self.index.people_between(at, self.cand.match.open_at))

    def is_block(self) -> bool:
        """A whole quoted paragraph set off from the text (colon intro, several paragraphs, <blockquote>)."""
        cand = self.cand
        if cand.block:
            return True
        _, para_end = self.paragraphs[self.paragraph_of(cand.mark_end - 1)]
        whole = self.starts_paragraph() and not self.text[cand.mark_end:para_end].strip()
        if not whole:
            return False
        previous = self.paragraphs[cand.paragraph - 1] if cand.paragraph else None
        colon = previous is not None and self.text[previous[0]:previous[1]].rstrip().endswith(":")
        return colon or cand.match.paragraphs > 1
