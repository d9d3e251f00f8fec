"""Reading entity spans into mentions: which names a span holds, whether each is a name at
all, and the label evidence around it.

``MentionReader.read`` takes one span of ``doc.ents`` (the model's, a shape rule's, a
gazetteer's or a cited author's) and gives its mentions: a person's name widened by a name
word the model left out, cut into pieces (mentions.py), tested as names (filters.py and the
context tests here) and given their votes (evidence.py).
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span, Token

from pipeline.nlp.components.entities.evidence import (brand_spelling, context_votes, lone_speaker, source_votes,
                                                       speech_votes, takes_article)
from pipeline.nlp.components.entities.filters import NameFilter, is_acronym
from pipeline.nlp.components.entities.mentions import Mention, Piece, pieces, title_before, trim
from pipeline.nlp.components.entities.names import contract_label, fold
from pipeline.nlp.components.entities.shapes import RULE_ID
from pipeline.nlp.components.entities.vocabulary import EntityVocabulary
from pipeline.text.date_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from pipeline.text.quote_marks import CLOSING_MARKS, OPENING_MARKS

CITATION_ID = "citation"
INSTITUTION_WEIGHT = 3.0
GIVEN_NAME_WEIGHT = 3.0  # outweighs the model and a place preposition ("to Mary Dorrance"), like a head word
DATE_WORDS = frozenset(MONTHS + WEEKDAYS + MONTH_ABBREVIATIONS)
DATE_RANGE_DASH = re.compile(r"\s*[-–—]\s*")
KIND_BEFORE = re.compile(r"(\w+) (?:such as|like|including) (?:the )?$")  # "exercises such as the X"
FIELD_BEFORE = re.compile(r"(\w+) (in|of|for) (?:the )?$")  # "Analyst in X", "Director of X"


def source_of(ent: Span) -> str:
    """model, rule (a shape or the gazetteer) or citation."""
    if ent.id_ == CITATION_ID:
        return "citation"
    return "rule" if ent.id_ else "model"


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether the range is exactly the inside of a pair of quotation marks."""
    before, after = text[start - 1:start], text[end:end + 1]
    return bool(before) and before in OPENING_MARKS and after in CLOSING_MARKS and bool(after)


class MentionReader:
    """The word lists and name tables the reading needs, and the reading."""

    def __init__(self, words: EntityVocabulary, *, known: dict[str, str], name_filter: NameFilter,
                 dictionary: frozenset[str], given_names: frozenset[str]) -> None:
        self.words = words
        self.known = known  # folded gazetteer name -> id
        self.filter = name_filter
        self.dictionary = dictionary
        self.given_names = given_names  # Title Case, none also a verb or an adjective: "Mary", not "Chase"
        self.name_heads = frozenset(words.org_heads) | words.org_name_suffixes | words.place_heads

    def read(self, doc: Doc, text: str, ent: Span, norp: set[str]) -> list[Mention]:
        """The mentions an entity span holds, each with its label evidence."""
        label = contract_label(ent.label_)
        source = source_of(ent)
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
        "uncle of Red Cloud Harris", "Min" in "President Park Jae Min")."""
        start, end = ent.start, ent.end
        if start > 0 and self._name_word(doc[start - 1]) and doc[start - 1].whitespace_ == " " \
                and (not doc[start - 1].is_sent_start or doc[start - 1].lower_ not in self.dictionary):
            start -= 1
        if end < len(doc) and self._name_word(doc[end]) and doc[end - 1].whitespace_ == " " \
                and doc[end - 1].tag_ != "POS" and not doc[end].is_sent_start:
            end += 1
        return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])

    def _name_word(self, token: Token) -> bool:
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
        if all(part in DATE_WORDS for part in DATE_RANGE_DASH.split(name)):
            return None  # "Feb-Jun", "Monday–Friday": a span of dates
        if text[end:end + 1] == "-" and text[end + 1:end + 2].islower():
            return None  # "Virginia-class", "PRC-based": a modifier, not a mention
        if not gid and is_acronym(name) and fold(name.title()) in self.known:
            gid = self.known[fold(name.title())]  # "NEW YORK", "DUSHANBE" in a dateline
        if label == "PLACE" and self._names_a_currency(text, end):
            return None  # "US dollar", "Hong Kong dollars": a currency, not the place
        if source == "model" and label == "ORG" and self._has_stray_lowercase(name):
            return None  # a Title Case headline, not a name ("Council Wins a Say Over Budget")
        if source == "model" and label in ("PLACE", "PERSON") and is_acronym(name) and not gid \
                and (name.title() not in self.given_names or piece.role):
            label = "ORG"  # an acronym the gazetteer does not know is an organization ("PRQN"); "LISA" is a person,
            # but not before an office title ("NAVA Administrator": the body's head)
        if source == "model" and label in ("PLACE", "PERSON") and brand_spelling(name):
            label = "ORG"  # "SoftBank", "WeWork": a company's spelling, no person's or place's
        if source == "model" and label == "PERSON" and self._plural_noun(name):
            label = "ORG"  # "Raiders", "Scholars": a team or a class, no person (filtered as a plural class)
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
        titled = piece.role is not None and not is_acronym(name)  # "NAVA Administrator": a body's head
        if source == "model" and label == "PERSON" and not titled and takes_article(span):
            label = "ORG"  # "the Hornets", "the Beacon": no person's name takes the article
        if piece.owner and not gid:
            gid = self.known.get(fold(name), "")
        described = self._described(text, end)  # "the Trump administration": the person, unlabelled here
        # A person cue that only shows a one-word name speaking leaves the label to the rest.
        speaker = source == "rule" and label == "PERSON" and not gid and name not in self.given_names \
            and lone_speaker(text, name, self.words)
        votes = source_votes(label, source, gid) if ((not piece.owner and not described) or gid) and not speaker \
            else Counter()
        votes.update(context_votes(span, self.words, titled=titled))
        if name in self.words.institution_names:
            votes["ORG"] += INSTITUTION_WEIGHT
        if self._personal_name(name):
            votes["PERSON"] += GIVEN_NAME_WEIGHT
        role = piece.role or title_before(text, start, words=self.words)
        return Mention(start=start, end=end, text=name, label=label, source=source, gid=gid, role=role, votes=votes,
                       speech=speech_votes(span, self.words, titled=titled))

    def _not_a_name(self, text: str, end: int, name: str, label: str, *, source: str, norp: set[str]) -> bool:
        """Kinds, things, plural classes and names glued into a modifier (see filters.py)."""
        if source == "citation":
            return False  # cited authors were checked as names already
        if not self.filter.is_name(name, label, norp=norp) or self.filter.glued_to_a_place(name, self.known):
            return True
        if source == "model" and (self.filter.thing_follows(text, end) or self._field_of_role(text, end - len(name))):
            return True
        start = end - len(name)
        kind = KIND_BEFORE.search(text[max(0, start - 40):start])
        if kind is not None and fold(kind.group(1)) in self.filter.law_words:
            return True  # "exercises such as the X": an instance of a thing
        last = name.rsplit(" ", 1)[-1].split("/")[-1]
        if label != "PERSON" and last in self.words.role_titles and " of " not in name:
            return True  # "Brigade Captain", "Designer/Developer": a title, not a body
        return source == "model" and label == "ORG" and self.filter.plural_class(name)

    # -- context tests ---------------------------------------------------------------
    def _personal_name(self, name: str) -> bool:
        """ "Nora Halden", "Mary K. Dorrance": a common given name before one to three capitalised
        words, none of them a known place or the head of an organization's, a place's or a law's
        name ("Victoria Hospital")."""
        words = name.split()
        first = words[0].title()
        if not 2 <= len(words) <= 4 or words[0].isupper() or first not in self.given_names:
            return False  # "NAVA Review": an acronym, not a given name
        rest = words[1:]
        if any(fold(" ".join(words[:end])) in self.known for end in range(2, len(words) + 1)) \
                or any(fold(w) in self.known for w in rest):
            return False  # "Sierra Leone", "Austin Texas": a known place
        last = rest[-1].lower()
        if last.endswith("s") and last[:-1] in self.dictionary:
            return False  # "Carter Foods", "Morgan Mills": a plural noun closes a firm's name
        return all(w[:1].isupper() for w in rest) and not any(w in self.name_heads or fold(w) in self.filter.law_words
                                                               for w in rest)

    def _plural_noun(self, name: str) -> bool:
        """One word that is the plural of a common noun ("Raiders", "Sabres"): a person's name is
        no plural ("Williams" is no plural of a word)."""
        lower = name.lower()
        return (" " not in name and lower.endswith("s") and not lower.endswith(("ss", "us", "is"))
                and lower[:-1] in self.dictionary and name[:-1] not in self.given_names)

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
        before = FIELD_BEFORE.search(text[max(0, start - 30):start])
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
