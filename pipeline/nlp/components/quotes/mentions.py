"""Speaker phrases: what may name a speaker, and the name a reader would give it.

A speaker is always one of: a person or an organisation the entities found, a proper name,
a role phrase ("the police chief", "farmers") or a source ("the report"). The head of a role
phrase must be a role noun and the head of a source a source noun (``QuoteCues``); any other
noun phrase is never a speaker, by construction. A role resolves to the name standing beside
it ("the chief, Jane Roe" / "Jane Roe, the chief" / "chief Jane Roe"), in the phrase itself or,
for a definite role ("the chief"), at its nearest earlier mention in the document. A bare source ("the report") resolves to the nearest source named before it.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.nlp.components.quotes.context import DocIndex
from pipeline.nlp.components.quotes.cues import QuoteCues
from pipeline.text.quote_marks import APOSTROPHES, QUOTE_MARKS

PERSON, ORG, SOURCE = "PERSON", "ORG", "SOURCE"
NAME = "NAME"  # a proper name the entities do not label: any pronoun may stand for it
ORG_LABELS = frozenset({"ORG", "NORP", "GPE", "FAC", "LOC"})
NOT_SPEAKER_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "LAW"})
POSSESSIVE = {*APOSTROPHES, *(f"{a}s" for a in APOSTROPHES)}
ROLE_LABEL = {"person": PERSON, "group": ORG}
SUBJECTS = {"nsubj", "nsubjpass", "nsubj:pass"}  # spaCy's English labels and Universal Dependencies
# Tags the small English model gives surnames it does not know ("Petrides" NOUN, "Early" ADV).
NAME_MISTAGS = frozenset({"NOUN", "ADV", "ADJ"})
SENTENCE_BREAKS = frozenset({".", "!", "?", "…", ":", ";"})
LEADING_MARKS = QUOTE_MARKS + "—–-•*"  # what may stand between a sentence break and its first word


@dataclass(frozen=True)
class Mention:
    """A phrase that names a speaker: its span, PERSON / ORG / SOURCE, and whether it carries a
    name (an entity or a proper noun) rather than only a role or a kind of source."""

    span: Span
    label: str
    named: bool
    definite: bool = False  # "the group" alone: it may stand, like "it", for a body named before


def speaker_mention(index: DocIndex, token: Token, cues: QuoteCues) -> Mention | None:
    """The speaker phrase ``token`` heads, with roles and sources resolved to names; None when
    the token heads no phrase that can be a speaker."""
    ent = index.speaker_ent_at(token.i)
    if ent is not None and ent.label_ != "PERSON":  # "the Mandan police chief, Jane Roe": the person
        ent = next((p for c in token.children if c.dep_ == "appos" and (p := _person_at(index, c.i))), ent)
    if ent is not None:
        return _entity_mention(ent)
    if token.ent_type_ in NOT_SPEAKER_LABELS:
        return None  # a date, a number, a statute: not a speaker
    named_of = _capitalised_of_organisation(index, token, cues)
    if named_of is not None:
        return Mention(named_of, ORG, True)
    if token.pos_ == "PROPN":
        return Mention(_proper_name(token), _name_label(token, cues), True)
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN" and lemma in cues.roles:
        return _role_mention(index, token, cues)
    if token.pos_ == "NOUN" and lemma in cues.sources:
        return _source_mention(index, token, cues)
    if token.lower_ not in cues.pronouns and capitalised_name(token):
        return Mention(token.doc[token.i:token.i + 1], NAME, True)
    return None


def capitalised_name(token: Token) -> bool:
    """A capitalised word inside a sentence, without a determiner, that the tagger took for a
    common word (“...,” Petrides said; says Early): English capitalises only names there."""
    if token.pos_ not in NAME_MISTAGS or not token.is_title or not token.is_alpha:
        return False
    if any(c.dep_ == "det" for c in token.children):
        return False
    before = next((t for t in reversed(token.doc[:token.i]) if t.text not in LEADING_MARKS and not t.is_space), None)
    return before is not None and before.text not in SENTENCE_BREAKS and "\n" not in token.doc[before.i:token.i].text


def _capitalised_of_organisation(index: DocIndex, token: Token, cues: QuoteCues) -> Span | None:
    """"Freedom of the Press Foundation" where the entity is only "Press Foundation": a
    capitalised word joined by "of" to an organisation is the start of its name."""
    if not token.is_title or token.pos_ not in {"NOUN", "PROPN"}:
        return None
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in cues.name_prepositions:
            for obj in prep.children:
                ent = index.ent_at.get(obj.i)
                if obj.dep_ == "pobj" and ent is not None and ent.label_ == "ORG":
                    return token.doc[token.i:ent.end]
    return None


def _entity_mention(ent: Span) -> Mention:
    doc, start, end = ent.doc, ent.start, ent.end
    while end > start + 1 and doc[end - 1].text in POSSESSIVE:
        end -= 1
    while end > start + 1 and doc[start].lower_ == "the":
        start += 1
    return Mention(doc[start:end], PERSON if ent.label_ == "PERSON" else ORG, True)


def _name_label(token: Token, cues: QuoteCues) -> str:
    """A proper name's label from the role in apposition to it ("SBM Intel, a research firm")."""
    for child in token.children:
        kind = cues.roles.get(child.lemma_.lower()) if child.dep_ == "appos" and child.pos_ == "NOUN" else None
        if kind is not None:
            return ROLE_LABEL[kind]
    return NAME


def _proper_name(token: Token) -> Span:
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start - 1].pos_ == "PROPN" and _capitalised(doc[start - 1]):
        start -= 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and _capitalised(doc[end]):
        end += 1
    return doc[start:end]


def _capitalised(token: Token) -> bool:
    return token.is_title or token.is_upper


def _phrase(head: Token, cues: QuoteCues) -> Span:
    """The noun phrase as written, without its determiner, extended by "of/for/by NAME"."""
    doc = head.doc
    start, end = role_phrase_start(head), head.i + 1
    for prep in head.children:
        named = [c for c in prep.children if c.dep_ == "pobj" and (c.pos_ == "PROPN" or c.ent_type_)]
        if prep.dep_ == "prep" and prep.lower_ in cues.name_prepositions and named:
            end = named[0].right_edge.i + 1
    while start < end - 1 and doc[start].pos_ in {"DET", "PRON", "NUM"}:
        start += 1
    return doc[start:end]


def role_phrase_start(head: Token) -> int:
    """Where the phrase of a noun starts: its left edge in the parse, after any comma."""
    doc, start = head.doc, head.left_edge.i
    commas = [t.i for t in doc[start:head.i] if t.text in {",", "("}]
    return commas[-1] + 1 if commas else start


def _role_mention(index: DocIndex, head: Token, cues: QuoteCues) -> Mention:
    label = ROLE_LABEL[cues.roles[head.lemma_.lower()]]
    name = name_beside(index, head)
    definite = _definite(head)
    if name is None and definite:
        name = _earlier_bearer(index, head, label, cues)
    if name is not None:
        return _entity_mention(name)
    phrase = _phrase(head, cues)
    named = phrase[0].pos_ == "PROPN" or bool(index.ents_within(phrase))
    if not definite or named or len(phrase) > 1:
        return Mention(phrase, label, named)
    earlier = _earlier_description(index, head, cues)  # "the weather office ... the office said"
    if earlier is not None:
        return Mention(earlier, label, False)
    return Mention(phrase, label, False, definite=label == ORG)


def _definite(head: Token) -> bool:
    """"the chief", "this office", "its spokesperson": a role someone named before may hold."""
    return any(c.dep_ == "poss" or c.dep_ == "det" and (c.morph.get("Definite") == ["Def"] or
                                                       c.morph.get("PronType") == ["Dem"])
               for c in head.children)


def name_beside(index: DocIndex, head: Token) -> Span | None:
    """The name standing beside a role noun, by apposition or adjacency: "the chief, Jane Roe",
    "chief Jane Roe", "Jane Roe, the chief"."""
    doc = head.doc
    for child in head.children:
        if child.dep_ == "appos":
            person = _person_at(index, child.i)
            if person is not None:
                return person
    if head.dep_ == "appos":
        person = _person_at(index, head.head.i)
        if person is not None:
            return person
    after = head.i + 1
    if after < len(doc) and doc[after].text == ",":
        after += 1
    person = _person_at(index, after, starting=True)
    if person is not None:
        return person
    before = role_phrase_start(head) - 1
    if before > 0 and doc[before].text == ",":
        ent = _person_at(index, before - 1)
        if ent is not None and ent.end == before:
            return ent
    return None


def _person_at(index: DocIndex, i: int, *, starting: bool = False) -> Span | None:
    ent = index.ent_at.get(i)
    if ent is None or ent.label_ != "PERSON" or (starting and ent.start != i):
        return None
    return ent


def _earlier_bearer(index: DocIndex, head: Token, label: str, cues: QuoteCues) -> Span | None:
    """The named holder of the same role mentioned earlier in the document, the nearest one
    ("sheriff Tom Reyes ... the sheriff said"); for a group, the nearest organisation
    whose name holds the noun ("the Ministry of Health ... the ministry said")."""
    lemma = head.lemma_.lower()
    if label == PERSON:
        held = [name for i, name in _role_holders(index, cues).get(lemma, ()) if i < head.i]
        return held[-1] if held else None
    earlier = index.orgs[:bisect_left(index.org_starts, head.i)]
    return next((ent for ent in reversed(earlier) if any(t.lower_ == lemma for t in ent)), None)


def _earlier_description(index: DocIndex, head: Token, cues: QuoteCues) -> Span | None:
    """The nearest fuller phrase with the same head noun, in this paragraph or the one before."""
    lemma = head.lemma_.lower()
    for token in reversed(head.doc[index.char_token(index.window_start(head.idx)):head.i]):
        if token.lemma_.lower() == lemma and token.pos_ == "NOUN" and not index.in_quote(token.idx):
            phrase = _phrase(token, cues)
            if len(phrase) > 1:
                return phrase
    return None


def _role_holders(index: DocIndex, cues: QuoteCues) -> dict[str, list[tuple[int, Span]]]:
    """Role lemma -> (token index, name) of every role noun with a name beside it, in order;
    found once per document."""
    if "role_holders" not in index.memo:
        holders: dict[str, list[tuple[int, Span]]] = {}
        for token in index.doc:
            if token.pos_ in {"NOUN", "PROPN"} and token.lemma_.lower() in cues.roles and not index.in_quote(token.idx):
                name = name_beside(index, token)
                if name is not None:
                    holders.setdefault(token.lemma_.lower(), []).append((token.i, name))
        index.memo["role_holders"] = holders
    return index.memo["role_holders"]


def _source_mention(index: DocIndex, head: Token, cues: QuoteCues) -> Mention:
    """"a report by the Fund" -> the Fund; "the Amnesty report" -> as written; "the report" ->
    the nearest source named before it, else as written."""
    author = _named_by(index, head, cues)
    if author is not None:
        return author
    phrase = _phrase(head, cues)
    if _is_named(index, phrase):
        return Mention(_without_dates(phrase), SOURCE, True)
    earlier = _earlier_source(index, head, cues)
    return earlier or Mention(phrase, SOURCE, False)


def _named_by(index: DocIndex, head: Token, cues: QuoteCues) -> Mention | None:
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in cues.author_prepositions:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() not in cues.sources:
                    found = speaker_mention(index, obj, cues)
                    if found is not None and found.named:
                        return found
    return None


def _issuer(index: DocIndex, source: Token, cues: QuoteCues) -> Mention | None:
    """Who a source comes from, when a sentence names them as its verb's subject: "The fund
    denied it in a statement", "The council issued a report"."""
    verb = source.head.head if source.head.dep_ == "prep" else source.head
    if verb.pos_ != "VERB" or verb.i == source.i:
        return None
    for child in verb.children:
        if child.dep_ in SUBJECTS and child.i < verb.i:
            found = speaker_mention(index, child, cues)
            if found is not None and found.named and found.label != SOURCE:
                return found
    return None


def _is_named(index: DocIndex, phrase: Span) -> bool:
    return any(t.pos_ == "PROPN" or index.speaker_ent_at(t.i) is not None for t in phrase[:-1])


def _without_dates(phrase: Span) -> Span:
    """"a November 2023 inspector general report" -> "inspector general report"."""
    doc, start = phrase.doc, phrase.start
    while start < phrase.end - 1 and (doc[start].ent_type_ in NOT_SPEAKER_LABELS or doc[start].pos_ in {"DET", "NUM"}):
        start += 1
    return doc[start:phrase.end]


def _earlier_source(index: DocIndex, head: Token, cues: QuoteCues) -> Mention | None:
    """The nearest source with a name before ``head`` in this paragraph or the one before: a
    source noun carrying a name, or a quoted title."""
    doc = head.doc
    lo = index.window_start(head.idx)
    title = index.last_title_before(head.idx, lo)
    for token in reversed(doc[index.char_token(lo):head.i]):
        if title is not None and token.idx < title.start_char:
            break
        if token.pos_ == "NOUN" and token.lemma_.lower() in cues.sources and not index.in_quote(token.idx):
            found = _named_by(index, token, cues) or _issuer(index, token, cues)
            phrase = _phrase(token, cues)
            if found is not None:
                return found
            if _is_named(index, phrase):
                return Mention(_without_dates(phrase), SOURCE, True)
    return Mention(title, SOURCE, True) if title is not None else None
