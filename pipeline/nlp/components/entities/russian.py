"""qalam_ru_entities: one record per real-world entity in a Russian document.

Mentions are natasha's PER/LOC/ORG spans, corrected by rules of Russian writing
(pipeline.nlp.ru.mentions) and trimmed of quotation marks and punctuation. They are grouped
by the lemmas of their words (pymorphy3), so "Единой России" and "Единая Россия" are one
entity; a person's names in any case are one (pipeline.nlp.ru.names: "Анны Лавровой",
"Лаврова", "Анна"); an acronym or compound abbreviation joins the full name it shortens
(pipeline.nlp.ru.abbreviations: "ЕР", "Госдумы"); a country's names are one place. The
canonical ``text`` is the nominative: a mention already in the nominative if there is one,
else the name inflected; the forms as written are the aliases. A person's gender comes from
the verb it is the subject of, from surname forms and given names only one sex takes
("Рахимовой"), then from the tagger.

Places natasha misses come from a gazetteer (models/entities/ru/places.tsv: countries,
cities and Central Asian regions, matched by the lemmas of their words, so in any case:
"в Худжанде", "Кыргызской Республики"; with the place each name names, so "Россия", "РФ"
and "Российская Федерация" are one); an organisation that is a place by the gazetteer ("КР")
is a place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.nlp.components.entities.grouping import merge_same_name
from pipeline.nlp.components.entities.names import contract_label, entity_id, fold
from pipeline.nlp.rule_data import RuleComponent, RuleData
from pipeline.nlp.ru.morph import GENDERS, NOUNS, SUBJECT_DEPS, declinable, features, lemma, parses, phrase_nominative
from pipeline.nlp.ru.abbreviations import is_acronym_of, is_compound_of
from pipeline.nlp.ru.mentions import (
    CLOSING_ONLY,
    OPENING_ONLY,
    SITE,
    RuEntityVocabulary,
    common_word,
    joined_people,
    lemma_key,
    one_common_word,
    relabelled,
    with_byline_names,
    with_org_heads,
    with_site_names,
    with_speaker_labels,
    without_common_words,
    without_leading_roles,
)
from pipeline.nlp.ru.names import person_nominative, same_name_word, surname_gender, surname_type
from pipeline.records import Entity, Mention as MentionRecord
from pipeline.text.quote_marks import QUOTE_MARKS


EDGE_PUNCTUATION = ".,;:!?()[]-–—/ \u00a0" + QUOTE_MARKS
FUNCTION_POS = frozenset({"ADP", "CCONJ", "SCONJ", "PART"})
# A word after a name that is its complement in the genitive ("МВД России", "комитет Кыргызской Республики").
GENITIVE_DEPS = frozenset({"nmod"})
MIN_HEADLINE_WORDS = 3
PLACES_FILE = "entities/ru/places.tsv"
VOCABULARY_FILE = "entities/ru/vocabulary.json"
MAX_PLACE_WORDS = 4


@dataclass
class RuMention:
    span: Span
    label: str  # ORG, PERSON or PLACE
    alias_of: int | None = None  # index of the mention this one restates in brackets

    @cached_property
    def key(self) -> str:
        return " ".join(lemma(t.text) for t in self.span if not t.is_punct)


@dataclass
class RuGroup:
    label: str
    mentions: list[RuMention] = field(default_factory=list)


def trimmed(span: Span) -> Span | None:
    """The span without quotation marks, brackets, punctuation and lower-case prepositions,
    conjunctions or particles at its edges (the tagger's "в Москве", "Москвы и"); a closing
    mark whose opening mark is inside stays: "Центр «Право»"."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and _edge(doc[start]):
        start += 1
    while end > start and _edge(doc[end - 1]):
        if doc[end - 1].text in CLOSING_ONLY and any(t.text in OPENING_ONLY for t in doc[start:end - 1]):
            break
        end -= 1
    return doc[start:end] if end > start else None


def _edge(token: Token) -> bool:
    """A token that never begins or ends a name."""
    return (token.text in EDGE_PUNCTUATION or token.is_space
            or (token.pos_ in FUNCTION_POS and token.text.islower()))


def is_name(span: Span) -> bool:
    """A name has a capital letter in it (a site's domain need not: "change.org"), never runs
    across lines, is not a line in capitals ("НА ТРОНАХ СИДЯТ ТЕ ЖЕ ЛЮДИ": common words or a
    verb) and is not a phrase of common words capitalised only because it opens a sentence
    ("Передовые страны"; a word shaped like a surname may be one: "Орлов: …")."""
    text = span.text
    if "\n" in text:
        return False
    if not any(c.isupper() for c in text):
        return bool(SITE.fullmatch(text))
    words = [t for t in span if t.is_alpha]
    if len(words) >= MIN_HEADLINE_WORDS and all(t.is_upper for t in words) and (
            all(common_word(t.text) for t in words) or any(t.pos_ in {"VERB", "AUX"} for t in words)):
        return False
    capitals_after_first = any(t.text[:1].isupper() for t in words[1:])
    return not (span[0].is_sent_start and not capitals_after_first and words
                and all(common_word(t.text) and surname_type(t.text) is None for t in words))


def after_open_quote(span: Span) -> Span:
    """The part after an opening quotation mark left unclosed inside the span
    ("Корреспондент службы «Голоса Америки" -> "Голоса Америки")."""
    opened = [t.i for t in span if t.text in OPENING_ONLY]
    closed = [t.i for t in span if t.text in CLOSING_ONLY]
    if opened and (not closed or closed[-1] < opened[-1]) and opened[-1] + 1 < span.end:
        return span.doc[opened[-1] + 1:span.end]
    return span


def split_bracket(span: Span) -> tuple[Span, Span | None]:
    """"Фонд прав человека (Human Rights Foundation": the name before the bracket, and the
    short or translated form inside it (an alias of the same entity)."""
    for token in span:
        if token.text == "(" and token.i > span.start:
            inside = span.doc[token.i + 1:span.end]
            close = next((t.i for t in inside if t.text == ")"), None)
            inner = span.doc[token.i + 1:close] if close is not None else inside
            return span.doc[span.start:token.i], (inner if len(inner) else None)
    return span, None


def joined_genitives(ents: list[Span]) -> list[Span]:
    """An organisation and the name right after it that depends on it in the genitive are
    one name ("МВД России", "ЦК КПСС", "комитет Кыргызской Республики")."""
    out: list[Span] = []
    for ent in ents:
        previous = out[-1] if out else None
        if (previous is not None and previous.label_ == "ORG" and ent.start == previous.end
                and ent.root.dep_ in GENITIVE_DEPS and previous.start <= ent.root.head.i < previous.end
                and "Gen" in ent.root.morph.get("Case")):
            out[-1] = Span(ent.doc, previous.start, ent.end, label="ORG")
            continue
        out.append(ent)
    return out


def person_gender(mentions: list[RuMention]) -> str | None:
    """The gender of a person from its mentions (see module docstring): a verb it is the
    subject of, else the surname endings and name readings only one sex has, else the
    tagger's features (weak for names it has not seen)."""
    for mention in mentions:
        verb = _governing_verb(mention.span)
        if verb is not None and verb.morph.get("Gender"):
            return GENDERS.get(verb.morph.get("Gender")[0])
    strong: Counter = Counter()
    weak: Counter = Counter()
    for mention in mentions:
        for token in mention.span:
            if not declinable(token.text):
                continue
            strong[surname_gender(token.text, features(token)[0])] += 1
            readings = {p.tag.gender for p in name_readings(token.text)}
            if len(readings) == 1 and readings <= {"masc", "femn"}:
                strong[next(iter(readings))] += 1
            weak.update(GENDERS.get(value) for value in token.morph.get("Gender"))
    for votes in (strong, weak):
        votes.pop(None, None)
        if votes:
            return votes.most_common(1)[0][0]
    return None


def name_readings(word: str) -> list:
    """pymorphy3's readings of a word as a given name, surname or patronymic."""
    return [p for p in parses(word.lower()) if p.tag.POS in NOUNS and ({"Name", "Surn", "Patr"} & p.tag.grammemes)]


def _governing_verb(span: Span) -> Token | None:
    """The verb a name is the subject of ("Рахимова ... заявила")."""
    for token in span:
        if token.dep_ in SUBJECT_DEPS and token.head.pos_ in {"VERB", "AUX"}:
            return token.head
    return None


def group_mentions(mentions: list[RuMention], place_of: dict[str, str]) -> list[RuGroup]:
    """Mentions with the same label and lemmas together, a bracketed form with the name before
    it; people's names written in different cases together (``merged_people``), with the
    surname of a person named in full that the tagger took for a place or an organisation
    ("Турсунова" after "Азиза Турсунова"); one-word names of organisations and places in
    different cases (the lemmas of a word pymorphy3 does not know differ from case to case:
    "Нацстатком", "Нацстаткома")."""
    groups: dict[tuple[str, str], RuGroup] = {}
    keys = [(m.label, m.key) for m in mentions]
    restated = {keys[i]: keys[m.alias_of] for i, m in enumerate(mentions) if m.alias_of is not None}
    for mention, key in zip(mentions, keys):
        groups.setdefault(restated.get(key, key), RuGroup(mention.label)).mentions.append(mention)
    found = merged_people([g for g in groups.values() if g.label == "PERSON"])
    surnames = [g for g in groups.values() if g.label != "PERSON" and len(_words(g)) == 1 and not _places(g, place_of)]
    _attached([g for g in found if len(_words(g)) > 1], surnames,
              lambda word, name: len(name) > 1 and same_name_word(word, name[-1]))
    for label in {g.label for g in groups.values()} - {"PERSON"}:
        labelled = [g for g in groups.values() if g.label == label and g.mentions]
        named = with_short_names([g for g in labelled if len(_words(g)) > 1],
                                 _merged([g for g in labelled if len(_words(g)) == 1], _same_first_word))
        found += _merged(named, lambda a, b: bool(_places(a, place_of) & _places(b, place_of)))
    return sorted(found, key=lambda g: min(m.span.start_char for m in g.mentions))


def merged_people(groups: list[RuGroup]) -> list[RuGroup]:
    """One group per person: full names whose first and last words are forms of one name
    (pipeline.nlp.ru.names: "Анна Лаврова", "Анны Лавровой"), a given name or surname alone
    with the full name it belongs to; a dictionary word alone that belongs to no full name is
    no person ("Структуры")."""
    full = _merged([g for g in groups if len(_words(g)) > 1], lambda a, b: _same_first_word(a, b)
                   and same_name_word(_words(a)[-1], _words(b)[-1]))
    single = _merged([g for g in groups if len(_words(g)) == 1], _same_first_word)
    people = _attached(full, single, lambda word, name: same_name_word(word, name[0]) or same_name_word(word, name[-1]))
    return [g for g in people if not all(one_common_word(m.span) for m in g.mentions)]


def with_short_names(full: list[RuGroup], single: list[RuGroup]) -> list[RuGroup]:
    """Full names with the acronyms and compound abbreviations that shorten them
    (pipeline.nlp.ru.abbreviations: "ЕР", "Госдумы"), also when the short name keeps the
    full name's last words ("МВД России", "Нацстатком Кыргызской Республики")."""
    full = _merged(full, lambda a, b: _shortens(_words(b), _words(a)) or _shortens(_words(a), _words(b)))
    return _attached(full, single, lambda word, name: _shortens([word], name))


def _shortens(short: list[str], name: list[str]) -> bool:
    """Whether ``short`` is an acronym or compound abbreviation of ``name``'s first words,
    followed by the rest of ``name`` in any case."""
    tail = short[1:]
    if len(name) <= len(tail) or not all(same_name_word(a, b) for a, b in zip(tail, name[len(name) - len(tail):])):
        return False
    return is_acronym_of(short[0], name) or is_compound_of(short[0], name)


def _attached(full: list[RuGroup], single: list[RuGroup], fits) -> list[RuGroup]:
    """The one-word groups joined to the full name whose words they ``fit`` (the one mentioned
    last before them when several do)."""
    for group in single:
        word = _words(group)[0]
        owners = [g for g in full if fits(word, _words(g))]
        if owners:
            _nearest_before(owners, group.mentions[0].span.start_char).mentions.extend(group.mentions)
            group.mentions = []
    return full + [g for g in single if g.mentions]


def _same_first_word(first: RuGroup, second: RuGroup) -> bool:
    return same_name_word(_words(first)[0], _words(second)[0])


def _words(group: RuGroup) -> list[str]:
    """The words of a group's fullest name (the first of the longest), without initials
    ("Петров И. С." -> ["Петров"])."""
    names = [[t.text for t in m.span if not (t.is_punct or t.is_space) and len(t.text) > 1] for m in group.mentions]
    return max(names, key=len)


def _merged(groups: list[RuGroup], same) -> list[RuGroup]:
    """Groups that ``same`` holds for joined into the first of them."""
    kept: list[RuGroup] = []
    for group in groups:
        into = next((k for k in kept if same(k, group)), None)
        if into is None:
            kept.append(group)
        else:
            into.mentions.extend(group.mentions)
    return kept


def _places(group: RuGroup, place_of: dict[str, str]) -> set[str]:
    return {place_of[m.key] for m in group.mentions if m.key in place_of}


def _nearest_before(groups: list[RuGroup], start: int) -> RuGroup:
    """The group mentioned last before ``start``, else the first one mentioned."""
    before = [(max(m.span.start_char for m in g.mentions if m.span.start_char < start), i)
              for i, g in enumerate(groups) if any(m.span.start_char < start for m in g.mentions)]
    if before:
        return groups[max(before)[1]]
    return min(groups, key=lambda g: min(m.span.start_char for m in g.mentions))


def canonical(group: RuGroup) -> str:
    """The nominative name of a group: the fullest mention (a word rather than an acronym),
    inflected when needed; a form already in the nominative wins when one is written."""
    gender = person_gender(group.mentions) if group.label == "PERSON" else None
    forms = Counter()
    own = [m for m in group.mentions if m.alias_of is None] or group.mentions  # not a bracketed restatement
    for mention in own:
        words = [t for t in mention.span if not t.is_space]
        nominative = person_nominative(words, gender) if group.label == "PERSON" else phrase_nominative(words)
        forms[nominative] += 1 + (nominative == mention.span.text)
    return max(forms, key=lambda f: (len(f.split()), not f.isupper(), forms[f], len(f)))


def entity_record(group: RuGroup) -> Entity:
    text = canonical(group)
    mentions = sorted(group.mentions, key=lambda m: m.span.start_char)
    aliases = list(dict.fromkeys(m.span.text for m in mentions if fold(m.span.text) != fold(text)))
    return Entity(id=entity_id(group.label, text), text=text, label=group.label, aliases=aliases,
                  mentions=[MentionRecord(start=m.span.start_char, end=m.span.end_char, text=m.span.text)
                            for m in mentions],
                  count=len(mentions), source="model")


def _relabelled(span: Span, label: str) -> Span:
    """The span with its group's label where the grouping changed it (a place stays LOC)."""
    return span if contract_label(span.label_) == label else Span(span.doc, span.start, span.end, label=label)


def with_places(doc: Doc, ents: list[Span], places: dict[str, str]) -> list[Span]:
    """``ents`` with the gazetteer's places added where the tagger found nothing (the longest
    name first, from a capitalised word, within a line), and relabelled where the gazetteer
    knows them as places: organisations ("КР") and one-word people that have no reading as a
    personal name ("Кыргызстан" opening a clause)."""
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    found = [Span(doc, e.start, e.end, label="LOC") if (
        e.label_ == "ORG" or (e.label_ == "PERSON" and len(e) == 1 and not name_readings(e.text))) and lemma_key(e) in places
        else e for e in ents]
    i = 0
    while i < len(doc):
        size = 0
        if i not in taken and doc[i].text[:1].isupper():
            size = next((n for n in range(MAX_PLACE_WORDS, 0, -1) if i + n <= len(doc)
                         and not taken.intersection(range(i, i + n)) and "\n" not in doc[i:i + n].text
                         and lemma_key(doc[i:i + n]) in places), 0)
        if size:
            found.append(Span(doc, i, i + size, label="LOC"))
        i += size or 1
    return sorted(found, key=lambda span: span.start)


class RussianEntities(RuleComponent):
    """Trims natasha's entities, adds the gazetteer's places and writes one nominative record
    per entity."""

    RULE_FILES = (PLACES_FILE, VOCABULARY_FILE)

    def __init__(self, name: str) -> None:
        self.name = name

    def load_rules(self, rules: RuleData) -> None:
        # the gazetteer: a name's key (its lemmas) -> the place it names
        self.places = dict(value.split("\t") for value in rules.pairs(PLACES_FILE).values())
        self.vocabulary = RuEntityVocabulary.from_json(rules.json(VOCABULARY_FILE))

    def annotate(self, doc: Doc) -> Doc:
        mentions = []
        for ent in self.corrected(doc):
            name, inner = split_bracket(after_open_quote(ent))
            label = contract_label(ent.label_)
            owner = None
            for part in (name, inner):
                span = trimmed(part) if part is not None else None
                if span is None or not is_name(span) or (part is inner and owner is None):
                    continue
                mentions.append(RuMention(Span(doc, span.start, span.end, label=ent.label_), label,
                                          alias_of=owner if part is inner else None))
                owner = len(mentions) - 1 if part is name else None
        groups = group_mentions(mentions, self.places)
        doc.ents = sorted((_relabelled(m.span, g.label) for g in groups for m in g.mentions), key=lambda span: span.start)
        doc._.entities = [e.model_dump() for e in merge_same_name([entity_record(g) for g in groups])]
        return doc

    def corrected(self, doc: Doc) -> list[Span]:
        """natasha's spans with the gazetteer's places and the rules of pipeline.nlp.ru.mentions."""
        vocabulary = self.vocabulary
        ents = relabelled(with_places(doc, without_leading_roles(list(doc.ents)), self.places), vocabulary)
        ents = joined_genitives(without_common_words(joined_people(ents), vocabulary))
        ents = with_org_heads(ents, vocabulary.org_heads)
        text = doc.text
        return with_site_names(doc, text, with_speaker_labels(doc, text, with_byline_names(doc, ents)))


@Language.factory("qalam_ru_entities", requires=["doc.ents", "token.morph", "token.dep"],
                  assigns=["doc.ents", "doc._.entities"])
def make_ru_entities(nlp: Language, name: str) -> RussianEntities:
    """Canonical (nominative) entities of a Russian document."""
    return RussianEntities(name)
