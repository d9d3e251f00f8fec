"""What each paragraph's layout says about its role in a dialogue.

A paragraph may open with a speaker label (``Q:``, ``SMITH:``, ``Mr. JONES.``, ``Dana Kim,
Harbor Radio:``, or a label alone on its line), a dialogue dash or a bullet; it may be set in
bold or italics or be a heading; it may ask (a question mark, "you", an imperative). These
are layout cues of any language: only the Q/A marker words, honorifics and pronouns come from
the per-language lists.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from itertools import accumulate

from spacy.attrs import IS_ALPHA, MORPH, POS
from spacy.parts_of_speech import AUX, VERB
from spacy.tokens import Doc, MorphAnalysis, Span

from pipeline.ingest import Paragraph
from pipeline.nlp.components.interview.cues import InterviewCues
from pipeline.nlp.doc_memo import doc_text
from pipeline.nlp.extensions import paragraph_layouts
from pipeline.text.bylines import NAME_PARTICLES
from pipeline.text.quote_marks import APOSTROPHES, CLOSING_MARKS, DOUBLE_MARKS, OPENING_MARKS

QUESTION_MARKS = "?？؟"
DASHES = "-–—‒―"
BULLETS = "•●▪◦·*►‣"
_CLOSERS = re.escape(CLOSING_MARKS)
ENDS_WITH_QUESTION = re.compile(rf"[{QUESTION_MARKS}][\s{_CLOSERS}*_)\]]*$")
CUT_OFF = re.compile(rf"[{DASHES}][\s{_CLOSERS}]*$")  # an interrupted speech: "So if you-"
_DOUBLE = re.escape(DOUBLE_MARKS)
QUOTED = re.compile(rf"[{_DOUBLE}][^{_DOUBLE}]*[{_DOUBLE}]")
PULL_QUOTE = re.compile(rf"[{_DOUBLE}][^{_DOUBLE}]{{20,}}[{_DOUBLE}]")
WORD = re.compile(r"[^\W\d_][\w-]*")  # "you've" reads as "you", "ve"
# A word of a speaker label: a name, an initial, an outlet's abbreviation ("RFE/RL", "D+C").
LABEL_WORD = re.compile(rf"[^\W\d_](?:[\w{APOSTROPHES}/+&.-]*\w)?\.?")
# Q/A markers: a marker word (any case, an optional number) then ":", "." or ")"; a bare
# capital Q then space and a word ("Q    Thank you", as press-call transcripts write it).
MARKER = re.compile(r"(?P<word>[^\W\d_]{1,12})\d{0,2}\s*[:.)]\s*")
BARE_MARKER = re.compile(rf"(?P<word>Q)\s+(?=[^\W\d_]|[{re.escape(OPENING_MARKS)}(])")
# A label: up to LABEL_WORDS capitalised words (abbreviated titles keep their full stop), an
# optional affiliation after a comma, then a colon; or capitals then a full stop (Mr. JONES.).
LABEL_WORDS = 5
AFFILIATION_WORDS = 6
MAX_LABEL_CHARS = 70
LABEL_COLON = re.compile(r"\s*[:：]\s*")
CAPITALS_LABEL = re.compile(rf"(?P<label>(?:[^\W\d_][\w]{{0,5}}\.\s+)?[^\W\d_][^\W\d_{APOSTROPHES}-]*"
                            rf"(?:[\s{APOSTROPHES}-][^\W\d_]+){{0,3}})\.\s+")
_OPENERS = re.escape(OPENING_MARKS + "(")
DIALOGUE_DASH = re.compile(rf"[{DASHES}]\s*(?=[^\W\d_]|[{_OPENERS}])")
MAX_QUESTION_CHARS = 600
IMPERATIVE_MAX_WORDS = 12
CAPTION_CHARS = 90
TERMINAL = re.compile(rf"[.!?:;{_CLOSERS})…][\s\u00a0]*$")


@dataclass(frozen=True)
class Label:
    """Who a paragraph says is speaking."""

    text: str         # as written, without the colon: "Mr. DUARTE", "Dana Kim, Harbor Radio", "Q"
    key: str          # what identifies the speaker across paragraphs (case-folded)
    name: str         # the name without honorifics or affiliation ("DUARTE", "Dana Kim")
    role: str | None  # "question" or "answer" for a Q/A marker
    alone: bool       # the label is the whole paragraph ("Jo Marsh:"), its words follow


@dataclass(frozen=True)
class Para:
    """One paragraph and the layout cues of its role."""

    index: int
    start: int
    end: int
    body: int                # where its words start: after a label, marker, dash or bullet
    kind: str                # text | heading | item | quote, as ingest found it
    emphasis: str | None     # bold | italic | heading: its words (or the question they open with) are set so
    emphasis_end: int        # where that emphasised stretch ends (``end`` for the whole paragraph)
    label: Label | None
    dash: bool
    bullet: bool
    words: tuple[str, ...]   # lower-case words outside quotation marks and thanks formulas
    capitalised: frozenset[str]  # those of its words that are capitalised, as written
    question: bool           # a question mark outside quotation marks
    ends_with_question: bool
    cut_off: bool            # ends with a dash: the speaker was interrupted
    imperative: bool         # a short request: "Please give examples.", "Tell us about it."
    second_person_verb: bool  # a verb in the second person (where the parse gives person: "скажете?")
    caption: bool            # a short line without final punctuation
    pull_quote: bool         # the whole paragraph is in quotation marks

    def asks(self, cues: InterviewCues) -> bool:
        """A question, or words addressed to someone."""
        return self.question or self.addresses(cues)

    def addresses(self, cues: InterviewCues) -> bool:
        """Words addressed to "you": the pronoun, a verb in the second person, a request."""
        return self.imperative or self.second_person_verb or not cues.second_person.isdisjoint(self.words)


@dataclass(frozen=True)
class _Tokens:
    """What the paragraph cues count of the Doc's tokens, read once per document."""

    second_person_verbs: list[int]  # indices of the verbs in the second person, in order
    alpha_before: list[int]         # the alphabetic tokens before each token (and before the end)

    @classmethod
    def of(cls, doc: Doc) -> "_Tokens":
        pos, morphs, alpha = doc.to_array([POS, MORPH, IS_ALPHA]).T.tolist()
        verb_morphs = {morph for p, morph in zip(pos, morphs) if p in (VERB, AUX)}
        second = {morph for morph in verb_morphs if "2" in MorphAnalysis.from_id(doc.vocab, morph).get("Person")}
        verbs = [i for i, (p, morph) in enumerate(zip(pos, morphs)) if p in (VERB, AUX) and morph in second]
        return cls(verbs, list(accumulate(alpha, initial=0)))

    def words(self, span: Span) -> int:
        return self.alpha_before[span.end] - self.alpha_before[span.start]

    def second_person_verb(self, span: Span) -> bool:
        return bisect_left(self.second_person_verbs, span.start) < bisect_left(self.second_person_verbs, span.end)


def read_paragraphs(doc: Doc, cues: InterviewCues) -> list[Para]:
    """Every non-empty paragraph with its layout cues."""
    text = doc_text(doc)
    layouts = [p for p in paragraph_layouts(doc) if text[p.start:p.end].strip()]
    found = [read_label(text, p.start, p.end, cues) for p in layouts]
    labels = accepted_labels([label for label, _ in found])
    tokens = _Tokens.of(doc)
    return [_para(doc, text, index, layout, label, after if label else None, cues, tokens)
            for index, (layout, label, (_, after)) in enumerate(zip(layouts, labels, found))]


def read_label(text: str, start: int, end: int, cues: InterviewCues) -> tuple[Label | None, int]:
    """The speaker label a paragraph opens with and where the words after it start."""
    i = _skip_space(text, start, end)
    marker = MARKER.match(text, i, end) or BARE_MARKER.match(text, i, end)
    word = marker.group("word").lower() if marker else ""
    single_letter_lower = len(word) == 1 and marker and marker.group("word").islower()
    if marker and not single_letter_lower and (word in cues.question_markers or word in cues.answer_markers):
        role = "question" if word in cues.question_markers else "answer"
        written = marker.group("word")
        label = Label(written, f"#{role}", written, role, alone=_skip_space(text, marker.end(), end) == end)
        return label, _after_label(text, marker.end(), end)
    colon = LABEL_COLON.search(text, i, min(end, i + MAX_LABEL_CHARS))
    if colon and colon.start() > i:
        name, _, affiliation = text[i:colon.start()].partition(",")
        if _name_like(name) and len(affiliation.split()) <= AFFILIATION_WORDS:
            label = _label(text[i:colon.start()].strip(), name, cues, alone=_skip_space(text, colon.end(), end) == end)
            return label, _after_label(text, colon.end(), end)
    capitals = CAPITALS_LABEL.match(text, i, end)
    if capitals and _capitals(capitals.group("label"), cues):
        return _label(capitals.group("label"), capitals.group("label"), cues, alone=False), capitals.end()
    return None, i


def accepted_labels(labels: list[Label | None]) -> list[Label | None]:
    """Q/A markers always count; a name label counts when it opens two paragraphs or more, or
    once inside the dialogue of labels that repeat (a guest who speaks once). A short form of
    a longer label ("FLORES" after "Ana Flores") is the same speaker."""
    labels = _same_speakers(labels)
    counts = Counter(label.key for label in labels if label and label.role is None)
    repeated = [i for i, label in enumerate(labels) if label and (label.role or counts[label.key] >= 2)]
    first, last = (repeated[0], repeated[-1]) if repeated else (0, -1)
    return [label if label and (label.role or counts[label.key] >= 2 or first < i < last) else None
            for i, label in enumerate(labels)]


def _same_speakers(labels: list[Label | None]) -> list[Label | None]:
    """Labels keyed by the longest label whose name holds all their words."""
    names = {label.key: set(label.name.casefold().split()) for label in labels if label and label.role is None}
    longest = {key: max((k for k, words in names.items() if names[key] <= words), key=lambda k: len(names[k]))
               for key in names}
    return [replace(label, key=longest[label.key]) if label and label.role is None else label for label in labels]


def _label(written: str, name: str, cues: InterviewCues, *, alone: bool) -> Label:
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in cues.honorifics:
        words = words[1:]
    return Label(written, " ".join(written.casefold().split()), " ".join(words), None, alone)


def _name_like(name: str) -> bool:
    """1 to LABEL_WORDS words, each capitalised (or a name particle: "Ana de Souza")."""
    words = name.split()
    return 1 <= len(words) <= LABEL_WORDS and words[0][0].isupper() and all(
        LABEL_WORD.fullmatch(w) and (w[0].isupper() or w in NAME_PARTICLES) for w in words)


def _capitals(label: str, cues: InterviewCues) -> bool:
    """"Mr. JONES" or "JONES": the name in capitals (two letters or more)."""
    words = label.split()
    if words[0].lower().rstrip(".") in cues.honorifics and len(words) > 1:
        words = words[1:]
    return all(len(w) >= 2 and w.isupper() for w in words)


def _after_label(text: str, at: int, end: int) -> int:
    """Where a label's words start: after space and a dialogue dash (\"Name: - words\")."""
    at = _skip_space(text, at, end)
    dash = DIALOGUE_DASH.match(text, at, end)
    return dash.end() if dash else at


def _skip_space(text: str, at: int, end: int) -> int:
    while at < end and text[at].isspace():
        at += 1
    return at


def _para(doc: Doc, text: str, index: int, layout: Paragraph, label: Label | None, after: int | None,
          cues: InterviewCues, tokens: _Tokens) -> Para:
    start, end = layout.start, layout.end
    i = _skip_space(text, start, end)
    dash = not label and bool(DIALOGUE_DASH.match(text, i, end))
    bullet = not label and not dash and text[i] in BULLETS
    body = after if label else DIALOGUE_DASH.match(text, i, end).end() if dash else \
        _skip_space(text, i + 1, end) if bullet else i
    while end > body and text[end - 1].isspace():
        end -= 1
    content = text[body:end]
    outside = QUOTED.sub(" ", content)
    if cues.courtesies:
        outside = cues.courtesies.sub(" ", outside)
    emphasis, emphasis_end = _emphasis(text, layout, body, end)
    plain = not label and not dash and not bullet
    words = doc.char_span(body, end, alignment_mode="contract")
    written = WORD.findall(outside)
    return Para(
        index=index, start=start, end=end, body=body, kind=layout.kind,
        emphasis=emphasis, emphasis_end=emphasis_end, label=label, dash=dash, bullet=bullet,
        words=tuple(w.lower() for w in written),
        capitalised=frozenset(w for w in written if w[0].isupper()),
        question=any(mark in outside for mark in QUESTION_MARKS),
        ends_with_question=len(content) <= MAX_QUESTION_CHARS and bool(ENDS_WITH_QUESTION.search(content)),
        cut_off=bool(CUT_OFF.search(content)),
        imperative=words is not None and _imperative(doc, words, tokens),
        second_person_verb=words is not None and tokens.second_person_verb(words),
        caption=plain and len(content) <= CAPTION_CHARS and not TERMINAL.search(content),
        pull_quote=plain and bool(PULL_QUOTE.fullmatch(content)),
    )


def _emphasis(text: str, layout: Paragraph, body: int, end: int) -> tuple[str | None, int]:
    """A heading, or bold/italic over the whole paragraph or over a question it opens with
    (emphasis that covers only a label does not count)."""
    if layout.kind == "heading":
        return "heading", end
    if not layout.emphasis or not layout.emphasis_end or layout.emphasis_end <= body:
        return None, end
    if layout.emphasis_end >= end or not text[layout.emphasis_end:end].strip():
        return layout.emphasis, end
    lead = text[body:layout.emphasis_end]
    return (layout.emphasis, layout.emphasis_end) if ENDS_WITH_QUESTION.search(lead) else (None, end)


def _imperative(doc: Doc, span: Span, tokens: _Tokens) -> bool:
    """A short paragraph (``span``, its words) whose first sentence is a request: its main verb
    in the imperative (no subject), first or after "please" ("Please give examples.", "Tell us
    more."); "let" proposals ("Let me explain") are not requests. Needs the parse."""
    if not len(span) or tokens.words(span) > IMPERATIVE_MAX_WORDS:
        return False
    if not doc.has_annotation("DEP"):
        return False
    root = span[0].sent.root
    if root.pos_ != "VERB" or root.lemma_ == "let" or not span.start <= root.i < span.end:
        return False
    if root.tag_ != "VB" and "Imp" not in root.morph.get("Mood"):
        return False
    if any(child.dep_ in {"nsubj", "nsubjpass", "expl"} for child in root.children):
        return False
    before = doc[span.start:root.i]
    return all(t.pos_ in {"INTJ", "ADV", "PUNCT"} for t in before)
