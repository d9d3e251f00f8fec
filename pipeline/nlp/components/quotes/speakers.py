"""Who says a quote: speech verbs and their subjects, "according to X", dashes, "by X",
citations, "In X's words", and pronouns resolved to an earlier speaker.

Every finder takes the candidate's ``QuoteContext`` and returns a ``Speaker`` or None;
``history`` holds the speakers found so far in the document.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.nlp.components.quotes.context import SPEAKER_LABELS, QuoteContext
from pipeline.nlp.components.quotes.cues import QuoteCues
from pipeline.text.citations import PARENTHETICAL_SOURCE
from pipeline.text.quote_marks import APOSTROPHES

CITATION_LEAD = re.compile(r"\W{0,3}(?=\()")  # only punctuation between the quote and its citation
# Used with .match(text, pos): anchored at pos, so no "^".
DASH_LEAD = re.compile(r"\s*[,.]?\s*(?:—|–|--|-)\s*(?=\S)")
BY_LEAD = re.compile(r"\s*,?\s*by\s+(?=[A-Z])")
POSSESSIVE = {*APOSTROPHES, *(f"{a}s" for a in APOSTROPHES)}
NAMED_BY = {"by", "of", "from", "for", "at"}  # "a statement from the Fund", "head of the Union"
IN_WORDS = re.compile(rf"\b[Ii]n\s+(?P<name>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){{0,3}})[{APOSTROPHES}]s?\s+(?:own\s+)?words\b")
SEVERAL_AUTHORS = re.compile(r"\b(?:and|et al|&)\b")


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker and where the evidence for it was found."""

    name: str
    label: str
    start: int | None
    end: int | None
    cue: str | None
    confidence: float
    at: int  # char offset of the quote it was attributed to


class History:
    """The speakers found so far, in document order: each is found for the quote being read,
    so their ``at`` never decreases."""

    def __init__(self) -> None:
        self.speakers: list[Speaker] = []
        self.ats: list[int] = []

    def add(self, speaker: Speaker) -> None:
        self.speakers.append(speaker)
        self.ats.append(speaker.at)

    def last_in_paragraph(self, before: int, paragraph: int, paragraph_of: Callable[[int], int]) -> Speaker | None:
        """The last speaker of an earlier quote (``at < before``) in ``paragraph``."""
        for i in range(bisect_left(self.ats, before) - 1, -1, -1):
            found = paragraph_of(self.ats[i])
            if found <= paragraph:
                return self.speakers[i] if found == paragraph else None
        return None

    def latest_with_label(self, labels: tuple[str, ...]) -> Speaker | None:
        return next((s for s in reversed(self.speakers) if s.label in labels), None)


def carried(speaker: Speaker, at: int, confidence: float, *, keep_cue: bool = False) -> Speaker:
    """An earlier speaker for a later quote; the cue is kept only when it was found for this one."""
    return Speaker(speaker.name, speaker.label, speaker.start, speaker.end,
                   speaker.cue if keep_cue else None, min(confidence, speaker.confidence), at)


def _mention(ctx: QuoteContext, token: Token) -> Span | None:
    """The name a token belongs to: its entity, or its proper-noun run, or its noun chunk."""
    doc = ctx.doc
    ent = ctx.index.speaker_ent_at(token.i)
    if ent is not None:
        start, end = ent.start, ent.end
        while end > start + 1 and doc[end - 1].text in POSSESSIVE:
            end -= 1
        while end > start + 1 and doc[start].lower_ == "the":
            start += 1
        return doc[start:end]
    for child in token.children:  # "the director of X, Anna Berg, said": take the apposition
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return _mention(ctx, child)
    if token.ent_type_ and token.ent_type_ not in SPEAKER_LABELS:
        return None  # a date, a number: not a source
    if token.pos_ == "PROPN":
        start, end = token.i, token.i + 1
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title:
            start -= 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title:
            end += 1
        return doc[start:end]
    if token.pos_ == "NOUN":  # "the director", "a report by the Fund": the phrase as written
        start, end = token.left_edge.i, token.i + 1
        for prep in token.children:
            named = [c for c in prep.children if c.dep_ == "pobj" and (c.pos_ == "PROPN" or c.ent_type_)]
            if prep.dep_ == "prep" and prep.lower_ in NAMED_BY and named:
                end = named[0].right_edge.i + 1
        while start < end - 1 and doc[start].pos_ in {"DET", "PRON", "NUM"}:
            start += 1
        return doc[start:end]
    return None


def _label(ctx: QuoteContext, span: Span) -> str:
    labels = {ent.label_ for ent in ctx.index.ents_within(span)}
    if "PERSON" in labels or (not labels and span[0].pos_ == "PROPN"):
        return "PERSON"
    return "ORG" if labels else "OTHER"


def _named(ctx: QuoteContext, span: Span, label: str, cue: str, confidence: float) -> Speaker:
    """A speaker at a mention, with the fuller name the document's entities give it."""
    name = ctx.index.entities.canonical(span.text, span.start_char, span.end_char)
    return Speaker(name, label, span.start_char, span.end_char, cue, confidence, ctx.cand.match.open_at)


def speaker_for(ctx: QuoteContext, token: Token, cue: str, confidence: float,
                history: History, cues: QuoteCues) -> Speaker | None:
    """Turn the token naming the source into a Speaker, resolving pronouns."""
    if token.lower_ in cues.pronouns:
        return _resolve_pronoun(ctx, token, confidence, history, cues)
    span = _mention(ctx, token)
    if span is None or ctx.in_quote(span.start_char):
        return None
    named = span[0].pos_ == "PROPN" or bool(ctx.index.ents_within(span))
    return _named(ctx, span, _label(ctx, span), cue, confidence if named else confidence - 0.2)


def _resolve_pronoun(ctx: QuoteContext, token: Token, confidence: float,
                     history: History, cues: QuoteCues) -> Speaker | None:
    """The latest earlier speaker with a compatible label, else the latest person named."""
    labels = cues.pronouns[token.lower_]
    at = ctx.cand.match.open_at
    earlier = history.latest_with_label(labels)  # every speaker so far is at or before this quote
    subject = _recent_subject(ctx, token, cues)
    if subject is not None and (earlier is None or subject.start > earlier.at):
        return Speaker(subject.name, subject.label, subject.start, subject.end, token.text,
                       confidence - 0.15, at)
    if earlier is not None:
        speaker = earlier
        return Speaker(speaker.name, speaker.label, speaker.start, speaker.end, token.text,
                       confidence - 0.1, at)
    if "PERSON" in labels:
        person = ctx.index.last_person_before(token.idx)
        if person is not None:
            return _named(ctx, person, "PERSON", token.text, confidence - 0.25)
    return None


def _recent_subject(ctx: QuoteContext, pronoun: Token, cues: QuoteCues) -> Speaker | None:
    """The latest non-pronoun subject of a speech verb earlier in the paragraph ("The minister said")."""
    para_start, _ = ctx.paragraphs[ctx.cand.paragraph]
    span = ctx.doc.char_span(para_start, pronoun.idx, alignment_mode="contract")
    for verb in reversed([t for t in span or [] if is_cue_verb(t, cues) and not ctx.in_quote(t.idx)]):
        subject = verb_subject(verb)
        if subject is None or subject.lower_ in cues.pronouns or ctx.in_quote(subject.idx):
            continue
        mention = _mention(ctx, subject)
        if mention is not None:
            return _named(ctx, mention, _label(ctx, mention), verb.text, 0.7)
    return None


def _name_after(ctx: QuoteContext, index: int, limit: int = 6) -> Token | None:
    """The first name-like token after ``index`` (for "according to X", "— X", "said X")."""
    doc = ctx.doc
    for token in doc[index:min(index + limit, len(doc))]:
        if ctx.in_quote(token.idx) or token.text in {"(", ")", ".", "\n"}:
            return None
        if token.pos_ in {"PROPN", "PRON"} or token.ent_type_ in SPEAKER_LABELS:
            return token
        if token.pos_ == "NOUN":
            return token
    return None


def phrase_speaker(ctx: QuoteContext, tokens: list[Token], cues: QuoteCues, history: History,
                   *, nearest_last: bool) -> Speaker | None:
    """``according to X``, ``in the words of X``."""
    if not tokens:
        return None
    lowered = [t.lower_ for t in tokens]
    hits = []
    for words in cues.phrases:
        for i in range(len(tokens) - len(words) + 1):
            if tuple(lowered[i:i + len(words)]) == words:
                hits.append((i, len(words), " ".join(words)))
    for i, size, phrase in sorted(hits, reverse=nearest_last):
        token = _name_after(ctx, tokens[i + size - 1].i + 1)
        if token is not None:
            speaker = speaker_for(ctx, token, phrase, 0.9, history, cues)
            if speaker is not None:
                return speaker
    return None


def is_cue_verb(token: Token, cues: QuoteCues) -> bool:
    if token.pos_ != "VERB" or token.lemma_.lower() not in cues.verbs:
        return False
    lemma = token.lemma_.lower()
    if lemma == "put":  # only "as X put it"
        return any(c.lower_ == "as" for c in token.children)
    if lemma == "point":  # "pointed out", "pointed to"
        return any(c.lower_ in {"out", "to"} for c in token.children)
    return True


def verb_subject(token: Token) -> Token | None:
    children = list(token.children)
    agents = [g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agents:
        return agents[0]
    subjects = [c for c in children if c.dep_ == "nsubj"]
    if subjects:
        subject = subjects[0]
        if subject.lower_ in {"who", "which", "that"} and token.dep_ == "relcl":
            return token.head
        return subject
    if token.dep_ in {"conj", "xcomp", "advcl"} and token.head.pos_ == "VERB":
        return verb_subject(token.head)  # "X urged ..., saying “...”": X says it
    return None


def verb_speaker(ctx: QuoteContext, tokens: list[Token], cues: QuoteCues, history: History,
                 *, nearest_last: bool) -> Speaker | None:
    """A speech verb and its subject (or the name right after it: “...,” said X)."""
    verbs = [t for t in tokens if is_cue_verb(t, cues)]
    for verb in (reversed(verbs) if nearest_last else verbs):
        subject = verb_subject(verb)
        if subject is None or ctx.in_quote(subject.idx):
            subject = _name_after(ctx, verb.i + 1, limit=4)
        if subject is not None:
            speaker = speaker_for(ctx, subject, verb.text, 0.9 if verb in tokens[:4] or verb in tokens[-4:] else 0.8,
                                  history, cues)
            if speaker is not None:
                return speaker
    return None


def in_words_speaker(ctx: QuoteContext) -> Speaker | None:
    """``In Jane Doe's words, “...”``."""
    start, end = ctx.left_range
    found = list(IN_WORDS.finditer(ctx.text, start, end))
    if not found:
        return None
    m = found[-1]
    return Speaker(m.group("name"), "PERSON", m.start("name"), m.end("name"), m.group(0), 0.9,
                   ctx.cand.match.open_at)


def lead_speaker(ctx: QuoteContext, lead: re.Pattern, cue: str, history: History,
                 cues: QuoteCues) -> Speaker | None:
    """A name right after the quote behind a dash (“...” — X) or "by" (“...” by X)."""
    start, end = ctx.right_range
    m = lead.match(ctx.text, start, end) if end > start else None
    if m is None:
        return None
    span = ctx.doc.char_span(m.end(), end, alignment_mode="contract")
    token = _name_after(ctx, span.start, limit=2) if span is not None and len(span) else None
    if token is None or token.pos_ == "NOUN":
        return None
    return speaker_for(ctx, token, cue, 0.85, history, cues)


def citation_speaker(ctx: QuoteContext, start: int, end: int, confidence: float,
                     *, anywhere: bool) -> Speaker | None:
    """``“...” (Author and Other, 2016)``: the authors of the citation in text[start:end] are the
    source; right after the quote, or ``anywhere`` in that stretch."""
    if not anywhere:
        lead = CITATION_LEAD.match(ctx.text, start, end)
        if lead is None:
            return None
        start = lead.end()
    m = (PARENTHETICAL_SOURCE.search if anywhere else PARENTHETICAL_SOURCE.match)(ctx.text, start, end)
    if m is None:
        return None
    authors = m.group("authors").strip(" ,;")
    start = m.start("authors")
    label = "ORG" if " " in authors and not SEVERAL_AUTHORS.search(authors) else "PERSON"
    return Speaker(authors, label, start, start + len(authors), "citation", confidence,
                   ctx.cand.match.open_at)
