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

import re
from bisect import bisect_right
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.components.entities.authors import author_mentions
from pipeline.nlp.components.entities.evidence import (
    CONTEXT_WEIGHT, acts_as_organization, context_votes, coordinated, source_votes,
)
from pipeline.nlp.components.entities.filters import (
    TITLE_HEADS, NameFilter, in_heading, is_acronym, lowercase_words, thing_titles,
)
from pipeline.nlp.components.entities.grouping import (
    Group, acronym_pairs, common_noun_acronyms, decide_label, has_context_evidence, entity_record, group_mentions, group_votes, merge_same_name,
)
from pipeline.nlp.components.entities.mentions import Mention, Piece, pieces, title_before, trim
from pipeline.nlp.components.entities.names import PLACE_LABELS, contract_label, fold
from pipeline.nlp.components.entities.shapes import RULE_ID
from pipeline.nlp.components.entities.vocabulary import VOCABULARY_FILE, EntityVocabulary
from pipeline.nlp.extensions import span_payload
from pipeline.nlp.rule_data import RuleComponent, RuleData
from pipeline.records import Citation
from pipeline.text.citations import find_citations, report_titles
from pipeline.text.date_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from pipeline.text.quote_marks import CLOSING_MARKS, OPENING_MARKS

NAMES_FILE = "entities/names.tsv"
NOT_ENTITIES_FILE = "entities/en/not_entities.txt"
CITATIONS_KEY = "citations"
CITATION_ID = "citation"
KEPT_LABELS = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC"})
INSTITUTION_WEIGHT = 3.0
DATE_WORDS = frozenset(MONTHS + WEEKDAYS + MONTH_ABBREVIATIONS)
DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,2})(?=\s*(?:,|—|–|--|\())", re.MULTILINE)
# A neighbour in a list counts when its own label is settled by more than the model.
SETTLED = 2.0


def _source(ent: Span) -> str:
    if ent.id_ == CITATION_ID:
        return "citation"
    return "rule" if ent.id_ else "model"


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether the range is exactly the inside of a pair of quotation marks."""
    before, after = text[start - 1:start], text[end:end + 1]
    return bool(before) and before in OPENING_MARKS and after in CLOSING_MARKS and bool(after)


def _inside(mention: Mention, ranges: list[tuple[int, int]]) -> bool:
    """Whether the mention lies within one of the sorted, disjoint character ranges."""
    at = bisect_right(ranges, (mention.start, float("inf"))) - 1
    return at >= 0 and mention.end <= ranges[at][1]


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
        self.known = {fold(name): key for key, name in self.names.items()}
        tables = self._lemma_lists()
        self.dictionary = frozenset().union(*tables.values())
        self.filter = NameFilter(
            self.words, not_entities=frozenset(fold(word) for word in rules.entries(NOT_ENTITIES_FILE)),
            adjectives=frozenset(tables["adj"] | _stan_demonyms(self.names)), dictionary=self.dictionary)

    def _lemma_lists(self) -> dict[str, set[str]]:
        """Lemmas by part of speech from the model's lemmatizer (WordNet lists), if it has one."""
        parts = ("adj", "noun", "verb", "adv")
        if "lemmatizer" not in self.nlp.pipe_names:
            return {part: set() for part in parts}
        tables = self.nlp.get_pipe("lemmatizer").lookups
        index = tables.get_table("lemma_index") if tables.has_table("lemma_index") else {}
        return {part: set(index[part] if part in index else ()) for part in parts}

    def annotate(self, doc: Doc) -> Doc:
        text = doc.text  # Doc.text is rebuilt on every access: read it once per document
        ents = _merge_citation_ents(doc, self._citation_ents(doc, text))
        norp = {fold(e.text) for e in ents if e.label_ == "NORP"}
        mentions, kept, place_labels = [], [], {}
        for ent in ents:
            if ent.label_ not in KEPT_LABELS:
                kept.append(ent)
                continue
            for mention in self._mentions(doc, text, ent, norp):
                mentions.append(mention)
                place_labels[(mention.start, mention.end)] = ent.label_ if ent.label_ in PLACE_LABELS else "GPE"
        mentions = self._with_defined_names(doc, text, mentions + self._datelines(text, mentions))
        mentions = self._outside_titles(doc, text, self._without_thing_acronyms(text, mentions))
        mentions += self._authors(text, doc._.authors, mentions)
        groups = group_mentions(text, mentions, self.names)
        labels, lent = self._labels(doc, groups)
        lowercase = lowercase_words(doc)
        groups = [g for g in groups if self._is_entity(doc, g, labels[g.key], lowercase=lowercase, listed=g.key in lent)]
        records = [entity_record(g, labels[g.key], self.names) for g in groups]
        doc._.entities = [entity.model_dump() for entity in merge_same_name(records)]
        for group in groups:
            label = labels[group.key]
            for m in group.mentions:
                span = doc.char_span(m.start, m.end, label=place_labels.get((m.start, m.end), "GPE")
                                     if label == "PLACE" else label, span_id=m.gid) if m.source != "metadata" else None
                if span is not None:
                    kept.append(span)
        doc.ents = filter_spans(kept)
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
        if self.filter.names_a_thing(" ".join(words)):
            return None
        if set(words) & self.words.org_words or all(w.isupper() for w in words):
            return "ORG"
        # "Third Shadow Report", "Public Associations": every word a dictionary word.
        common = [w.lower() in self.dictionary or w.lower().rstrip("s") in self.dictionary for w in words]
        return None if len(words) > 1 and all(common) else "PERSON"

    # -- mentions --------------------------------------------------------------------
    def _mentions(self, doc: Doc, text: str, ent: Span, norp: set[str]) -> list[Mention]:
        label = contract_label(ent.label_)
        source = _source(ent)
        gid = ent.id_ if ent.id_ not in ("", RULE_ID, CITATION_ID) else ""
        if gid or source == "citation":
            start, end = trim(text, ent.start_char, ent.end_char)
            found = [Piece(start, end)] if start < end else []
        else:
            start, end = self._extended(doc, ent) if label == "PERSON" else (ent.start_char, ent.end_char)
            found = pieces(text, start, end, label=label, words=self.words, split_lists=source == "model")
        mentions = []
        for piece in found:
            mention = self._mention(doc, text, piece, label=label, source=source, gid=gid, norp=norp)
            if mention is not None:
                mentions.append(mention)
        return mentions

    def _extended(self, doc: Doc, ent: Span) -> tuple[int, int]:
        """A person's name with a name word the model left out on either side ("Red" in
        "uncle of Red Fawn Fallis", "Yeol" in "President Yoon Suk Yeol")."""
        start, end = ent.start, ent.end
        if start > 0 and self._name_word(doc[start - 1]) and doc[start - 1].whitespace_ == " " \
                and (not doc[start - 1].is_sent_start or doc[start - 1].lower_ not in self.dictionary):
            start -= 1
        if end < len(doc) and self._name_word(doc[end]) and doc[end - 1].whitespace_ == " " \
                and doc[end - 1].tag_ != "POS" and not doc[end].is_sent_start:
            end += 1
        return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])

    def _name_word(self, token) -> bool:
        """A capitalised proper noun that no entity holds and that is no title or date word."""
        text = token.text
        return (token.tag_ == "NNP" and token.is_title and token.is_alpha and not token.is_stop and not token.ent_type_
                and text not in self.words.courtesy_titles and text not in self.words.office_titles
                and text not in self.words.title_modifiers and text not in self.words.sentence_openers
                and text not in DATE_WORDS)

    def _mention(self, doc: Doc, text: str, piece: Piece, *, label: str, source: str, gid: str,
                 norp: set[str]) -> Mention | None:
        start, end = piece.start, piece.end
        name = text[start:end]
        if "\n\n" in name or name in self.words.sentence_openers:
            return None  # a name never runs across paragraphs ("Findings\n\nClinics"); "Yes" is no name
        if text[end:end + 1] == "-" and text[end + 1:end + 2].islower():
            return None  # "Virginia-class", "PRC-based": a modifier, not a mention
        if not gid and is_acronym(name) and fold(name.title()) in self.known:
            gid = self.known[fold(name.title())]  # "NEW YORK", "DUSHANBE" in a dateline
        if label == "PLACE" and self._names_a_currency(text, end):
            return None  # "US dollar", "Hong Kong dollars": a currency, not the place
        if source == "model" and label == "ORG" and self._has_stray_lowercase(name):
            return None  # a Title Case headline, not a name ("Council Wins a Say Over Budget")
        if source == "model" and label == "PLACE" and is_acronym(name) and not gid:
            label = "ORG"  # an acronym the gazetteer does not know is an organization, not a place
        if source == "model" and _quoted(text, start, end) and not is_acronym(name):
            return None  # a title in quotation marks ("Ask for more"), not a name
        if label == "ORG" and not gid and self._followed_by_role(text, end):
            return None  # "Steering Committee President" is a title held by a person
        if label == "ORG" and not gid and self._kind_before_quoted_name(text, name, end):
            return None  # "Public Foundation" in: Public Foundation "Nasl"
        if not gid and self._not_a_name(text, end, name, label, source=source, norp=norp):
            return None
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        if piece.owner and not gid:
            gid = self.known.get(fold(name), "")
        described = self._described(text, end)  # "the Trump administration": the person, unlabelled here
        votes = source_votes(label, source, gid) if (not piece.owner and not described) or gid else Counter()
        votes.update(context_votes(span, self.words, titled=piece.role is not None))
        if name in self.words.institution_names:
            votes["ORG"] += INSTITUTION_WEIGHT
        role = piece.role or title_before(text, start, words=self.words)
        return Mention(start=start, end=end, text=name, label=label, source=source, gid=gid, role=role, votes=votes)

    def _not_a_name(self, text: str, end: int, name: str, label: str, *, source: str, norp: set[str]) -> bool:
        """Kinds, things, plural classes and names glued into a modifier (see filters.py)."""
        if source == "citation":
            return False  # cited authors were checked as names already
        if not self.filter.is_name(name, label, norp=norp) or self.filter.glued_to_a_place(name, self.known):
            return True
        if source == "model" and (self.filter.thing_follows(text, end) or self._field_of_role(text, end - len(name))):
            return True
        kind = re.search(r"(\w+) (?:such as|like|including) (?:the )?$", text[max(0, end - len(name) - 40):end - len(name)])
        if kind is not None and fold(kind.group(1)) in self.filter.law_words:
            return True  # "exercises such as the X": an instance of a thing
        last = name.rsplit(" ", 1)[-1].split("/")[-1]
        if label != "PERSON" and last in self.words.role_titles and " of " not in name:
            return True  # "Brigade Captain", "Designer/Developer": a title, not a body
        return source == "model" and label == "ORG" and self.filter.plural_class(name)

    def _datelines(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """ "WASHINGTON, June 17 --", "DUSHANBE (23 May 2013):": a capitalised place that opens a
        line before a comma, a dash or a bracket is the dateline's place."""
        taken = {m.start for m in mentions}
        found = []
        for match in DATELINE.finditer(text):
            name = match.group("place")
            gid = self.known.get(fold(name.title()), "")
            if gid.startswith("place:") and match.start("place") not in taken:
                found.append(Mention(start=match.start("place"), end=match.end("place"), text=name, label="PLACE",
                                     source="rule", gid=gid, votes=source_votes("PLACE", "rule", gid)))
        return found

    def _with_defined_names(self, doc: Doc, text: str, mentions: list[Mention]) -> list[Mention]:
        """A body's name defined with its short form ("Freedom of the Press Foundation (FPF)") is a
        mention in full, replacing the shorter pieces found inside it ("Press Foundation")."""
        for short, long in acronym_pairs(text).values():
            if not any(word in self.words.org_heads or word in self.words.org_name_suffixes for word in long.split()):
                continue
            for match in re.finditer(rf"(?<!\w){re.escape(long)}(?=\s*\({re.escape(short)})", text):
                start, end = match.span()
                span = doc.char_span(start, end)
                if span is None or any(m.start <= start and end <= m.end for m in mentions):
                    continue
                mentions = [m for m in mentions if not (start <= m.start and m.end <= end)]
                votes = source_votes("ORG", "rule", "") + context_votes(span, self.words, titled=False)
                mentions.append(Mention(start=start, end=end, text=long, label="ORG", source="rule", votes=votes))
        return sorted(mentions, key=lambda m: m.start)

    def _outside_titles(self, doc: Doc, text: str, mentions: list[Mention]) -> list[Mention]:
        """Drop the names that are words of a law's, document's or event's name ("Election
        Administration Defenses" in a bill's name, a report's title); gazetteer names inside
        one stay ("America" in "Help America Vote Act" is the country)."""
        laws = sorted(thing_titles(doc, TITLE_HEADS))
        reports = sorted(report_titles(text))
        return [m for m in mentions if m.gid or not (_inside(m, reports) or (m.label != "PERSON" and _inside(m, laws)))]

    def _without_thing_acronyms(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Drop the short forms the text defines as laws, documents, events ("IEEPA", the "(ANZUS)
        Treaty") or common nouns ("artificial intelligence (AI)"), even where a gazetteer knows
        the same letters for an organization ("Internal Revenue Code (IRC)")."""
        things = {short: long for short, (_, long) in acronym_pairs(text).items()
                  if self.filter.names_a_thing(long) or self.filter.thing_after_acronym(text, long)}
        things.update(dict.fromkeys(common_noun_acronyms(text), ""))
        return [m for m in mentions if fold(m.text) not in things
                or (m.gid and fold(self.names.get(m.gid, "")) == fold(things[fold(m.text)]))]

    def _authors(self, text: str, authors: list[str], mentions: list[Mention]) -> list[Mention]:
        """The metadata authors' mentions; where one is already a mention, it lends its evidence."""
        at = {(m.start, m.end): m for m in mentions}
        taken = {i for m in mentions for i in range(m.start, m.end)}
        added = []
        for author in author_mentions(text, authors, self.words):
            same = at.get((author.start, author.end))
            if same is not None:
                same.votes.update(author.votes)
            elif not any(i in taken for i in range(author.start, author.end)):
                added.append(author)
        return added

    # -- labels and entities -----------------------------------------------------------
    def _labels(self, doc: Doc, groups: list[Group]) -> tuple[dict[str, str], set[str]]:
        """One label per entity; then neighbours in a list lend their settled labels
        ("Google, Apple and Rackspace", "NYC, Chicago, SF"). Also returns the keys that were lent one."""
        labels = {g.key: decide_label(g) for g in groups}
        by_key = {g.key: g for g in groups}
        settled = {g.key for g in groups if max(group_votes(g).values(), default=0) > SETTLED}
        lent: dict[str, Counter] = {}
        for chain in self._lists(doc, groups):
            known = Counter(labels[key] for key in chain if key in settled)
            if not known:
                continue
            for key in chain:
                if key not in settled and not has_context_evidence(by_key[key]):
                    lent.setdefault(key, Counter())[known.most_common(1)[0][0]] += CONTEXT_WEIGHT
        for group in groups:
            if group.key in lent:
                votes = group_votes(group) + lent[group.key]
                labels[group.key] = max(("ORG", "PERSON", "PLACE"), key=lambda label: votes[label])
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
        # ("Navbahor Imamova, VOA") than a list.
        return [chain for chain, conjunction in zip(chains, joined) if len(chain) > 2 or (len(chain) == 2 and conjunction)]

    def _is_entity(self, doc: Doc, group: Group, label: str, *, lowercase: frozenset[str], listed: bool) -> bool:
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
        if any(span is not None and in_heading(span) for span in spans) and all(
                span is not None and self.filter.common_words(span, lowercase=lowercase, heading=True) for span in spans):
            return False  # a heading's word ("Background"), wherever else it is capitalised
        # In running text a person's full name may be common words ("Black Elk", "Laura Ling").
        if (label != "PERSON" or all(" " not in m.text for m in group.mentions)) and all(span is not None and self.filter.common_words(
                span, lowercase=lowercase, heading=in_heading(span)) for span in spans):
            return False
        if all(is_acronym(m.text) for m in group.mentions):
            return listed or any(span is not None and acts_as_organization(span, self.words) for span in spans)
        return True

    # -- context tests ---------------------------------------------------------------
    def _names_a_currency(self, text: str, end: int) -> bool:
        following = text[end:end + 12].split()
        return bool(following) and following[0].lower().strip(".,;:") in self.words.currency_nouns

    def _has_stray_lowercase(self, text: str) -> bool:
        return any(w[:1].islower() and w not in self.words.name_connectors for w in text.split())

    def _described(self, text: str, end: int) -> bool:
        following = text[end:end + 20].split()
        return bool(following) and following[0].strip(".,;:") in self.words.government_words

    def _field_of_role(self, text: str, start: int) -> bool:
        """ "Analyst in American National Government", "Director of National Intelligence": the
        field of a role or the rest of a title, not a body."""
        before = re.search(r"(\w+) (in|of|for) (?:the )?$", text[max(0, start - 30):start])
        if before is None:
            return False
        word = before.group(1)
        return word in self.words.role_titles or (before.group(2) != "in" and word in self.words.office_titles)

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
