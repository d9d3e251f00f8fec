"""What is not a named entity, though a model or a rule found it.

Per mention: kinds ("NGOs"), nationalities, lower-case words, URLs and numbers; laws,
documents and events ("Data Retention Bill", "Statute of X", "Quad Summit", "Rule XXVI");
plural classes ("United States Embassies"); names glued to a place by a hyphen
("U.S.-Australia"). Per entity (after its mentions are grouped): common words that only the
model took for a name ("Background", "Strategic Outlook") and acronyms that never act as an
organization ("AGM", "PPE").
"""

from __future__ import annotations

import re

from spacy.attrs import IS_ALPHA, IS_LOWER, ORTH
from spacy.tokens import Doc, Span

from pipeline.nlp.components.entities.names import fold
from pipeline.nlp.components.entities.vocabulary import EntityVocabulary
from pipeline.nlp.doc_memo import token_strings

NOT_A_NAME = re.compile(r"@|https?:|www\.|\.(?:com|org|net|gov|se|ru|tj)\b|^\W*$|^[\d\W]+$")
NUMBERED = re.compile(r"^(?:[IVXLC]+|\d+[\w.\-]*)$")  # "Rule XXVI", "Section 5"
MAX_HEADING_WORDS = 10
TITLE_CONNECTORS = frozenset({"of", "for", "and", "the", "on", "in", "to", "&", "against", "-"})
# Heads that close a law, document or event name written in Title Case.
TITLE_HEADS = frozenset({"act", "bill", "treaty", "agreement", "accord", "accords", "convention", "resolution",
                         "statute", "amendment", "manifesto", "conference", "summit", "strategy", "framework",
                         "directive", "doctrine", "declaration", "protocol", "report"})
ACRONYM = re.compile(r"^[A-Z][A-Z&.\-]*[A-Z]\.?$")
NEXT_LOWER_WORD = re.compile(r"\s+([a-z]+)")
WORD_AFTER_BRACKET = re.compile(r"[^)]*\)\s+([A-Za-z]+)")
# Connectors after which a phrase names a law, event or document by its first word.
THING_CONNECTORS = frozenset({"of", "on", "against", "to"})
# Singular heads whose plural ends a class name, not an organization's ("Platforms").
PLURAL_HEADS = frozenset({"Platform", "Group", "Network", "Organisation", "Initiative", "Movement",
                          "Party", "Coalition", "Alliance", "Society", "Cooperative", "Club", "Embassy"})


def is_acronym(text: str) -> bool:
    """One all-capital word of two letters or more ("AGM", "U.S."): an acronym or a shout."""
    return " " not in text and ACRONYM.match(text) is not None


class NameFilter:
    """The word lists the tests read, and the tests."""

    def __init__(self, words: EntityVocabulary, *, not_entities: frozenset[str], adjectives: frozenset[str],
                 dictionary: frozenset[str]) -> None:
        self.words = words
        self.not_entities = not_entities
        self.adjectives = adjectives
        self.dictionary = dictionary
        self.law_words = frozenset(fold(w) for w in words.thing_heads)

    def is_name(self, text: str, label: str, *, norp: set[str]) -> bool:
        """False for kinds, nationalities, things, lowercase words, URLs and numbers."""
        if not text or not text[0].isupper() or NOT_A_NAME.search(text) or "(" in text or ")" in text:
            return False
        folded = fold(text)
        if folded in self.not_entities or folded in norp or folded.rstrip("s") in norp:
            return False
        words = folded.split()
        if not words or self.names_a_thing(text):
            return False
        single = len(words) == 1
        return not (single and (folded in self.adjectives or (folded.endswith("s") and folded[:-1] in self.adjectives)))

    def names_a_thing(self, text: str) -> bool:
        """A law, document or event: "Data Retention Bill", "Statute of Westminster", "Rule XXVI"."""
        words = text.split()
        last = fold(words[-1]) if words else ""
        if last in self.law_words:
            return True
        if len(words) > 1 and NUMBERED.match(words[-1]) and fold(words[-2]) in self.law_words:
            return True
        return len(words) > 2 and words[1] in THING_CONNECTORS and fold(words[0]) in self.words.connector_thing_heads

    def thing_follows(self, doc_text: str, end: int) -> bool:
        """A lower-case law or event noun right after the name: "the X pipeline", "X exercises"."""
        following = NEXT_LOWER_WORD.match(doc_text[end:end + 24])
        return following is not None and following.group(1) in self.law_words

    def thing_after_acronym(self, text: str, long: str) -> bool:
        """ "the Australia-New Zealand-United States (ANZUS) Treaty": a law's name around it."""
        at = text.find(long)
        following = WORD_AFTER_BRACKET.match(text[at + len(long):at + len(long) + 24]) if at >= 0 else None
        return following is not None and fold(following.group(1)) in self.law_words

    def plural_class(self, text: str) -> bool:
        """ "Policy Dialogue Platforms", "Departments of State": a plural names a class."""
        words = text.split()
        first, last = words[0], words[-1]
        if len(words) > 2 and words[1] == "of" and first.endswith("s") and first[:-1] in self.words.org_leads:
            return True
        if any(w in ("of", "for", "to", "against", "on") for w in words):
            return False
        singular = last[:-3] + "y" if last.endswith("ies") else last[:-1]
        return last.endswith("s") and not last.endswith("ss") and (
            singular in self.words.org_words or singular in PLURAL_HEADS or singular in self.words.org_heads
            or len(words) == 1)

    def glued_to_a_place(self, text: str, known: dict[str, str]) -> bool:
        """ "U.S.-Australia", "Australia-United": names joined by a hyphen into a modifier."""
        if " " in text or "-" not in text:
            return False
        parts = [p for p in text.split("-") if p]
        return len(parts) > 1 and all(p[0].isupper() for p in parts) and any(fold(p) in known for p in parts)

    def common_words(self, span: Span, *, lowercase: frozenset[str], heading: bool) -> bool:
        """Every word a common word, none a head of a name. A common word is a dictionary
        word (by its lemma or its plural) that the document also writes in lower case, or
        any dictionary word in a heading line ("Background", "Strategic Outlook"): the
        dictionary (WordNet) holds many proper names too ("Apple", "Brown")."""
        for token in span:
            if token.is_punct or token.is_stop:
                continue
            if token.text in self.words.org_heads or token.text in self.words.place_heads:
                return False
            if token.text in self.words.institution_names:
                return False
            lower = token.lower_
            forms = {lower, token.lemma_.lower(), lower[:-1] if lower.endswith("s") else lower}
            if token.is_sent_start and len(span) == 1 and lower in lowercase:
                continue  # capitalised only because a sentence starts with it
            if not forms & self.dictionary or not (heading or forms & lowercase):
                return False
        return True


def lowercase_words(doc: Doc) -> frozenset[str]:
    """The words the document writes in lower case."""
    flags = doc.to_array([IS_LOWER, IS_ALPHA]).tolist()
    return frozenset(text for text, (lower, alpha) in zip(token_strings(doc, ORTH), flags) if lower and alpha)


def in_heading(span: Span, text: str) -> bool:
    """Whether the span's line in ``text`` (its Doc's, read once by the caller: Doc.text is
    rebuilt on every access) is a heading or a label: short and not closed by a period."""
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    line = text[start:end if end >= 0 else len(text)].strip()
    return len(line.split()) <= MAX_HEADING_WORDS and not line.endswith((".", "…"))


def thing_titles(doc: Doc, heads: frozenset[str]) -> list[tuple[int, int]]:
    """Character ranges of law, document and event names ending in a capitalised head word:
    "the Help America Vote Act", "the Securing Tech and Election Administration Defenses For
    All States and Territories (STEADFAST) Act". Title Case words, connectors and a bracketed
    short form make up the name, read backwards from its head."""
    ranges = []
    for token in doc:
        if not (token.is_title and token.lower_ in heads) or token.i == 0:
            continue
        start = token.i
        i = token.i - 1
        while i >= 0:
            word = doc[i]
            if word.is_title or (word.is_upper and word.is_alpha) or word.text in ("(", ")"):
                start = i if not word.is_punct else start
            elif word.lower_ not in TITLE_CONNECTORS:
                break
            i -= 1
        if start < token.i:
            ranges.append((doc[start].idx, token.idx + len(token)))
    return ranges
