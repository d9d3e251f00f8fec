"""Documents of any length: the statistical model reads bounded, paragraph-aligned chunks.

spaCy's parser and NER hold memory in proportion to the text they read at once (with
en_core_web_sm here, about 330 MB more per 100,000 characters in one Doc) and refuse a text
longer than ``nlp.max_length``. So a text is cut at paragraph starts into chunks of at most
``max_chars`` characters, and the model stage (the model's components and whatever runs
before them, e.g. the gazetteer) reads them in batches of at most ``max_chars`` characters.
The chunks of one text are joined into one Doc (``_Joining``): the text is unchanged, so every
offset is global. qalam's components after the model's last component are the document stage:
they read the whole Doc (canonical entities, figures, interview, quotes, kind).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence

import numpy
from spacy.attrs import IDS
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.text.quote_marks import CLOSING_MARKS

QALAM_FACTORY_PREFIX = "qalam_"
# A paragraph start is the best cut where the text before it ends a sentence: a heading, or a
# sentence that runs on past a page break, reads best with what follows it.
SENTENCE_END = frozenset(".!?:;" + CLOSING_MARKS)
# Where a paragraph longer than a chunk is cut, best first: a line break, a sentence end, a space.
FALLBACK_CUTS = ("\n", ". ", " ")
WHITESPACE = re.compile(r"\s+")


def chunk_bounds(text: str, cuts: Sequence[int], max_chars: int) -> list[tuple[int, int]]:
    """(start, end) ranges that cover ``text`` in order, each at most ``max_chars`` long, cut
    at the last offset of ``cuts`` (paragraph starts) that fits; a paragraph longer than that
    is cut by ``FALLBACK_CUTS``. A cut only falls between whitespace and a token, so the
    chunks tokenize as the whole text does; a chunk may so run a few spaces over
    ``max_chars`` (or to the end of a token longer than that)."""
    cuts = sorted(cut for cut in cuts if 0 < cut < len(text))
    bounds, start = [], 0
    while len(text) - start > max_chars:
        end = _cut(text, cuts, start, start + max_chars)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _cut(text: str, cuts: list[int], start: int, limit: int) -> int:
    """The last good cut in (start, limit]; past the token at ``limit`` if the text offers none."""
    fitting = cuts[bisect_right(cuts, start):bisect_right(cuts, limit)]
    paragraph_starts = [cut for cut in reversed(fitting) if _outside_whitespace(text, cut)]
    after_sentence = (cut for cut in paragraph_starts if _ends_sentence(text, start, cut))
    best = next(after_sentence, None) or next(iter(paragraph_starts), None)
    if best is not None:
        return best
    for mark in FALLBACK_CUTS:
        found = text.rfind(mark, start, limit)
        if found < 0:
            continue
        cut = found + len(mark)
        while cut < len(text) and text[cut].isspace():  # a run of spaces goes with the text before it
            cut += 1
        return cut
    # No whitespace in the window: the chunk runs on to the end of its last token.
    space = WHITESPACE.search(text, limit)
    return space.end() if space else len(text)


def _ends_sentence(text: str, start: int, cut: int) -> bool:
    """Whether text[start:cut] ends, but for whitespace, with a sentence end."""
    i = cut - 1
    while i > start and text[i].isspace():
        i -= 1
    return text[i] in SENTENCE_END


def _outside_whitespace(text: str, cut: int) -> bool:
    return not (text[cut - 1].isspace() and text[cut].isspace())


def model_stage_end(nlp: Language) -> int:
    """The index of the document stage's first component: qalam's components after the
    model's last one (any pipeline: English, Russian, or qalam's components alone)."""
    factories = [nlp.get_pipe_meta(name).factory for name in nlp.pipe_names]
    return 1 + max((i for i, f in enumerate(factories) if not f.startswith(QALAM_FACTORY_PREFIX)), default=-1)


def model_stage(nlp: Language, texts: Iterable[tuple[str, Sequence[int]]], *, max_chars: int,
                batch_size: int) -> Iterator[Doc]:
    """Each (text, paragraph starts) as one Doc annotated by the model stage, in order; the
    model never reads more than ``max_chars`` characters (or ``batch_size`` chunks) at once."""
    pipes = nlp.pipeline[:model_stage_end(nlp)]
    pending: deque[tuple[str, int]] = deque()  # per text not yet whole: the text and its number of chunks

    def chunk_texts() -> Iterator[str]:
        for text, cuts in texts:
            bounds = chunk_bounds(text, cuts, max_chars)
            pending.append((text, len(bounds)))
            yield from (text[start:end] for start, end in bounds)

    joining: _Joining | None = None
    for batch in _batches(chunk_texts(), max_chars=max_chars, max_docs=batch_size):
        for doc in _run(pipes, [nlp.make_doc(text) for text in batch]):
            text, count = pending[0]
            if count == 1:
                pending.popleft()
                yield doc
                continue
            joining = joining or _Joining(nlp, text)
            joining.add(doc)
            if joining.chunks == count:
                pending.popleft()
                doc, joining = joining.doc(), None  # its arrays are freed before the Doc goes on
                yield doc


def document_stage(nlp: Language, doc: Doc) -> Doc:
    """Run qalam's document-level components over the whole Doc."""
    for _, proc in nlp.pipeline[model_stage_end(nlp):]:
        doc = proc(doc)
    return doc


def _batches(texts: Iterable[str], *, max_chars: int, max_docs: int) -> Iterator[list[str]]:
    """Consecutive texts grouped by at most ``max_docs`` and (but for a longer single text) ``max_chars``."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) == max_docs or size + len(text) > max_chars):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


def _run(pipes: list[tuple[str, object]], docs: list[Doc]) -> list[Doc]:
    """One batch through ``pipes`` as ``nlp.pipe`` runs it (so tok2vec listeners see the batch)."""
    for _, proc in pipes:
        docs = list(proc.pipe(docs, batch_size=len(docs))) if hasattr(proc, "pipe") else [proc(d) for d in docs]
    return docs


# The annotations a chunk carries over to the whole Doc (ORTH and SPACY check that the tokens agree).
JOINED_ATTRS = ("ORTH", "SPACY", "NORM", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "ENT_IOB",
                "ENT_TYPE", "ENT_KB_ID", "ENT_ID")
CHECKED_ATTRS = 2


class _Joining:
    """One text's Doc, filled in chunk by chunk: the whole text is tokenized at once (the
    tokenizer has no length limit, only the model has) and each annotated chunk's token
    attributes and span groups are copied in as it arrives, so the chunks' Docs are not
    kept. Doc.from_docs would hold every chunk and several copies of their arrays."""

    def __init__(self, nlp: Language, text: str) -> None:
        self.whole = nlp.tokenizer(text)
        self.attrs = [IDS[name] for name in JOINED_ATTRS]
        # One row per attribute: Doc.from_array reads this layout without copying it.
        self.values = numpy.empty((len(self.attrs), len(self.whole)), dtype=numpy.uint64)
        self.expected = self.whole.to_array(self.attrs[:CHECKED_ATTRS]).T
        self.spans: dict[str, list[tuple]] = defaultdict(list)
        self.chunks = self.tokens = self.chars = 0

    def add(self, chunk: Doc) -> None:
        end = self.tokens + len(chunk)
        values = chunk.to_array(self.attrs).T
        if end > len(self.whole) or (values[:CHECKED_ATTRS] != self.expected[:, self.tokens:end]).any():
            raise ValueError("a chunk's tokens differ from the whole text's: the text was cut inside a token")
        self.values[:, self.tokens:end] = values
        for key, group in chunk.spans.items():
            self.spans[key].extend((span.start_char + self.chars, span.end_char + self.chars, span.label, span.kb_id,
                                    span.id) for span in group)
        self.chunks, self.tokens, self.chars = self.chunks + 1, end, self.chars + len(chunk.text)

    def doc(self) -> Doc:
        doc = self.whole
        if self.tokens != len(doc):
            raise ValueError("the chunks' tokens do not cover the whole text")
        doc.from_array(self.attrs[CHECKED_ATTRS:], self.values[CHECKED_ATTRS:].T)
        for key, spans in self.spans.items():
            doc.spans[key] = [doc.char_span(start, end, label=label, kb_id=kb_id, span_id=span_id)
                              for start, end, label, kb_id, span_id in spans]
        return doc
