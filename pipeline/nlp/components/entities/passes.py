"""Document-wide passes over the mentions, before they are grouped.

Each pass reads the whole text: a dateline's place, a body's name defined with its short form,
names that are words of a law's or a report's title, short forms the text defines as things,
and the document's metadata authors.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc

from pipeline.nlp.components.entities.authors import author_mentions
from pipeline.nlp.components.entities.evidence import context_votes, source_votes
from pipeline.nlp.components.entities.filters import TITLE_HEADS, NameFilter, thing_titles
from pipeline.nlp.components.entities.grouping import acronym_pairs, common_noun_acronyms
from pipeline.nlp.components.entities.mentions import Mention
from pipeline.nlp.components.entities.names import fold
from pipeline.nlp.components.entities.vocabulary import EntityVocabulary
from pipeline.text.citations import report_titles

DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,2})(?=\s*(?:,|—|–|--|\())", re.MULTILINE)


def datelines(text: str, mentions: list[Mention], *, known: dict[str, str]) -> list[Mention]:
    """ "WASHINGTON, June 17 --", "DUSHANBE (23 May 2013):": a capitalised place that opens a
    line before a comma, a dash or a bracket is the dateline's place."""
    taken = {m.start for m in mentions}
    found = []
    for match in DATELINE.finditer(text):
        name = match.group("place")
        gid = known.get(fold(name.title()), "")
        if gid.startswith("place:") and match.start("place") not in taken:
            found.append(Mention(start=match.start("place"), end=match.end("place"), text=name, label="PLACE",
                                 source="rule", gid=gid, votes=source_votes("PLACE", "rule", gid)))
    return found


def with_defined_names(doc: Doc, text: str, mentions: list[Mention], *, words: EntityVocabulary) -> list[Mention]:
    """A body's name defined with its short form ("Freedom of the Press Foundation (FPF)") is a
    mention in full, replacing the shorter pieces found inside it ("Press Foundation")."""
    for short, long in acronym_pairs(text).values():
        if not any(word in words.org_heads or word in words.org_name_suffixes for word in long.split()):
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(long)}(?=\s*\({re.escape(short)})", text):
            start, end = match.span()
            span = doc.char_span(start, end)
            if span is None or any(m.start <= start and end <= m.end for m in mentions):
                continue
            mentions = [m for m in mentions if not (start <= m.start and m.end <= end)]
            votes = source_votes("ORG", "rule", "") + context_votes(span, words, titled=False)
            mentions.append(Mention(start=start, end=end, text=long, label="ORG", source="rule", votes=votes))
    return sorted(mentions, key=lambda m: m.start)


def _inside(mention: Mention, ranges: list[tuple[int, int]]) -> bool:
    """Whether the mention lies within one of the sorted, disjoint character ranges."""
    at = bisect_right(ranges, (mention.start, float("inf"))) - 1
    return at >= 0 and mention.end <= ranges[at][1]


def outside_titles(doc: Doc, text: str, mentions: list[Mention]) -> list[Mention]:
    """Drop the names that are words of a law's, document's or event's name ("Election
    Administration Defenses" in a bill's name, a report's title); gazetteer names inside
    one stay ("America" in "Help America Vote Act" is the country), and so do people in a
    law's name."""
    laws = sorted(thing_titles(doc, TITLE_HEADS))
    reports = sorted(report_titles(text))
    return [m for m in mentions if m.gid or not (_inside(m, reports) or (m.label != "PERSON" and _inside(m, laws)))]


def without_thing_acronyms(text: str, mentions: list[Mention], *, name_filter: NameFilter,
                           names: dict[str, str]) -> list[Mention]:
    """Drop the short forms the text defines as laws, documents, events ("IEEPA", the "(ANZUS)
    Treaty") or common nouns ("artificial intelligence (AI)"), even where a gazetteer knows
    the same letters for an organization ("Internal Revenue Code (IRC)")."""
    things = {short: long for short, (_, long) in acronym_pairs(text).items()
              if name_filter.names_a_thing(long) or name_filter.thing_after_acronym(text, long)}
    things.update(dict.fromkeys(common_noun_acronyms(text), ""))
    return [m for m in mentions if fold(m.text) not in things
            or (m.gid and fold(names.get(m.gid, "")) == fold(things[fold(m.text)]))]


def with_authors(text: str, authors: list[str], mentions: list[Mention], *, words: EntityVocabulary) -> list[Mention]:
    """The metadata authors' new mentions; where an author is already a mention, it lends that
    mention the byline's evidence."""
    at = {(m.start, m.end): m for m in mentions}
    taken = {i for m in mentions for i in range(m.start, m.end)}
    added = []
    for author in author_mentions(text, authors, words):
        same = at.get((author.start, author.end))
        if same is not None:
            same.votes.update(author.votes)
        elif not any(i in taken for i in range(author.start, author.end)):
            added.append(author)
    return added
