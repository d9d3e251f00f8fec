"""qalam_quotes: direct quotations with their speakers.

Candidates come from paired quotation marks (``quote_marks.find_quotes``) and HTML
``<q>``/``<blockquote>`` ranges (``doc._.quote_blocks``). Titles and scare quotes are
dropped; interview answers are turns, not quotes. Each kept quote is attributed, in
order of evidence: a cue next to it (speech verb, "according to", dash, citation,
"by NAME"), a cue in the sentence before it, the previous speaker of the paragraph, a
citation later in the paragraph, the speaker of the previous paragraph, and in an
interview the interviewee. Pronoun speakers resolve to the latest compatible name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.nlp.cues import Cues
from pipeline.text.quote_marks import QuoteMatch, blank_line_paragraphs, find_quotes

if not Span.has_extension("quote"):
    Span.set_extension("quote", default=None)

SPEAKER_LABELS = {"PERSON", "ORG", "NORP", "GPE", "FAC", "LOC"}
# A sentence ends at . ! ? (and closing marks) followed by space and a capital or opener.
SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*\s+(?=[A-Z“\"‘«„(\[])")
# Words whose period does not end a sentence ("Mr. Trump said").
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "al",
}
# A quote that closed its sentence is attributed by what follows only if the cue comes at once.
CLOSED_CUE_TOKENS = 5
# "(Author and Other, 2016)", "(Author, 2016: 12)", "(Author, n.d.)".
CITATION = re.compile(r"\(\s*(?P<authors>[A-Z][^()\d]{1,80}?),?\s*(?:\d{4}[a-z]?|n\.\s?d\.)(?:[,:;][^()]{0,20})?\)")
CITATION_LEAD = re.compile(r"\W{0,3}(?=\()")  # only punctuation between the quote and its citation
# Used with .match(text, pos): anchored at pos, so no "^".
DASH_LEAD = re.compile(r"\s*[,.]?\s*(?:—|–|--|-)\s*(?=\S)")
BY_LEAD = re.compile(r"\s*,?\s*by\s+(?=[A-Z])")
WORD = re.compile(r"\w+(?:[’'-]\w+)*")
POSSESSIVE = {"'s", "’s", "'", "’"}
NAMED_BY = {"by", "of", "from", "for", "at"}  # "a statement from the Fund", "head of the Union"
IN_WORDS = re.compile(r"\b[Ii]n\s+(?P<name>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})[’']s?\s+(?:own\s+)?words\b")
LEAD_CHARS = " \t\n•●▪◦·*-–—>"


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


@dataclass(frozen=True)
class Candidate:
    match: QuoteMatch
    mark_end: int  # char offset after the closing mark (or the quote's end)
    paragraph: int
    block: bool    # came from <blockquote>/<q>


class QuoteExtractor:
    """Find quotes, filter titles and scare quotes, attribute speakers."""

    def __init__(self, cues: Cues, *, min_words: int, max_context_tokens: int) -> None:
        self.cues = cues
        self.min_words = min_words
        self.max_context_tokens = max_context_tokens

    def __call__(self, doc: Doc) -> Doc:
        paragraphs = paragraph_ranges(doc)
        candidates = self.candidates(doc, paragraphs)
        doc.spans["quotes"] = self.annotate(doc, paragraphs, candidates)
        return doc

    def candidates(self, doc: Doc, paragraphs: list[tuple[int, int]]) -> list[Candidate]:
        """Outermost quoted stretches plus HTML quote ranges that no mark covers."""
        starts = [start for start, _ in paragraphs]
        text = doc.text
        found = [m for m in find_quotes(text, paragraphs) if m.depth == 0]
        for start, end in doc._.quote_blocks or []:
            if not any(m.open_at < end and start < (m.close_at or m.end) for m in found):
                start, end = _strip_marks(text, start, end)
                if end > start:
                    found.append(QuoteMatch(start, end, start, None, 0, 1))
        blocks = {(s, e) for s, e in (doc._.quote_blocks or [])}
        out = []
        for m in sorted(found, key=lambda q: q.open_at):
            para = max(bisect_right(starts, m.open_at) - 1, 0)
            block = any(s <= m.start and m.end <= e for s, e in blocks)
            out.append(Candidate(m, m.close_at + 1 if m.close_at is not None else m.end, para, block))
        return out

    def annotate(self, doc: Doc, paragraphs: list[tuple[int, int]], candidates: list[Candidate]) -> list[Span]:
        text = doc.text  # Doc.text joins every token: build it once
        turns = _turn_ranges(doc)
        history: list[Speaker] = []
        spans = []
        for index, cand in enumerate(candidates):
            span = doc.char_span(cand.match.start, cand.match.end, alignment_mode="expand")
            if span is None or _is_title(text, cand, self.cues):
                continue
            ctx = _Context(doc, text, paragraphs, candidates, index, self.max_context_tokens)
            speaker = self.explicit_speaker(ctx, history)
            if speaker is not None:
                history.append(speaker)
            if _word_count(span.text) < self.min_words:
                continue  # a scare quote or a quoted term, not a quotation
            inside_turn = any(s <= cand.match.start and cand.match.end <= e for s, e in turns)
            if inside_turn and (speaker is None or speaker.cue in self.cues.pronouns):
                continue  # the answer itself, or the interviewee's own words
            if speaker is None:
                speaker = self.implicit_speaker(ctx, history)
                if speaker is not None:
                    history.append(speaker)
            spans.append(self.make_span(span, cand, ctx, speaker))
        return spans

    def make_span(self, span: Span, cand: Candidate, ctx: "_Context", speaker: Speaker | None) -> Span:
        """Attach the plain-valued ``span._.quote`` record."""
        confidence = speaker.confidence if speaker else 0.5
        if cand.match.close_at is None and not cand.block:
            confidence -= 0.15  # ran to the paragraph's end unclosed
        span._.quote = {
            "speaker": speaker.name if speaker else None,
            "speaker_start": speaker.start if speaker else None,
            "speaker_end": speaker.end if speaker else None,
            "cue": speaker.cue if speaker else None,
            "type": "block" if ctx.is_block(cand) else "direct",
            "confidence": round(max(min(confidence, 1.0), 0.0), 2),
        }
        return span

    def explicit_speaker(self, ctx: "_Context", history: list[Speaker]) -> Speaker | None:
        """A cue right around the quote: a citation, dash or "by" right after it; then a cue after
        it (“...,” said X) and one before it, before first when the quote closed its sentence."""
        right, left = ctx.right_tokens(), ctx.left_tokens()
        adjacent = (
            lambda: _citation_speaker(ctx, *ctx.right_range(), 0.85, anywhere=False),
            lambda: _lead_speaker(ctx, DASH_LEAD, "—", history, self.cues),
            lambda: _lead_speaker(ctx, BY_LEAD, "by", history, self.cues),
        )
        after = (
            lambda: _phrase_speaker(ctx, right, self.cues, history, nearest_last=False),
            lambda: _verb_speaker(ctx, right, self.cues, history, nearest_last=False),
        )
        before = (
            lambda: _phrase_speaker(ctx, left, self.cues, history, nearest_last=True),
            lambda: _in_words_speaker(ctx),
            lambda: _verb_speaker(ctx, left, self.cues, history, nearest_last=True),
            lambda: self.colon_intro(ctx, history),
        )
        ordered = before + after if ctx.closes_sentence() else after + before
        for find in adjacent + ordered:
            speaker = find()
            if speaker is not None:
                return speaker
        return None

    def colon_intro(self, ctx: "_Context", history: list[Speaker]) -> Speaker | None:
        """``according to X:`` closing the paragraph before a quoted paragraph."""
        tokens = ctx.previous_paragraph_tail()
        if tokens is None:
            return None
        return (_phrase_speaker(ctx, tokens, self.cues, history, nearest_last=True)
                or _verb_speaker(ctx, tokens, self.cues, history, nearest_last=True))

    def implicit_speaker(self, ctx: "_Context", history: list[Speaker]) -> Speaker | None:
        """No cue beside the quote: carry a speaker over from the text around it."""
        at = ctx.cand.match.open_at
        if ctx.starts_sentence():
            tokens = ctx.previous_sentence_tokens()
            found = _verb_speaker(ctx, tokens, self.cues, history, nearest_last=True) if tokens else None
            if found is not None:
                return _carried(found, at, 0.65, keep_cue=True)
        previous = [s for s in history if s.at < at and ctx.paragraph_of(s.at) == ctx.cand.paragraph]
        if previous and not ctx.other_person_between(previous[-1]):
            return _carried(previous[-1], at, 0.6)
        found = _citation_speaker(ctx, *ctx.right_range(), 0.6, anywhere=True)
        if found is not None:
            return found
        if ctx.starts_paragraph():
            earlier = [s for s in history if s.at < at and ctx.paragraph_of(s.at) == ctx.cand.paragraph - 1]
            if earlier:
                return _carried(earlier[-1], at, 0.5)
            tokens = ctx.previous_paragraph_tail(colon=False)
            found = tokens and (_phrase_speaker(ctx, tokens, self.cues, history, nearest_last=True)
                                or _verb_speaker(ctx, tokens, self.cues, history, nearest_last=True))
            return _carried(found, at, 0.55, keep_cue=True) if found else _interviewee(ctx)
        return None


def _carried(speaker: Speaker, at: int, confidence: float, *, keep_cue: bool = False) -> Speaker:
    """An earlier speaker for a later quote; the cue is kept only when it was found for this one."""
    return Speaker(speaker.name, speaker.label, speaker.start, speaker.end,
                   speaker.cue if keep_cue else None, min(confidence, speaker.confidence), at)


def _interviewee(ctx: "_Context") -> Speaker | None:
    """In an interview, a pull quote or headline quote with no cue is the interviewee's."""
    interview = ctx.doc._.interview if Doc.has_extension("interview") else None
    kind = ctx.doc._.kind if Doc.has_extension("kind") else None
    if kind != "interview" or not interview or not interview.get("interviewee"):
        return None
    return Speaker(interview["interviewee"], "PERSON", None, None, None, 0.6, ctx.cand.match.open_at)


class _Context:
    """Text and tokens around one candidate, bounded by its paragraph and its neighbours."""

    def __init__(self, doc: Doc, text: str, paragraphs: list[tuple[int, int]], candidates: list[Candidate],
                 index: int, max_tokens: int) -> None:
        self.doc, self.text, self.paragraphs, self.max_tokens = doc, text, paragraphs, max_tokens
        self.cand = candidates[index]
        self.starts = [start for start, _ in paragraphs]
        self.quote_ranges = [(c.match.open_at, c.mark_end) for c in candidates]
        para_start, _ = paragraphs[self.cand.paragraph]
        _, para_end = paragraphs[self.paragraph_of(self.cand.mark_end - 1)]
        prev = [c.mark_end for c in candidates[:index] if c.mark_end <= self.cand.match.open_at]
        nxt = [c.match.open_at for c in candidates[index + 1:] if c.match.open_at >= self.cand.mark_end]
        self.left_bound = max([para_start] + prev)
        self.right_bound = min([para_end] + nxt)

    def paragraph_of(self, char: int) -> int:
        return max(bisect_right(self.starts, char) - 1, 0)

    def left_range(self) -> tuple[int, int]:
        start = self.left_bound
        for _, start in sentence_ends(self.text, self.left_bound, self.cand.match.open_at):
            pass
        return start, self.cand.match.open_at

    def closes_sentence(self) -> bool:
        """The quote ends with . ! ? and a capitalised word follows (“...?” Brooke asked)."""
        text = self.text
        quoted = text[self.cand.match.start:self.cand.match.end].rstrip("”’\"' ")
        after = text[self.cand.mark_end:self.right_bound]
        return quoted.endswith((".", "!", "?")) and bool(re.match(r"\s+[A-Z]", after))

    def right_range(self) -> tuple[int, int]:
        start = self.cand.mark_end
        end = next((end for end, _ in sentence_ends(self.text, start, self.right_bound)), self.right_bound)
        return start, end

    def _tokens(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="contract") if end > start else None
        return [t for t in span if not self.in_quote(t.idx)] if span is not None else []

    def left_tokens(self) -> list[Token]:
        return self._tokens(*self.left_range())[-self.max_tokens:]

    def right_tokens(self) -> list[Token]:
        limit = CLOSED_CUE_TOKENS if self.closes_sentence() else self.max_tokens
        return self._tokens(*self.right_range())[:limit]

    def in_quote(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.quote_ranges)

    def starts_sentence(self) -> bool:
        start, end = self.left_range()
        return not self.text[start:end].strip(LEAD_CHARS)

    def starts_paragraph(self) -> bool:
        para_start, _ = self.paragraphs[self.cand.paragraph]
        return not self.text[para_start:self.cand.match.open_at].strip(LEAD_CHARS)

    def previous_sentence_tokens(self) -> list[Token]:
        """The sentence just before the quote, in the same paragraph."""
        text, end = self.text, self.left_range()[0]
        if end <= self.left_bound:
            return []
        start = self.left_bound
        for _, start in sentence_ends(text, self.left_bound, max(end - 1, self.left_bound)):
            pass
        return self._tokens(start, end)[-self.max_tokens:]

    def previous_paragraph_tail(self, *, colon: bool = True) -> list[Token] | None:
        """The last sentence of the previous paragraph (only when it ends with a colon, by default)."""
        if not self.starts_paragraph() or self.cand.paragraph == 0:
            return None
        start, end = self.paragraphs[self.cand.paragraph - 1]
        if colon and not self.text[start:end].rstrip().endswith(":"):
            return None
        for _, start in sentence_ends(self.text, start, end):
            pass
        return self._tokens(start, end)[-self.max_tokens:]

    def other_person_between(self, speaker: Speaker) -> bool:
        """A different named person is mentioned between an earlier speaker and this quote."""
        lo, hi = speaker.at, self.cand.match.open_at
        for ent in self.doc.ents:
            if ent.label_ == "PERSON" and lo <= ent.start_char < hi and not self.in_quote(ent.start_char):
                if not set(ent.text.split()) & set(speaker.name.split()):
                    return True
        return False

    def is_block(self, cand: Candidate) -> bool:
        """A whole quoted paragraph set off from the text (colon intro, several paragraphs, <blockquote>)."""
        if cand.block:
            return True
        _, para_end = self.paragraphs[self.paragraph_of(cand.mark_end - 1)]
        whole = self.starts_paragraph() and not self.text[cand.mark_end:para_end].strip()
        if not whole:
            return False
        previous = self.paragraphs[cand.paragraph - 1] if cand.paragraph else None
        colon = previous is not None and self.text[previous[0]:previous[1]].rstrip().endswith(":")
        return colon or cand.match.paragraphs > 1


def sentence_ends(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """(end of a sentence, start of the next) in text[lo:hi], skipping "Mr." and initials."""
    for m in SENTENCE_END.finditer(text, lo, hi):
        if text[m.start()] == ".":
            word = re.search(r"([\w.]+)$", text[max(lo, m.start() - 12):m.start()])
            if word and (word.group(1).lower() in ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1))):
                continue
        yield m.start() + 1, m.end()


def paragraph_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Paragraphs from ingest, or blank-line paragraphs when the Doc was built from plain text."""
    given = doc._.paragraphs
    if given:
        return [(start, end) for start, end, *_ in given]
    text = doc.text
    return blank_line_paragraphs(text) or [(0, len(text))]


def _turn_ranges(doc: Doc) -> list[tuple[int, int]]:
    interview = doc._.interview if Doc.has_extension("interview") else None
    if not interview:
        return []
    return [(t["answer_start"], t["answer_end"]) for t in interview.get("turns", [])]


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    strip = " \t\n“”\"‘’'«»„‚"
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def _word_count(text: str) -> int:
    return len(WORD.findall(text))


def _is_title(text: str, cand: Candidate, cues: Cues) -> bool:
    """A name or title in quotes: after ``called``/``titled``..., next to ``book``/``project``..., or Title Case."""
    before = text[max(0, cand.match.open_at - 40):cand.match.open_at].lower()
    if any(re.search(rf"\b{re.escape(w)}\s*[,:]?\s*$", before) for w in cues.title_words + ("so-called",)):
        return True
    noun_before = re.search(r"(\w+)\s*$", before)  # "the book “...”", not "...network. “...”"
    if noun_before and noun_before.group(1) in cues.title_nouns:
        return True
    clause_after = re.split(r"[.!?;:\n]", text[cand.mark_end:cand.mark_end + 50])[0]  # same paragraph only
    after_words = [w.lower() for w in WORD.findall(clause_after)][:5]
    near_noun = any(w in cues.title_nouns for w in after_words[:4])
    if near_noun and not any(w in cues.verbs or w.rstrip("sd") in cues.verbs for w in after_words):
        return True
    return _title_case(text[cand.match.start:cand.match.end])


def _title_case(quoted: str) -> bool:
    words = WORD.findall(quoted)
    long_words = [w for w in words if len(w) > 3]
    if not long_words or len(words) > 12 or re.search(r"[.!?,;]\W*$", quoted):
        return False
    return len(words) >= 2 and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.8 \
        and not quoted[:1].islower()


def _mention(doc: Doc, token: Token) -> Span | None:
    """The name a token belongs to: its entity, or its proper-noun run, or its noun chunk."""
    for ent in doc.ents:
        if ent.start <= token.i < ent.end and ent.label_ in SPEAKER_LABELS:
            start, end = ent.start, ent.end
            while end > start + 1 and doc[end - 1].text in POSSESSIVE:
                end -= 1
            while end > start + 1 and doc[start].lower_ == "the":
                start += 1
            return doc[start:end]
    for child in token.children:  # "the director of X, Anna Berg, said": take the apposition
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return _mention(doc, child)
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


def _label(span: Span) -> str:
    labels = {ent.label_ for ent in span.ents}
    if "PERSON" in labels or (not labels and span[0].pos_ == "PROPN"):
        return "PERSON"
    return "ORG" if labels else "OTHER"


def _canonical(doc: Doc, span: Span) -> str:
    """The fuller name doc._.entities gives this mention ("Novak" → "Jan Novak").

    Only a name that contains the mention's words: an expanded acronym or another alias
    would no longer say what the text says.
    """
    entities = doc._.entities if Doc.has_extension("entities") else None
    words = set(span.text.split())
    for entity in entities or []:
        for mention in entity.get("mentions", []):
            if mention.get("start") == span.start_char and mention.get("end") == span.end_char:
                name = entity.get("text") or span.text
                return name if words <= set(name.split()) else span.text
    return span.text


def _speaker_for(ctx: _Context, token: Token, cue: str, confidence: float,
                 history: list[Speaker], cues: Cues) -> Speaker | None:
    """Turn the token naming the source into a Speaker, resolving pronouns."""
    at = ctx.cand.match.open_at
    if token.lower_ in cues.pronouns:
        return _resolve_pronoun(ctx, token, confidence, history, cues)
    span = _mention(ctx.doc, token)
    if span is None or ctx.in_quote(span.start_char):
        return None
    named = span[0].pos_ == "PROPN" or bool(span.ents)
    return Speaker(_canonical(ctx.doc, span), _label(span), span.start_char, span.end_char, cue,
                   confidence if named else confidence - 0.2, at)


def _resolve_pronoun(ctx: _Context, token: Token, confidence: float,
                     history: list[Speaker], cues: Cues) -> Speaker | None:
    """The latest earlier speaker with a compatible label, else the latest person named."""
    labels = cues.pronouns[token.lower_]
    at = ctx.cand.match.open_at
    earlier = [s for s in history if s.at <= at and s.label in labels]
    subject = _recent_subject(ctx, token, cues)
    if subject is not None and (not earlier or subject.start > earlier[-1].at):
        return Speaker(subject.name, subject.label, subject.start, subject.end, token.text,
                       confidence - 0.15, at)
    if earlier:
        speaker = earlier[-1]
        return Speaker(speaker.name, speaker.label, speaker.start, speaker.end, token.text,
                       confidence - 0.1, at)
    if "PERSON" in labels:
        people = [e for e in ctx.doc.ents if e.label_ == "PERSON" and e.end_char <= token.idx]
        if people:
            e = people[-1]
            return Speaker(_canonical(ctx.doc, e), "PERSON", e.start_char, e.end_char, token.text,
                           confidence - 0.25, at)
    return None


def _recent_subject(ctx: _Context, pronoun: Token, cues: Cues) -> Speaker | None:
    """The latest non-pronoun subject of a speech verb earlier in the paragraph ("The minister said")."""
    para_start, _ = ctx.paragraphs[ctx.cand.paragraph]
    span = ctx.doc.char_span(para_start, pronoun.idx, alignment_mode="contract")
    for verb in reversed([t for t in span or [] if _is_cue_verb(t, cues) and not ctx.in_quote(t.idx)]):
        subject = _verb_subject(verb)
        if subject is None or subject.lower_ in cues.pronouns or ctx.in_quote(subject.idx):
            continue
        mention = _mention(ctx.doc, subject)
        if mention is not None:
            return Speaker(_canonical(ctx.doc, mention), _label(mention), mention.start_char,
                           mention.end_char, verb.text, 0.7, ctx.cand.match.open_at)
    return None


def _name_after(ctx: _Context, index: int, limit: int = 6) -> Token | None:
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


def _phrase_speaker(ctx: _Context, tokens: list[Token], cues: Cues, history: list[Speaker],
                    *, nearest_last: bool) -> Speaker | None:
    """``according to X``, ``in the words of X``."""
    if not tokens:
        return None
    lowered = [t.lower_ for t in tokens]
    hits = []
    for phrase in cues.phrases:
        words = phrase.split()
        for i in range(len(tokens) - len(words) + 1):
            if lowered[i:i + len(words)] == words:
                hits.append((i, len(words), phrase))
    for i, size, phrase in sorted(hits, reverse=nearest_last):
        token = _name_after(ctx, tokens[i + size - 1].i + 1)
        if token is not None:
            speaker = _speaker_for(ctx, token, phrase, 0.9, history, cues)
            if speaker is not None:
                return speaker
    return None


def _is_cue_verb(token: Token, cues: Cues) -> bool:
    if token.pos_ != "VERB" or token.lemma_.lower() not in cues.verbs:
        return False
    lemma = token.lemma_.lower()
    if lemma == "put":  # only "as X put it"
        return any(c.lower_ == "as" for c in token.children)
    if lemma == "point":  # "pointed out", "pointed to"
        return any(c.lower_ in {"out", "to"} for c in token.children)
    return True


def _verb_subject(token: Token) -> Token | None:
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
        return _verb_subject(token.head)  # "X urged ..., saying “...”": X says it
    return None


def _verb_speaker(ctx: _Context, tokens: list[Token], cues: Cues, history: list[Speaker],
                  *, nearest_last: bool) -> Speaker | None:
    """A speech verb and its subject (or the name right after it: “...,” said X)."""
    verbs = [t for t in tokens if _is_cue_verb(t, cues)]
    for verb in (reversed(verbs) if nearest_last else verbs):
        subject = _verb_subject(verb)
        if subject is None or ctx.in_quote(subject.idx):
            subject = _name_after(ctx, verb.i + 1, limit=4)
        if subject is not None:
            speaker = _speaker_for(ctx, subject, verb.text, 0.9 if verb in tokens[:4] or verb in tokens[-4:] else 0.8,
                                   history, cues)
            if speaker is not None:
                return speaker
    return None


def _in_words_speaker(ctx: _Context) -> Speaker | None:
    """``In Jane Doe's words, “...”``."""
    start, end = ctx.left_range()
    found = list(IN_WORDS.finditer(ctx.text, start, end))
    if not found:
        return None
    m = found[-1]
    return Speaker(m.group("name"), "PERSON", m.start("name"), m.end("name"), m.group(0), 0.9,
                   ctx.cand.match.open_at)


def _lead_speaker(ctx: _Context, lead: re.Pattern, cue: str, history: list[Speaker],
                  cues: Cues) -> Speaker | None:
    """A name right after the quote behind a dash (“...” — X) or "by" (“...” by X)."""
    start, end = ctx.right_range()
    m = lead.match(ctx.text, start, end) if end > start else None
    if m is None:
        return None
    span = ctx.doc.char_span(m.end(), end, alignment_mode="contract")
    token = _name_after(ctx, span.start, limit=2) if span is not None and len(span) else None
    if token is None or token.pos_ == "NOUN":
        return None
    return _speaker_for(ctx, token, cue, 0.85, history, cues)


def _citation_speaker(ctx: _Context, start: int, end: int, confidence: float,
                      *, anywhere: bool) -> Speaker | None:
    """``“...” (Author and Other, 2016)``: the authors of the citation in text[start:end] are the
    source; right after the quote, or ``anywhere`` in that stretch."""
    if not anywhere:
        lead = CITATION_LEAD.match(ctx.text, start, end)
        if lead is None:
            return None
        start = lead.end()
    m = (CITATION.search if anywhere else CITATION.match)(ctx.text, start, end)
    if m is None:
        return None
    authors = m.group("authors").strip(" ,;")
    start = m.start("authors")
    label = "ORG" if " " in authors and not re.search(r"\b(?:and|et al|&)\b", authors) else "PERSON"
    return Speaker(authors, label, start, start + len(authors), "citation", confidence,
                   ctx.cand.match.open_at)


@Language.factory(
    "qalam_quotes",
    default_config={"cues": {"@misc": "qalam.quote_cues.v1"}, "min_words": 4, "max_context_tokens": 30},
    requires=["doc.ents"],
    assigns=["doc.spans", "span._.quote"],
)
def make_quotes(nlp: Language, name: str, cues: Cues, min_words: int,
                max_context_tokens: int) -> QuoteExtractor:
    """Quotes with speakers; ``min_words`` is the shortest quotation (shorter ones are terms)."""
    return QuoteExtractor(cues, min_words=min_words, max_context_tokens=max_context_tokens)
