"""The document's kind from weighted evidence, every piece of it kept for the record.

interview: question/answer turns (more for marked layouts and an interview cue; less for
questions in the reader's voice, as FAQ pages ask them, and for questions that are neither
asked with a question mark nor conversational). article: journalism or a blog (a byline, a
dateline, reported speech, a web page, more people named than organisations). report:
what an organisation publishes (a genre named in the title, an organisation as author or as
the text's main actors, an FAQ, citations, figures, lists, a PDF). The kind with the highest total weight wins; ``WEIGHTS``
holds every weight in one place, and each piece of evidence becomes a records.KindReason.
"""

from __future__ import annotations

import re

from spacy.attrs import LEMMA, POS
from spacy.parts_of_speech import VERB
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from pipeline.nlp.components.interview.cues import InterviewCues
from pipeline.nlp.components.interview.layout import Para
from pipeline.nlp.components.interview.turns import Layout, conversational
from pipeline.nlp.doc_memo import doc_text
from pipeline.records import KindReason, kind_scores

# Points per unit of each feature (a count is capped at CAPS[feature] units).
WEIGHTS = {
    # interview
    "qa_turns": 1.0,             # per turn
    "marked_questions": 1.5,     # the turns' questions or answers carry labels, dashes or emphasis
    "interview_cue": 1.5,        # "interview", "spoke with" in the title or before the first question
    "reader_questions": -1.0,    # per turn x share of questions in the reader's voice ("Am I eligible?", "Cost?")
    "no_question_marks": -1.5,   # per turn x share of questions with no question mark (nor a request)
    "not_conversational": -0.5,  # per turn x share of turns with no "you" asked and no "I/we" answering
    "unmarked_questions": -0.5,  # per plain question paragraph put to nobody ("you", a request), without a cue
    # article
    "byline": 2.0,               # a person, a newsroom or a news agency is named as author
    "dateline": 1.0,             # "CITY — ..." opens the text
    "reported_speech": 0.35,     # per clause "X said/told/wrote" with a third-person subject
    "web_page": 0.5,             # an HTML page
    "people": 1.25,              # more different people named than organisations: news is about people
    # report
    "report_title": 2.5,         # the title names a genre organisations publish (report, statement, brief)
    "organisation_author": 2.0,  # the author is an organisation
    "institutional": 1.0,        # organisations are named far more often than people (news about firms too)
    "citations": 0.5,            # per citation
    "figures": 0.15,             # per figure beyond the few any text has
    "list_items": 2.0,           # x share of paragraphs that are list items
    "faq_questions": 0.75,       # per question in the reader's voice: an organisation's FAQ page
    "pdf": 1.5,                  # a PDF
}
CAPS = {"qa_turns": 8, "reported_speech": 4, "citations": 4, "figures": 10, "faq_questions": 8}
FEATURE_KIND = {
    **dict.fromkeys(("qa_turns", "marked_questions", "interview_cue", "reader_questions", "no_question_marks",
                     "not_conversational", "unmarked_questions"), "interview"),
    **dict.fromkeys(("byline", "dateline", "reported_speech", "web_page", "people"), "article"),
    **dict.fromkeys(("report_title", "organisation_author", "institutional", "citations", "figures", "list_items",
                     "faq_questions", "pdf"), "report"),
}
# With no evidence either way, a text is an article: an organisation's publication says so.
TIE_ORDER = ("article", "report", "interview")
DATELINE = re.compile(r"(?P<place>[^\W\d_]{2,}(?:[ .'’-]+[^\W\d_]+){0,3})"
                      r"(?:\s*,[^—–\n]{0,40}?|\s*\([^)\n]{0,40}\))?\s*(?:—|–|--|:)\s")
DATELINE_PARAGRAPHS = 3
TITLE_PARAGRAPHS = 2
TITLE_CHARS = 150
# Organisation mentions per person mention above which the text speaks for institutions.
INSTITUTIONAL_RATIO = 4
MIN_ORGANISATION_MENTIONS = 3
MIN_PEOPLE = 5
FEW_FIGURES = 2
EVIDENCE_CHARS = 80
READER_QUESTION_WORDS = 12
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
SAID = frozenset({"ccomp", "parataxis"})


def choose_kind(evidence: list[KindReason]) -> str:
    """The kind with the highest total weight (on a tie, the first of TIE_ORDER)."""
    scores = kind_scores(evidence)
    return max(TIE_ORDER, key=lambda kind: scores[kind])  # max keeps the first of equal scores


def kind_evidence(doc: Doc, paras: list[Para], layout: Layout, cues: InterviewCues, *,
                  cue: str | None) -> list[KindReason]:
    """Every feature that was found, with its weight; ``cue`` is the interview cue seen."""
    found = interview_evidence(layout, cues, cue=cue) + article_evidence(doc, paras, cues) + \
        report_evidence(doc, paras, layout, cues)
    return [e for e in found if e.weight]


def _evidence(feature: str, value: float, *, free: float = 0, per: float = 1.0,
              evidence: str | None = None) -> KindReason:
    """The weight of ``value`` units of a feature: the first ``free`` units count nothing, the
    count stops at its cap, and ``per`` scales it (a share times the number of turns)."""
    counted = max(value - free, 0)
    counted = min(counted, CAPS[feature]) if feature in CAPS else counted
    weight = round(WEIGHTS[feature] * counted * per, 3)
    return KindReason(kind=FEATURE_KIND[feature], feature=feature, value=round(value, 3), weight=weight,
                      evidence=evidence)


def interview_evidence(layout: Layout, cues: InterviewCues, *, cue: str | None) -> list[KindReason]:
    """The turns, their markers and the intro's cue, less what makes them unlike a dialogue."""
    turns = layout.turns
    if not turns:
        return []
    n = len(turns)
    counted = min(n, CAPS["qa_turns"])
    reader = len(readers_questions(layout, cues)) / n
    unasked = sum(not any(p.question or p.imperative for p in t.question) for t in turns) / n
    talk = sum(conversational(t, cues) for t in turns) / n
    found = [_evidence("qa_turns", n, evidence=layout.name)]
    if layout.explicit:
        found.append(_evidence("marked_questions", 1, evidence=layout.name))
    if cue:
        found.append(_evidence("interview_cue", 1, evidence=cue))
    found += [
        _evidence("reader_questions", reader, per=counted),
        _evidence("no_question_marks", unasked, per=counted),
        _evidence("not_conversational", 1 - talk, per=counted),
    ]
    if not layout.explicit and not cue:
        found.append(_evidence("unmarked_questions", sum(not _addressed(t.question, cues) for t in turns)))
    return found


def readers_questions(layout: Layout, cues: InterviewCues) -> list[tuple[Para, ...]]:
    """Questions in the reader's voice, as FAQ pages ask them: short ones about "I" that
    address nobody ("Am I eligible?"), and, where no question of the run addresses anyone,
    every one whose answer does not speak as "I" ("Cost of Program?", "Who are the Fellows?").
    An interviewer puts at least some questions to "you", and interviewees answer as "I";
    speaker labels and dialogue dashes mark people talking, never an FAQ."""
    if layout.name == "labels" or any(p.dash for t in layout.turns for p in t.question):
        return []
    addressed = any(_addressed(t.question, cues) for t in layout.turns)
    return [t.question for t in layout.turns if not _addressed(t.question, cues) and (
        _about_me(t.question, cues) or (not addressed and not _speaks_as_me(t.answer, cues)))]


def _addressed(question: tuple[Para, ...], cues: InterviewCues) -> bool:
    return any(p.addresses(cues) for p in question)


def _speaks_as_me(answer: tuple[Para, ...], cues: InterviewCues) -> bool:
    return any(not cues.first_person_singular.isdisjoint(p.words) for p in answer)


def _about_me(question: tuple[Para, ...], cues: InterviewCues) -> bool:
    words = [w for p in question for w in p.words]
    return len(words) <= READER_QUESTION_WORDS and not cues.first_person_singular.isdisjoint(words)


def article_evidence(doc: Doc, paras: list[Para], cues: InterviewCues) -> list[KindReason]:
    """A person's byline, a dateline, reported speech, a web page."""
    found = []
    authors = doc._.authors or []
    if authors and (_newsroom(authors[0], cues) or not _organisation(authors[0], doc)):
        found.append(_evidence("byline", 1, evidence=authors[0]))
    dateline = _dateline(doc_text(doc), paras)
    if dateline:
        found.append(_evidence("dateline", 1, evidence=dateline))
    speech = [t for t in _speech_verbs(doc, cues) if _reports(t, cues)]
    if speech:
        found.append(_evidence("reported_speech", len(speech), evidence=_context(speech[0])))
    if doc._.media_type == "text/html":
        found.append(_evidence("web_page", 1))
    named = {label: sum(e["label"] == label for e in doc._.entities or []) for label in ("ORG", "PERSON")}
    if named["PERSON"] >= MIN_PEOPLE and named["PERSON"] > named["ORG"]:
        found.append(_evidence("people", 1, evidence=f"{named['PERSON']} people and {named['ORG']} organisations named"))
    return found


def _speech_verbs(doc: Doc, cues: InterviewCues) -> list[Token]:
    """The verbs whose lemma is a speech verb, in order (from the Doc's arrays: a lemma is
    its string's id)."""
    speech = {get_string_id(verb) for verb in cues.speech_verbs}
    pos, lemmas = doc.to_array([POS, LEMMA]).T.tolist()
    return [doc[i] for i, (p, lemma) in enumerate(zip(pos, lemmas)) if p == VERB and lemma in speech]


def report_evidence(doc: Doc, paras: list[Para], layout: Layout, cues: InterviewCues) -> list[KindReason]:
    """An FAQ, a genre in the title, an organisation as author or main actor, citations,
    figures, lists, a PDF."""
    found = []
    faq = len(readers_questions(layout, cues))
    if faq:
        found.append(_evidence("faq_questions", faq))
    genre = _genre(doc, paras, cues)
    if genre:
        found.append(_evidence("report_title", 1, evidence=genre))
    authors = doc._.authors or []
    if authors and _organisation(authors[0], doc) and not _newsroom(authors[0], cues):
        found.append(_evidence("organisation_author", 1, evidence=authors[0]))
    mentions = {label: sum(e["count"] for e in doc._.entities or [] if e["label"] == label)
                for label in ("ORG", "PERSON")}
    if mentions["ORG"] >= max(MIN_ORGANISATION_MENTIONS, INSTITUTIONAL_RATIO * mentions["PERSON"]):
        found.append(_evidence("institutional", 1, evidence=f"{mentions['ORG']} organisation and "
                                                            f"{mentions['PERSON']} person mentions"))
    citations = len(doc.spans.get("citations", []))
    if citations:
        found.append(_evidence("citations", citations))
    figures = len(doc.spans.get("figures", []))
    if figures > FEW_FIGURES:
        found.append(_evidence("figures", figures, free=FEW_FIGURES))
    items = sum(p.kind == "item" or p.bullet for p in paras)
    if paras and items:
        found.append(_evidence("list_items", items / len(paras)))
    if doc._.media_type == "application/pdf":
        found.append(_evidence("pdf", 1))
    return found


def _genre(doc: Doc, paras: list[Para], cues: InterviewCues) -> str | None:
    """A report genre named in the title, or in a title-like line (a heading, a short line
    without a full stop) among the first paragraphs."""
    if not cues.report_genres:
        return None
    text = doc_text(doc)
    title_like = [p for p in paras[:TITLE_PARAGRAPHS]
                  if p.kind == "heading" or (p.end - p.start <= TITLE_CHARS and text[p.end - 1] != ".")]
    lines = [doc._.title or ""] + [text[p.start:p.end] for p in title_like]
    found = next((m for line in lines if (m := cues.report_genres.search(line))), None)
    return found.group(0) if found else None


def _organisation(author: str, doc: Doc) -> bool:
    """The author is one of the organisations the document names."""
    folded = author.casefold()
    return any(e["label"] == "ORG" and folded in {f.casefold() for f in [e["text"], *e.get("aliases", [])]}
               for e in doc._.entities or [])


def _newsroom(author: str, cues: InterviewCues) -> bool:
    """The author line names a newsroom, a news outlet or agency ("Reuters", "City desk"):
    journalism, whatever the entity rules call it."""
    return bool(cues.newsrooms and cues.newsrooms.search(author))


def _dateline(text: str, paras: list[Para]) -> str | None:
    """A place in capitals, perhaps a date, then a dash or colon, opening one of the first
    paragraphs ("NEW YORK — ...", "GENEVA (5 May 2013): ...")."""
    for para in paras[:DATELINE_PARAGRAPHS]:
        if para.label:
            continue
        match = DATELINE.match(text, para.body, para.end)
        if match and match.group("place").isupper():
            return match.group(0).strip()
    return None


def _reports(verb, cues: InterviewCues) -> bool:
    """Reported speech: a third-person subject and what was said (a clause or a quotation)."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if not subjects or any(s.lower_ in cues.first_person or s.lower_ in cues.second_person for s in subjects):
        return False
    return any(c.dep_ in SAID for c in verb.children) or any(t.is_quote for t in verb.sent)


def _context(token) -> str:
    sent = token.sent.text.strip()
    return sent if len(sent) <= EVIDENCE_CHARS else sent[:EVIDENCE_CHARS - 1] + "…"
