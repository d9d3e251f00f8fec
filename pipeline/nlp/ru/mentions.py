"""Entity spans of natasha's tagger corrected by rules of Russian writing.

Each function takes and returns the document's entity spans (labels PERSON, LOC, ORG):
- ``without_leading_roles``: a person's span starts at the name, not at a role before it;
- ``relabelled``: a name that starts with a compound abbreviation ("Нацстатком", "Госдумы
  России": a state body named by the first syllables of its words; not the sentence's first
  word before it) and a one-word institution ("Кремль") are organisations, also where the
  tagger read one with a name after it as a person ("Нацстаткома Бакыт Исаев");
- ``without_common_words``: acronyms of common nouns ("СИЗО", "СМИ"), initials alone and a
  country in a currency's name ("долларов США") are not names (``one_common_word`` tells the grouping which one-word people are dictionary
  words: "Структуры", "Вдохновляюсь");
- ``joined_people``: two people's spans that touch within a line and agree in case are one
  name ("Нейл" + "Патрик Эванс"; not "штаба Петрова" + "Иванов"), with the initials after a
  surname ("Петров" + "И. С.");
- ``with_org_heads``: an organisation's span grows over the capitalised words before it that
  start its name with an organisation's head noun ("Программа развития" + "ООН", "Институт
  прав человека" + "«Щит»"), to the closing quotation mark of its quoted part;
- ``with_byline_names``: a given name and a surname in capitals ("Олег ПЕТРОВ", the Russian
  press's credit lines) are a person;
- ``with_speaker_labels``: the name before a colon that opens two or more lines ("Петров: …",
  an interview's or a transcript's speaker) is a person;
- ``with_site_names``: a site named by its domain in running text ("change.org") is an
  organisation (not a link: no "www.", "/" or "@" touching it).
Word lists: models/entities/ru/vocabulary.json.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.ru.morph import lemma, parses
from pipeline.nlp.ru.names import surname_type
from pipeline.text.quote_marks import CLOSING_MARKS, OPENING_MARKS

NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
PLACE_GRAMMEMES = frozenset({"Geox"})
NOT_COMMON = NAME_GRAMMEMES | PLACE_GRAMMEMES | {"Orgn", "Trad", "Abbr"}
MIN_COMPOUND_REST = 3
MAX_HEAD_WORDS = 6
INITIAL = re.compile(r"^[А-ЯЁA-Z]$")
CAPITALS = re.compile(r"^[А-ЯЁ]{3,}$")
_TITLE_WORD = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
# One to three capitalised words and a colon opening a line: "Петров:", "Анна Петрова:"
SPEAKER_LABEL = re.compile(rf"^[ \t]*((?:{_TITLE_WORD}[ \t]+){{0,2}}{_TITLE_WORD})[ \t]*:", re.MULTILINE)
MIN_LABEL_LINES = 2
# The top-level domains of sites named in Russian-language news (generic ones and the region's).
SITE_DOMAINS = "ru|com|org|net|info|media|kg|kz|uz|tj|ua|by|su|io|tv"
# A domain not inside a link or an address: nothing of a URL or an e-mail touches it.
SITE = re.compile(rf"(?<![\w./@:-])(?!www\.)[A-Za-z][\w-]*(?:\.[\w-]+)*\.(?:{SITE_DOMAINS})(?![\w/@-]|\.\w)")
OPENING_ONLY = frozenset(OPENING_MARKS) - frozenset(CLOSING_MARKS)
CLOSING_ONLY = frozenset(CLOSING_MARKS) - frozenset(OPENING_MARKS)


@dataclass(frozen=True)
class RuEntityVocabulary:
    """The word lists of the Russian entity rules (models/entities/ru/vocabulary.json)."""

    compound_prefixes: tuple[str, ...]
    institution_names: frozenset[str]
    org_heads: frozenset[str]
    common_acronyms: frozenset[str]
    currency_nouns: frozenset[str]

    @classmethod
    def from_json(cls, data: dict) -> "RuEntityVocabulary":
        return cls(compound_prefixes=tuple(data["compound_prefixes"]),
                   institution_names=frozenset(data["institution_names"]), org_heads=frozenset(data["org_heads"]),
                   common_acronyms=frozenset(data["common_acronyms"]), currency_nouns=frozenset(data["currency_nouns"]))


def lemma_key(span: Span) -> str:
    return " ".join(lemma(t.text) for t in span if not t.is_space)


def _grammemes(word: str) -> set[str]:
    return {g for p in parses(word.lower()) for g in p.tag.grammemes}


def is_compound_abbreviation(word: str, prefixes: tuple[str, ...]) -> bool:
    """"Нацстатком", "Госдумы", "Минюста": a capitalised word made of a state body's syllables
    (one of ``prefixes`` and at least three letters more), which reads as no person or place
    and has no surname's ending."""
    low = word.lower()
    return (word[:1].isupper() and word[1:].islower() and "-" not in word
            and any(low.startswith(p) and len(low) - len(p) >= MIN_COMPOUND_REST for p in prefixes)
            and not (NAME_GRAMMEMES | PLACE_GRAMMEMES) & _grammemes(word) and surname_type(word) is None)


def relabelled(ents: list[Span], vocabulary: RuEntityVocabulary) -> list[Span]:
    out = []
    for ent in ents:
        if (len(ent) > 1 and ent[0].is_sent_start and common_word(ent[0].text)
                and is_compound_abbreviation(ent[1].text, vocabulary.compound_prefixes)):
            ent = Span(ent.doc, ent.start + 1, ent.end, label=ent.label_)  # "Опыт Нацстаткома …"
        compound = ent[0].is_alpha and is_compound_abbreviation(ent[0].text, vocabulary.compound_prefixes)
        if ent.label_ == "PERSON" and len(ent) > 1 and compound:
            # "Нацстаткома Бакыт Исаев": the body, then its officer
            out += [Span(ent.doc, ent.start, ent.start + 1, label="ORG"), Span(ent.doc, ent.start + 1, ent.end, label="PERSON")]
        elif lemma_key(ent) in vocabulary.institution_names or compound:  # "Нацстатком Кыргызской Республики"
            out.append(Span(ent.doc, ent.start, ent.end, label="ORG"))
        else:
            out.append(ent)
    return out


def common_word(word: str) -> bool:
    """A dictionary word (every part of a hyphenated one) with no reading as a name, place,
    organisation or abbreviation."""
    for part in word.split("-"):
        readings = parses(part.lower())
        if not readings or not all(p.is_known and not NOT_COMMON & p.tag.grammemes for p in readings):
            return False
    return True


def without_leading_roles(ents: list[Span]) -> list[Span]:
    """Spans without the common words the tagger took in before the name: a word that is no
    noun opening the sentence ("Сегодня Петрова"); before a place's name a role and what
    goes with it ("Посла Республики Таджикистан"); before a person's name a role
    ("Председатель"), a word capitalised as its sentence's first ("Вина Риты") or written in
    lower case (a foreign given name that happens to be in the dictionary, "Нейл", stays)."""
    out = []
    for ent in ents:
        start = ent.start
        while start < ent.end - 1 and (_opener(ent.doc[start])
                                       or (ent.label_ == "PERSON" and _not_a_name(ent.doc[start]))):
            start += 1
        if ent.label_ == "LOC":
            start = _after_roles(ent, start)
        out.append(ent if start == ent.start else Span(ent.doc, start, ent.end, label=ent.label_))
    return out


def _after_roles(ent: Span, start: int) -> int:
    """Where a place's name starts after a role the tagger took in ("Посла Республики Таджикистан":
    a place has no animate common noun in it), if a capitalised word follows the role."""
    roles = [t.i for t in ent.doc[start:ent.end] if t.pos_ == "NOUN" and "Anim" in t.morph.get("Animacy")
             and common_word(t.text)]
    if roles and roles[-1] + 1 < ent.end and ent.doc[roles[-1] + 1].text[:1].isupper():
        return roles[-1] + 1
    return start


def _opener(token) -> bool:
    """A dictionary word other than a noun or adjective, capitalised as its sentence's first."""
    return token.is_sent_start and token.pos_ not in {"NOUN", "PROPN", "ADJ"} and common_word(token.text)


def _not_a_name(token) -> bool:
    """A dictionary word that is a role (animate), or capitalised only as its sentence's
    first word, or in lower case."""
    animate = any("anim" in p.tag for p in parses(token.lower_))
    return common_word(token.text) and (animate or token.is_sent_start or not token.text[:1].isupper())


def one_common_word(span: Span) -> bool:
    """A span of one dictionary word with no reading as a name ("Структуры", "Вдохновляюсь"):
    no person, whatever the tagger says; a word shaped like a surname ("Орлов") may be one."""
    words = [t.text for t in span if t.is_alpha or "-" in t.text]
    return len(words) == 1 and common_word(words[0]) and surname_type(words[0]) is None


def without_common_words(ents: list[Span], vocabulary: RuEntityVocabulary) -> list[Span]:
    kept = []
    for ent in ents:
        words = [t.text for t in ent if t.is_alpha]
        if ent.text.strip() in vocabulary.common_acronyms or (words and all(INITIAL.match(w) for w in words)):
            continue
        if ent.label_ == "LOC" and ent.start and lemma(ent.doc[ent.start - 1].text) in vocabulary.currency_nouns:
            continue  # "доллара США": the country is part of the currency's name
        kept.append(ent)
    return kept


def _touching(doc: Doc, end: int, start: int) -> bool:
    """Only spaces within a line between token ``end - 1`` and token ``start``."""
    return start == end and "\n" not in doc[end - 1].whitespace_ and bool(doc[end - 1].whitespace_)


def _same_case(first, second) -> bool:
    """Two words the parser reads in one case (a name and the name it continues agree: "Нейл"
    + "Патрик Эванс"; "штаба Петрова" + "Иванов" do not)."""
    return bool(set(first.morph.get("Case")) & set(second.morph.get("Case")))


def _initials_after(doc: Doc, end: int) -> int:
    """The end of up to two initials ("И. С.") right after token ``end - 1``."""
    for _ in range(2):
        if (end + 1 < len(doc) and INITIAL.match(doc[end].text) and doc[end + 1].text == "."
                and _touching(doc, end, end)):
            end += 2
        else:
            break
    return end


def joined_people(ents: list[Span]) -> list[Span]:
    out: list[Span] = []
    for ent in ents:
        previous = out[-1] if out else None
        if (previous is not None and previous.label_ == ent.label_ == "PERSON"
                and _touching(ent.doc, previous.end, ent.start) and _same_case(previous[-1], ent[0])
                and not (len(previous) == 1 and _not_a_name(previous[0]))):
            out[-1] = Span(ent.doc, previous.start, ent.end, label="PERSON")
        else:
            out.append(ent)
    return [Span(e.doc, e.start, _initials_after(e.doc, e.end), label="PERSON") if e.label_ == "PERSON" else e
            for e in out]


def _head_start(doc: Doc, start: int, heads: frozenset[str], taken: set[int]) -> int | None:
    """The first of the capitalised words before token ``start`` (an opening mark between them
    skipped) that begin an organisation's name with its head noun: the head is one of them or
    the noun right after them ("Институт прав человека", "Региональным офисом структуры");
    a role ("Представительница"), another name or the sentence's first word stops them."""
    at = start - 1
    if at >= 0 and doc[at].text in OPENING_ONLY:
        at -= 1
    first = None
    while (at >= 0 and _word(doc[at]) and start - at <= MAX_HEAD_WORDS and "\n" not in doc[at].whitespace_
           and at not in taken and not _animate(doc[at])):
        if doc[at].text[:1].isupper():
            first = at
        elif first is not None:
            break
        at -= 1
    if first is None or doc[first].is_sent_start:
        return None
    capitalised = first
    while capitalised + 1 < start and doc[capitalised + 1].text[:1].isupper():
        capitalised += 1
    head_words = doc[first:min(capitalised + 2, start)]
    return first if any(t.pos_ in {"NOUN", "PROPN"} and lemma(t.text) in heads for t in head_words) else None


def _animate(token) -> bool:
    return "Anim" in token.morph.get("Animacy")


def _word(token) -> bool:
    return token.text.replace("-", "").isalpha()


def _closing_after(doc: Doc, span_start: int, end: int) -> int:
    """``end`` past the closing mark of a quotation opened inside the span and left open."""
    inside = doc[span_start:end]
    opened = sum(t.text in OPENING_ONLY for t in inside) - sum(t.text in CLOSING_ONLY for t in inside)
    if opened > 0 and end < len(doc) and doc[end].text in CLOSING_MARKS:
        return end + 1
    return end


def with_org_heads(ents: list[Span], heads: frozenset[str]) -> list[Span]:
    """Organisations' spans from the start of their names (see ``_head_start``); a span the
    tagger began with words that do not start the name (a role, a sentence's first word:
    "Корреспондент службы «Голоса Америки»") begins at its quoted part; an acronym of its
    kind before the quotes stays ("ПЦ «Мемориал»")."""
    others = {i for ent in ents if ent.label_ != "ORG" and not one_common_word(ent) for i in range(ent.start, ent.end)}
    out = []
    for ent in ents:
        if ent.label_ == "ORG":
            quote = next((t.i for t in ent if t.text in OPENING_ONLY), None)
            if quote is not None and quote > ent.start and not all(t.is_upper for t in ent.doc[ent.start:quote]):
                start = _head_start(ent.doc, quote + 1, heads, others)
                start = quote if start is None else start
            else:
                start = _head_start(ent.doc, ent.start, heads, others)
                start = ent.start if start is None else start
            ent = Span(ent.doc, start, _closing_after(ent.doc, start, ent.end), label="ORG")
        out.append(ent)
    return filter_spans(out)


def with_byline_names(doc: Doc, ents: list[Span]) -> list[Span]:
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    found = list(ents)
    for token in doc[:-1]:
        following = doc[token.i + 1]
        if (token.i not in taken and following.i not in taken and token.text[:1].isupper() and token.text[1:].islower()
                and CAPITALS.match(following.text) and _touching(doc, token.i + 1, following.i)
                and "Name" in _grammemes(token.text) and "Surn" in _grammemes(following.text)):
            found.append(Span(doc, token.i, following.i + 1, label="PERSON"))
    return sorted(found, key=lambda span: span.start)


def with_speaker_labels(doc: Doc, text: str, ents: list[Span]) -> list[Span]:
    labels = [(m.start(1), m.end(1)) for m in SPEAKER_LABEL.finditer(text)]
    counts = Counter(text[s:e] for s, e in labels)
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    found = list(ents)
    for start, end in labels:
        span = doc.char_span(start, end)
        if (span is None or counts[span.text] < MIN_LABEL_LINES or taken.intersection(range(span.start, span.end))
                or not any(NAME_GRAMMEMES & _grammemes(t.text) or surname_type(t.text) for t in span)):
            continue
        found.append(Span(doc, span.start, span.end, label="PERSON"))
        taken.update(range(span.start, span.end))
    return sorted(found, key=lambda span: span.start)


def with_site_names(doc: Doc, text: str, ents: list[Span]) -> list[Span]:
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    found = list(ents)
    for match in SITE.finditer(text):
        span = doc.char_span(match.start(), match.end())
        if span is not None and not taken.intersection(range(span.start, span.end)):
            found.append(Span(doc, span.start, span.end, label="ORG"))
    return sorted(found, key=lambda span: span.start)
