"""qalam_interview: the document's kind, with its reasons, and, for interviews, the turns and
the people who ask and answer.

The paragraphs' layout (pipeline/nlp/components/interview/layout.py) gives each one its cues:
a speaker label, a dash, emphasis, a question. The turns come from the layout that finds the
most (turns.py); the kind from weighted evidence (kind.py); the names from labels, bylines
and the introduction (participants.py).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.components.interview import participants
from pipeline.nlp.components.interview.cues import RULE_FILES, InterviewCues, case_blind
from pipeline.nlp.components.interview.kind import choose_kind, kind_evidence
from pipeline.nlp.components.interview.layout import Para, read_paragraphs
from pipeline.nlp.components.interview.turns import QA, Layout, find_turns
from pipeline.nlp.doc_memo import doc_text
from pipeline.nlp.rule_data import RuleComponent, RuleData
from pipeline.records import Interview, Turn
from pipeline.text.quote_marks import trim_space

INTRO_CHARS = 2000


class InterviewAnalyzer(RuleComponent):
    """Set ``doc._.kind``, ``doc._.kind_reasons`` and ``doc._.interview``."""

    RULE_FILES = RULE_FILES

    def __init__(self, name: str, read_cues: Callable[[RuleData], InterviewCues]) -> None:
        self.name = name
        self.read_cues = read_cues

    def load_rules(self, rules: RuleData) -> None:
        self.cues = self.read_cues(rules)

    def annotate(self, doc: Doc) -> Doc:
        paras = read_paragraphs(doc, self.cues)
        layout = find_turns(paras, self.cues)
        evidence = kind_evidence(doc, paras, layout, self.cues, cue=self.interview_cue(doc, layout))
        doc._.kind = choose_kind(evidence)
        doc._.kind_reasons = [reason.model_dump() for reason in evidence]
        doc._.interview = self.interview(doc, paras, layout) if doc._.kind == "interview" else None
        return doc

    def interview_cue(self, doc: Doc, layout: Layout) -> str | None:
        """An interview cue in the title or the text before the first question."""
        first = layout.turns[0].question_span[0] if layout.turns else len(doc_text(doc))
        for where in (doc._.title or "", doc_text(doc)[:min(first, INTRO_CHARS)]):
            folded = case_blind(where)
            for cue, words in zip(self.cues.interview_cues, self.cues.interview_cue_words):
                match = cue.search(where) if words in folded else None
                if match:
                    return match.group(0)
        return None

    def interview(self, doc: Doc, paras: list[Para], layout: Layout) -> dict:
        """The interview record: who asks, who answers, and every turn with its offsets."""
        people = participants.People.of(doc, self.cues)
        asker = participants.interviewer(doc, paras, layout, people)
        answering = participants.interviewee(doc, layout, people, asker=asker)
        text = doc_text(doc)
        turns = [turn_record(text, turn, people.names_of(turn.answerers) or answering) for turn in layout.turns]
        return Interview(interviewer=asker, interviewee=answering, turns=turns).model_dump()


def turn_record(text: str, turn: QA, speaker: str | None) -> Turn:
    """One turn with offsets: the question and answer without their labels or dashes."""
    q_start, q_end = trim_space(text, *turn.question_span)
    a_start, a_end = trim_space(text, *turn.answer_span)
    return Turn(question=text[q_start:q_end], answer=text[a_start:a_end], question_start=q_start,
                question_end=q_end, answer_start=a_start, answer_end=a_end, speaker=speaker)


@Language.factory(
    "qalam_interview",
    default_config={"cues": {"@misc": "qalam.interview_cues.v1"}},
    requires=["doc.spans", "doc.ents", "doc.sents", "token.pos", "token.lemma", "token.dep",
              "doc._.paragraphs", "doc._.title", "doc._.authors", "doc._.entities", "doc._.media_type"],
    assigns=["doc._.kind", "doc._.kind_reasons", "doc._.interview"],
)
def make_interview(nlp: Language, name: str, cues: Callable[[RuleData], InterviewCues]) -> InterviewAnalyzer:
    """Kind and interview structure; ``cues`` reads the marker and cue lists."""
    return InterviewAnalyzer(name, cues)
