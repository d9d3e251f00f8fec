"""qalam_ru_quotes: direct quotations in Russian text and who says them.

Candidates are the outermost quoted stretches of ``pipeline.text.quote_marks`` («ёлочки»,
„лапки“, straight quotes) of at least four words that are not titles (a title noun before the
mark: фильм «…», закон «…»). Speakers, in order of evidence:
- a dash and a speech verb after the quote: «…», — сказал он. / «…» — заявил X;
- a speech verb before it in the same sentence: X заявил: «…» / X добавил, что «…»;
- a cue phrase: по словам X, «…» / как отметил X;
- else the speaker of the previous quote of the paragraph (or of the paragraph before, when
  the quote opens its paragraph).
The speaker is the verb's subject (or the name right after the verb); a name takes the
canonical (nominative) text of its entity; он/она/они resolve to the latest speaker, else to
the latest person named. Word lists: models/quotes/ru/.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.nlp.components.quotes.linking import EntityIndex
from pipeline.nlp.extensions import paragraph_ranges, span_payload
from pipeline.nlp.rule_data import RuleComponent, RuleData
from pipeline.nlp.ru.morph import lemma
from pipeline.records import Quote
from pipeline.text.quote_marks import find_quotes

CUE_VERBS_FILE = "quotes/ru/cue_verbs.txt"
CUE_PHRASES_FILE = "quotes/ru/cue_phrases.txt"
TITLE_NOUNS_FILE = "quotes/ru/title_nouns.txt"
DASH_AFTER = re.compile(r"[,.!?…]?\s*[—–-]{1,2}\s*")
WORD = re.compile(r"\w+(?:-\w+)*")
PRONOUNS = frozenset({"он", "она", "они"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass"})
SPEAKER_LABELS = frozenset({"PERSON", "ORG"})
MIN_WORDS = 4
MAX_NAME_WORDS = 8
# Russian titles of laws, decrees and reports open with "О"/"Об" ("О некоммерческих организациях").
DOCUMENT_TITLE_OPENERS = frozenset({"О", "Об", "Обо"})
AFTER_TOKENS = 6


@dataclass(frozen=True)
class RuSpeaker:
    name: str
    start: int | None
    end: int | None
    cue: str | None
    confidence: float


class RussianQuotes(RuleComponent):
    """Russian quotations with their speakers (see module docstring)."""

    RULE_FILES = (CUE_VERBS_FILE, CUE_PHRASES_FILE, TITLE_NOUNS_FILE)

    def __init__(self, name: str) -> None:
        self.name = name

    def load_rules(self, rules: RuleData) -> None:
        self.verbs = frozenset(w.lower() for w in rules.entries(CUE_VERBS_FILE))
        self.phrases = tuple(tuple(p.lower().split()) for p in sorted(rules.entries(CUE_PHRASES_FILE), key=len, reverse=True))
        self.title_nouns = frozenset(w.lower() for w in rules.entries(TITLE_NOUNS_FILE))

    def annotate(self, doc: Doc) -> Doc:
        text = doc.text
        paragraphs = paragraph_ranges(doc)
        starts = [start for start, _ in paragraphs]
        entities = EntityIndex(doc._.entities)
        turns = [(t["answer_start"], t["answer_end"]) for t in (doc._.interview or {}).get("turns", [])]
        spans, last = [], {}  # paragraph -> latest speaker
        for match in (m for m in find_quotes(text, paragraphs) if m.depth == 0):
            span = doc.char_span(match.start, match.end, alignment_mode="expand")
            if span is None or len(WORD.findall(span.text)) < MIN_WORDS or self.is_title(doc, span):
                continue
            if any(s <= match.start and match.end <= e for s, e in turns):
                continue  # an interview answer is a turn, not a quote
            paragraph = max(bisect_right(starts, match.open_at) - 1, 0)
            close = match.close_at + 1 if match.close_at is not None else match.end
            speaker = self.explicit(doc, entities, span, close, last)
            if speaker is None:
                speaker = self.carried(text, paragraphs, paragraph, match.open_at, last)
            if speaker is not None:
                last[paragraph] = speaker
            span._.quote = span_payload(Quote(
                text=span.text, start=span.start_char, end=span.end_char,
                speaker=speaker.name if speaker else None,
                speaker_entity=entities.entity_id(speaker.name, speaker.start, speaker.end) if speaker else None,
                cue=speaker.cue if speaker else None, type="direct",
                confidence=speaker.confidence if speaker else 0.5,
            ))
            spans.append(span)
        doc.spans["quotes"] = spans
        return doc

    def is_title(self, doc: Doc, span: Span) -> bool:
        """A title or a name, not speech: a title noun right before the opening mark (фильм «…»,
        организация «…»), a document title opening with "О"/"Об" (закон «О …»), or a short
        capitalised stretch without a verb (an organisation's name in quotes)."""
        before = [t for t in doc[max(span.start - 3, 0):span.start] if t.is_alpha]
        if before and lemma(before[-1].text) in self.title_nouns:
            return True
        words = [t for t in span if t.is_alpha]
        if words and words[0].text in DOCUMENT_TITLE_OPENERS:
            return True
        return len(words) <= MAX_NAME_WORDS and span[0].text[:1].isupper() and not any(
            t.pos_ in {"VERB", "AUX"} for t in span) and not span.text.rstrip().endswith((".", "!", "?", "…"))

    # -- speakers -----------------------------------------------------------------------
    def explicit(self, doc: Doc, entities: EntityIndex, span: Span, close: int, last: dict) -> RuSpeaker | None:
        text = doc.text
        dash = DASH_AFTER.match(text, close)
        if dash is not None:
            after = doc.char_span(dash.end(), min(len(text), dash.end() + 80), alignment_mode="contract")
            for token in (after or [])[:AFTER_TOKENS]:
                if token.text in {".", "«", "»", "\n"}:
                    break
                if self.is_cue(token):
                    return self.speaker_of(doc, entities, token, last, 0.9)
        sentence = doc[span.start].sent
        left = [t for t in doc[sentence.start:span.start] if not self._inside_other_quote(t, span)]
        for index, token in enumerate(left):
            words = tuple(t.lower_ for t in left[index:index + 3])
            phrase = next((p for p in self.phrases if words[:len(p)] == p), None)
            if phrase is not None:
                name = next((t for t in left[index + len(phrase):] if t.pos_ in {"PROPN", "PRON", "NOUN"}), None)
                if name is not None:
                    return self.resolve(doc, entities, name, " ".join(phrase), last, 0.85)
        for token in reversed(left):
            if self.is_cue(token):
                return self.speaker_of(doc, entities, token, last, 0.85)
        return None

    @staticmethod
    def _inside_other_quote(token: Token, span: Span) -> bool:
        return False

    def is_cue(self, token: Token) -> bool:
        return token.pos_ in {"VERB", "AUX"} and (token.lemma_.lower() in self.verbs or lemma(token.text) in self.verbs)

    def speaker_of(self, doc: Doc, entities: EntityIndex, verb: Token, last: dict, confidence: float) -> RuSpeaker | None:
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None:
            subject = next((t for t in doc[verb.i + 1:verb.i + 5] if t.pos_ in {"PROPN", "PRON", "NOUN"}), None)
        return self.resolve(doc, entities, subject, verb.text, last, confidence) if subject is not None else None

    def resolve(self, doc: Doc, entities: EntityIndex, token: Token, cue: str, last: dict,
                confidence: float) -> RuSpeaker | None:
        """The name a subject token stands for: its entity, a name in its phrase, a pronoun's antecedent."""
        if token.lower_ in PRONOUNS:
            return self.antecedent(doc, entities, token, token.text, last, confidence - 0.1)
        subtree = doc[token.left_edge.i:token.right_edge.i + 1]
        ents = [e for e in subtree.ents if e.label_ in SPEAKER_LABELS]
        own = next((e for e in ents if e.start <= token.i < e.end), None)
        person = own or next((e for e in ents if e.label_ == "PERSON"), None) or (ents[0] if ents else None)
        if person is not None:
            return self._named(entities, person, cue, confidence)
        if token.pos_ == "PRON":
            return None
        if token.pos_ == "NOUN" and "Anim" in token.morph.get("Animacy") and "Sing" in token.morph.get("Number"):
            found = self.antecedent(doc, entities, token, cue, last, confidence - 0.2)
            if found is not None:  # "— отметил докладчик": the person named before
                return found
        phrase = doc[token.i:min(token.right_edge.i + 1, token.i + 4)]
        return RuSpeaker(phrase.text, phrase.start_char, phrase.end_char, cue, confidence - 0.2)

    def antecedent(self, doc: Doc, entities: EntityIndex, token: Token, cue: str, last: dict,
                   confidence: float) -> RuSpeaker | None:
        """Who a pronoun or a role noun stands for: the latest person named before it outside
        quotations, unless a later quote already had a speaker."""
        quoted = {t.i for span in doc.spans.get("quotes", []) for t in span}
        person = next((e for e in reversed(doc[:token.i].ents)
                       if e.label_ == "PERSON" and e.start not in quoted and not self._in_quotes(doc, e)), None)
        previous = last[max(last)] if last else None
        if person is not None and (previous is None or previous.start is None or person.start_char > previous.start):
            return self._named(entities, person, cue, confidence)
        if previous is not None:
            return RuSpeaker(previous.name, previous.start, previous.end, cue, confidence)
        return None

    @staticmethod
    def _in_quotes(doc: Doc, ent: Span) -> bool:
        """Whether a name sits between an opening and a closing mark of its sentence."""
        sent = ent.sent
        before = doc[sent.start:ent.start].text
        return before.count("«") > before.count("»")

    @staticmethod
    def _named(entities: EntityIndex, ent: Span, cue: str, confidence: float) -> RuSpeaker:
        record = entities.at_mention.get((ent.start_char, ent.end_char))
        name = record["text"] if record else ent.text
        return RuSpeaker(name, ent.start_char, ent.end_char, cue, confidence)

    @staticmethod
    def carried(text: str, paragraphs: list[tuple[int, int]], paragraph: int, open_at: int,
                last: dict) -> RuSpeaker | None:
        """No cue beside the quote: the latest speaker of its paragraph, or of the paragraph
        before when the quote opens its own."""
        if paragraph in last:
            previous = last[paragraph]
        elif paragraph - 1 in last and not text[paragraphs[paragraph][0]:open_at].strip(" —–-\t"):
            previous = last[paragraph - 1]
        else:
            return None
        return RuSpeaker(previous.name, previous.start, previous.end, None, min(previous.confidence, 0.6))


@Language.factory("qalam_ru_quotes", requires=["doc.ents", "doc._.entities", "token.dep", "token.lemma"],
                  assigns=["doc.spans", "span._.quote"])
def make_ru_quotes(nlp: Language, name: str) -> RussianQuotes:
    """Russian quotations with speakers; the cue lists are read in ``initialize``."""
    return RussianQuotes(name)
