"""Question/answer turns from the paragraphs' layout, in the four ways interviews are set.

- ``labels``: speaker labels (``Q:``/``A:``, names, initials, a label on its own line). A
  labelled speech runs until the next label; the host is the speaker whose speeches ask and
  are answered by someone else. Where only one side is labelled, the other side's paragraphs
  are the unlabelled ones (a question line, then ``SMITH: answer``).
- ``emphasis``: questions set in bold, in italics or as headings, answers unmarked.
- ``dash``: dialogue dashes; the paragraphs that ask are the questions.
- ``plain``: paragraphs that end with a question mark (and short requests between them).

A turn is a question that gets an answer: a host speech cut off by a dash, or one that is
not a question and only gets a brief reply ("Yes.", "Mm-hmm"), runs on into the host's next
speech (one turn); several guests answering one question make one turn. The layout that
finds the most turns wins (plain questions count for less, being the weakest cue).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from pipeline.nlp.components.interview.cues import InterviewCues
from pipeline.nlp.components.interview.layout import Label, Para

BRIEF_REPLY_WORDS = 4
MARKED_REMARK_WORDS = 12
MIN_VOCATIVE_CHARS = 3
# How much a turn of each layout counts when layouts compete (plain questions are the
# weakest cue: rhetorical questions in an article look the same).
LAYOUT_WEIGHTS = {"labels": 1.0, "emphasis": 1.0, "dash": 1.0, "plain": 0.75}
EMPHASIS_STYLES = ("heading", "bold", "italic")
# Where a speech runs on: unlabelled paragraphs continue the last speech, start the
# unlabelled side's answer, or (when they ask) start the unlabelled side's question.
CONTINUE, ANSWERS, QUESTIONS = "continue", "answers", "questions"
_NOBODY = "#nobody"  # no speaker asks: no host


@dataclass
class Speech:
    """What one speaker says before the next one speaks."""

    speaker: str | None  # the label's key; None when no label names the speaker
    label: Label | None
    paras: list[Para] = field(default_factory=list)

    def asks(self, cues: InterviewCues) -> bool:
        """Its paragraphs ask; under a question marker, any speech that is not a brief remark
        (an indirect question: "I'm wondering if ...")."""
        if self.label and self.label.role == "question" and self.words > MARKED_REMARK_WORDS:
            return True
        return any(p.asks(cues) for p in self.paras)

    @property
    def words(self) -> int:
        return sum(len(p.words) for p in self.paras)


@dataclass(frozen=True)
class QA:
    """One turn: the question's paragraphs and the answer's, and who answers."""

    question: tuple[Para, ...]
    answer: tuple[Para, ...]
    answerers: tuple[Label, ...] = ()
    split: int | None = None  # a question set in bold at the start of its answer's paragraph ends here

    @property
    def question_span(self) -> tuple[int, int]:
        return self.question[0].body, self.split or self.question[-1].end

    @property
    def answer_span(self) -> tuple[int, int]:
        return self.split or self.answer[0].body, self.answer[-1].end


@dataclass(frozen=True)
class Layout:
    """The turns one layout finds, and who asks and answers when labels say so."""

    name: str
    turns: tuple[QA, ...]
    host: Label | None = None
    explicit: bool = True  # the questions or answers carry a visible marker

    @property
    def score(self) -> float:
        return len(self.turns) * LAYOUT_WEIGHTS[self.name]


def find_turns(paras: list[Para], cues: InterviewCues) -> Layout:
    """The layout with the most turns (labels first on a tie, plain questions last)."""
    layouts = [labelled(paras, cues), emphasised(paras, cues), dashed(paras), plain(paras, cues)]
    return max(layouts, key=lambda layout: layout.score)  # max keeps the first of equal scores


# -- labels -----------------------------------------------------------------------------
def labelled(paras: list[Para], cues: InterviewCues) -> Layout:
    """Speaker labels: the host's asking speeches and the guests' replies."""
    if not any(p.label for p in paras):
        return Layout("labels", ())
    speeches = _speeches(paras, CONTINUE)
    host = _host(speeches, cues)
    if host is _NOBODY:  # the labelled speakers only answer: the questions are unlabelled
        speeches = _speeches(paras, QUESTIONS)
        host = _host(speeches, cues)
    elif all(s.speaker == host for s in speeches):  # only the questions are labelled
        speeches = _speeches(paras, ANSWERS)
    if host is _NOBODY:
        return Layout("labels", ())
    turns = _dialogue(speeches, host, cues)
    host_label = next((s.label for s in speeches if s.speaker == host and s.label), None)
    return Layout("labels", _trimmed(turns), host=host_label)


def _speeches(paras: list[Para], unlabelled: str) -> list[Speech]:
    """Speeches in order; paragraphs before the first one are the introduction."""
    speeches: list[Speech] = []
    for p in paras:
        last = speeches[-1] if speeches else None
        if p.label:
            speeches.append(Speech(p.label.key, p.label, [] if p.label.alone else [p]))
        elif p.dash or (unlabelled == QUESTIONS and p.ends_with_question):
            speeches.append(Speech(None, None, [p]))
        elif last and (unlabelled != ANSWERS or not last.paras or last.speaker is None):
            last.paras.append(p)
        elif last:
            speeches.append(Speech(None, None, [p]))
    return [s for s in speeches if s.paras]


def _host(speeches: list[Speech], cues: InterviewCues) -> str | None:
    """The question marker's speaker, else the speaker whose asking speeches someone else
    answers most often (at least twice, once with a question mark)."""
    if any(s.label and s.label.role == "question" for s in speeches):
        return "#question"
    answered = [a for a, b in pairwise(speeches) if a.speaker != b.speaker and a.asks(cues)]
    counts = Counter(a.speaker for a in answered)
    if not counts:
        return _NOBODY
    speaker, count = counts.most_common(1)[0]
    questioned = any(p.question for a in answered if a.speaker == speaker for p in a.paras)
    return speaker if count >= 2 and questioned else _NOBODY


def _dialogue(speeches: list[Speech], host: str | None, cues: InterviewCues) -> list[QA]:
    """Host speeches that ask, each with the guests' replies up to the host's next speech."""
    guests = {b.speaker for a, b in pairwise(speeches) if a.speaker == host and b.speaker != host}
    names = _name_words(s.label for s in speeches if s.speaker in guests and s.label)
    at = [i for i, s in enumerate(speeches) if s.speaker == host]
    turns, pending, prompted = [], [], False
    for n, i in enumerate(at):
        speech, more = speeches[i], n + 1 < len(at)
        replies = []
        for reply in speeches[i + 1:at[n + 1] if more else len(speeches)]:
            if reply.speaker not in guests:  # a moderator or a pre-recorded segment ends the answer
                break
            replies.append(reply)
        asking = speech.asks(cues) or _addressed(speech, names)
        interrupted = speech.paras[-1].cut_off
        if not pending and not asking and not interrupted:
            continue
        pending.append(speech)
        prompted = prompted or asking
        asked = any(p.question for s in pending for p in s.paras)
        brief = sum(r.words for r in replies) <= BRIEF_REPLY_WORDS
        if more and (interrupted or (brief and not asked)):
            continue  # interrupted, or only acknowledged: the question goes on
        if replies and prompted:
            turns.append(QA(tuple(p for s in pending for p in s.paras), tuple(p for r in replies for p in r.paras),
                            tuple(dict.fromkeys(r.label for r in replies if r.label))))
        pending, prompted = [], False
    return turns


def _name_words(labels) -> set[str]:
    return {w for label in labels if label.role is None for w in label.name.split()
            if len(w) >= MIN_VOCATIVE_CHARS}


def _addressed(speech: Speech, names: set[str]) -> bool:
    """The host names a guest ("Tom, you have farmed here for years."): a prompt to answer."""
    return any(not names.isdisjoint(p.capitalised) for p in speech.paras)


# -- emphasis, dashes, plain questions ---------------------------------------------------
def emphasised(paras: list[Para], cues: InterviewCues) -> Layout:
    """Questions in bold, italics or headings; the answer runs to the next paragraph in that style."""
    best = Layout("emphasis", ())
    for style in EMPHASIS_STYLES:
        # a dashed paragraph in the style is a spoken prompt even without a question
        questions = [p for p in paras if p.emphasis == style and not p.label and (p.asks(cues) or p.dash)]
        if len(questions) < 2:
            continue
        turns = []
        for q in questions:
            split = q.emphasis_end if q.emphasis_end < q.end else None
            answer = ([q] if split else []) + _until(paras, q.index + 1, lambda p: p.emphasis == style)
            if answer:
                turns.append(QA((q,), tuple(answer), split=split))
        found = Layout("emphasis", _trimmed(turns))
        best = max(best, found, key=lambda layout: layout.score)
    return best


def dashed(paras: list[Para]) -> Layout:
    """Dialogue dashes (or list bullets, as Markdown renders "- " lines): a marked paragraph
    that ends with a question mark asks, the next ones answer (an answer may ask rhetorical
    questions on its way)."""
    questions = [p for p in paras if (p.dash or p.bullet) and p.ends_with_question]
    return Layout("dash", _trimmed(_turns(paras, questions)))


def plain(paras: list[Para], cues: InterviewCues) -> Layout:
    """Paragraphs that end with a question mark ask, and, once one has, so do short requests
    ("Please give examples.") that do not follow a question (those answer it)."""
    questions: list[Para] = []
    for p in paras:
        if p.ends_with_question or (p.imperative and questions and questions[-1].index != p.index - 1):
            questions.append(p)
    turns = _turns(paras, questions)
    return Layout("plain", _trimmed(_odd_edges_dropped(turns, cues)), explicit=False)


def _turns(paras: list[Para], questions: list[Para]) -> list[QA]:
    """Each question with the paragraphs up to the next question."""
    asking = {q.index for q in questions}
    turns = []
    for q in questions:
        answer = _until(paras, q.index + 1, lambda p: p.index in asking)
        if answer:
            turns.append(QA((q,), tuple(answer)))
    return turns


def _until(paras: list[Para], start: int, stop) -> list[Para]:
    """Paragraphs from ``start`` up to the next one ``stop`` accepts (or a heading)."""
    found = []
    for p in paras[start:]:
        if stop(p) or p.kind == "heading":
            break
        found.append(p)
    return found


# -- trimming -----------------------------------------------------------------------------
def _trimmed(turns: list[QA]) -> tuple[QA, ...]:
    """Answers without the captions and pull quotes that close them; the last answer, which
    runs to the end of the text, no longer than the others and in their style."""
    turns = [QA(_without_trailing_asides(t.question), _without_trailing_asides(t.answer), t.answerers, t.split)
             for t in turns]
    if len(turns) < 2:
        return tuple(turns)
    last = turns[-1]
    longest = max(len(t.answer) for t in turns[:-1])
    first = last.answer[0]
    kept = [first]
    for p in last.answer[1:]:
        if (len(kept) >= longest or p.emphasis != first.emphasis or p.kind != first.kind
                or (p.label and p.label not in last.answerers)):
            break
        kept.append(p)
    return (*turns[:-1], QA(last.question, tuple(kept), last.answerers, last.split))


def _without_trailing_asides(answer: tuple[Para, ...]) -> tuple[Para, ...]:
    while len(answer) > 1 and (answer[-1].caption or answer[-1].pull_quote):
        answer = answer[:-1]
    return answer


def conversational(turn: QA, cues: InterviewCues) -> bool:
    """"you" in the question or "I/we" in the answer: a conversation, not an explainer."""
    return (not cues.second_person.isdisjoint(w for p in turn.question for w in p.words)
            or not cues.first_person.isdisjoint(w for p in turn.answer for w in p.words))


def _odd_edges_dropped(turns: list[QA], cues: InterviewCues) -> list[QA]:
    """Drop plain-question turns at either end that break the run's pattern: a question the
    author answers in an introduction or a closing (no "you"/"I" while most turns have one,
    or an answer of many more paragraphs than the others)."""
    if len(turns) < 3:
        return turns
    talk = [conversational(t, cues) for t in turns]
    talking = sum(talk) * 3 >= len(turns) * 2
    sizes = sorted(len(t.answer) for t in turns)
    long_answer = max(2, 2 * sizes[len(sizes) // 2])

    def odd(i: int) -> bool:
        return (talking and not talk[i]) or len(turns[i].answer) > long_answer

    start, end = 0, len(turns)
    while start < end and odd(start):
        start += 1
    while end > start and odd(end - 1):
        end -= 1
    return turns[start:end]
