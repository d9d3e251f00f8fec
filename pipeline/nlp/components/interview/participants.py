"""Who asks and who answers: speaker labels resolved to the names the document gives, bylines,
and the person an introduction names after an interview cue.

A label is resolved to the fullest name of the document's people (entities, authors) that
contains its words ("MR. REYES" -> "Paul Reyes", "Ana" -> "Ana Ruiz") or has its initials
("KB" -> "Kim Berg"); a first-person label ("Me:") is the document's author.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from pipeline.nlp.components.interview.cues import InterviewCues
from pipeline.nlp.components.interview.layout import Label, Para
from pipeline.nlp.components.interview.turns import Layout
from pipeline.nlp.doc_memo import doc_text
from pipeline.text.bylines import byline_names, interviewer_in_text

JOINER = "; "  # several interviewees (or interviewers), as the gold conventions write them
MAX_BYLINE_PARAGRAPH_CHARS = 80
MAX_INITIALS = 3
# Between two people named in one list after an interview cue ("Ava Lund, designer; Omar
# Reyes, developer"), only names, titles, punctuation and "and" stand.
LIST_TAGS = frozenset({"PROPN", "NOUN", "ADJ", "PUNCT", "CCONJ", "DET", "SPACE", "X", "NUM"})


@dataclass(frozen=True)
class People:
    """The people a document names (person entities in every form written, its authors), to
    resolve speaker labels against; ``forms`` maps a form as written to the entity's name
    (an inflected "Anna Volkovoy" to "Anna Volkova")."""

    names: tuple[str, ...]
    authors: tuple[str, ...]
    cues: InterviewCues
    forms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Doc, cues: InterviewCues) -> "People":
        forms = {form: entity["text"] for entity in doc._.entities or [] if entity["label"] == "PERSON"
                 for form in (*entity.get("aliases", []), entity["text"])}
        names = list(forms) + [e.text for e in doc.ents if e.label_ == "PERSON"]
        authors = tuple(doc._.authors or [])
        return cls(tuple(dict.fromkeys(names + list(authors))), authors, cues, forms)

    def canonical(self, form: str) -> str:
        return self.forms.get(form, form)

    def name_of(self, label: Label) -> str | None:
        """The name a speaker label stands for; None for a Q/A marker or an unnamed "Me"."""
        if label.role:
            return None
        words = label.name.split()
        if len(words) == 1 and words[0].lower() in self.cues.first_person_singular:
            return self.authors[0] if self.authors else None
        initials = len(words) == 1 and _initials(words[0])
        found = [n for n in self.names if _initials_of(n) == words[0]] if initials else []
        if not found:
            wanted = {_fold(w) for w in words}
            found = [n for n in self.names if wanted <= {_fold(w) for w in n.split()}]
        fullest = max(found, key=lambda n: len(n.split())).split() if found else words  # first on a tie
        return " ".join(w.capitalize() if len(w) > MAX_INITIALS and w.isupper() else w for w in fullest)

    def names_of(self, labels: Iterable[Label], *, besides: str | None = None) -> str | None:
        """The names of several labels (without repeats or ``besides``), joined."""
        found = [name for name in dict.fromkeys(map(self.name_of, labels)) if name and name != besides]
        return JOINER.join(found) if found else None


def interviewer(doc: Doc, paras: list[Para], layout: Layout, people: People) -> str | None:
    """The host's label, the author in the metadata, a byline paragraph, "interviewed by X"."""
    named = people.name_of(layout.host) if layout.host else None
    if named or people.authors:
        return named or people.authors[0]
    text = doc_text(doc)
    for para in reversed(paras):
        line = text[para.start:para.end].strip()
        found = byline_names(line)
        if found and len(line) <= MAX_BYLINE_PARAGRAPH_CHARS:
            return JOINER.join(found)
    return interviewer_in_text(text)


def interviewee(doc: Doc, layout: Layout, people: People, *, asker: str | None) -> str | None:
    """The answers' labels, else the people named after an interview cue before the first
    question, a title "with NAME", the person the introduction names most, the one the text
    names most."""
    answering = people.names_of((label for turn in layout.turns for label in turn.answerers), besides=asker)
    if answering:
        return answering
    intro_end = layout.turns[0].question_span[0] if layout.turns else len(doc_text(doc))
    named = _named_after_cue(doc, intro_end, asker, people) or _named_in_title(doc._.title, people.cues)
    if named:
        return named
    skip = set((asker or "").split())
    persons = [e for e in doc.ents if e.label_ == "PERSON" and not set(e.text.split()) & skip]
    intro = [people.canonical(e.text) for e in persons if e.start_char < intro_end]
    if intro:  # the person the introduction names most (first on ties)
        counts = Counter(intro)
        return max(intro, key=lambda name: (counts[name], -intro.index(name)))
    counts = Counter(people.canonical(e.text) for e in persons)
    return counts.most_common(1)[0][0] if counts else None


def _named_in_title(title: str | None, cues: InterviewCues) -> str | None:
    """"Interview with Jane Doe" / "A talk with Jane Doe" in a title outside the text."""
    for cue in cues.named_cues:
        match = cue.search(title or "")
        if match:
            return match.group("name")
    return None


def _named_after_cue(doc: Doc, intro_end: int, asker: str | None, people: People) -> str | None:
    """``I interviewed NAME``, ``we spoke with A, the ..., and B``: the people after the first
    cue that is followed by one."""
    text = doc_text(doc)
    hits = sorted(m.end() for cue in people.cues.interview_cues for m in cue.finditer(text, 0, intro_end))
    for at in hits:
        span = doc.char_span(at, intro_end, alignment_mode="contract")
        if span is None or not len(span):
            continue
        end = min(span[0].sent.end, span.end) if doc.has_annotation("SENT_START") else span.end
        found = _people_listed(doc[span.start:end], asker)
        if found:
            return JOINER.join(dict.fromkeys(map(people.canonical, found)))
    return None


def _people_listed(span: Span, asker: str | None) -> list[str]:
    """The first person named in ``span`` and those listed right after it."""
    skip = set((asker or "").split())
    people = [e for e in span.ents if e.label_ == "PERSON" and not set(e.text.split()) & skip]
    if not people:
        first = _proper_noun_run(span, skip)
        return [first] if first else []
    listed = [people[0]]
    items = False  # "A, title; B, title": after a semicolon, only the first name of each item
    for person in people[1:]:
        between = span.doc[listed[-1].end:person.start]
        if any(t.pos_ not in LIST_TAGS for t in between):
            break
        semicolon = any(t.text == ";" for t in between)
        items = items or semicolon
        if semicolon or not items:
            listed.append(person)
    return list(dict.fromkeys(e.text for e in listed))


def _proper_noun_run(span: Span, skip: set[str]) -> str | None:
    """The first run of capitalised proper nouns that is not a place, organisation or date."""
    for token in span:
        if token.pos_ == "PROPN" and token.is_title and token.ent_type_ not in {"GPE", "LOC", "ORG", "NORP", "DATE"}:
            end = token.i + 1
            while end < span.end and span.doc[end].pos_ == "PROPN" and span.doc[end].is_title:
                end += 1
            name = span.doc[token.i:end].text
            if not set(name.split()) & skip:
                return name
    return None


def _initials(word: str) -> bool:
    return 2 <= len(word) <= MAX_INITIALS and word.isalpha() and word.isupper()


def _initials_of(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _fold(word: str) -> str:
    return word.casefold().strip(".,")
