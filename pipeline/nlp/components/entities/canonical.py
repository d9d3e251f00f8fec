"""qalam_entities: citations, filtering and one canonical record per real-world entity.

Runs after the entity rules (entity_rules.py). It
1. finds author-year citations, puts them in ``doc.spans["citations"]`` and makes their
   authors PERSON (or ORG) entities, overriding the model but not a gazetteer name;
2. trims mentions (leading "the", possessive "'s", trailing punctuation) and drops what
   is not a named entity (kinds like "NGOs", nationalities, events, lowercase words,
   emails/URLs, numbers);
3. groups mentions into entities: same gazetteer id or folded name, acronyms defined in
   the text, "X in <place>" chapter forms, surnames of full names mentioned elsewhere;
4. writes ``doc._.entities`` and the trimmed ``doc.ents``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.text.citations import find_citations
from pipeline.nlp.components.entities.names import VOCABULARY, canonical_names, contract_label, entity_id, fold, not_entities
from pipeline.nlp.components.entities.rules import ROLE_TITLES, RULE_ID

if not Doc.has_extension("entities"):
    Doc.set_extension("entities", default=None)
if not Span.has_extension("citation"):
    Span.set_extension("citation", default=None)

CITATIONS_KEY = "citations"
CITATION_ID = "citation"
KEPT_LABELS = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC"})
# A last word that makes a name an event, not an organization or place.
EVENT_HEADS = frozenset(VOCABULARY["event_heads"])
# Words in a cited "author" that make it a document title, not an entity.
TITLE_WORDS = frozenset(VOCABULARY["title_words"])
ORG_WORDS = frozenset(VOCABULARY["org_words"])
# Singular heads whose plural ends a class name, not an organization's ("Platforms").
PLURAL_HEADS = ORG_WORDS | {"Platform", "Group", "Network", "Organisation", "Initiative", "Movement",
                            "Party", "Coalition", "Alliance", "Society", "Cooperative", "Club"}
LEADING_ARTICLES = ("the ", "The ", "THE ")
OPEN_QUOTES = "\"“‘«'"
CLOSE_QUOTES = "\"”’»'"
POSSESSIVE = re.compile(r"[’'`]s?$")
TRAILING = ".,;:!?\"'“”‘’)-–—/ "
NOT_A_NAME = re.compile(r"@|https?:|www\.|\.(?:com|org|net|se|ru|tj)\b|^\W*$|^[\d\W]+$")
CHAPTER = re.compile(r"^(?P<base>.+?) (?:in|of) (?P<place>[A-Z][\w\- ]+)$")
ACRONYM_DEF = re.compile(r"(?P<long>[A-Z][\w\-’']*(?:[ \u00a0]+(?:of|for|the|and|on|in|to|&|[A-Z][\w\-’']*)){1,12})"
                         r"\s*\((?P<short>[A-Z][A-Za-z&\-]{1,9})\)")
REVERSE_DEF = re.compile(r"\b(?P<short>[A-Z][A-Z&\-]{1,9})\s*\((?P<long>[A-Z][\w\-’']*(?:[ \u00a0]+[\w\-’'&]+){1,12})\)")
SOURCE_RANK = {"rule": 3, "citation": 2, "acronym": 2, "model": 1}
# Lowercase words that may sit inside a name ("Ministry of Health", "Banco de la Nación").
NAME_CONNECTORS = frozenset(VOCABULARY["name_connectors"])
# "Forum on Tuesday": a date phrase the model ran into the name.
DATE_WORDS = frozenset(VOCABULARY["date_words"])
CURRENCY_NOUNS = frozenset(VOCABULARY["currency_nouns"])
# Administrative and geographic heads: "Tuzla Canton", "Rasht Valley" are places, not organizations.
PLACE_HEADS = frozenset(VOCABULARY["place_heads"])


@dataclass
class Mention:
    """One trimmed entity mention."""

    start: int
    end: int
    text: str
    label: str          # contract label: ORG, PERSON or PLACE
    source: str         # model, rule or citation
    gid: str = ""       # gazetteer id when the mention came from the gazetteer


@dataclass
class Group:
    """Mentions of one real-world entity."""

    key: str
    mentions: list[Mention] = field(default_factory=list)
    acronym: bool = False
    short_forms: list[str] = field(default_factory=list)


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
        possessive = POSSESSIVE.search(text[start:end])
        if possessive and (possessive.group() != "'" or text[start:end].endswith("s'")):
            end -= len(possessive.group())
            changed = True
        while start < end and text[end - 1] in TRAILING:
            end -= 1
            changed = True
        while start < end and text[start] in TRAILING:
            start += 1
            changed = True
    return start, end


def _is_name(text: str, label: str, *, norp: set[str], adjectives: frozenset[str]) -> bool:
    """False for kinds, nationalities, events, lowercase words, URLs and numbers."""
    if not text or not text[0].isupper() or NOT_A_NAME.search(text) or "(" in text or ")" in text:
        return False
    folded = fold(text)
    if folded in not_entities() or folded in norp or folded.rstrip("s") in norp:
        return False
    words = folded.split()
    if words and words[-1] in EVENT_HEADS and label != "PLACE":
        return False
    single = len(words) == 1
    return not (single and (folded in adjectives or (folded.endswith("s") and folded[:-1] in adjectives)))


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


def _names_a_currency(text: str, end: int) -> bool:
    following = text[end:end + 12].split()
    return bool(following) and following[0].lower().strip(".,;:") in CURRENCY_NOUNS


def _has_stray_lowercase(text: str) -> bool:
    return any(w[:1].islower() and w not in NAME_CONNECTORS for w in text.split())


def _followed_by_role(text: str, end: int) -> bool:
    """Whether the next word is an office title ("President", "Chair")."""
    following = text[end:end + 20].split()
    return bool(following) and following[0].strip(".,;:") in ROLE_TITLES


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether the range is exactly the inside of a pair of quotation marks."""
    before, after = text[start - 1:start], text[end:end + 1]
    return bool(before) and before in OPEN_QUOTES and after in CLOSE_QUOTES and bool(after)


def _stan_demonyms() -> set[str]:
    """"uzbek", "kazakh", "turkmen": the people of the -stan countries, absent from WordNet."""
    stems = set()
    for key, name in canonical_names().items():
        for suffix in ("istan", "stan"):
            if key.startswith("place:") and " " not in name and name.endswith(suffix):
                stems.add(fold(name[: -len(suffix)]))
                break
    return stems


def _plural_kind(text: str) -> bool:
    """"Policy Dialogue Platforms", "Mahallahs": a plural is a class of things, not one name."""
    words = text.split()
    last = words[-1]
    if any(w in ("of", "for", "to", "against", "on") for w in words):
        return False
    return last.endswith("s") and not last.endswith("ss") and (
        last[:-1] in PLURAL_HEADS or len(text.split()) == 1)


def _source(ent: Span) -> str:
    if ent.id_ == CITATION_ID:
        return "citation"
    return "rule" if ent.id_ else "model"


def _author_label(words: list[str], dictionary: frozenset[str]) -> str | None:
    """PERSON for a name, ORG for an organization, None for a title or a common phrase."""
    if set(words) & TITLE_WORDS:
        return None
    if set(words) & ORG_WORDS or all(w.isupper() for w in words):
        return "ORG"
    # "Third Shadow Report", "Public Associations": every word a dictionary word.
    common = [w.lower() in dictionary or w.lower().rstrip("s") in dictionary for w in words]
    return None if len(words) > 1 and all(common) else "PERSON"


def _citation_ents(doc: Doc, text: str, dictionary: frozenset[str]) -> list[Span]:
    """Citation spans into doc.spans and their author names as entity spans."""
    spans, authors = [], []
    places = {(e.start_char, e.end_char) for e in doc.ents if e.id_.startswith("place:")}
    for cit in find_citations(text):
        span = doc.char_span(cit.start, cit.end, alignment_mode="expand")
        if span is None or any(name in places for name in cit.names):
            continue  # "In Armenia (2016)" dates a place, it cites no one
        span._.citation = {"author": cit.author, "year": cit.year, "page": cit.page}
        spans.append(span)
        for start, end in cit.names:
            name = doc.char_span(start, end, alignment_mode="expand")
            label = _author_label(text[start:end].split(), dictionary)
            if name is None or label is None:
                continue
            authors.append(Span(doc, name.start, name.end, label=label, span_id=CITATION_ID))
    doc.spans[CITATIONS_KEY] = spans
    return authors


def _merge_citation_ents(doc: Doc, authors: list[Span]) -> list[Span]:
    """Citation authors replace overlapping model/shape entities, never gazetteer names."""
    ents = list(doc.ents)
    for author in authors:
        clash = [e for e in ents if e.start < author.end and author.start < e.end]
        if any(e.id_ not in ("", RULE_ID) for e in clash):
            continue
        ents = [e for e in ents if e not in clash] + [author]
    return filter_spans(ents)


class EntityCanon:
    """Citations, filtering and canonical entities (see module docstring)."""

    def __init__(self, nlp: Language) -> None:
        lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        tables = lemmatizer.lookups if lemmatizer is not None else None
        index = tables.get_table("lemma_index") if tables and tables.has_table("lemma_index") else {}
        adjectives = set(index["adj"]) if "adj" in index else set()
        self.adjectives = frozenset(adjectives | _stan_demonyms())
        self.dictionary = frozenset(adjectives | set(index["noun"] if "noun" in index else ()))

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # Doc.text is rebuilt on every access: read it once per document
        ents = _merge_citation_ents(doc, _citation_ents(doc, text, self.dictionary))
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
        doc._.entities = _merge_same_name([_record(group) for group in group_mentions(text, mentions)])
        return doc

    def _kind_before_quoted_name(self, text: str, name: str, end: int) -> bool:
        """A name made only of dictionary words right before a quoted name is its legal form."""
        following = text[end:end + 3].lstrip()
        quoted = len(following) > 1 and following[0] in OPEN_QUOTES and following[1].isupper()
        return quoted and all(w.lower() in self.dictionary for w in name.split())

    def _mention(self, doc_text: str, ent: Span, norp: set[str]) -> Mention | None:
        start, end = _trim(doc_text, ent.start_char, _without_date_tail(doc_text, ent.start_char, ent.end_char))
        if start >= end:
            return None  # nothing but punctuation or an article
        text = doc_text[start:end]
        label = contract_label(ent.label_)
        source = _source(ent)
        if "\n\n" in text:
            return None  # a name never runs across paragraphs ("Findings\n\nClinics")
        if label == "PLACE" and _names_a_currency(doc_text, end):
            return None  # "US dollar", "Hong Kong dollars": a currency, not the place
        if source == "model" and label == "ORG" and _has_stray_lowercase(text):
            return None  # a Title Case headline, not a name ("Council Wins a Say Over Budget")
        if source == "model" and label == "ORG" and (text.split()[-1] in PLACE_HEADS
                                                      or _single_name_after_in(doc_text, start, text)):
            label = "PLACE"
        gid = ent.id_ if ent.id_ not in ("", RULE_ID, CITATION_ID) else ""
        if source == "model" and label == "PLACE" and text.isupper() and len(text) > 1:
            label = "ORG"  # an acronym the gazetteer does not know is an organization, not a place
        if source == "model" and _quoted(doc_text, start, end):
            return None  # a title in quotation marks ("Ask for more"), not a name
        if label == "ORG" and not gid and _followed_by_role(doc_text, end):
            return None  # "Steering Committee President" is a title held by a person
        if label == "ORG" and not gid and self._kind_before_quoted_name(doc_text, text, end):
            return None  # "Public Foundation" in: Public Foundation "Nasl"
        checked = source != "citation" and not gid  # gazetteer names and cited authors are names
        if checked and not _is_name(text, label, norp=norp, adjectives=self.adjectives):
            return None
        if source == "model" and label == "ORG" and _plural_kind(text):
            return None
        return Mention(start=start, end=end, text=text, label=label, source=source, gid=gid)


# --- grouping -------------------------------------------------------------------------

def _acronym_pairs(text: str) -> dict[str, tuple[str, str]]:
    """Folded short form -> (short, long) for "Long Name (LN)" and "LN (Long Name)"."""
    pairs = {}
    for pattern in (ACRONYM_DEF, REVERSE_DEF):
        for match in pattern.finditer(text):
            long, short = match.group("long"), match.group("short")
            long = _fit_long_form(long, short)
            if long:
                pairs[fold(short)] = (short, long)
    return pairs


def _fit_long_form(long: str, short: str) -> str | None:
    """The shortest tail of ``long`` whose capitalised initials spell ``short``."""
    words = long.split()
    letters = [c for c in short if c.isupper()]
    for begin in range(len(words)):
        tail = words[begin:]
        initials = [w[0] for w in tail if w[0].isupper()]
        if initials == letters:
            return " ".join(tail)
    return None


def _group_key(mention: Mention) -> str:
    return mention.gid or entity_id(mention.label, mention.text)


def group_mentions(text: str, mentions: list[Mention]) -> list[Group]:
    """Link mentions of one entity: ids, acronyms, chapter forms and surnames."""
    by_fold: dict[str, str] = {}
    for mention in mentions:
        by_fold.setdefault(fold(mention.text), _group_key(mention))
        if mention.gid:
            by_fold[fold(mention.text)] = mention.gid
    acronyms = _acronym_pairs(text)
    groups: dict[str, Group] = {}
    for mention in mentions:
        key = _link(mention, by_fold, acronyms)
        group = groups.setdefault(key, Group(key=key))
        group.mentions.append(mention)
        folded = fold(mention.text)
        for short_key, (short, long) in acronyms.items():
            if folded in (short_key, fold(long)):
                group.acronym = True
                group.short_forms.append(short)
    _link_surnames(groups)
    return [g for g in groups.values() if g.mentions]


def _link(mention: Mention, by_fold: dict[str, str], acronyms: dict[str, tuple[str, str]]) -> str:
    """The group key of a mention after acronym and chapter-form linking."""
    folded = fold(mention.text)
    for short, (_, long) in acronyms.items():
        if folded in (short, fold(long)) and short in by_fold and fold(long) in by_fold:
            return _pair_key(by_fold[short], by_fold[fold(long)])
    base = _acronym_base(mention, by_fold)
    if base:
        return base
    chapter = CHAPTER.match(mention.text)
    if chapter and mention.label == "ORG" and fold(chapter.group("base")) in by_fold \
            and entity_id("PLACE", chapter.group("place")) in canonical_names():
        return by_fold[fold(chapter.group("base"))]
    return by_fold.get(folded, _group_key(mention))


def _pair_key(short_key: str, long_key: str) -> str:
    """One key for an acronym and its long form: a gazetteer id if either has one."""
    names = canonical_names()
    return short_key if short_key in names and long_key not in names else long_key


def _acronym_base(mention: Mention, by_fold: dict[str, str]) -> str | None:
    """"X Youth Network" joins the ORG "X" when X is an acronym-like name found alone."""
    words = mention.text.split()
    if mention.label != "ORG" or mention.gid or not 1 < len(words) <= 4:
        return None
    first = words[0]
    key = by_fold.get(fold(first))
    is_acronym = first.replace("-", "").isupper() and len(first) > 1
    if key and key.startswith("org:") and is_acronym and all(w[0].isupper() for w in words[1:]):
        return key
    return None


def _link_surnames(groups: dict[str, Group]) -> None:
    """A one-word PERSON joins the single full name in the document that ends with it."""
    full = defaultdict(list)
    for group in groups.values():
        for mention in group.mentions:
            words = mention.text.split()
            if mention.label == "PERSON" and len(words) > 1:
                full[fold(words[-1])].append(group)
    for group in groups.values():
        texts = {m.text for m in group.mentions}
        if len(texts) != 1 or _label(group) != "PERSON" or " " in next(iter(texts)):
            continue
        candidates = {g.key: g for g in full.get(fold(next(iter(texts))), []) if g is not group}
        if len(candidates) == 1:
            target = next(iter(candidates.values()))
            target.mentions.extend(group.mentions)
            group.mentions = []


def _label(group: Group) -> str:
    """Rule evidence decides the label; else the model's majority."""
    best = max(SOURCE_RANK[m.source] for m in group.mentions)
    votes = Counter(m.label for m in group.mentions if SOURCE_RANK[m.source] == best)
    return votes.most_common(1)[0][0]


def _canonical(group: Group, label: str) -> str:
    """Gazetteer name, else the long form (acronym or full name), else the most frequent form."""
    names = canonical_names()
    for mention in group.mentions:
        if mention.gid and mention.gid in names:
            return names[mention.gid]
    forms = Counter(m.text for m in group.mentions if m.label == label) or Counter(m.text for m in group.mentions)
    if group.acronym or label == "PERSON":
        return max(forms, key=lambda f: (len(f.split()), forms[f], len(f)))
    return max(forms, key=lambda f: (forms[f], -len(f.split()), len(f)))


def _record(group: Group) -> dict:
    label = _label(group)
    text = _canonical(group, label)
    forms = [*(m.text for m in group.mentions), *group.short_forms]
    aliases = list(dict.fromkeys(f for f in forms if fold(f) != fold(text)))
    sources = {m.source for m in group.mentions}
    source = "acronym" if group.acronym else max(sources, key=SOURCE_RANK.get)
    gid = next((m.gid for m in group.mentions if m.gid.startswith(label.lower() + ":")), None)
    return {
        "id": gid or entity_id(label, text),
        "text": text,
        "label": label,
        "aliases": aliases,
        "mentions": [{"start": m.start, "end": m.end, "text": m.text}
                     for m in sorted(group.mentions, key=lambda m: m.start)],
        "count": len(group.mentions),
        "source": source,
    }


def _merge_same_name(records: list[dict]) -> list[dict]:
    """One record per label and canonical name, whatever route linked its mentions."""
    merged: dict[tuple[str, str], dict] = {}
    for record in records:
        key = (record["label"], fold(record["text"]))
        if key not in merged:
            merged[key] = record
            continue
        into = merged[key]
        into["mentions"] = sorted(into["mentions"] + record["mentions"], key=lambda m: m["start"])
        into["count"] = len(into["mentions"])
        forms = [*into["aliases"], *record["aliases"], record["text"]]
        into["aliases"] = list(dict.fromkeys(f for f in forms if fold(f) != key[1]))
    return list(merged.values())


@Language.factory("qalam_entities", assigns=["doc.ents", "doc._.entities", "doc.spans"])
def make_entities(nlp: Language, name: str) -> EntityCanon:
    """Canonical entities and citations (see EntityCanon)."""
    return EntityCanon(nlp)
