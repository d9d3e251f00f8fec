"""qalam_quotes: direct quotations with their speakers, and reported speech.

Candidates come from paired quotation marks (``quote_marks.find_quotes``) and HTML
``<q>``/``<blockquote>`` ranges (``doc._.quote_blocks``). Titles and scare quotes are
dropped; interview answers are turns, not quotes. Each kept quote is attributed, in
order of evidence: a cue next to it (speech verb, "according to", dash, citation,
"by NAME", the signature of an embedded post, a short signing line after a quoted
paragraph), a cue in the sentence before it or the sentence a colon ends, the named
subject of the sentence it is part of, the previous speaker of the paragraph, a citation
later in the paragraph, the speaker of the previous paragraph, and in an interview the
participant whose answer it repeats (else the interviewee). Then reported speech ("X said
that ...", "X called for ...", "according to X, ...") becomes quotes of type ``indirect``.
Each quote span carries its records.Quote (without text and offsets) in ``span._.quote``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.components.quotes.context import Candidate, DocIndex, QuoteContext
from pipeline.nlp.components.quotes.cues import DEFAULT_LANGUAGE, RULE_FILES, QuoteCues
from pipeline.nlp.components.quotes.reported import reported_speech
from pipeline.nlp.components.quotes.speakers import (
    BY_LEAD,
    DASH_LEAD,
    Attribution,
    Speaker,
    attribution_line_speaker,
    carried,
    citation_speaker,
    colon_subject_speaker,
    fragment_subject_speaker,
    in_words_speaker,
    lead_speaker,
    other_speech_between,
    phrase_speaker,
    post_signature_speaker,
    quote_payload,
    verb_speaker,
)
from pipeline.nlp.doc_memo import doc_text
from pipeline.nlp.extensions import doc_quotes, paragraph_ranges
from pipeline.nlp.rule_data import RuleComponent, RuleData
from pipeline.text.quote_marks import APOSTROPHES, QuoteMatch, strip_marks

# A quote that closed its sentence is attributed by what follows only if the cue comes at once.
CLOSED_CUE_TOKENS = 5
WORD = re.compile(rf"\w+(?:[{APOSTROPHES}-]\w+)*")
LAST_WORD = re.compile(r"(\w+)\s*$")
ANSWER_WORDS = "qalam_quotes.answer_words"  # Doc.user_data key: each answer's words, read once
CLAUSE_END = re.compile(r"[.!?;:\n]")
# A Title Case quote ending in ! ? ; is a sentence; a period is also how American style ends a
# title at the end of a sentence (with “Songs of the Long River Road.”).
TITLE_CASE_END = re.compile(r"[!?;]\W*$")
COLON_BEFORE = re.compile(r":\s*$")
SPEECH_REACH = 3
CLAUSE_CONJUNCTIONS = frozenset({"CCONJ", "SCONJ"})
# A pull quote repeats an answer: this share of its words is found in the answer.
REPEATED_WORDS = 0.6


class QuoteExtractor(RuleComponent):
    """Find quotes, filter titles and scare quotes, attribute speakers, add reported speech."""

    RULE_FILES = RULE_FILES

    def __init__(self, name: str, read_cues: Callable[[RuleData], dict[str, QuoteCues]], *, min_words: int,
                 max_context_tokens: int) -> None:
        self.name = name
        self.read_cues = read_cues
        self.min_words = min_words
        self.max_context_tokens = max_context_tokens

    def load_rules(self, rules: RuleData) -> None:
        self.languages = self.read_cues(rules)
        self.cues = self.languages[DEFAULT_LANGUAGE]

    def annotate(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        cues = self.languages.get(doc.lang_, self.cues)
        paragraphs = paragraph_ranges(doc)
        candidates = self.candidates(doc, text, paragraphs)
        titles = [c for c in candidates if self._is_title(text, c, cues)]
        spans = [doc.char_span(c.match.start, c.match.end, alignment_mode="expand") for c in titles]
        index = DocIndex(doc, text, paragraphs, candidates, [s for s in spans if s is not None])
        state = Attribution.of(index, cues)
        quotes = self.attribute(doc, state, set(titles))
        turns = _turn_ranges(doc)
        reported = [span for span in reported_speech(state, quotes, min_words=self.min_words)
                    if not any(s <= span.start_char and span.end_char <= e for s, e in turns)]
        doc.spans["quotes"] = sorted(quotes + reported, key=lambda span: span.start_char)
        return doc

    def candidates(self, doc: Doc, text: str, paragraphs: list[tuple[int, int]]) -> list[Candidate]:
        """Outermost quoted stretches plus HTML quote ranges that no mark covers."""
        starts = [start for start, _ in paragraphs]
        found = [m for m in doc_quotes(doc) if m.depth == 0]
        for start, end in doc._.quote_blocks or []:
            if not any(m.open_at < end and start < (m.close_at or m.end) for m in found):
                start, end = strip_marks(text, start, end)
                if end > start:
                    found.append(QuoteMatch(start, end, start, None, 0, 1))
        blocks = {(s, e) for s, e in (doc._.quote_blocks or [])}
        out = []
        for m in sorted(found, key=lambda q: q.open_at):
            para = max(bisect_right(starts, m.open_at) - 1, 0)
            block = any(s <= m.start and m.end <= e for s, e in blocks)
            out.append(Candidate(m, m.close_at + 1 if m.close_at is not None else m.end, para, block))
        return out

    def attribute(self, doc: Doc, state: Attribution, titles: set[Candidate]) -> list[Span]:
        """The quotes among the candidates, each with its speaker."""
        index, cues = state.index, state.cues
        turns = _turn_ranges(doc)
        spans = []
        for position, cand in enumerate(index.candidates):
            span = doc.char_span(cand.match.start, cand.match.end, alignment_mode="expand")
            if span is None or cand in titles:
                continue
            ctx = QuoteContext(index, position, self.max_context_tokens)
            speaker = self.explicit_speaker(ctx, state)
            if speaker is not None:
                state.history.add(speaker)
            if _word_count(span.text) < self.min_words:
                continue  # a scare quote or a quoted term, not a quotation
            inside_turn = any(s <= cand.match.start and cand.match.end <= e for s, e in turns)
            if inside_turn and (speaker is None or (speaker.cue or "").lower() in cues.pronouns):
                continue  # the answer itself, or the interviewee's own words
            if speaker is None:
                speaker = self.implicit_speaker(ctx, state)
                if speaker is not None:
                    state.history.add(speaker)
            span._.quote = self.payload(span, ctx, speaker)
            spans.append(span)
        return spans

    def payload(self, span: Span, ctx: QuoteContext, speaker: Speaker | None) -> dict:
        """The quote's record item: block or direct, less sure when it ran unclosed."""
        confidence = speaker.confidence if speaker else 0.5
        if ctx.cand.match.close_at is None and not ctx.cand.block:
            confidence -= 0.15  # ran to the paragraph's end unclosed
        return quote_payload(ctx.index, span, speaker, "block" if ctx.is_block() else "direct", confidence)

    def explicit_speaker(self, ctx: QuoteContext, state: Attribution) -> Speaker | None:
        """A cue right around the quote: a citation, dash or "by" right after it; then a cue after
        it (“...,” said X) and one before it, before first when the quote closed its sentence."""
        right, left = ctx.right_tokens(CLOSED_CUE_TOKENS), ctx.left_tokens()
        right = _past_next_clause(right)
        adjacent = (
            lambda: citation_speaker(ctx, *ctx.right_range, 0.85, anywhere=False),
            lambda: lead_speaker(ctx, state, DASH_LEAD, "—"),
            lambda: lead_speaker(ctx, state, BY_LEAD, "by"),
            lambda: post_signature_speaker(ctx),
            lambda: attribution_line_speaker(ctx, state),
        )
        after = (
            lambda: phrase_speaker(ctx, state, right, nearest_last=False),
            lambda: verb_speaker(ctx, state, right, after=True),
        )
        before = (
            lambda: phrase_speaker(ctx, state, left, nearest_last=True),
            lambda: in_words_speaker(ctx),
            lambda: verb_speaker(ctx, state, left, after=False),
            lambda: self.colon_intro(ctx, state, left),
        )
        ordered = before + after if ctx.closes_sentence else after + before
        for find in adjacent + ordered:
            speaker = find()
            if speaker is not None:
                return speaker
        return None

    def colon_intro(self, ctx: QuoteContext, state: Attribution, left: list) -> Speaker | None:
        """A sentence ending with a colon right before the quote, in its paragraph or closing the
        paragraph before: its cue (``according to X:``), else its subject (“He then turned to
        the budget:”)."""
        start, end = ctx.left_range
        if COLON_BEFORE.search(ctx.text, start, end):
            tokens = left
        else:
            tokens = ctx.previous_paragraph_tail()
            if tokens is None:
                return None
            found = (phrase_speaker(ctx, state, tokens, nearest_last=True)
                     or verb_speaker(ctx, state, tokens, after=False))
            if found is not None:
                return found
        return colon_subject_speaker(ctx, state, tokens)

    def implicit_speaker(self, ctx: QuoteContext, state: Attribution) -> Speaker | None:
        """No cue beside the quote: carry a speaker over from the text around it."""
        at = ctx.cand.match.open_at
        if ctx.starts_sentence():
            tokens = ctx.previous_sentence_tokens()
            found = verb_speaker(ctx, state, tokens, after=False) if tokens else None
            if found is not None:
                return carried(found, at, 0.65, keep_cue=True)
        if not ctx.starts_sentence():
            found = fragment_subject_speaker(ctx, state, ctx.left_tokens())
            if found is not None:
                return found
        previous = state.history.last_in_paragraph(at, ctx.cand.paragraph, ctx.paragraph_of)
        if previous is not None and not ctx.other_person_between(previous.at, previous.name) \
                and not other_speech_between(ctx, state, previous):
            return carried(previous, at, 0.6)
        found = citation_speaker(ctx, *ctx.right_range, 0.6, anywhere=True)
        if found is not None:
            return found
        if ctx.starts_paragraph():
            earlier = state.history.last_in_paragraph(at, ctx.cand.paragraph - 1, ctx.paragraph_of)
            if earlier is not None:
                return carried(earlier, at, 0.5)
            tokens = ctx.previous_paragraph_tail(colon=False)
            found = tokens and (phrase_speaker(ctx, state, tokens, nearest_last=True)
                                or verb_speaker(ctx, state, tokens, after=False))
            return carried(found, at, 0.55, keep_cue=True) if found else _interviewee(ctx)
        return None

    def _is_title(self, text: str, cand: Candidate, cues: QuoteCues) -> bool:
        """A name or title in quotes: after ``called``/``titled``..., next to ``book``/``project``...,
        or Title Case, unless a speech verb follows."""
        before = text[max(0, cand.match.open_at - 40):cand.match.open_at].lower()
        if cues.title_before.search(before):
            return True
        noun_before = LAST_WORD.search(before)  # "the book “...”", not "...network. “...”"
        if noun_before and noun_before.group(1) in cues.title_nouns:
            return True
        clause_after = CLAUSE_END.split(text[cand.mark_end:cand.mark_end + 50])[0]  # same paragraph only
        after_words = [w.lower() for w in WORD.findall(clause_after)][:5]
        speech_after = [w in cues.verbs or w.rstrip("sd") in cues.verbs for w in after_words]
        near_noun = any(w in cues.title_nouns for w in after_words[:4])
        if near_noun and not any(speech_after):
            return True
        # “Winter Is Coming,” she said: a cue within SPEECH_REACH words keeps Title Case a quotation
        return not any(speech_after[:SPEECH_REACH]) and _title_case(text[cand.match.start:cand.match.end])


def _interviewee(ctx: QuoteContext) -> Speaker | None:
    name = interview_speaker(ctx.doc, ctx.cand.match.start, ctx.cand.match.end)
    return Speaker(name, "PERSON", None, None, None, 0.6, ctx.cand.match.open_at) if name else None


def interview_speaker(doc: Doc, start: int, end: int) -> str | None:
    """In an interview, a quote with no cue is a pull quote: the words of the participant whose
    answer repeats it, else of the interviewee (None outside interviews)."""
    interview, kind = doc._.interview, doc._.kind
    if kind != "interview" or not interview:
        return None
    text = doc_text(doc)
    if ANSWER_WORDS not in doc.user_data:  # once per document, not once per quote
        doc.user_data[ANSWER_WORDS] = [(turn, _words(text, turn["answer_start"], turn["answer_end"]))
                                       for turn in interview.get("turns", []) if turn.get("speaker")]
    return _answer_repeating(text, start, end, doc.user_data[ANSWER_WORDS]) or interview.get("interviewee")


def _answer_repeating(text: str, start: int, end: int, answers: list[tuple[dict, set[str]]]) -> str | None:
    """The speaker of the answer that holds most of the quote's words (at least REPEATED_WORDS)."""
    words = _words(text, start, end)
    best, best_share = None, REPEATED_WORDS
    for turn, answer in answers:
        if turn["answer_start"] <= start < turn["answer_end"]:
            continue
        share = len(words & answer) / len(words) if words else 0.0
        if share >= best_share:
            best, best_share = turn["speaker"], share
    return best


def _words(text: str, start: int, end: int) -> set[str]:
    return {w.lower() for w in WORD.findall(text, start, end)}


def _turn_ranges(doc: Doc) -> list[tuple[int, int]]:
    interview = doc._.interview
    if not interview:
        return []
    return [(t["answer_start"], t["answer_end"]) for t in interview.get("turns", [])]


def _past_next_clause(tokens: list) -> list:
    """The words after a quote that may attribute it: when they open with a conjunction, that
    clause is another statement (“...,” and one critic alleges ...) and only what follows its
    comma may (“...” and affects everyone, Jane Roe said)."""
    first = next((t for t in tokens if not t.is_punct and not t.is_space), None)
    if first is None or first.pos_ not in CLAUSE_CONJUNCTIONS:
        return tokens
    comma = next((i for i, t in enumerate(tokens) if t.i > first.i and t.text == ","), None)
    return tokens[comma + 1:] if comma is not None else []


def _word_count(text: str) -> int:
    return len(WORD.findall(text))


def _title_case(quoted: str) -> bool:
    words = WORD.findall(quoted)
    long_words = [w for w in words if len(w) > 3]
    if not long_words or len(words) > 12 or TITLE_CASE_END.search(quoted):
        return False
    return len(words) >= 2 and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.8 \
        and not quoted[:1].islower()


@Language.factory(
    "qalam_quotes",
    default_config={"cues": {"@misc": "qalam.quote_cues.v1"}, "min_words": 4, "max_context_tokens": 30},
    requires=["doc.ents", "doc._.entities", "doc._.interview", "doc._.kind", "doc._.paragraphs",
              "doc._.quote_blocks", "token.pos", "token.lemma", "token.dep"],
    assigns=["doc.spans", "span._.quote"],
)
def make_quotes(nlp: Language, name: str, cues: Callable[[RuleData], dict[str, QuoteCues]], min_words: int,
                max_context_tokens: int) -> QuoteExtractor:
    """Quotes with speakers; ``min_words`` is the shortest quotation (shorter ones are terms)."""
    return QuoteExtractor(name, cues, min_words=min_words, max_context_tokens=max_context_tokens)
