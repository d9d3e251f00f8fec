"""qalam_entities: citations, filtering and one canonical record per real-world entity.

Runs after the entity rules (gazetteer, shapes, overlap policy). It
1. finds author-year citations, puts them in ``doc.spans["citations"]`` and makes their
   authors PERSON (or ORG) entities, overriding the model but not a gazetteer name;
2. trims mentions (leading "the", possessive "'s", trailing punctuation) and drops what
   is not a named entity (kinds like "NGOs", nationalities, events, lowercase words,
   emails/URLs, numbers);
3. groups mentions into entities (grouping.py);
4. writes ``doc._.entities`` (records.Entity dicts) and the trimmed ``doc.ents``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.components.entities.grouping import Mention, entity_record, group_mentions, merge_same_name
from pipeline.nlp.components.entities.names import contract_label, fold
from pipeline.nlp.components.entities.shapes import RULE_ID
from pipeline.nlp.components.entities.vocabulary import VOCABULARY_FILE, EntityVocabulary
from pipeline.nlp.extensions import span_payload
from pipeline.nlp.rule_data import RuleComponent, RuleData
from pipeline.records import Citation
from pipeline.text.citations import find_citations
from pipeline.text.date_words import MONTHS, WEEKDAYS
from pipeline.text.quote_marks import APOSTROPHE_LOOKALIKES, APOSTROPHES, CLOSING_MARKS, OPENING_MARKS, QUOTE_MARKS

NAMES_FILE = "entities/names.tsv"
NOT_ENTITIES_FILE = "entities/not_entities.txt"
CITATIONS_KEY = "citations"
CITATION_ID = "citation"
KEPT_LABELS = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC"})
# Singular heads whose plural ends a class name, not an organization's ("Platforms").
PLURAL_HEADS = frozenset({"Platform", "Group", "Network", "Organisation", "Initiative", "Movement",
                          "Party", "Coalition", "Alliance", "Society", "Cooperative", "Club"})
LEADING_ARTICLES = ("the ", "The ", "THE ")
POSSESSIVE = re.compile(rf"[{APOSTROPHES}{APOSTROPHE_LOOKALIKES}]s?$")
TRAILING = ".,;:!?)-–—/ " + QUOTE_MARKS
NOT_A_NAME = re.compile(r"@|https?:|www\.|\.(?:com|org|net|se|ru|tj)\b|^\W*$|^[\d\W]+$")
# "Forum on Tuesday": a date phrase the model ran into the name.
DATE_WORDS = frozenset(MONTHS + WEEKDAYS)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Char range without a leading article, possessive or trailing punctuation."""
    changed = True
    while changed and start < end:
        changed = False
        piece = text[start:end]
        for article in LEADING_ARTICLES:
            if piece.startswith(article):
                start += len(article)
                changed = True
        possessive = POSSESSIVE.search(text, start, end)  # a bare apostrophe is trailing punctuation too
        if possessive:
            end -= len(possessive.group())
            changed = True
        while start < end and text[end - 1] in TRAILING:
            end -= 1
            changed = True
        while start < end and text[start] in TRAILING:
            start += 1
            changed = True
    return start, end


def _without_date_tail(text: str, start: int, end: int) -> int:
    """End of the range without a trailing "on Tuesday" / "in March"."""
    words = text[start:end].split(" ")
    if len(words) > 2 and words[-1] in DATE_WORDS and words[-2] in ("on", "in"):
        return start + len(" ".join(words[:-2]))
    return end


def _single_name_after_in(doc_text: str, start: int, text: str) -> bool:
    """ "based in Jumla": one capitalised word after "in" that the model calls ORG is a place
    (acronyms stay organizations)."""
    return (" " not in text and not text.isupper()
            and re.search(r"\b(?:in|near|outside)\s$", doc_text[max(0, start - 8):start]) is not None)


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether the range is exactly the inside of a pair of quotation marks."""
    before, after = text[start - 1:start], text[end:end + 1]
    return bool(before) and before in OPENING_MARKS and after in CLOSING_MARKS and bool(after)


def _plural_kind(text: str, org_words: frozenset[str]) -> bool:
    """"Policy Dialogue Platforms", "Mahallahs": a plural is a class of things, not one name."""
    words = text.split()
    last = words[-1]
    if any(w in ("of", "for", "to", "against", "on") for w in words):
        return False
    return last.endswith("s") and not last.endswith("ss") and (
        last[:-1] in org_words or last[:-1] in PLURAL_HEADS or len(text.split()) == 1)


def _source(ent: Span) -> str:
    if ent.id_ == CITATION_ID:
        return "citation"
    return "rule" if ent.id_ else "model"


def _stan_demonyms(names: dict[str, str]) -> set[str]:
    """"uzbek", "kazakh", "turkmen": the people of the -stan countries, absent from WordNet."""
    stems = set()
    for key, name in names.items():
        for suffix in ("istan", "stan"):
            if key.startswith("place:") and " " not in name and name.endswith(suffix):
                stems.add(fold(name[: -len(suffix)]))
                break
    return stems


def _merge_citation_ents(doc: Doc, authors: list[Span]) -> list[Span]:
    """Citation authors replace overlapping model/shape entities, never gazetteer names."""
    ents = list(doc.ents)
    owner = {i: k for k, e in enumerate(ents) for i in range(e.start, e.end)}
    removed: set[int] = set()
    for author in authors:
        clash = {owner[i] for i in range(author.start, author.end) if i in owner}
        if any(ents[k].id_ not in ("", RULE_ID) for k in clash):
            continue
        for k in clash:
            removed.add(k)
            for i in range(ents[k].start, ents[k].end):
                del owner[i]
        owner.update((i, len(ents)) for i in range(author.start, author.end))
        ents.append(author)
    return filter_spans([e for k, e in enumerate(ents) if k not in removed])


class EntityCanon(RuleComponent):
    """Citations, filtering and canonical entities (see module docstring)."""

    RULE_FILES = (VOCABULARY_FILE, NAMES_FILE, NOT_ENTITIES_FILE)

    def __init__(self, nlp: Language, name: str = "qalam_entities") -> None:
        self.nlp = nlp
        self.name = name

    def load_rules(self, rules: RuleData) -> None:
        self.words = EntityVocabulary.from_json(rules.json(VOCABULARY_FILE))
        self.names = rules.pairs(NAMES_FILE)
        self.not_entities = frozenset(fold(word) for word in rules.entries(NOT_ENTITIES_FILE))
        adjectives, nouns = self._lemma_lists()
        self.adjectives = frozenset(adjectives | _stan_demonyms(self.names))
        self.dictionary = frozenset(adjectives | nouns)

    def _lemma_lists(self) -> tuple[set[str], set[str]]:
        """Adjectives and nouns of the model's lemmatizer (WordNet lists), if it has one."""
        if "lemmatizer" not in self.nlp.pipe_names:
            return set(), set()
        tables = self.nlp.get_pipe("lemmatizer").lookups
        index = tables.get_table("lemma_index") if tables.has_table("lemma_index") else {}
        return set(index["adj"] if "adj" in index else ()), set(index["noun"] if "noun" in index else ())

    def annotate(self, doc: Doc) -> Doc:
        text = doc.text  # Doc.text is rebuilt on every access: read it once per document
        ents = _merge_citation_ents(doc, self._citation_ents(doc, text))
        norp = {fold(e.text) for e in ents if e.label_ == "NORP"}
        mentions, kept = [], []
        for ent in ents:
            if ent.label_ not in KEPT_LABELS:
                kept.append(ent)
                continue
            mention = self._mention(text, ent, norp)
            if mention is not None:
                mentions.append(mention)
                label = ent.label_ if mention.label == "PLACE" else mention.label
                span = doc.char_span(mention.start, mention.end, label=label, span_id=ent.id_)
                kept.append(span if span is not None else ent)
        doc.ents = filter_spans(kept)
        records = [entity_record(group, self.names) for group in group_mentions(text, mentions, self.names)]
        doc._.entities = [entity.model_dump() for entity in merge_same_name(records)]
        return doc

    # -- citations -------------------------------------------------------------------
    def _citation_ents(self, doc: Doc, text: str) -> list[Span]:
        """Citation spans into doc.spans and their author names as entity spans."""
        spans, authors = [], []
        places = {(e.start_char, e.end_char) for e in doc.ents if e.id_.startswith("place:")}
        for cit in find_citations(text):
            span = doc.char_span(cit.start, cit.end, alignment_mode="expand")
            if span is None or any(name in places for name in cit.names):
                continue  # "In Armenia (2016)" dates a place, it cites no one
            span._.citation = span_payload(Citation(text=span.text, start=span.start_char, end=span.end_char,
                                                    author=cit.author, year=cit.year, page=cit.page))
            spans.append(span)
            for start, end in cit.names:
                name = doc.char_span(start, end, alignment_mode="expand")
                label = self._author_label(text[start:end].split())
                if name is None or label is None:
                    continue
                authors.append(Span(doc, name.start, name.end, label=label, span_id=CITATION_ID))
        doc.spans[CITATIONS_KEY] = spans
        return authors

    def _author_label(self, words: list[str]) -> str | None:
        """PERSON for a name, ORG for an organization, None for a title or a common phrase."""
        if set(words) & self.words.title_words:
            return None
        if set(words) & self.words.org_words or all(w.isupper() for w in words):
            return "ORG"
        # "Third Shadow Report", "Public Associations": every word a dictionary word.
        common = [w.lower() in self.dictionary or w.lower().rstrip("s") in self.dictionary for w in words]
        return None if len(words) > 1 and all(common) else "PERSON"

    # -- mentions --------------------------------------------------------------------
    def _mention(self, doc_text: str, ent: Span, norp: set[str]) -> Mention | None:
        start, end = _trim(doc_text, ent.start_char, _without_date_tail(doc_text, ent.start_char, ent.end_char))
        if start >= end:
            return None  # nothing but punctuation or an article
        text = doc_text[start:end]
        label = contract_label(ent.label_)
        source = _source(ent)
        if "\n\n" in text:
            return None  # a name never runs across paragraphs ("Findings\n\nClinics")
        if label == "PLACE" and self._names_a_currency(doc_text, end):
            return None  # "US dollar", "Hong Kong dollars": a currency, not the place
        if source == "model" and label == "ORG" and self._has_stray_lowercase(text):
            return None  # a Title Case headline, not a name ("Council Wins a Say Over Budget")
        if source == "model" and label == "ORG" and (text.split()[-1] in self.words.place_heads
                                                      or _single_name_after_in(doc_text, start, text)):
            label = "PLACE"
        gid = ent.id_ if ent.id_ not in ("", RULE_ID, CITATION_ID) else ""
        if source == "model" and label == "PLACE" and text.isupper() and len(text) > 1:
            label = "ORG"  # an acronym the gazetteer does not know is an organization, not a place
        if source == "model" and _quoted(doc_text, start, end):
            return None  # a title in quotation marks ("Ask for more"), not a name
        if label == "ORG" and not gid and self._followed_by_role(doc_text, end):
            return None  # "Steering Committee President" is a title held by a person
        if label == "ORG" and not gid and self._kind_before_quoted_name(doc_text, text, end):
            return None  # "Public Foundation" in: Public Foundation "Nasl"
        checked = source != "citation" and not gid  # gazetteer names and cited authors are names
        if checked and not self._is_name(text, label, norp=norp):
            return None
        if source == "model" and label == "ORG" and _plural_kind(text, self.words.org_words):
            return None
        return Mention(start=start, end=end, text=text, label=label, source=source, gid=gid)

    def _is_name(self, text: str, label: str, *, norp: set[str]) -> bool:
        """False for kinds, nationalities, events, lowercase words, URLs and numbers."""
        if not text or not text[0].isupper() or NOT_A_NAME.search(text) or "(" in text or ")" in text:
            return False
        folded = fold(text)
        if folded in self.not_entities or folded in norp or folded.rstrip("s") in norp:
            return False
        words = folded.split()
        if words and words[-1] in self.words.event_heads and label != "PLACE":
            return False
        single = len(words) == 1
        adjectives = self.adjectives
        return not (single and (folded in adjectives or (folded.endswith("s") and folded[:-1] in adjectives)))

    def _names_a_currency(self, text: str, end: int) -> bool:
        following = text[end:end + 12].split()
        return bool(following) and following[0].lower().strip(".,;:") in self.words.currency_nouns

    def _has_stray_lowercase(self, text: str) -> bool:
        return any(w[:1].islower() and w not in self.words.name_connectors for w in text.split())

    def _followed_by_role(self, text: str, end: int) -> bool:
        """Whether the next word is an office title ("President", "Chair")."""
        following = text[end:end + 20].split()
        return bool(following) and following[0].strip(".,;:") in self.words.role_titles

    def _kind_before_quoted_name(self, text: str, name: str, end: int) -> bool:
        """A name made only of dictionary words right before a quoted name is its legal form."""
        following = text[end:end + 3].lstrip()
        quoted = len(following) > 1 and following[0] in OPENING_MARKS and following[1].isupper()
        return quoted and all(w.lower() in self.dictionary for w in name.split())


@Language.factory(
    "qalam_entities",
    default_config={},  # no settings: its word lists are rule files
    requires=["doc.ents", "token.lemma"],
    assigns=["doc.ents", "doc._.entities", "doc.spans", "span._.citation"],
)
def make_entities(nlp: Language, name: str) -> EntityCanon:
    """Canonical entities and citations (see EntityCanon)."""
    return EntityCanon(nlp, name)
