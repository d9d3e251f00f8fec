"""qalam_interview: the document's kind and, for interviews, its turns and participants.

Layout decides, not vocabulary alone. Each paragraph gets a marker (``Q:``/``A:``, a
``Name:`` prefix, a dash, a bullet, ``**bold**`` or none) and a flag for ending in a
question mark. Turns are the longest run of questions sharing one marker style, each
followed by its answer paragraphs; a question heading in a different style (one the
author answers in an intro) is outside that run. ``kind_from_features`` is the small,
explicit scoring function that turns the layout and a few counts into a kind.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.components.interview.cues import RULE_FILES, InterviewCues
from pipeline.nlp.extensions import paragraph_ranges
from pipeline.nlp.rule_data import RuleComponent, RuleData
from pipeline.records import Interview, Turn
from pipeline.text.bylines import byline_names, interviewer_in_text
from pipeline.text.quote_marks import APOSTROPHES, CLOSING_MARKS, DOUBLE_MARKS, trim_space

_PREFIX_WORD = rf"[A-Z][\w.{APOSTROPHES}-]*"
PREFIX = re.compile(rf"(?P<name>{_PREFIX_WORD}(?:\s+{_PREFIX_WORD}){{0,3}})\s*:\s+(?=\S)")
MARKER_PREFIX = re.compile(r"(?P<name>[A-Za-z]{1,12})\s*[:.)]\s+(?=\S)")
DASHES = "-–—"
BULLETS = "•●▪◦·*►‣"
BOLD = re.compile(r"(\*\*|__).+?\1")
_CLOSERS = re.escape(CLOSING_MARKS)
QUESTION_END = re.compile(rf"\?[\s{_CLOSERS}*_)\u00a0]*$")
TERMINAL = re.compile(rf"[.!?:;{_CLOSERS})…][\s\u00a0]*$")
MAX_QUESTION_CHARS = 600
CAPTION_CHARS = 90
# Scoring weights (see kind_from_features).
INTERVIEW_THRESHOLD = 4.0
MARKED_BONUS = 1.5
CUE_BONUS = 1.5
FIRST_PERSON = {"i", "we", "my", "our", "me", "us"}
SECOND_PERSON = {"you", "your", "yours", "yourself"}
QUESTION_OPENERS = SECOND_PERSON | {
    "what", "how", "why", "when", "where", "who", "whom", "whose", "which", "do", "does", "did",
    "are", "is", "was", "were", "can", "could", "would", "will", "should", "have", "has", "had",
    "tell", "please", "describe", "in", "as", "and", "so", "if", "since", "looking", "finally",
}
_DOUBLE = re.escape(DOUBLE_MARKS)
# A paragraph in double quotation marks (pull quote), and quoted words (someone else's).
PULL_QUOTE = re.compile(rf"[{_DOUBLE}][^{_DOUBLE}]{{20,}}[{_DOUBLE}]")
QUOTED = re.compile(rf"[{_DOUBLE}][^{_DOUBLE}]*[{_DOUBLE}]")
MAX_BYLINE_PARAGRAPH_CHARS = 80


@dataclass(frozen=True)
class Para:
    """One paragraph and what its first characters say about its role."""

    start: int
    end: int
    body_start: int      # after the marker
    style: str           # q | a | prefix | dash | bullet | bold | plain
    prefix: str | None   # the name before a colon, if any
    question: bool
    caption: bool        # short line without final punctuation (caption, heading)
    pull_quote: bool     # the whole paragraph is in quotation marks


@dataclass(frozen=True)
class Features:
    """What ``kind_from_features`` reads."""

    turns: int
    wellformed: int        # turns whose question opens with a question word or "you"
    conversational: float  # share of turns with "you" in the question or "I/we" in the answer
    marked: bool          # questions carry a marker (Q:, dash, name prefix, bold)
    interview_cue: bool   # the title or intro says interview / spoke with ...
    citations: int
    figures: int
    speech_verbs: int     # third-person "said"/"told" outside quotes
    first_person: float   # first-person pronouns per 100 words
    byline: bool = False  # the document names its author (metadata or a "By X" line)


# First-person pronouns per 100 words above which a bylined piece reads as a blog report.
ARTICLE_MAX_FIRST_PERSON = 1.0


def kind_from_features(f: Features) -> str:
    """interview if the Q&A layout scores ≥ INTERVIEW_THRESHOLD, else article or report.

    interview score = well-formed turns (questions opening with a question word or "you"),
    halved unless most turns are conversational ("you" asked, "I/we" answering), halved
    again for an unmarked layout with no interview cue (rhetorical questions in a blog),
    + 1.5 if questions or answers carry markers + 1.5 if the intro has an interview cue.
    article = third-person news: speech verbs outweigh citations, figures and first person,
    or a bylined piece with no citations written in the third person.
    """
    turns = f.wellformed * (1.0 if f.conversational >= 0.5 else 0.5)
    if not f.marked and not f.interview_cue:
        turns /= 2
    score = (turns + (MARKED_BONUS if f.marked and f.turns >= 2 else 0)
             + (CUE_BONUS if f.interview_cue and f.turns >= 1 else 0))
    if score >= INTERVIEW_THRESHOLD:
        return "interview"
    report_score = min(f.citations, 5) + 0.3 * min(f.figures, 10) + min(f.first_person, 3)
    if f.speech_verbs >= 3 and f.speech_verbs > report_score:
        return "article"
    if f.byline and f.citations == 0 and f.first_person < ARTICLE_MAX_FIRST_PERSON:
        return "article"
    return "report"


class InterviewAnalyzer(RuleComponent):
    """Set ``doc._.kind`` and ``doc._.interview``."""

    RULE_FILES = RULE_FILES

    def __init__(self, name: str, read_cues: Callable[[RuleData], InterviewCues]) -> None:
        self.name = name
        self.read_cues = read_cues

    def load_rules(self, rules: RuleData) -> None:
        self.cues = self.read_cues(rules)

    def annotate(self, doc: Doc) -> Doc:
        text = doc.text  # Doc.text joins every token: build it once
        paras = self.classify(doc, text)
        turns = self.turns(text, paras)
        doc._.kind = kind_from_features(self.features(doc, text, turns))
        if doc._.kind != "interview":
            doc._.interview = None
            return doc
        interviewer = self.interviewer(doc, text, paras, turns)
        interviewee = self.interviewee(doc, text, turns, interviewer)
        doc._.interview = Interview(
            interviewer=interviewer,
            interviewee=interviewee,
            turns=[turn_record(text, q, answer, interviewee) for q, answer in turns],
        ).model_dump()
        return doc

    # -- paragraphs -------------------------------------------------------------------
    def classify(self, doc: Doc, text: str) -> list[Para]:
        """Every non-empty paragraph with its marker style."""
        raw = [(s, e) for s, e in paragraph_ranges(doc) if text[s:e].strip()]
        prefixes = Counter(self._prefix(text, s, e) for s, e in raw)
        return [self._para(text, s, e, prefixes) for s, e in raw]

    def _prefix(self, text: str, start: int, end: int) -> str | None:
        i = start + len(text[start:end]) - len(text[start:end].lstrip())
        m = PREFIX.match(text, i, end)
        return m.group("name") if m else None

    def _para(self, text: str, start: int, end: int, prefixes: Counter) -> Para:
        i = start + len(text[start:end]) - len(text[start:end].lstrip())
        body, style, prefix = i, "plain", None
        marker = MARKER_PREFIX.match(text, i, end)
        named = PREFIX.match(text, i, end)
        bold = BOLD.match(text[i:end])
        if marker and marker.group("name").lower() in self.cues.question_markers:
            style, body = "q", marker.end()
        elif marker and marker.group("name").lower() in self.cues.answer_markers:
            style, body = "a", marker.end()
        elif named and prefixes[named.group("name")] >= 2:
            style, body, prefix = "prefix", named.end(), named.group("name")
        elif text[i] in DASHES:
            style, body = "dash", i + 1
        elif text[i] in BULLETS:
            style, body = "bullet", i + 1
        elif bold:
            style = "bold"
        while body < end and text[body].isspace():
            body += 1
        content = text[body:end].strip()
        question = style == "q" or (len(content) <= MAX_QUESTION_CHARS and bool(QUESTION_END.search(content)))
        caption = style == "plain" and len(content) <= CAPTION_CHARS and not TERMINAL.search(content)
        pull_quote = style == "plain" and bool(PULL_QUOTE.fullmatch(content))
        return Para(start, end, body, style, prefix, question, caption, pull_quote)

    # -- turns ------------------------------------------------------------------------
    def turns(self, text: str, paras: list[Para]) -> list[tuple[Para, list[Para]]]:
        """The longest run of same-style questions with answers after them."""
        styles = Counter(self._question_style(p) for p in paras if p.question)
        best: list[tuple[Para, list[Para]]] = []
        for style, count in styles.items():
            if count < 2 and style != "q":  # one Q: is enough; other styles need a run
                continue
            found = self._turns_of_style(paras, style)
            marked = style != "plain"
            if len(found) > len(best) or (len(found) == len(best) and marked):
                best = found
        return _trim_edges(text, best)

    def _question_style(self, para: Para) -> str:
        if para.style == "prefix":
            return f"prefix:{para.prefix}"
        return para.style

    def _turns_of_style(self, paras: list[Para], style: str) -> list[tuple[Para, list[Para]]]:
        indices = [i for i, p in enumerate(paras) if p.question and self._question_style(p) == style]
        turns = []
        for n, qi in enumerate(indices):
            stop = indices[n + 1] if n + 1 < len(indices) else len(paras)
            answer = self._trim_answer(paras[qi + 1:stop], last=n + 1 == len(indices))
            if answer:
                turns.append((paras[qi], answer))
        return turns

    def _trim_answer(self, answer: list[Para], *, last: bool) -> list[Para]:
        """Drop captions and pull quotes at the end; the last answer keeps only its marked paragraphs."""
        if not answer or answer[0].question and answer[0].style not in {"a", "prefix"}:
            return []
        if last:
            first = answer[0]
            if first.style in {"a", "bullet", "prefix"}:
                kept = [first]
                for p in answer[1:]:  # several interviewees may answer one question in turn
                    if p.style != first.style:
                        break
                    kept.append(p)
                answer = kept
            else:
                answer = [first]
        while answer and (answer[-1].caption or (len(answer) > 1 and answer[-1].pull_quote)):
            answer = answer[:-1]
        return answer

    # -- features ---------------------------------------------------------------------
    def features(self, doc: Doc, text: str, turns: list[tuple[Para, list[Para]]]) -> Features:
        first_turn = turns[0][0].start if turns else len(text)
        intro = text[:first_turn][:2000] + " " + (doc._.title or "")
        words = re.findall(r"[a-z]+", QUOTED.sub(" ", text).lower())  # the author's words only
        first_person = sum(w in FIRST_PERSON for w in words) * 100 / max(len(words), 1)
        return Features(
            turns=len(turns),
            wellformed=sum(_wellformed(text[q.body_start:q.end]) for q, _ in turns),
            conversational=_conversational(text, turns),
            marked=_marked(turns),
            interview_cue=any(cue.search(intro) for cue in self.cues.interview_cues),
            citations=len(doc.spans.get("citations", [])),
            figures=len(doc.spans.get("figures", [])),
            speech_verbs=sum(1 for t in doc if t.lemma_ in {"say", "tell"} and t.pos_ == "VERB"
                             and not any(c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON for c in t.children)),
            first_person=first_person,
            byline=bool(doc._.authors),
        )

    # -- participants -----------------------------------------------------------------
    def interviewer(self, doc: Doc, text: str, paras: list[Para],
                    turns: list[tuple[Para, list[Para]]]) -> str | None:
        """A name prefix on the questions, the metadata author, a byline, "interviewed by X"."""
        prefix = turns[0][0].prefix if turns else None
        if prefix and prefix.lower() not in self.cues.question_markers:
            return prefix
        if doc._.authors:
            return doc._.authors[0]
        for para in sorted(paras, key=lambda p: -p.start):
            line = text[para.start:para.end].strip()
            names = byline_names(line)
            if names and len(line) <= MAX_BYLINE_PARAGRAPH_CHARS:
                return " and ".join(names)
        return interviewer_in_text(text)

    def interviewee(self, doc: Doc, text: str, turns: list[tuple[Para, list[Para]]],
                    interviewer: str | None) -> str | None:
        """Answer prefixes, the name after an intro cue, the person the intro names most."""
        prefixes = [p.prefix for _, answer in turns for p in answer if p.prefix]
        if prefixes:
            names = list(dict.fromkeys(p for p in prefixes if p != interviewer))
            return " and ".join(names) if names else None
        intro_end = turns[0][0].start if turns else len(text)
        named = self._named_after_cue(doc, text, intro_end, interviewer) or self._named_in_title(doc._.title)
        if named:
            return named
        skip = set((interviewer or "").split())
        people = [e for e in doc.ents if e.label_ == "PERSON" and not set(e.text.split()) & skip]
        intro = [e.text for e in people if e.start_char < intro_end]
        if intro:  # the person the introduction names most (first on ties)
            counts = Counter(intro)
            return max(intro, key=lambda name: (counts[name], -intro.index(name)))
        counts = Counter(e.text for e in people)
        return counts.most_common(1)[0][0] if counts else None

    def _named_in_title(self, title: str | None) -> str | None:
        """"Interview with Jane Doe" / "Q&A with Jane Doe" in a title that is not part of the text."""
        for cue in self.cues.named_cues:
            m = cue.search(title or "")
            if m:
                return m.group("name")
        return None

    def _named_after_cue(self, doc: Doc, text: str, intro_end: int, interviewer: str | None) -> str | None:
        """``I interviewed NAME``, ``we spoke with NAME, the ...``: the first name after the cue."""
        hits = []
        for cue in self.cues.interview_cues:  # matched case-blind on the text itself, so offsets hold
            hits += [m.end() for m in cue.finditer(text, 0, intro_end)]
        for at in sorted(hits):
            span = doc.char_span(at, intro_end, alignment_mode="contract")
            if span is None or not len(span):
                continue
            name = _first_name(doc[span.start:min(span[0].sent.end, span.end)], interviewer)
            if name:
                return name
        return None


def turn_record(text: str, question: Para, answer: list[Para], interviewee: str | None) -> Turn:
    """One turn with offsets; question/answer equal text[start:end]."""
    q_start, q_end = trim_space(text, question.start, question.end)
    a_start, a_end = trim_space(text, answer[0].start, answer[-1].end)
    named = list(dict.fromkeys(p.prefix for p in answer if p.style == "prefix"))
    return Turn(
        question=text[q_start:q_end], answer=text[a_start:a_end],
        question_start=q_start, question_end=q_end, answer_start=a_start, answer_end=a_end,
        speaker=" and ".join(named) if named else interviewee,
    )


def _trim_edges(text: str, turns: list[tuple[Para, list[Para]]]) -> list[tuple[Para, list[Para]]]:
    """Drop turns at either end that break the run's pattern: a question heading the author
    answers (answer unmarked while most answers carry a marker, no "you"/"I" while most
    turns are conversational, or an answer of many more paragraphs than the others)."""
    if len(turns) < 3:
        return turns
    explicit = turns[0][0].style in {"q", "prefix"}  # Q: or Name: questions are never headings
    styles = Counter(answer[0].style for _, answer in turns)
    style, count = styles.most_common(1)[0]
    marked = style != "plain" and count * 2 > len(turns)
    talk = [_is_conversational(text, q, answer) for q, answer in turns]
    conversational = not explicit and sum(talk) * 3 >= len(turns) * 2
    sizes = sorted(len(answer) for _, answer in turns)
    long_answer = len(text) if explicit else max(2, 2 * sizes[len(sizes) // 2])

    def odd(i: int) -> bool:
        answer = turns[i][1]
        return ((marked and answer[0].style != style) or (conversational and not talk[i])
                or len(answer) > long_answer)

    start, end = 0, len(turns)
    while start < end and odd(start):
        start += 1
    while end > start and odd(end - 1):
        end -= 1
    return turns[start:end]


def _words(text: str, start: int, end: int) -> set[str]:
    """Lower-case words outside quotation marks (quoted words are someone else's)."""
    return set(re.findall(r"[a-z]+", QUOTED.sub(" ", text[start:end]).lower()))


def _is_conversational(text: str, question: Para, answer: list[Para]) -> bool:
    """"you" in the question or "I/we" in the answer."""
    return bool(_words(text, question.start, question.end) & SECOND_PERSON
                or _words(text, answer[0].start, answer[-1].end) & FIRST_PERSON)


def _conversational(text: str, turns: list[tuple[Para, list[Para]]]) -> float:
    """Share of turns that read like a conversation: "you" in the question or "I/we" in the answer."""
    if not turns:
        return 0.0
    return sum(_is_conversational(text, q, answer) for q, answer in turns) / len(turns)


def _wellformed(question: str) -> bool:
    """An interviewer's question opens with a question word or addresses "you"."""
    first = re.match(r"[\W_]*([A-Za-z]+)", question)
    return bool(first) and first.group(1).lower() in QUESTION_OPENERS


def _marked(turns: list[tuple[Para, list[Para]]]) -> bool:
    """Questions carry a marker, or most answers open with the same one (bullet, A:, Name:)."""
    if not turns:
        return False
    if turns[0][0].style != "plain":
        return True
    styles = Counter(answer[0].style for _, answer in turns)
    style, count = styles.most_common(1)[0]
    return style != "plain" and count * 2 > len(turns)


def _first_name(span: Span, interviewer: str | None) -> str | None:
    """The first person entity in ``span``, else the first capitalised proper-noun run."""
    skip = set((interviewer or "").split())
    for ent in span.ents:
        if ent.label_ == "PERSON" and not set(ent.text.split()) & skip:
            return ent.text
    for token in span:
        if token.pos_ == "PROPN" and token.is_title and token.ent_type_ not in {"GPE", "LOC", "ORG", "NORP", "DATE"}:
            end = token.i + 1
            while end < span.end and span.doc[end].pos_ == "PROPN" and span.doc[end].is_title:
                end += 1
            name = span.doc[token.i:end].text
            if not set(name.split()) & skip:
                return name
    return None


@Language.factory(
    "qalam_interview",
    default_config={"cues": {"@misc": "qalam.interview_cues.v1"}},
    requires=["doc.spans", "doc.ents", "doc.sents", "token.pos", "token.lemma", "token.dep",
              "doc._.paragraphs", "doc._.title", "doc._.authors"],
    assigns=["doc._.kind", "doc._.interview"],
)
def make_interview(nlp: Language, name: str, cues: Callable[[RuleData], InterviewCues]) -> InterviewAnalyzer:
    """Kind and interview structure; ``cues`` reads the marker and cue lists."""
    return InterviewAnalyzer(name, cues)
