"""The per-document index of the quote rules: quoted ranges and each candidate's bounds."""

from pipeline.nlp.components.quotes.context import Candidate, DocIndex, QuoteContext, _union
from pipeline.text.quote_marks import QuoteMatch


def candidate(open_at: int, close_at: int, paragraph: int = 0) -> Candidate:
    return Candidate(QuoteMatch(open_at + 1, close_at, open_at, close_at, 0, 1), close_at + 1, paragraph, False)


def test_union_of_quoted_ranges():
    assert _union([(5, 9), (0, 3), (3, 4), (8, 12), (20, 20)]) == [(0, 4), (5, 12)]


def test_bounds_come_from_the_neighbouring_quotes_in_the_paragraph(nlp):
    text = "He said “one two” and “three four” then “five six” at last."
    doc = nlp.make_doc(text)
    marks = [i for i, c in enumerate(text) if c in "“”"]
    cands = [candidate(marks[k], marks[k + 1]) for k in range(0, len(marks), 2)]
    index = DocIndex(doc, text, [(0, len(text))], cands)
    middle = QuoteContext(index, 1, max_tokens=30)
    assert (middle.left_bound, middle.right_bound) == (cands[0].mark_end, cands[2].match.open_at)
    first, last = QuoteContext(index, 0, 30), QuoteContext(index, 2, 30)
    assert first.left_bound == 0 and last.right_bound == len(text)
    assert index.in_quote(marks[0]) and index.in_quote(marks[1]) and not index.in_quote(marks[1] + 1)
