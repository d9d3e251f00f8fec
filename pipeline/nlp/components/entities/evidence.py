"""Label evidence: what the words around and inside a mention say it names.

Each cue gives a weight to one contract label (ORG, PERSON or PLACE); an entity's label is
the label with the most weight over all its mentions (see grouping.decide_label). The cues
are general English layout and syntax, with their words in the vocabulary:

- the source: a gazetteer name, a shape rule or a citation outweighs the statistical model;
- a title before the name ("Mr", "President") or a speech verb after it ("X said");
- the name's own last word: an organization head or suffix ("Union", "Inc.", "Tribune"),
  a place head ("Valley");
- kind nouns and roles around it: "outlet X", "companies like X", "X, a poet", "director of X",
  "the port city of X";
- a place preposition right before it ("in X"), the weakest cue.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from pipeline.nlp.components.entities.vocabulary import EntityVocabulary
from pipeline.text.bylines import glued_capital

# Weights of the cues; a gazetteer name or a title settles the label on its own.
SOURCE_WEIGHTS = {"model": 1.0, "rule": 2.0, "citation": 2.0, "metadata": 2.0}
GAZETTEER_WEIGHTS = {"ORG": 4.0, "PLACE": 3.0, "PERSON": 3.0}
TITLE_WEIGHT = 4.0
HEAD_WEIGHT = 3.0
CONTEXT_WEIGHT = 2.0
SPEECH_WEIGHTS = {"PERSON": 1.5, "ORG": 0.5}
ADDRESS_WINDOW = 8  # tokens around a name set off by commas in which "you" shows it is addressed
PREPOSITION_WEIGHT = 1.5
# Lower-case words between a kind noun and the name: "companies such as X", "outlets like X".
COMPARISON_WORDS = frozenset({"such", "as", "like", "including"})
APPOSITION_ARTICLES = frozenset({"a", "an", "the", "one", "another"})
MAX_APPOSITION_GAP = 4  # adjectives allowed between "a" and the kind noun: "a Lagos intelligence firm"
# People and parts of a body named after it: "X agents", "X top brass".
AGENCY_STAFF = frozenset({"agents", "officers", "officials", "staff", "analyst", "analysts", "spokesperson",
                          "top", "leadership", "chief", "boss", "bosses", "employees", "members", "team"})
ORGANIZATION_PREPOSITIONS = ("part of", "member of", "by", "by the", "at", "with", "joined", "according to",
                             "from the", "against the")


def source_votes(label: str, source: str, gid: str) -> Counter[str]:
    """What the mention's origin says: a gazetteer id names its own label."""
    if gid:
        kind = "ORG" if gid.startswith("org:") else "PLACE" if gid.startswith("place:") else label
        return Counter({kind: GAZETTEER_WEIGHTS.get(kind, 1.0)})
    return Counter({label: SOURCE_WEIGHTS.get(source, 1.0)})


def lone_speaker(text: str, name: str, words: EntityVocabulary) -> bool:
    """ "Acme said", "according to Acme": a one-word speaker that the text never writes after
    another name word ("Ana Acme") is shown to speak, not to be a person (a company speaks
    too). A surname of a person named in full elsewhere is written after the given name."""
    if " " in name:
        return False
    for match in re.finditer(rf"([A-Z][\w'’\-]*)[ \t]+{re.escape(name)}\b", text):
        before = match.group(1)
        if before.lower() not in words.name_connectors and before not in words.courtesy_titles \
                and before not in words.office_titles and before not in words.sentence_openers \
                and not before.isupper() and before.lower() not in STOP_WORDS:
            return False
    return True


def context_votes(span: Span, words: EntityVocabulary, *, titled: bool) -> Counter[str]:
    """Cues of the words inside and around ``span`` (the trimmed mention)."""
    votes: Counter[str] = Counter()
    if titled or _title_before(span, words):
        votes["PERSON"] += TITLE_WEIGHT
    if _has_org_head(span, words):
        votes["ORG"] += HEAD_WEIGHT
    last = span[-1].text if len(span) else ""
    if len(span) > 1 and last in words.place_heads:
        votes["PLACE"] += HEAD_WEIGHT
    votes.update(speech_votes(span, words, titled=titled))
    for label in (_kind_before(span, words), _apposition_after(span, words)):
        if label:
            votes[label] += CONTEXT_WEIGHT
    if _affiliation_before(span, words):
        votes["ORG"] += CONTEXT_WEIGHT
    if _addressed(span):
        votes["PERSON"] += CONTEXT_WEIGHT
    if span.end < len(span.doc) and span.doc[span.end].lower_ in words.local_nouns:
        votes["PLACE"] += CONTEXT_WEIGHT
    i = span.start - 1
    if i > 0 and span.doc[i].lower_ == "the":
        i -= 1
    before = span.doc[i] if i >= 0 else None
    if before is not None and before.lower_ in words.place_prepositions and not span.text.isupper():
        votes["PLACE"] += PREPOSITION_WEIGHT
    return votes


def brand_spelling(name: str) -> bool:
    """ "SoftBank", "WeWork", "FromSoftware": a capital inside a word, after lower-case letters that
    are no part of a personal name ("McKay", "DeShawn"), is a company's or a brand's spelling."""
    return glued_capital(name) is not None


def _has_org_head(span: Span, words: EntityVocabulary) -> bool:
    """ "Teachers Union", "Acme Inc.", "Army Corps of Engineers": an organization word ends the
    name or leads a part of it."""
    if len(span) < 2:
        return False
    last = span[-1].text
    if last in words.org_heads or last in words.org_name_suffixes:
        return True
    return any(t.text in words.org_leads and t.nbor().lower_ in ("of", "for") for t in span[:-1])


def _addressed(span: Span) -> bool:
    """ "So is it as simple, Stacco, as ...", "Stacco, I'm going to ask you": a one-word name set
    off by commas in a sentence that speaks to "you" is a person addressed."""
    doc = span.doc
    if len(span) != 1 or span.end >= len(doc) or doc[span.end].text != ",":
        return False
    if not (span[0].is_sent_start or doc[span.start - 1].is_punct):
        return False  # "objections to this X, as you know": a name after a determiner is not addressed
    sentence = span.sent
    near = doc[max(span.start - ADDRESS_WINDOW, sentence.start):min(span.end + ADDRESS_WINDOW, sentence.end)]
    return any(t.lower_ in ("you", "your") for t in near)


def speech_votes(span: Span, words: EntityVocabulary, *, titled: bool) -> Counter[str]:
    """ "X said": mostly a person, though bodies speak too; "the X said" is a body."""
    if not _speech_after(span, words):
        return Counter()
    if takes_article(span) and not titled:
        return Counter({"ORG": sum(SPEECH_WEIGHTS.values())})
    return Counter(SPEECH_WEIGHTS)


def takes_article(span: Span) -> bool:
    """ "the Hornets", "The Beacon said": a name right after "the" that is no modifier of a noun
    after it ("the Lima campaign", "the Lima and the Rao governments"). A person's name takes
    no article; a body's, a team's or a title's does."""
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].lower_ != "the":
        return False
    return span.end >= len(doc) or doc[span.end].pos_ not in ("NOUN", "PROPN", "CCONJ")


def _title_before(span: Span, words: EntityVocabulary) -> bool:
    if span.start == 0:
        return False
    before = span.doc[span.start - 1].text
    return before in words.courtesy_titles or before.title() in words.courtesy_titles or before in words.office_titles


def _speech_after(span: Span, words: EntityVocabulary) -> bool:
    """ "X said", "X also said", "X has said"."""
    doc = span.doc
    for i in range(span.end, min(span.end + 3, len(doc))):
        token = doc[i]
        if token.text in words.person_cue_verbs:
            return True
        if not (token.pos_ in ("ADV", "AUX") or token.is_space):
            return False
    return False


def _kind_before(span: Span, words: EntityVocabulary) -> str | None:
    """ "the outlet X", "companies such as X", "activist X", "the city of X"."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and doc[i].lower_ in COMPARISON_WORDS | {"the"}:
        i -= 1
    if i < 0:
        return None
    word = doc[i].text
    if doc[i].lower_ == "of" and i > 0 and doc[i - 1].lower_ in words.place_kinds:
        return "PLACE"
    if word in words.org_kinds or doc[i].lower_ in words.org_kinds:
        return "ORG"
    if doc[i].lower_ in words.person_nouns:
        return "PERSON"
    return None


def _apposition_after(span: Span, words: EntityVocabulary) -> str | None:
    """ "X, a poet", "X, a Lagos intelligence firm", "X, who", "X, Specialist in ..."."""
    doc = span.doc
    i = span.end
    if i + 1 >= len(doc) or doc[i].text != ",":
        return None
    if doc[i + 1].lower_ == "who" or doc[i + 1].text in words.role_titles or doc[i + 1].text in words.office_titles:
        # "X, who", "X, Analyst in ...", "X, Coordinator"; an acronym before a title is a body
        # in an address ("Ana Lima, Engineer, NAVA, General Aviation Section")
        return None if span.text.isupper() else "PERSON"
    if doc[i + 1].lower_ not in APPOSITION_ARTICLES:
        return None
    for token in doc[i + 2: min(i + 3 + MAX_APPOSITION_GAP, len(doc))]:
        if token.text in words.org_kinds or token.lower_ in words.org_kinds:
            return "ORG"
        if token.lower_ in words.person_nouns:
            return "PERSON"
        if token.lower_ in words.place_kinds:
            return "PLACE"
        if token.is_punct:
            return None
    return None


def _affiliation_before(span: Span, words: EntityVocabulary) -> bool:
    """ "director of X", "members of X", "a fellow at X"."""
    doc = span.doc
    i = span.start - 1
    if i > 0 and doc[i].lower_ == "the":
        i -= 1
    return i > 0 and doc[i].lower_ in ("of", "at") and doc[i - 1].lower_ in words.affiliation_roles


def coordinated(doc: Doc, first: Span, second: Span) -> bool:
    """Whether two mentions are neighbours in a list: only ",", "and", "or", "&" between them."""
    between = doc[first.end:second.start]
    return 0 < len(between) <= 2 and all(t.text in (",", "and", "or", "&", "/") for t in between)


def acts_as_organization(span: Span, words: EntityVocabulary) -> bool:
    """Whether an acronym is used as a body: a role of its people after it ("X analyst",
    "X Deputy Director"), something it owns ("X's program"), a preposition of agency or
    membership before it ("by the X", "part of X", "at X", "according to X"), "the X" closing
    a phrase ("the X and", "the X if"), or the subject of a verb ("X provides")."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    if after is not None and (after.text in words.role_titles or after.text in words.office_titles
                              or after.lower_ in words.affiliation_roles or after.lower_ in AGENCY_STAFF):
        return True
    if after is not None and after.tag_ == "POS":
        return True
    if before is not None and before.lower_ == "the" and (after is None or not after.is_alpha or after.pos_ != "NOUN"):
        return True
    window = doc[max(span.start - 2, 0):span.start].text.lower()
    if any(window.endswith(cue) for cue in ORGANIZATION_PREPOSITIONS):
        return True
    root = span.root
    return root.dep_ == "nsubj" and root.head.pos_ == "VERB"
