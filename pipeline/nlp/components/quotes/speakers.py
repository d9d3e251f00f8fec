"""Who says a quote: speech verbs and their subjects, "according to X", dashes, "by X",
citations, "In X's words", colon introductions, signature lines, and pronouns resolved to a
named speaker.

Every finder takes the candidate's ``QuoteContext`` and the document's ``Attribution`` (cues,
speakers so far, genders) and returns a ``Speaker`` or None. What may be a speaker at all, and
the name a role or a source resolves to, is decided in ``mentions``; pronouns in ``pronouns``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.nlp.components.quotes.context import DocIndex, QuoteContext
from pipeline.nlp.components.quotes.cues import QuoteCues
from pipeline.nlp.components.quotes.mentions import SOURCE, SUBJECTS, Mention, capitalised_name, speaker_mention
from pipeline.nlp.components.quotes.pronouns import Genders, antecedent, resolved_mention
from pipeline.nlp.extensions import span_payload
from pipeline.records import Quote
from pipeline.text.citations import PARENTHETICAL_SOURCE
from pipeline.text.quote_marks import APOSTROPHES, trim_space

CITATION_LEAD = re.compile(r"\W{0,3}(?=\()")  # only punctuation between the quote and its citation
# Used with .match(text, pos): anchored at pos, so no "^".
DASH_LEAD = re.compile(r"\s*[,.]?\s*(?:—|–|--|-)\s*(?=\S)")
BY_LEAD = re.compile(r"\s*,?\s*by\s+(?=[A-Z])")
IN_WORDS = re.compile(rf"\b[Ii]n\s+(?P<name>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){{0,3}})[{APOSTROPHES}]s?\s+(?:own\s+)?words\b")
SEVERAL_AUTHORS = re.compile(r"\b(?:and|et al|&)\b")
# An embedded post signs off inside the quote: "... — Jane Roe (@janeroe) May 4, 2021".
POST_SIGNATURE = re.compile(r"\s[—–-]\s*(?P<name>[^—–()\n]{1,60}?)\s*\(@\w+\)\s*[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}\W*$")
# A short line of its own right after a quoted paragraph names its source: "— Jane Roe, nurse", "[Daily Star]".
# (A line in parentheses is a credit or a caption: "(Reporting by ...)".)
ATTRIBUTION_LINE = re.compile(r"\s*(?:[—–-]+\s*(?P<dash>\S.*)|\[(?P<bracket>[^\]]+)\])\s*$")
ATTRIBUTION_WORDS = 12
OBJECTS = {"dobj", "obj"}  # spaCy's English label and Universal Dependencies
# “...,” said X: the verb comes within this many tokens after the closing mark.
INVERSION_REACH = 3


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


@dataclass
class Attribution:
    """What attributing one document's quotes reads and keeps: its index and cues, the
    speakers found so far, and the genders the text shows."""

    index: DocIndex
    cues: QuoteCues
    history: History
    genders: Genders

    @classmethod
    def of(cls, index: DocIndex, cues: QuoteCues) -> "Attribution":
        return cls(index, cues, History(), Genders(index, cues))


def carried(speaker: Speaker, at: int, confidence: float, *, keep_cue: bool = False) -> Speaker:
    """An earlier speaker for a later quote; the cue is kept only when it was found for this one."""
    return Speaker(speaker.name, speaker.label, speaker.start, speaker.end,
                   speaker.cue if keep_cue else None, min(confidence, speaker.confidence), at)


def from_mention(index: DocIndex, mention: Mention, at: int, cue: str | None, confidence: float) -> Speaker:
    """A speaker at a mention, with the fuller name the document's entities give it."""
    span = mention.span
    name = index.entities.canonical(span.text, span.start_char, span.end_char)
    return Speaker(name, mention.label, span.start_char, span.end_char, cue,
                   confidence if mention.named else confidence - 0.2, at)


def quote_payload(index: DocIndex, span: Span, speaker: Speaker | None, kind: str, confidence: float) -> dict:
    """A quote's record item, without its place in the text."""
    return span_payload(Quote(
        text=span.text, start=span.start_char, end=span.end_char,
        speaker=speaker.name if speaker else None,
        speaker_entity=index.entities.entity_id(speaker.name, speaker.start, speaker.end) if speaker else None,
        cue=speaker.cue if speaker else None,
        type=kind,
        confidence=round(max(min(confidence, 1.0), 0.0), 2),
    ))


def speaker_for(state: Attribution, token: Token, cue: str | None, confidence: float, at: int) -> Speaker | None:
    """The speaker the token names: a pronoun resolved, a role or source resolved to a name, or
    None when the token names nothing that can speak."""
    index, cues = state.index, state.cues
    if token.lower_ in cues.pronouns:
        mention = antecedent(index, token, cues, state.genders)
        if mention is not None:
            return from_mention(index, mention, at, token.text, confidence - 0.1)
        earlier = state.history.latest_with_label(cues.pronouns[token.lower_].labels)
        return carried(earlier, at, confidence - 0.2) if earlier is not None else None
    if index.in_quote(token.idx):
        return None
    mention = resolved_mention(index, token, cues, state.genders)
    return from_mention(index, mention, at, cue, confidence) if mention is not None else None


def _name_after(ctx: QuoteContext, index: int, limit: int) -> Token | None:
    """The first name-like token after ``index`` (for "according to X", "— X", "said X")."""
    doc = ctx.doc
    for token in doc[index:min(index + limit, len(doc))]:
        if ctx.in_quote(token.idx) or token.text in {"(", ")", ".", "\n"}:
            return None
        if token.pos_ in {"PROPN", "PRON", "NOUN"} or token.ent_type_ or capitalised_name(token):
            return token
    return None


def phrase_speaker(ctx: QuoteContext, state: Attribution, tokens: list[Token], *, nearest_last: bool) -> Speaker | None:
    """``according to X``, ``in the words of X``."""
    if not tokens:
        return None
    lowered = [t.lower_ for t in tokens]
    hits = []
    for words in state.cues.phrases:
        for i in range(len(tokens) - len(words) + 1):
            if tuple(lowered[i:i + len(words)]) == words:
                hits.append((i, len(words), " ".join(words)))
    for i, size, phrase in sorted(hits, reverse=nearest_last):
        last = tokens[i + size - 1]
        token = next((c for c in last.children if c.dep_ == "pobj"), None) or _name_after(ctx, last.i + 1, limit=6)
        if token is not None:
            speaker = speaker_for(state, token, phrase, 0.9, ctx.cand.match.open_at)
            if speaker is not None:
                return speaker
    return None


def is_cue_verb(token: Token, cues: QuoteCues) -> bool:
    """A speech verb, or a verb whose object is one statement or report ("issued a statement",
    "sent its letter"; not "excluded blogs")."""
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    if lemma not in cues.verbs:
        return any(c.dep_ in OBJECTS and c.lemma_.lower() in cues.sources and c.morph.get("Number") == ["Sing"]
                   and any(d.dep_ in {"det", "poss"} for d in c.children) for c in token.children)
    if lemma == "put":  # only "as X put it"
        return any(c.lower_ == "as" for c in token.children)
    if lemma == "point":  # "pointed out", "pointed to"
        return any(c.lower_ in {"out", "to"} for c in token.children)
    if lemma == "read":  # "the statement read", not "she read the report"
        return any(c.dep_ in SUBJECTS and c.lemma_.lower() in cues.sources for c in token.children)
    if lemma == "call":  # "called the law “a step back”", not "called on the council"
        return any(c.dep_ in OBJECTS for c in token.children)
    return True


def verb_subject(token: Token, index: DocIndex) -> Token | None:
    """Who does what the verb says (outside quotation marks): its subject, the agent of a
    passive, or the subject of the verb it continues."""
    children = [c for c in token.children if not index.in_quote(c.idx)]
    agents = [g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agents:
        return agents[0]
    subjects = [c for c in children if c.dep_ in SUBJECTS]
    if subjects:  # two subjects are a misparse around a name: the nearest name, else the nearest
        subjects.sort(key=lambda c: abs(token.i - c.i))
        subject = next((c for c in subjects if c.pos_ in {"PROPN", "PRON"} or c.ent_type_), subjects[0])
        if token.dep_ == "relcl" and subject.pos_ == "PRON" and "Prs" not in subject.morph.get("PronType"):
            return token.head  # "the director, who said": the director
        return subject
    if token.dep_ in {"conj", "xcomp", "advcl"} and token.head.pos_ == "VERB":
        return verb_subject(token.head, index)  # "X urged ..., saying “...”": X says it
    clause = next((c for c in children if c.dep_ == "csubj" and c.i < token.i), None)
    return verb_subject(clause, index) if clause is not None else None  # a subject the parser hung on a clause


def verb_speaker(ctx: QuoteContext, state: Attribution, tokens: list[Token], *, after: bool) -> Speaker | None:
    """A speech verb and its subject; right after the quote, also the name after the verb
    (“...,” said X). Before the quote the nearest verb wins, after it the first."""
    verbs = [t for t in tokens if is_cue_verb(t, state.cues)]
    for verb in (verbs if after else reversed(verbs)):
        subject = verb_subject(verb, ctx.index)
        if subject is None:
            inverted = after and verb in tokens[:INVERSION_REACH]
            subject = _name_after(ctx, verb.i + 1, limit=4) if inverted else None
        if subject is not None:
            near = verb in tokens[:4] or verb in tokens[-4:]
            speaker = speaker_for(state, subject, verb.text, 0.9 if near else 0.8, ctx.cand.match.open_at)
            if speaker is not None:
                return speaker
    return None


def colon_subject_speaker(ctx: QuoteContext, state: Attribution, tokens: list[Token]) -> Speaker | None:
    """The subject of the sentence a colon ends right before the quote, whatever its verb
    ("He then turned to the budget: “...”", "She was clear: “...”")."""
    root = _root_before(ctx, state, tokens, verbs={"VERB", "AUX"})
    subject = verb_subject(root, state.index) if root is not None else None
    return speaker_for(state, subject, ":", 0.75, ctx.cand.match.open_at) if subject is not None else None


def fragment_subject_speaker(ctx: QuoteContext, state: Attribution, tokens: list[Token]) -> Speaker | None:
    """A quoted fragment inside a sentence about someone is their words ("The council changed
    its rules to exclude “...”", "The report defines it as “...”"), if the subject is a person
    or organisation the entities know, a named source, or a pronoun. Not after a copula: "The
    league is “still at work”" describes the league, it does not quote it."""
    root = _root_before(ctx, state, tokens, verbs={"VERB"})
    subject = verb_subject(root, state.index) if root is not None else None
    if subject is None:
        return None
    if subject.lower_ not in state.cues.pronouns:
        mention = speaker_mention(state.index, subject, state.cues)
        known = mention is not None and (state.index.speaker_ent_at(mention.span.start) is not None
                                         or mention.label == SOURCE and mention.named)
        if not known:
            return None
    return speaker_for(state, subject, None, 0.6, ctx.cand.match.open_at)


def _root_before(ctx: QuoteContext, state: Attribution, tokens: list[Token], *, verbs: set[str]) -> Token | None:
    """The main verb of the sentence that ``tokens`` end, when it comes before the quote."""
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    if not words:
        return None
    root = words[-1]
    start, _ = state.index.paragraphs[state.index.paragraph_of(root.idx)]
    for head in root.ancestors:  # up to the sentence's root, within the paragraph and before the quote
        if head.idx < start:
            break
        if head.idx < ctx.cand.match.open_at:
            root = head  # "called the law a “...”": the article's head is a word of the quote, its verb is not
    return root if root.pos_ in verbs else None


def other_speech_between(ctx: QuoteContext, state: Attribution, speaker: Speaker) -> bool:
    """A speech verb between ``speaker``'s quote and this one has another subject ("one senator
    praised ..., another called for “...”"): the earlier speaker does not carry over."""
    words = set(speaker.name.split())
    for verb in ctx.tokens(speaker.at, ctx.cand.match.open_at):
        subject = verb_subject(verb, state.index) if is_cue_verb(verb, state.cues) else None
        if subject is None or subject.lower_ in state.cues.pronouns:
            continue
        mention = speaker_mention(state.index, subject, state.cues)
        if mention is None or not words & set(mention.span.text.split()):
            return True
    return False


def in_words_speaker(ctx: QuoteContext) -> Speaker | None:
    """``In Jane Doe's words, “...”``."""
    start, end = ctx.left_range
    found = list(IN_WORDS.finditer(ctx.text, start, end))
    if not found:
        return None
    m = found[-1]
    return Speaker(m.group("name"), "PERSON", m.start("name"), m.end("name"), m.group(0), 0.9,
                   ctx.cand.match.open_at)


def lead_speaker(ctx: QuoteContext, state: Attribution, lead: re.Pattern, cue: str) -> Speaker | None:
    """A name right after the quote behind a dash (“...” — X) or "by" (“...” by X)."""
    start, end = ctx.right_range
    m = lead.match(ctx.text, start, end) if end > start else None
    if m is None:
        return None
    span = ctx.doc.char_span(m.end(), end, alignment_mode="contract")
    token = span[0] if span is not None and len(span) else None
    if token is None or token.pos_ not in {"PROPN", "PRON"} and not token.ent_type_:
        return None
    return speaker_for(state, token, cue, 0.85, ctx.cand.match.open_at)


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


def post_signature_speaker(ctx: QuoteContext) -> Speaker | None:
    """An embedded post that ends with its author's signature: “... — Jane Roe (@janeroe) May 4, 2021”."""
    start, end = ctx.cand.match.start, ctx.cand.match.end
    m = POST_SIGNATURE.search(ctx.text, start, end)
    if m is None:
        return None
    name_start, name_end = m.span("name")
    if ctx.text.startswith("The ", name_start):
        name_start += len("The ")
    return _written_speaker(ctx, name_start, name_end, "PERSON", "—")


def attribution_line_speaker(ctx: QuoteContext, state: Attribution) -> Speaker | None:
    """A quote that is its paragraph, signed by the short line after it: a dash and a name
    (“...”¶— Jane Roe, nurse), or a source in brackets (“...”¶[Daily Star])."""
    paragraph = ctx.paragraph_of(ctx.cand.mark_end - 1)
    _, para_end = ctx.paragraphs[paragraph]
    if not ctx.starts_paragraph() or ctx.text[ctx.cand.mark_end:para_end].strip(" .,;") \
            or paragraph + 1 >= len(ctx.paragraphs):
        return None
    line_start, line_end = ctx.paragraphs[paragraph + 1]
    m = ATTRIBUTION_LINE.match(ctx.text, line_start, line_end)
    if m is None or len(ctx.text[line_start:line_end].split()) > ATTRIBUTION_WORDS:
        return None
    if m.group("dash") is not None:  # a dash also opens list items: only a name signs
        span = ctx.doc.char_span(m.start("dash"), line_end, alignment_mode="contract")
        token = _name_after(ctx, span.start, limit=3) if span is not None and len(span) else None
        return speaker_for(state, token, "—", 0.8, ctx.cand.match.open_at) if token is not None else None
    name_start, name_end = m.span("bracket")
    if not ctx.text[name_start:name_start + 1].isupper():
        return None
    return _written_speaker(ctx, name_start, name_end, "ORG", "bracket")


def _written_speaker(ctx: QuoteContext, start: int, end: int, label: str, cue: str) -> Speaker:
    """The name as written at text[start:end], labelled as its entity is, else ``label``."""
    start, end = trim_space(ctx.text, start, end)
    ent = ctx.index.ent_at.get(ctx.index.char_token(start))
    return Speaker(ctx.text[start:end], ent.label_ if ent is not None else label, start, end, cue, 0.8,
                   ctx.cand.match.open_at)
