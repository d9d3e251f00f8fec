"""qalam_entities: citations, filtering and one canonical record per real-world entity.

Runs after the entity rules (gazetteer, shapes, overlap policy). It
1. finds author-year citations, puts them in ``doc.spans["citations"]`` and makes their
   authors PERSON (or ORG) entities, overriding the model but not a gazetteer name;
2. turns each entity span into the names it holds (mentions.py: trimmed, titles set apart
   as the mention's role, possessives and run-on words cut) and drops what is not a named
   entity (filters.py), noting the label evidence of each mention (evidence.py);
3. adds the document's metadata authors (authors.py);
4. groups mentions into entities, decides one label per entity from all its mentions, then
   drops entities that are only common words or acronyms that never act as organizations;
5. writes ``doc._.entities`` (records.Entity dicts) and ``doc.ents`` with the final labels.
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.components.entities import passes
from pipeline.nlp.components.entities.evidence import CONTEXT_WEIGHT, acts_as_organization, coordinated
from pipeline.nlp.components.entities.filters import NameFilter, in_heading, is_acronym, lowercase_words
from pipeline.nlp.components.entities.grouping import (
    LABEL_ORDER, Group, decide_label, entity_record, group_mentions, group_votes, has_context_evidence,
    merge_same_name,
)
from pipeline.nlp.components.entities.mentions import Mention
from pipeline.nlp.components.entities.names import PLACE_LABELS, fold
from pipeline.nlp.components.entities.reader import CITATION_ID, MentionReader
from pipeline.nlp.components.entities.shapes import RULE_ID
from pipeline.nlp.components.entities.vocabulary import VOCABULARY_FILE, EntityVocabulary
from pipeline.nlp.doc_memo import doc_text
from pipeline.nlp.extensions import span_payload
from pipeline.nlp.rule_data import RuleComponent, RuleData
from pipeline.records import Citation
from pipeline.text.citations import find_citations

NAMES_FILE = "entities/names.tsv"
NOT_ENTITIES_FILE = "entities/en/not_entities.txt"
GIVEN_NAMES_FILE = "entities/en/given_names.txt"
CITATIONS_KEY = "citations"
KEPT_LABELS = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC"})
# A neighbour in a list counts when its own label is settled by more than the model.
SETTLED = 2.0


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

    RULE_FILES = (VOCABULARY_FILE, NAMES_FILE, NOT_ENTITIES_FILE, GIVEN_NAMES_FILE)

    def __init__(self, nlp: Language, name: str = "qalam_entities") -> None:
        self.nlp = nlp
        self.name = name

    def load_rules(self, rules: RuleData) -> None:
        self.words = EntityVocabulary.from_json(rules.json(VOCABULARY_FILE))
        self.names = rules.pairs(NAMES_FILE)
        self.known = {fold(name): key for key, name in self.names.items()}
        tables = self._lemma_lists()
        self.dictionary = frozenset().union(*tables.values())
        self.filter = NameFilter(
            self.words, not_entities=frozenset(fold(word) for word in rules.entries(NOT_ENTITIES_FILE)),
            adjectives=frozenset(tables["adj"] | _stan_demonyms(self.names)), dictionary=self.dictionary)
        # A given name that is also a verb or an adjective ("Chase", "Young", "Rich") proves nothing.
        word_like = {word.title() for word in tables["verb"] | tables["adj"]}
        given_names = frozenset(rules.entries(GIVEN_NAMES_FILE)) - word_like
        self.reader = MentionReader(self.words, known=self.known, name_filter=self.filter, dictionary=self.dictionary,
                                    given_names=given_names)

    def _lemma_lists(self) -> dict[str, set[str]]:
        """Lemmas by part of speech from the model's lemmatizer (WordNet lists), if it has one."""
        parts = ("adj", "noun", "verb", "adv")
        if "lemmatizer" not in self.nlp.pipe_names:
            return {part: set() for part in parts}
        tables = self.nlp.get_pipe("lemmatizer").lookups
        index = tables.get_table("lemma_index") if tables.has_table("lemma_index") else {}
        return {part: set(index[part] if part in index else ()) for part in parts}

    def annotate(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ents = _merge_citation_ents(doc, self._citation_ents(doc, text))
        norp = {fold(e.text) for e in ents if e.label_ == "NORP"}
        mentions, kept, place_labels = [], [], {}
        for ent in ents:
            if ent.label_ not in KEPT_LABELS:
                kept.append(ent)
                continue
            for mention in self.reader.read(doc, text, ent, norp):
                mentions.append(mention)
                place_labels[(mention.start, mention.end)] = ent.label_ if ent.label_ in PLACE_LABELS else "GPE"
        mentions = self._document_passes(doc, text, mentions)
        groups = group_mentions(text, mentions, self.names)
        labels, lent = self._labels(doc, groups)
        lowercase = lowercase_words(doc)
        groups = [g for g in groups
                  if self._is_entity(doc, text, g, labels[g.key], lowercase=lowercase, listed=g.key in lent)]
        records = [entity_record(g, labels[g.key], self.names) for g in groups]
        doc._.entities = [entity.model_dump() for entity in merge_same_name(records)]
        for group in groups:
            label = labels[group.key]
            for m in group.mentions:
                spacy_label = place_labels.get((m.start, m.end), "GPE") if label == "PLACE" else label
                span = doc.char_span(m.start, m.end, label=spacy_label, span_id=m.gid)
                if span is not None and m.source != "metadata":
                    kept.append(span)
        doc.ents = filter_spans(kept)
        return doc

    def _document_passes(self, doc: Doc, text: str, mentions: list[Mention]) -> list[Mention]:
        """The passes of passes.py, in order; the authors come last, to lend their evidence."""
        mentions = mentions + passes.datelines(text, mentions, known=self.known)
        mentions = passes.with_defined_names(doc, text, mentions, words=self.words)
        mentions = passes.without_thing_acronyms(text, mentions, name_filter=self.filter, names=self.names)
        mentions = passes.outside_titles(doc, text, mentions)
        return mentions + passes.with_authors(text, doc._.authors, mentions, words=self.words)

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
        if self.filter.names_a_thing(" ".join(words)):
            return None
        if set(words) & self.words.org_words or all(w.isupper() for w in words):
            return "ORG"
        # "Third Shadow Report", "Public Associations": every word a dictionary word.
        common = [w.lower() in self.dictionary or w.lower().rstrip("s") in self.dictionary for w in words]
        return None if len(words) > 1 and all(common) else "PERSON"

    # -- labels and entities -----------------------------------------------------------
    def _labels(self, doc: Doc, groups: list[Group]) -> tuple[dict[str, str], set[str]]:
        """One label per entity; then neighbours in a list lend their settled organization or place
        labels ("Google, Apple and Rackspace", "NYC, Chicago, SF"). Also returns the keys that were
        lent one."""
        labels = {g.key: decide_label(g) for g in groups}
        by_key = {g.key: g for g in groups}
        settled = {g.key for g in groups if max(group_votes(g).values(), default=0) > SETTLED}
        lent: dict[str, Counter] = {}
        for chain in self._lists(doc, groups):
            # People are named beside bodies as often as beside people ("Lane Video and Kelly Brandt"):
            # only an organization's or a place's label is lent.
            known = Counter(labels[key] for key in chain if key in settled and labels[key] != "PERSON")
            if not known:
                continue
            for key in chain:
                if key not in settled and not has_context_evidence(by_key[key]):
                    lent.setdefault(key, Counter())[known.most_common(1)[0][0]] += CONTEXT_WEIGHT
        for group in groups:
            if group.key in lent:
                votes = group_votes(group) + lent[group.key]
                labels[group.key] = max(LABEL_ORDER, key=lambda label: votes[label])
        return labels, set(lent)

    @staticmethod
    def _lists(doc: Doc, groups: list[Group]) -> list[list[str]]:
        """The group keys of mentions that stand in one list ("Google, Apple and Rackspace")."""
        located = sorted((m.start, m.end, g.key) for g in groups for m in g.mentions if m.source != "metadata")
        chains, joined, previous = [], [], None
        for start, end, key in located:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and previous is not None and coordinated(doc, previous, span):
                chains[-1].append(key)
                joined[-1] |= any(t.lower_ in ("and", "or", "&") for t in doc[previous.end:span.start])
            else:
                chains.append([key])
                joined.append(False)
            previous = span
        # Two names with only a comma between are more often a name and its apposition
        # ("Dana Orlova, Radio North") than a list.
        return [chain for chain, conjunction in zip(chains, joined) if len(chain) > 2 or conjunction]

    def _is_entity(self, doc: Doc, text: str, group: Group, label: str, *, lowercase: frozenset[str],
                   listed: bool) -> bool:
        """Drop what only the model saw that is made of common words or is an acronym that never
        acts as a name (no definition, no gazetteer entry, no cue around it, not ``listed`` with
        names whose label is settled)."""
        if group.acronym or any(m.gid or m.source != "model" for m in group.mentions):
            return True
        if not group_votes(group):
            return False  # only descriptions ("the X administration"): nothing says what X is
        if any(sum(m.votes.values()) > 1.0 for m in group.mentions):
            return True
        spans = [doc.char_span(m.start, m.end, alignment_mode="expand") for m in group.mentions]
        common_in_headings = all(span is not None and self.filter.common_words(span, lowercase=lowercase, heading=True)
                                 for span in spans)
        if common_in_headings and any(in_heading(span, text) for span in spans):
            return False  # a heading's word ("Background"), wherever else it is capitalised
        # In running text a person's full name may be common words ("Grey Wolf", "Mary Bell"), but
        # it starts with a given name or holds a word no dictionary has ("Fellows Return" does not).
        full_name = label == "PERSON" and any(" " in m.text and self._may_be_a_full_name(m.text) for m in group.mentions)
        if not full_name and all(span is not None and self.filter.common_words(
                span, lowercase=lowercase, heading=in_heading(span, text)) for span in spans):
            return False
        if all(is_acronym(m.text) for m in group.mentions):
            return listed or any(span is not None and acts_as_organization(span, self.words) for span in spans)
        return True

    def _may_be_a_full_name(self, name: str) -> bool:
        """Starts with a given name or holds a word that is no dictionary word, nor its plural."""
        words = name.split()
        return words[0] in self.reader.given_names or any(
            w.lower() not in self.dictionary and w.lower().removesuffix("s") not in self.dictionary for w in words)



@Language.factory(
    "qalam_entities",
    default_config={},  # no settings: its word lists are rule files
    requires=["doc.ents", "token.lemma"],
    assigns=["doc.ents", "doc._.entities", "doc.spans", "span._.citation"],
)
def make_entities(nlp: Language, name: str) -> EntityCanon:
    """Canonical entities and citations (see EntityCanon)."""
    return EntityCanon(nlp, name)
