"""Group entity mentions into real-world entities, give each one label, write one record each.

Mentions of one entity share a gazetteer id or a folded name, whatever label their source
gave, or are linked by an acronym defined in the text ("Long Name (LN)"), a chapter form
("X in <place>") or a surname or first name of a full name mentioned elsewhere. The label
is decided once per entity from the evidence of all its mentions (evidence.py), and every
mention carries it. ``names`` is the gazetteer's id -> canonical name table.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from pipeline.nlp.components.entities.evidence import SOURCE_WEIGHTS
from pipeline.nlp.components.entities.mentions import Mention
from pipeline.nlp.components.entities.names import entity_id, fold
from pipeline.records import Entity, Mention as MentionRecord
from pipeline.text.quote_marks import APOSTROPHES

SOURCE_RANK = {"rule": 3, "metadata": 3, "citation": 2, "acronym": 2, "model": 1}
LABEL_ORDER = ("ORG", "PERSON", "PLACE")  # on equal evidence
SHORT_FORM_DISCOUNT = 0.5
MODEL_VOTE = SOURCE_WEIGHTS["model"]  # the model's label of a lone surname or first name counts half
CHAPTER = re.compile(r"^(?P<base>.+?) (?:in|of) (?P<place>[A-Z][\w\- ]+)$")
_CAPITALISED = rf"[A-Z][\w\-{APOSTROPHES}]*"
_SHORT = r"(?P<short>[A-Z][A-Za-z&\-]{1,9})"
# "Long Name (LN)", "Long Name (LN or Other)", "Long Name (LN; P.L. 1-2)".
ACRONYM_DEF = re.compile(rf"(?P<long>{_CAPITALISED}(?:[ \u00a0]+(?:of|for|the|and|on|in|to|&|{_CAPITALISED})){{1,12}})"
                         rf"(?:\s+of\s+\d{{4}})?\s*\((?:or\s+|the\s+)?{_SHORT}(?:\)|[;,]|\s+or\s)")
# "personal protective equipment (PPE)": a common noun's short form.
LOWERCASE_DEF = re.compile(r"\b(?P<long>[a-z][a-z\-]+(?:\s+[a-z][a-z\-]+){1,6})\s*\((?P<short>[A-Z]{2,8})[);,]")
REVERSE_DEF = re.compile(rf"\b(?P<short>[A-Z][A-Z&\-]{{1,9}})\s*\((?P<long>{_CAPITALISED}"
                         rf"(?:[ \u00a0]+[\w\-{APOSTROPHES}&]+){{1,12}})\)")


@dataclass
class Group:
    """Mentions of one real-world entity."""

    key: str
    mentions: list[Mention] = field(default_factory=list)
    acronym: bool = False
    short_forms: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)  # three passes ask it of the same document text in a row
def acronym_pairs(text: str) -> Mapping[str, tuple[str, str]]:
    """Folded short form -> (short, long) for "Long Name (LN)" and "LN (Long Name)"."""
    pairs = {}
    for pattern in (ACRONYM_DEF, REVERSE_DEF):
        for match in pattern.finditer(text):
            long, short = match.group("long"), match.group("short")
            long = _fit_long_form(long, short)
            if long:
                pairs[fold(short)] = (short, long)
    return MappingProxyType(pairs)


def common_noun_acronyms(text: str) -> set[str]:
    """Folded short forms defined by lower-case words ("artificial intelligence (AI)")."""
    shorts = set()
    for match in LOWERCASE_DEF.finditer(text):
        words = match.group("long").replace("-", " ").split()
        short = match.group("short")
        if [w[0] for w in words[-len(short):]] == list(short.lower()):
            shorts.add(fold(short))
    return shorts


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
    return mention.gid or "name:" + fold(mention.text)


def group_mentions(text: str, mentions: list[Mention], names: dict[str, str]) -> list[Group]:
    """Link mentions of one entity: ids, names, acronyms, chapter forms, surnames."""
    by_fold: dict[str, str] = {}
    for mention in mentions:
        by_fold.setdefault(fold(mention.text), _group_key(mention))
        if mention.gid:
            by_fold[fold(mention.text)] = mention.gid
    acronyms = acronym_pairs(text)
    groups: dict[str, Group] = {}
    for mention in mentions:
        key = _link(mention, by_fold, acronyms, names)
        group = groups.setdefault(key, Group(key=key))
        group.mentions.append(mention)
        folded = fold(mention.text)
        for short_key, (short, long) in acronyms.items():
            if folded in (short_key, fold(long)) and fold(long) in by_fold:
                group.acronym = True
                group.short_forms.append(short)
    _link_name_parts(groups)
    return [g for g in groups.values() if g.mentions]


def _link(mention: Mention, by_fold: dict[str, str], acronyms: Mapping[str, tuple[str, str]],
          names: dict[str, str]) -> str:
    """The group key of a mention after acronym and chapter-form linking."""
    folded = fold(mention.text)
    for short, (_, long) in acronyms.items():
        if folded in (short, fold(long)) and short in by_fold and fold(long) in by_fold:
            return _pair_key(by_fold[short], by_fold[fold(long)], names)
    base = _acronym_base(mention, by_fold)
    if base:
        return base
    chapter = CHAPTER.match(mention.text)
    if chapter and mention.label == "ORG" and fold(chapter.group("base")) in by_fold \
            and entity_id("PLACE", chapter.group("place")) in names:
        return by_fold[fold(chapter.group("base"))]
    return by_fold.get(folded, _group_key(mention))


def _pair_key(short_key: str, long_key: str, names: dict[str, str]) -> str:
    """One key for an acronym and its long form: a gazetteer id if either has one."""
    return short_key if short_key in names and long_key not in names else long_key


def _acronym_base(mention: Mention, by_fold: dict[str, str]) -> str | None:
    """"X Youth Network" joins "X" when X is an acronym-like name found alone."""
    words = mention.text.split()
    if mention.label != "ORG" or mention.gid or not 1 < len(words) <= 4:
        return None
    first = words[0]
    key = by_fold.get(fold(first))
    is_acronym = first.replace("-", "").isupper() and len(first) > 1
    # A gazetteer organization's longer names are its parts ("UN Country Team"), not aliases.
    if key and key.startswith("name:") and is_acronym and all(w[0].isupper() for w in words[1:]):
        return key
    return None


def _link_name_parts(groups: dict[str, Group]) -> None:
    """A one-word name joins the single full personal name in the document that ends with it
    (a surname) or, failing that, starts with it (a first name). Gazetteer names and names
    with their own evidence of another label stay apart."""
    by_last, by_first = defaultdict(dict), defaultdict(dict)
    for group in groups.values():
        if decide_label(group) != "PERSON" and has_context_evidence(group):
            continue
        for mention in group.mentions:
            words = mention.text.split()
            if len(words) > 1:
                by_last[fold(words[-1])][group.key] = group
                by_first[fold(words[0])][group.key] = group
    for group in groups.values():
        texts = {fold(m.text) for m in group.mentions}
        if len(texts) != 1 or " " in next(iter(texts)) or any(m.gid for m in group.mentions):
            continue
        if decide_label(group) != "PERSON" and has_context_evidence(group):
            continue
        word = next(iter(texts))
        fuller = {**by_last.get(word, {}), **by_first.get(word, {})}.values()
        if decide_label(group) != "PERSON" and not any(decide_label(g) == "PERSON" for g in fuller):
            continue  # two model guesses that are not persons do not make a person
        for table in (by_last, by_first):
            candidates = {k: g for k, g in table.get(word, {}).items() if g is not group}
            if len(candidates) == 1:
                target = next(iter(candidates.values()))
                for mention in group.mentions:  # the model often takes a lone surname for a place
                    if mention.source == "model":
                        mention.votes = Counter({k: v * SHORT_FORM_DISCOUNT for k, v in mention.votes.items()})
                target.mentions.extend(group.mentions)
                group.mentions = []
                break


def has_context_evidence(group: Group) -> bool:
    """Whether some mention carries more than its source's vote."""
    return any(sum(m.votes.values()) > 1.0 for m in group.mentions if m.source == "model") \
        or any(m.source != "model" for m in group.mentions)


def group_votes(group: Group) -> Counter[str]:
    """The evidence of all mentions. The model's label of a form it already labelled counts
    once: the same guess on the same words is no new evidence. So does a speech verb after a
    form already seen speaking: "Acme said ... Acme said" is no more a person than once."""
    votes: Counter[str] = Counter()
    guessed, spoken = set(), set()
    for mention in group.mentions:
        votes.update(mention.votes)
        form = fold(mention.text)
        if mention.source == "model":
            if (form, mention.label) in guessed:
                votes[mention.label] -= min(mention.votes[mention.label], MODEL_VOTE)
            guessed.add((form, mention.label))
        if mention.speech:
            if form in spoken:
                votes.subtract(mention.speech)
            spoken.add(form)
    return +votes


def decide_label(group: Group) -> str:
    """The label with the most evidence over all mentions; on a tie, the evidence of the
    longest mention (a full name over its short forms), then ORG, PERSON, PLACE."""
    votes = group_votes(group)
    if not votes:
        return next((m.label for m in group.mentions), "ORG")
    longest = max(group.mentions, key=lambda m: len(m.text.split())).votes
    return max(LABEL_ORDER, key=lambda label: (votes[label], longest[label], -LABEL_ORDER.index(label)))


def _canonical(group: Group, label: str, names: dict[str, str]) -> str:
    """Gazetteer name, else the long form (acronym or full name), else the most frequent form."""
    for mention in group.mentions:
        if mention.gid and mention.gid in names:
            return names[mention.gid]
    forms = Counter(m.text for m in group.mentions)
    if group.acronym or label == "PERSON":
        return max(forms, key=lambda f: (len(f.split()), forms[f], len(f)))
    return max(forms, key=lambda f: (forms[f], -len(f.split()), len(f)))


def entity_record(group: Group, label: str, names: dict[str, str]) -> Entity:
    """The record of one group: canonical name, label, aliases, mentions in text order."""
    text = _canonical(group, label, names)
    forms = [*(m.text for m in group.mentions), *group.short_forms]
    aliases = list(dict.fromkeys(f for f in forms if fold(f) != fold(text)))
    sources = {m.source for m in group.mentions}
    source = "acronym" if group.acronym else max(sources, key=SOURCE_RANK.get)
    gid = next((m.gid for m in group.mentions if m.gid.startswith(label.lower() + ":")), None)
    mentions = [MentionRecord(start=m.start, end=m.end, text=m.text, role=m.role)
                for m in sorted(group.mentions, key=lambda m: m.start) if m.source != "metadata"]
    return Entity(id=gid or entity_id(label, text), text=text, label=label, aliases=aliases,
                  mentions=mentions, count=len(mentions), source=source)


def merge_same_name(entities: list[Entity]) -> list[Entity]:
    """One entity per label and canonical name, whatever route linked its mentions."""
    merged: dict[tuple[str, str], Entity] = {}
    for entity in entities:
        key = (entity.label, fold(entity.text))
        if key not in merged:
            merged[key] = entity
            continue
        into = merged[key]
        mentions = sorted(into.mentions + entity.mentions, key=lambda m: m.start)
        forms = [*into.aliases, *entity.aliases, entity.text]
        merged[key] = into.model_copy(update={
            "mentions": mentions, "count": len(mentions),
            "aliases": list(dict.fromkeys(f for f in forms if fold(f) != key[1])),
        })
    return list(merged.values())
