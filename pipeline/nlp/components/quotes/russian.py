"""qalam_ru_quotes: direct quotations in Russian text and who says them.

Candidates are the outermost quoted stretches of ``pipeline.text.quote_marks`` («ёлочки»,
„лапки“, straight quotes) of at least four words that are not titles (a title noun before the
mark: фильм «…», закон «…»). Speakers, in order of evidence:
- a dash and a speech verb after the quote: «…», — сказал он. / «…» — заявил X;
- a speech verb before it in the same sentence: X заявил: «…» / X добавил, что «…»;
- a cue phrase: по словам X, «…» / как отметил X;
- a named person as the subject of the sentence the quotation sits in (X видит в этом «…»);
- else the speaker of the previous quote of the paragraph (or of the paragraph before, when
  the quote opens its paragraph);
- else, in an interview, the participant whose answer it repeats, or the interviewee.
The speaker is the verb's subject (or a name in the nominative right after the verb); a name
takes the canonical (nominative) text of its entity; он/она/они (его/её/их after "по словам")
resolve to the latest speaker, else to the latest person named; a role noun ("отметил
докладчик") and a verb without a speaker ("говорится в заявлении": a document is no speaker)
resolve to the latest person reported as speaking. Word lists: models/quotes/ru/.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.nlp.components.quotes.extractor import interview_speaker
from pipeline.nlp.components.quotes.linking import EntityIndex
from pipeline.nlp.doc_memo import doc_text
from pipeline.nlp.extensions import doc_quotes, paragraph_ranges, span_payload
from pipeline.nlp.rule_data import RuleComponent, RuleData
from pipeline.nlp.ru.morph import lemma
from pipeline.records import Quote

CUE_VERBS_FILE = "quotes/ru/cue_verbs.txt"
CUE_PHRASES_FILE = "quotes/ru/cue_phrases.txt"
TITLE_NOUNS_FILE = "quotes/ru/title_nouns.txt"
DASH_AFTER = re.compile(r"[,.!?…]?[ \t\u00a0]*[—–-]{1,2}[ \t\u00a0]*")  # on the quote's own line
WORD = re.compile(r"\w+(?:-\w+)*")
# Personal pronouns, and the possessives that name a source in "по его словам", "по её мнению".
PRONOUNS = frozenset({"он", "она", "они", "его", "её", "ее", "их"})
RELATIVE = "который"
OPENING_RU, CLOSING_RU = "«„", "»“"
CLAUSES = frozenset({"acl", "ccomp", "advcl", "parataxis", "punct"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass"})
SPEAKER_LABELS = frozenset({"PERSON", "ORG"})
MIN_WORDS = 4
MAX_NAME_WORDS = 8
# Russian titles of laws, decrees and reports open with "О"/"Об" ("О некоммерческих организациях").
DOCUMENT_TITLE_OPENERS = frozenset({"О", "Об", "Обо"})
AFTER_TOKENS = 6
# How far back a role noun or an impersonal cue looks for the person who spoke.
ROLE_REACH = 150


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
        text = doc_text(doc)
        paragraphs = paragraph_ranges(doc)
        starts = [start for start, _ in paragraphs]
        entities = EntityIndex(doc._.entities)
        turns = [(t["answer_start"], t["answer_end"]) for t in (doc._.interview or {}).get("turns", [])]
        spans, last = [], {}  # paragraph -> latest speaker
        for match in (m for m in doc_quotes(doc) if m.depth == 0):
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
            if speaker is None and (name := interview_speaker(doc, match.start, match.end)):
                speaker = RuSpeaker(name, None, None, None, 0.6)
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
        text = doc_text(doc)
        dash = DASH_AFTER.match(text, close)
        if dash is not None:
            after = doc.char_span(dash.end(), min(len(text), dash.end() + 80), alignment_mode="contract")
            for token in (after or [])[:AFTER_TOKENS]:
                if token.text in {".", "«", "»", "\n"}:
                    break
                if self.is_cue(token):
                    return self.speaker_of(doc, entities, token, last, 0.9)
        start = doc[span.start].sent.start
        if start and all(t.is_punct for t in doc[start:span.start]) and not doc[start - 1].is_space \
                and "\n" not in doc[start - 1].whitespace_:
            start = doc[start - 1].sent.start  # the parse may end a sentence at "заявил: «…»"
        left = list(doc[start:span.start])
        for index, token in enumerate(left):
            words = tuple(t.lower_ for t in left[index:index + 3])
            if len(words) == 3 and words[1] in PRONOUNS and (words[0], words[2]) in self.phrases:
                # "по его словам": the possessive inside the phrase is the source
                return self.resolve(doc, entities, left[index + 1], " ".join(words), last, 0.85)
            phrase = next((p for p in self.phrases if words[:len(p)] == p), None)
            if phrase is not None:
                name = next((t for t in left[index + len(phrase):]
                             if t.pos_ in {"PROPN", "PRON", "NOUN"} or t.lower_ in PRONOUNS), None)
                if name is not None:
                    return self.resolve(doc, entities, name, " ".join(phrase), last, 0.85)
        for token in reversed(left):
            if self.is_cue(token):
                return self.speaker_of(doc, entities, token, last, 0.85)
        # "Главную проблему Иванов видит в «…»": words quoted inside a sentence about a named person
        subject = next((t for t in left if t.dep_ in SUBJECT_DEPS and t.head.pos_ == "VERB" and t.ent_type_ == "PERSON"
                        and _nominative(t)), None)
        return self.resolve(doc, entities, subject, subject.head.text, last, 0.6) if subject is not None else None

    def is_cue(self, token: Token) -> bool:
        return token.pos_ in {"VERB", "AUX"} and (token.lemma_.lower() in self.verbs or lemma(token.text) in self.verbs)

    def speaker_of(self, doc: Doc, entities: EntityIndex, verb: Token, last: dict, confidence: float) -> RuSpeaker | None:
        subject = self.subject(doc, verb)
        if subject is None:  # "говорится в заявлении": who speaks was said before
            return self.latest_speaker(doc, entities, verb, verb.text, last, confidence - 0.2)
        return self.resolve(doc, entities, subject, verb.text, last, confidence)

    @staticmethod
    def subject(doc: Doc, verb: Token) -> Token | None:
        """The verb's subject, or a word in the nominative right after it (the parse may miss
        an inverted subject: "— заявил глава фонда"); never a noun after a preposition."""
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if subjects:  # "E! News он объяснил": a word with a case before a foreign word
            return min(subjects, key=lambda t: not t.morph.get("Case"))
        return next((t for t in doc[verb.i + 1:verb.i + 5] if t.pos_ in {"PROPN", "PRON", "NOUN"}
                     and _nominative(t) and not any(c.dep_ == "case" for c in t.children)), None)

    def resolve(self, doc: Doc, entities: EntityIndex, token: Token, cue: str, last: dict,
                confidence: float) -> RuSpeaker | None:
        """The name a subject token stands for: its entity, a name in its phrase, a pronoun's antecedent."""
        if token.lower_ in PRONOUNS:
            return self.antecedent(doc, entities, token, token.text, last, confidence - 0.1)
        phrase = _noun_phrase(token)
        ents = [e for e in doc.ents if e.label_ in SPEAKER_LABELS and any(t.i in phrase for t in e)]
        own = next((e for e in ents if e.start <= token.i < e.end), None)
        # "Председатель комитета Иван Петров": the name in apposition, not the genitive's
        persons = sorted((e for e in ents if e.label_ == "PERSON"),
                         key=lambda e: (not any(t.dep_ == "appos" for t in e), not any(_same_case(t, token) for t in e)))
        person = own or (persons[0] if persons else None)
        if person is not None:
            return self._named(entities, person, cue, confidence)
        if token.pos_ == "PRON":
            return None
        if token.pos_ == "NOUN" and "Anim" in token.morph.get("Animacy") and "Sing" in token.morph.get("Number"):
            # "— отметил докладчик", "— заявил глава фонда": the person who spoke just before
            found = self.latest_speaker(doc, entities, token, cue, last, confidence - 0.2, anyone=not ents)
            if found is not None:
                return found
        if ents:
            return self._named(entities, ents[0], cue, confidence)
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

    def latest_speaker(self, doc: Doc, entities: EntityIndex, token: Token, cue: str, last: dict,
                       confidence: float, *, anyone: bool = True) -> RuSpeaker | None:
        """The subject of the latest speech verb before ``token`` outside quotations (through
        "который" to the noun it stands for) within ROLE_REACH tokens, else (``anyone``) the
        latest person named."""
        for verb in _outside_quotes(doc[max(token.i - ROLE_REACH, 0):token.i]):
            if verb.i == token.head.i or not self.is_cue(verb):
                continue
            subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and subject.lower_ == RELATIVE and verb.dep_.startswith("acl"):
                subject = verb.head
            if subject is not None and subject.pos_ in {"PROPN", "NOUN", "PRON"}:
                found = self.resolve(doc, entities, subject, cue, last, confidence)
                if found is not None:
                    return found
        return self.antecedent(doc, entities, token, cue, last, confidence) if anyone else None

    @staticmethod
    def _in_quotes(doc: Doc, ent: Span | Token) -> bool:
        """Whether a name sits between an opening and a closing mark of its sentence."""
        sent = ent.sent
        before = doc[sent.start:ent.i if isinstance(ent, Token) else ent.start].text
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


def _outside_quotes(tokens: Span):
    """The tokens from last to first, less those between quotation marks (read backwards, a
    closing mark opens a quotation)."""
    depth = 0
    for token in reversed(tokens):
        if token.text in CLOSING_RU or (token.text == '"' and depth == 0):
            depth += 1
        elif token.text in OPENING_RU or token.text == '"':
            depth = max(depth - 1, 0)
        elif depth == 0:
            yield token


def _noun_phrase(head: Token) -> set[int]:
    """The indices of a noun's phrase: its dependents, less the clauses hanging on it ("…,
    который подчеркнул, что …")."""
    found, todo = {head.i}, [head]
    while todo:
        for child in todo.pop().children:
            if child.i not in found and child.dep_.split(":")[0] not in CLAUSES:
                found.add(child.i)
                todo.append(child)
    return found


def _same_case(token: Token, head: Token) -> bool:
    return bool(set(token.morph.get("Case")) & set(head.morph.get("Case")))


def _nominative(token: Token) -> bool:
    cases = token.morph.get("Case")
    return not cases or "Nom" in cases


@Language.factory("qalam_ru_quotes", requires=["doc.ents", "doc._.entities", "token.dep", "token.lemma"],
                  assigns=["doc.spans", "span._.quote"])
def make_ru_quotes(nlp: Language, name: str) -> RussianQuotes:
    """Russian quotations with speakers; the cue lists are read in ``initialize``."""
    return RussianQuotes(name)
