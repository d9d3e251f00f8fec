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
from pipeline.text.quote_marks import QUOTE_MARKS

CUE_VERBS_FILE = "quotes/ru/cue_verbs.txt"
CUE_PHRASES_FILE = "quotes/ru/cue_phrases.txt"
TITLE_NOUNS_FILE = "quotes/ru/title_nouns.txt"
DASH_AFTER = re.compile(r"[,.!?…]?[ \t\u00a0]*[—–-]{1,2}[ \t\u00a0]*")  # on the quote's own line
DASHES = frozenset({"—", "–", "-", "--"})
# The marks before the dash where the author's words interrupt a quotation: «…, — сказал он. — …»
INTERRUPTING = frozenset({",", ".", "!", "?", "…"})
# The original title of a work in brackets after its Russian one: «Побег» (Prison Break)
ORIGINAL_TITLE = re.compile(r"[ \t\u00a0]*\([ \t]*[A-Za-z]")
# Between two titles listed together: в сериалах «…» и «…»
JOINERS = frozenset({",", "и", "или", "а", "также"})
WORD = re.compile(r"\w+(?:-\w+)*")
# Personal pronouns, and the possessives that name a source in "по его словам", "по её мнению".
PRONOUNS = frozenset({"он", "она", "они", "его", "её", "ее", "их"})
RELATIVE = "который"
OPENING_RU, CLOSING_RU = "«„", "»“"
CLAUSES = frozenset({"acl", "ccomp", "advcl", "parataxis", "punct"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass"})
APPOSITION = frozenset({"appos", "flat:name", "flat"})
SPEAKER_LABELS = frozenset({"PERSON", "ORG"})
MIN_WORDS = 4
MAX_NAME_WORDS = 8
# Russian titles of laws, decrees and reports open with "О"/"Об" ("О некоммерческих организациях").
DOCUMENT_TITLE_OPENERS = frozenset({"О", "Об", "Обо"})
AFTER_TOKENS = 6
# How far back a role noun or an impersonal cue looks for the person who spoke.
ROLE_REACH = 150
# "сообщили в пресс-службе": the preposition of the office an impersonal report comes from
BODY_PREPOSITIONS = frozenset({"в", "во"})
# How many tokens back a word looks for the opening mark of a quotation it stands in.
QUOTE_REACH = 1000
# How many sentences back a pronoun looks for the subject it stands for.
PREVIOUS_SENTENCES = 2


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
        title_end = None  # the token after the latest title in quotes
        for match in (m for m in doc_quotes(doc) if m.depth == 0):
            span = doc.char_span(match.start, match.end, alignment_mode="expand")
            if span is None or len(WORD.findall(span.text)) < MIN_WORDS:
                continue
            close = match.close_at + 1 if match.close_at is not None else match.end
            cue = self.dash_cue(doc, text, close)
            if cue is None and self.is_title(doc, text, span, close, title_end):
                title_end = span.end + 1
                continue
            if any(s <= match.start and match.end <= e for s, e in turns):
                continue  # an interview answer is a turn, not a quote
            paragraph = max(bisect_right(starts, match.open_at) - 1, 0)
            parts, inserted = self.interrupted(doc, span)
            speaker = self.speaker_of(doc, entities, inserted, last, 0.9) if inserted is not None else None
            if speaker is None:
                speaker = self.explicit(doc, entities, span, cue, last)
            if speaker is None:
                speaker = self.carried(text, paragraphs, paragraph, match.open_at, last)
            if speaker is None and _opens_paragraph(text, paragraphs[paragraph][0], match.open_at) and paragraph:
                speaker = self.reported_before(doc, entities, paragraphs[paragraph - 1], last)
            if speaker is None and (name := interview_speaker(doc, match.start, match.end)):
                speaker = RuSpeaker(name, None, None, None, 0.6)
            if speaker is not None:
                last[paragraph] = speaker
            for part in parts:
                part._.quote = span_payload(Quote(
                    text=part.text, start=part.start_char, end=part.end_char,
                    speaker=speaker.name if speaker else None,
                    speaker_entity=entities.entity_id(speaker.name, speaker.start, speaker.end) if speaker else None,
                    cue=speaker.cue if speaker else None, type="direct",
                    confidence=speaker.confidence if speaker else 0.5,
                ))
                spans.append(part)
        doc.spans["quotes"] = spans
        return doc

    def is_title(self, doc: Doc, text: str, span: Span, close: int, title_end: int | None) -> bool:
        """A title or a name, not speech: a title noun right before the opening mark (фильм «…»,
        организация «…»), or before the title this one is listed with (в сериалах «…» и «…»);
        the original title in brackets after it («…» (Original Title)); a document title
        opening with "О"/"Об" (закон «О …»); or a short capitalised stretch without a verb (an
        organisation's name in quotes)."""
        before = [t for t in doc[max(span.start - 3, 0):span.start] if t.is_alpha]
        if before and lemma(before[-1].text) in self.title_nouns:
            return True
        if title_end is not None and title_end < span.start and _only_joiners(doc[title_end:span.start - 1]):
            return True
        if ORIGINAL_TITLE.match(text, close):
            return True
        words = [t for t in span if t.is_alpha]
        if words and words[0].text in DOCUMENT_TITLE_OPENERS:
            return True
        return len(words) <= MAX_NAME_WORDS and span[0].text[:1].isupper() and not any(
            t.pos_ in {"VERB", "AUX"} for t in span) and not span.text.rstrip().endswith((".", "!", "?", "…"))

    def dash_cue(self, doc: Doc, text: str, close: int) -> Token | None:
        """The speech verb after a dash after the closing mark: «…», — сказал он."""
        dash = DASH_AFTER.match(text, close)
        if dash is None:
            return None
        after = doc.char_span(dash.end(), min(len(text), dash.end() + 80), alignment_mode="contract")
        for token in (after or [])[:AFTER_TOKENS]:
            if token.text in {".", "«", "»", "\n"}:
                break
            if self.is_cue(token):
                return token
        return None

    def interrupted(self, doc: Doc, span: Span) -> tuple[list[Span], Token | None]:
        """A quotation the author's words interrupt, «…, — сказал он. — …»: its two parts and
        the speech verb between them; else the span alone and None."""
        tokens = list(span)
        for k, token in enumerate(tokens[1:], start=1):
            if token.text not in DASHES or tokens[k - 1].text not in INTERRUPTING:
                continue
            for m in range(k + 1, min(k + 2 + AFTER_TOKENS, len(tokens) - 1)):
                if tokens[m].text in DASHES and tokens[m - 1].text in {".", ","}:
                    verb = next((t for t in tokens[k + 1:m - 1] if self.is_cue(t)), None)
                    if verb is None:
                        break
                    first_end = tokens[k - 1].i + (tokens[k - 1].text in {"!", "?", "…"})
                    return [doc[span.start:first_end], doc[tokens[m].i + 1:span.end]], verb
                if tokens[m].text in QUOTE_MARKS:
                    break
        return [span], None

    # -- speakers -----------------------------------------------------------------------
    def explicit(self, doc: Doc, entities: EntityIndex, span: Span, cue: Token | None, last: dict) -> RuSpeaker | None:
        if cue is not None:
            return self.speaker_of(doc, entities, cue, last, 0.9)
        labelled = _name_and_colon(doc, span)
        if labelled is not None:  # a headline's "Иванов: «…»", "«…»: Иванов о …"
            return self._named(entities, labelled, ":", 0.85)
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
        # (the subject itself, or the name in apposition to it: "Задачей-минимум Иванов видит …")
        for token in left:
            if token.dep_ in SUBJECT_DEPS and token.head.pos_ == "VERB" and _nominative(token):
                person = next((t for t in (token, *token.children)
                               if t.ent_type_ == "PERSON" and (t is token or t.dep_ in APPOSITION)), None)
                if person is not None:
                    return self.resolve(doc, entities, person, token.head.text, last, 0.6)
        return None

    def is_cue(self, token: Token) -> bool:
        return token.pos_ in {"VERB", "AUX"} and (token.lemma_.lower() in self.verbs or lemma(token.text) in self.verbs)

    def speaker_of(self, doc: Doc, entities: EntityIndex, verb: Token, last: dict, confidence: float) -> RuSpeaker | None:
        subject = self.subject(doc, verb)
        if subject is None:
            body = self.body(doc, verb)
            if body is not None:  # "— сказали в пресс-службе МВД"
                return self._named(entities, body, verb.text, confidence - 0.1)
            # "говорится в заявлении": who speaks was said before
            return self.latest_speaker(doc, entities, verb, verb.text, last, confidence - 0.2)
        return self.resolve(doc, entities, subject, verb.text, last, confidence)

    def body(self, doc: Doc, verb: Token) -> Span | None:
        """The organisation that speaks through an impersonal plural: "сообщили в пресс-службе
        МВД", "сказали в прокуратуре" (named in the phrase after "в", or, when the phrase only
        names a kind of office, in the latest such report before it)."""
        if "Plur" not in verb.morph.get("Number") or set(verb.morph.get("Person")) & {"1", "2"}:
            return None
        place = next((c for c in verb.children if c.dep_ == "obl" and _after_preposition(doc, c, BODY_PREPOSITIONS)), None)
        if place is None:
            return None
        phrase = sorted(_noun_phrase(place))
        org = next((_entity_at(doc, i) for i in phrase if doc[i].ent_type_ == "ORG"), None)
        if org is not None or place.pos_ != "NOUN":
            return org
        earlier = (t for t in _outside_quotes(doc[max(verb.i - ROLE_REACH, 0):verb.i]) if t.pos_ == "VERB" and self.is_cue(t))
        return next((found for t in earlier if self.subject(doc, t) is None and (found := self.body(doc, t))), None)

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
        ents = list(dict.fromkeys(_entity_at(doc, i) for i in sorted(phrase) if doc[i].ent_type_ in SPEAKER_LABELS))
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
        """Who a pronoun or a role noun stands for: the subject of a sentence before it and after
        the latest speaker's name (a person, or a role standing for one: "Министр признал, что
        … «…», — заключил он"), else the latest person named before it outside quotations,
        unless a later quote already had a speaker."""
        previous = last[max(last)] if last else None
        since = previous.start if previous is not None and previous.start is not None else 0
        for subject in _previous_subjects(doc, token, since):
            found = self.resolve(doc, entities, subject, cue, last, confidence)
            if found is not None:
                return found
        person = next((_entity_at(doc, i) for i in range(token.i - 1, -1, -1)
                       if doc[i].ent_iob_ == "B" and doc[i].ent_type_ == "PERSON" and not self._in_quotes(doc, doc[i])), None)
        if person is not None and person.start_char > since:
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
        """Whether a word sits between an opening and a closing mark of its paragraph (a
        quotation may run over several sentences); read back to the paragraph's start."""
        opened = straight = 0
        start = ent.i if isinstance(ent, Token) else ent.start
        at = start - 1
        while at >= max(start - QUOTE_REACH, 0) and "\n" not in doc[at].whitespace_ and "\n" not in doc[at].text:
            mark = doc[at].text
            opened += (mark == "«") - (mark == "»")
            straight += mark == '"'
            at -= 1
        return opened > 0 or straight % 2 == 1

    @staticmethod
    def _named(entities: EntityIndex, ent: Span, cue: str, confidence: float) -> RuSpeaker:
        record = entities.at_mention.get((ent.start_char, ent.end_char))
        name = record["text"] if record else ent.text
        return RuSpeaker(name, ent.start_char, ent.end_char, cue, confidence)

    def reported_before(self, doc: Doc, entities: EntityIndex, paragraph: tuple[int, int],
                        last: dict) -> RuSpeaker | None:
        """A quotation opening its paragraph after one that reports one person speaking
        ("Министр объяснил свою позицию." / «…»): the subject of the paragraph's last speech
        verb outside quotations, when it is one person or a role."""
        span = doc.char_span(*paragraph, alignment_mode="contract")
        for verb in _outside_quotes(span) if span is not None else ():
            if not self.is_cue(verb):
                continue
            subject = self.subject(doc, verb)
            if subject is not None and "Sing" in subject.morph.get("Number") and (
                    subject.ent_type_ in SPEAKER_LABELS or "Anim" in subject.morph.get("Animacy")):
                return self.speaker_of(doc, entities, verb, last, 0.6)
            return None
        return None

    @staticmethod
    def carried(text: str, paragraphs: list[tuple[int, int]], paragraph: int, open_at: int,
                last: dict) -> RuSpeaker | None:
        """No cue beside the quote: the latest speaker of its paragraph, or of the paragraph
        before when the quote opens its own."""
        if paragraph in last:
            previous = last[paragraph]
        elif paragraph - 1 in last and _opens_paragraph(text, paragraphs[paragraph][0], open_at):
            previous = last[paragraph - 1]
        else:
            return None
        return RuSpeaker(previous.name, previous.start, previous.end, None, min(previous.confidence, 0.6))


def _opens_paragraph(text: str, paragraph_start: int, open_at: int) -> bool:
    return not text[paragraph_start:open_at].strip(" —–-\t")


def _previous_subjects(doc: Doc, token: Token, since: int, sentences: int = PREVIOUS_SENTENCES):
    """The animate subjects of the main clauses (the root and the clauses joined to it, not the
    reported "что …") of the sentences before ``token``'s outside quotations that start at
    character ``since`` or later, nearest first."""
    sent, seen = token.sent, 0
    while seen < sentences and sent.start > 0:
        sent = doc[sent.start - 1].sent
        if sent.start_char < since:
            return
        if RussianQuotes._in_quotes(doc, sent.root):
            continue
        seen += 1
        heads, todo = [], [sent.root]
        while todo:
            head = todo.pop()
            heads.append(head)
            todo.extend(c for c in head.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX", "ADJ"})
        subjects = [c for head in heads for c in head.children if c.dep_ in SUBJECT_DEPS
                    and c.pos_ in {"NOUN", "PROPN"} and not RussianQuotes._in_quotes(doc, c)
                    and (c.ent_type_ == "PERSON" or "Anim" in c.morph.get("Animacy"))]
        yield from sorted(subjects, key=lambda c: -c.i)


def _after_preposition(doc: Doc, noun: Token, prepositions: frozenset[str]) -> bool:
    """A preposition of ``prepositions`` governs the noun (or stands right before its phrase:
    the parse may hang it elsewhere)."""
    before = noun.left_edge.i - 1
    return any(c.dep_ == "case" and c.lower_ in prepositions for c in noun.children) or (
        before >= 0 and doc[before].lower_ in prepositions)


def _entity_at(doc: Doc, i: int) -> Span:
    """The entity token ``i`` is part of (read from the tokens' tags: ``doc.ents`` is rebuilt on
    every read)."""
    start, end = i, i + 1
    while doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[i].ent_type_)


def _name_and_colon(doc: Doc, span: Span) -> Span | None:
    """The person or organisation a colon joins to the quotation, as headlines do: "Иванов:
    «…»" (the name, the colon, the opening mark) or "«…»: Иванов о …"."""
    before, after = span.start - 2, span.end + 1  # past the opening or the closing mark
    if before >= 1 and doc[before].text == ":" and doc[before - 1].ent_type_ in SPEAKER_LABELS:
        return _entity_at(doc, before - 1)
    if (after + 1 < len(doc) and doc[after].text == ":" and doc[after + 1].ent_iob_ == "B"
            and doc[after + 1].ent_type_ in SPEAKER_LABELS):
        return _entity_at(doc, after + 1)
    return None


def _only_joiners(tokens: Span) -> bool:
    """Only commas, conjunctions and bracketed asides (an original title) in ``tokens``."""
    depth = 0
    for token in tokens:
        depth += (token.text == "(") - (token.text == ")")
        if depth == 0 and token.text != ")" and token.lower_ not in JOINERS and not token.is_space:
            return False
    return depth == 0


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
