"""Reported speech: "X said that ...", "X called for ...", "according to X, ..." as quotes of
type ``indirect``, each with its speaker.

A reported-speech verb (``QuoteCues.reported``) whose subject can be a speaker gives its
content: the clause it governs ("said the plan would fail"), the object of its preposition
("called for new elections") or its object and what it is urged to do ("urged the council to
act"). A reported-speech phrase ("according to X") gives the rest of its sentence. Content
inside quotation marks, overlapping a direct quote, or shorter than a quotation is left out,
and so is a verb without a speaker (nobody to attribute it to) or with a first-person one (the
writer's or the interviewee's own words, not reported speech).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from spacy.attrs import LEMMA, LOWER, POS
from spacy.parts_of_speech import VERB
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from pipeline.nlp.components.quotes.cues import QuoteCues
from pipeline.nlp.components.quotes.speakers import (
    OBJECTS,
    Attribution,
    Speaker,
    quote_payload,
    speaker_for,
    verb_subject,
)

WORD = re.compile(r"\w+")
EDGE_DEPS = {"mark", "punct"}  # "that" opening a clause, and punctuation
CONFIDENCE = 0.7


def reported_speech(state: Attribution, quotes: list[Span], *, min_words: int) -> list[Span]:
    """Spans of reported speech, each with its ``indirect`` quote payload, that overlap none of
    ``quotes`` (the direct ones)."""
    doc = state.index.doc
    taken = [(s.start_char, s.end_char) for s in quotes]
    found = []
    cue_tokens = _cue_tokens(doc, state.cues)
    for sentence in doc.sents:
        if state.index.in_quote(sentence.start_char) and state.index.in_quote(sentence.end_char - 1):
            continue
        in_sentence = cue_tokens[bisect_left(cue_tokens, sentence.start):bisect_left(cue_tokens, sentence.end)]
        for content, speaker in _in_sentence(state, sentence, [doc[i] for i in in_sentence]):
            start, end = content.start_char, content.end_char
            if len(WORD.findall(content.text)) < min_words or any(s < end and start < e for s, e in taken):
                continue
            content._.quote = quote_payload(state.index, content, speaker, "indirect", speaker.confidence)
            found.append(content)
            taken.append((start, end))
    return found


def _cue_tokens(doc: Doc, cues: QuoteCues) -> list[int]:
    """The indices of the tokens that may be a reported-speech cue: a verb with a reported-speech
    lemma, or the first word of a reported-speech phrase. Read off the Doc's arrays (a word is
    its string's id; each verb's lemma is looked up once); the other tokens give no reported
    speech."""
    pos, lemmas, lowers = doc.to_array([POS, LEMMA, LOWER]).T.tolist()
    verb_lemmas = {lemma for p, lemma in zip(pos, lemmas) if p == VERB}
    verbs = {lemma for lemma in verb_lemmas if doc.vocab.strings[lemma].lower() in cues.reported}
    starts = {get_string_id(word) for word in cues.reported_phrases}
    return [i for i, (p, lemma, lower) in enumerate(zip(pos, lemmas, lowers))
            if (p == VERB and lemma in verbs) or lower in starts]


def _in_sentence(state: Attribution, sentence: Span, tokens: list[Token]) -> Iterator[tuple[Span, Speaker]]:
    """Reported speech in ``sentence`` at its cue ``tokens``."""
    index, cues = state.index, state.cues
    for token in tokens:
        if index.in_quote(token.idx):
            continue
        if token.pos_ == "VERB" and token.lemma_.lower() in cues.reported:
            content = _verb_content(token, cues.reported[token.lemma_.lower()])
            subject = verb_subject(token, index)
            if content is not None and subject is not None and not _first_person(subject, cues):
                speaker = speaker_for(state, subject, token.text, CONFIDENCE, content.start_char)
                if speaker is not None:
                    yield content, speaker
        starting = cues.reported_phrases.get(token.lower_)
        phrase = _phrase_at(sentence, token, starting) if starting else None
        if phrase is not None:
            yield from _phrase_content(state, sentence, token, phrase)


def _first_person(subject: Token, cues: QuoteCues) -> bool:
    pronoun = cues.pronouns.get(subject.lower_)
    return pronoun is not None and pronoun.first_person


def _verb_content(verb: Token, preposition: str | None) -> Span | None:
    doc = verb.doc
    children = [c for c in verb.children if c.i > verb.i and c.dep_ != "punct"]
    if preposition is not None:  # "called for elections and the release of ...": to the clause's end
        prep = next((c for c in children if c.dep_ == "prep" and c.lower_ == preposition), None)
        return _trimmed(doc[prep.i + 1:children[-1].right_edge.i + 1]) if prep is not None else None
    clause = next((c for c in children if c.dep_ == "ccomp"), None)
    if clause is not None:
        return _trimmed(doc[clause.left_edge.i:clause.right_edge.i + 1])
    obj = next((c for c in children if c.dep_ in OBJECTS), None)
    purpose = next((c for c in children if c.dep_ == "xcomp"), None)
    if obj is not None and purpose is not None:  # "urged the council to act"
        return _trimmed(doc[obj.left_edge.i:purpose.right_edge.i + 1])
    return None


def _trimmed(span: Span) -> Span | None:
    """The span without a leading "that" and without punctuation or space at either end."""
    doc, start, end = span.doc, span.start, span.end
    while start < end and (doc[start].dep_ in EDGE_DEPS or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None


def _phrase_at(sentence: Span, token: Token, phrases: tuple[tuple[str, ...], ...]) -> tuple[str, ...] | None:
    words = [t.lower_ for t in sentence.doc[token.i:min(token.i + 4, sentence.end)]]
    return next((p for p in phrases if tuple(words[:len(p)]) == p), None)


def _phrase_content(state: Attribution, sentence: Span, token: Token,
                    phrase: tuple[str, ...]) -> Iterator[tuple[Span, Speaker]]:
    """"According to X, the rest." / "The rest, according to X.": the rest, said by X."""
    doc = sentence.doc
    last = doc[token.i + len(phrase) - 1]
    source = next((c for c in last.children if c.dep_ == "pobj"), None)
    if source is None:
        return
    phrase_end = max(source.right_edge.i, last.i) + 1
    if not doc[sentence.start:token.i].text.strip(" ,"):
        content = _trimmed(doc[phrase_end:sentence.end])
    elif not doc[phrase_end:sentence.end].text.strip(" .,;"):
        content = _trimmed(doc[sentence.start:token.i])
    else:
        return  # in the middle of its sentence: the rest is not one stretch
    if content is None:
        return
    speaker = speaker_for(state, source, " ".join(phrase), CONFIDENCE, content.start_char)
    if speaker is not None:
        yield content, speaker
