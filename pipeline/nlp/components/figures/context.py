"""What a figure is about, from the dependency parse: what it counts ("of"), whose it is
("subject"), the year the sentence gives it, and which figure it converts.

Our own code over spaCy's parse and entities.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from pipeline.nlp.components.figures.parse import Lexicon, is_year_like
from pipeline.nlp.components.figures.scan import Candidate
from pipeline.nlp.doc_memo import doc_memo

NOUN_POS = frozenset({"NOUN", "PROPN"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})
DROP_WORDS = frozenset({"other", "such", "more", "additional", "further", "only"})
MAX_OF_TOKENS = 8
MAX_NAME_TOKENS = 5
NAME_ENTS = frozenset({"ORG", "GPE", "NORP", "PERSON"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
NOMINAL_DEPS = SUBJECT_DEPS | {"dobj"}
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
YEAR_PREPS = frozenset({"in", "during", "by", "since", "for", "of", "until", "from", "to", "between", "as"})


def own_clause(doc: Doc, i: int) -> Span:
    """Token i's sentence cut at line breaks: a bullet, a table row or a heading is a unit of its
    own, even where the parser runs it into the next line. Worked out once per token (the
    rules ask for a figure's clause several times)."""
    clauses = doc_memo(doc).setdefault("own_clause", {})
    if i not in clauses:
        clauses[i] = _clause_bounds(doc, i)
    start, end = clauses[i]
    return doc[start:end]


def _clause_bounds(doc: Doc, i: int) -> tuple[int, int]:
    sent = doc[i].sent
    start, end = i, i + 1
    while start > sent.start and "\n" not in doc[start - 1].text:
        start -= 1
    while end < sent.end and "\n" not in doc[end].text:
        end += 1
    return start, end


def entity_at(doc: Doc, i: int) -> Span | None:
    """The named entity covering token i, found from the IOB tags (Doc.ents is rebuilt per access)."""
    if not doc[i].ent_type_:
        return None
    start = i
    while doc[start].ent_iob_ != "B" and start > 0 and doc[start - 1].ent_type_ == doc[i].ent_type_:
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[i].ent_type_)


def counted_noun(doc: Doc, cand: Candidate) -> Token | None:
    """The noun the figure counts or measures, if the parse gives one on the figure's own line."""
    noun = _parsed_noun(doc, cand)
    clause = own_clause(doc, cand.anchor)
    return noun if noun is not None and clause.start <= noun.i < clause.end else None


def _parsed_noun(doc: Doc, cand: Candidate) -> Token | None:
    anchor = doc[cand.anchor]
    of_object = _of_object(anchor)
    if of_object is not None:
        return of_object
    head = anchor.head
    if cand.kind == "percent" and anchor.dep_ == "nummod" and head.pos_ in NOUN_POS and head.i >= cand.end:
        return head  # "one in five women"
    if cand.kind == "count":
        if anchor.dep_ in {"nummod", "quantmod", "compound", "amod"} and head.pos_ in NOUN_POS \
                and head.i >= cand.end:
            return head
        nxt = doc[cand.end] if cand.end < len(doc) else None
        if nxt is not None and nxt.pos_ in NOUN_POS and nxt.tag_ in PLURAL_TAGS:
            return nxt
        if anchor.dep_ in NOMINAL_DEPS and not is_year_like(anchor.text, cand.value):
            return elided_noun(doc, cand)
    return None


def elided_noun(doc: Doc, cand: Candidate) -> Token | None:
    """"seven employees were acquitted and four were convicted": a number standing alone as
    subject or object counts the plural noun an earlier number of its sentence counted."""
    clause = own_clause(doc, cand.anchor)
    for token in reversed(doc[clause.start:cand.start]):
        if token.dep_ == "nummod" and token.head.tag_ in PLURAL_TAGS and token.head.i < cand.start:
            return token.head
    return None


def _of_object(token: Token) -> Token | None:
    """The object of an "of" after the figure, also through "out of" ("23 out of 45 provinces")."""
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ != "of":
            child = next((c for c in child.children if c.dep_ == "prep" and c.lower_ == "of"), child)
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((c for c in child.children if c.dep_ == "pobj" and c.pos_ in NOUN_POS), None)
    return None


def noun_phrase(doc: Doc, noun: Token, *, skip: range) -> str:
    """The noun with its modifiers, an "of" phrase and a bare conjoined noun."""
    tokens = {noun.i}
    for child in noun.lefts:  # only modifiers between the figure and its noun
        if child.dep_ in MODIFIER_DEPS and child.i >= skip.stop and child.lower_ not in DROP_WORDS:
            tokens.update(t.i for t in child.subtree if t.i >= skip.stop)
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            tokens.update(t.i for t in _object_words(child))
        elif child.dep_ == "conj" and child.pos_ in NOUN_POS and not list(child.children):
            tokens.update(range(noun.i + 1, child.i + 1))
    clause = own_clause(doc, noun.i)
    start, end = max(min(tokens), clause.start), min(max(tokens) + 1, clause.end)
    if end - start > MAX_OF_TOKENS:
        end = start + MAX_OF_TOKENS
    span = doc[start:end]
    for i, token in enumerate(span):  # a phrase stops at the first bracket or comma
        if token.text in {"(", ",", ";", ")"}:
            span = span[:i]
            break
    words = [t for t in span if not (t.i == start and t.pos_ in {"DET", "PRON"} and t.i != noun.i)]
    return "".join(t.text_with_ws for t in words).strip() or noun.text


def _object_words(prep: Token) -> list[Token]:
    """"of" and its object with the object's own modifiers, not further phrases."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None:
        return [prep]
    return [prep, *(t for c in obj.lefts for t in c.subtree), obj]


def governing_verb(doc: Doc, cand: Candidate) -> Token | None:
    """The nearest verb above the figure in the parse."""
    token = doc[cand.anchor]
    for _ in range(6):
        if token.pos_ in {"VERB", "AUX"}:
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def subject_of(doc: Doc, verb: Token | None, cand: Candidate, lexicon: Lexicon) -> tuple[str | None, bool]:
    """The verb's subject and whether it is a named actor (organisation, country, person).

    A subject that contains the figure itself ("Only 2886 NGOs are registered") is no owner.
    """
    if verb is None:
        return None, False
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None and verb.dep_ in {"conj", "xcomp", "advcl"}:
        subject = next((c for c in verb.head.children if c.dep_ in SUBJECT_DEPS), None)
    clause = own_clause(doc, cand.anchor)
    if subject is None or subject.pos_ == "PRON" or not clause.start <= subject.i < clause.end \
            or subject.left_edge.i <= cand.anchor <= subject.right_edge.i:
        return None, False
    ent = entity_at(doc, subject.i)
    if ent is not None and ent.label_ in lexicon.elliptic_of_labels:
        return ent.text, True
    phrase = doc[max(subject.left_edge.i, clause.start):subject.i + 1]
    if len(phrase) > MAX_OF_TOKENS:
        phrase = doc[subject.i:subject.i + 1]
    return phrase.text, False


def name_before(doc: Doc, cand: Candidate, lexicon: Lexicon) -> str | None:
    """"... and US AID 24%": a capitalised name right before a percent owns it by ellipsis."""
    end = cand.start
    clause_start = own_clause(doc, cand.anchor).start
    while end > clause_start and doc[end - 1].is_space:
        end -= 1
    start = end
    while start > clause_start and end - start < MAX_NAME_TOKENS and _name_word(doc[start - 1]):
        start -= 1
    if start == end:
        return None
    ent = entity_at(doc, end - 1)
    if ent is not None and ent.label_ not in lexicon.elliptic_of_labels and ent.label_ != "ORG":
        return None
    return doc[start:end].text


def _name_word(token: Token) -> bool:
    return token.is_alpha and (token.is_title or token.is_upper) and not token.is_sent_start \
        and (token.pos_ in NOUN_POS or token.ent_type_ in NAME_ENTS)


def sentence_year(doc: Doc, cand: Candidate, *, citations: frozenset[int]) -> int | None:
    """The year the figure's sentence gives ("in 2018") on the figure's own line, nearest first;
    years in ``citations`` (token indices) do not count."""
    years: list[tuple[int, int]] = []
    for token in own_clause(doc, cand.anchor):
        if not is_year_like(token.text, float(token.text) if token.text.isdigit() else 0):
            continue
        if token.i in citations or _in_citation_brackets(doc, token):
            continue
        if token.ent_type_ == "DATE" or (token.i > 0 and doc[token.i - 1].lower_ in YEAR_PREPS):
            years.append((abs(token.i - cand.anchor), int(token.text)))
    return min(years)[1] if years else None


def _in_citation_brackets(doc: Doc, token: Token) -> bool:
    """"(Author, 2020)" or "Author (2020)": a citation's year, not the figure's."""
    left = doc[max(0, token.i - 4):token.i]
    return any(t.text == "(" for t in left) and any(t.text == ")" for t in doc[token.i + 1:token.i + 3])


BRACKET_GAP = re.compile(r"[(\[–—]")


def is_conversion(doc: Doc, first: Span, second: Span, lexicon: Lexicon) -> bool:
    """"1 million somoni (approximately $100,000)": money restated right after, in brackets
    or after "or" / "equivalent to"."""
    if second.start - first.end > 4:
        return False
    gap = doc[first.end:second.start]
    words = " ".join(t.lower_ for t in gap if not t.is_punct and not t.is_space)
    if words:
        return words in lexicon.equivalent_links
    return bool(BRACKET_GAP.search(gap.text))
