"""Pronoun speakers: the nearest compatible person or body named before the pronoun.

Candidates are read sentence by sentence backwards from the pronoun, through its paragraph and
the one before: in each sentence its subjects first (the leftmost, main subject first), then
the other names, nearest first. A candidate is compatible when its label is one the pronoun can
stand for and its gender, where the text shows it, agrees with the pronoun's. The text shows a
person's gender by an honorific or gendered noun beside the name ("Ms Roe", "spokeswoman Jane
Roe", "Jane Roe, a spokeswoman"), which also makes that person the first choice in their
sentence, and by a gendered pronoun already resolved to the name, which only rules out.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from pipeline.nlp.components.quotes.context import DocIndex
from pipeline.nlp.components.quotes.cues import Pronoun, QuoteCues
from pipeline.nlp.components.quotes.mentions import NAME, ORG, PERSON, SUBJECTS, Mention, speaker_mention

# "the group", "the organisation" alone: stands, like "it", for the nearest body named before.
GROUP = Pronoun(labels=(ORG,), gender=None, plural=False, first_person=False)
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
PLACE_LABELS = {"GPE", "LOC", "FAC", "NORP"}
GENDER_REACH = 3  # tokens between a name and the gendered word after it: ", a spokeswoman"


class Genders:
    """The gender the text shows for each person, by the name a speaker is given."""

    def __init__(self, index: DocIndex, cues: QuoteCues) -> None:
        self.index, self.cues = index, cues
        self.shown: dict[str, str] = {}    # by an honorific or a gendered noun
        self.learned: dict[str, str] = {}  # by a pronoun resolved to the name
        for ent in index.people:
            shown = self._shown(ent)
            if shown is not None:
                self.shown.setdefault(self.name(ent), shown)

    def name(self, span: Span) -> str:
        return self.index.entities.canonical(span.text, span.start_char, span.end_char)

    def _shown(self, ent: Span) -> str | None:
        doc, genders = ent.doc, self.cues.genders
        before = [doc[i] for i in range(max(ent.start - 2, 0), ent.start + 1)]  # "Ms." may be inside the entity
        for token in reversed(before):
            if token.lower_ in genders:
                return genders[token.lower_]
        after = doc[ent.end:min(ent.end + GENDER_REACH + 1, len(doc))]
        if len(after) and after[0].text == ",":
            for token in after[1:]:
                if token.lower_ in genders:
                    return genders[token.lower_]
                if token.pos_ not in {"DET", "ADJ", "NOUN", "PROPN"}:
                    break
        return None

    def shown_of(self, mention: Mention) -> str | None:
        """The gender words show for a mention: its name's, else its own ("the spokeswoman")."""
        found = self.shown.get(self.name(mention.span))
        if found is not None:
            return found
        return next((self.cues.genders[t.lower_] for t in mention.span if t.lower_ in self.cues.genders), None)

    def of(self, mention: Mention) -> str | None:
        """The gender words show, else the one a pronoun resolved to the name had."""
        return self.shown_of(mention) or self.learned.get(self.name(mention.span))

    def learn(self, mention: Mention, gender: str | None) -> None:
        if gender is not None and mention.label in (PERSON, NAME):
            self.learned.setdefault(self.name(mention.span), gender)


def compatible(pronoun: Pronoun, mention: Mention, genders: Genders) -> bool:
    if mention.label != NAME and mention.label not in pronoun.labels:
        return False
    plural_mention = mention.span.root.morph.get("Number") == ["Plur"]
    if pronoun.plural and mention.label == PERSON and not plural_mention:
        return False  # "we" is not Jane Roe, but may be "the farmers"
    if pronoun.gender is not None and plural_mention:
        return False  # "she" is one person, never "the officers"
    if pronoun.gender is None or mention.label not in (PERSON, NAME):
        return True
    return genders.of(mention) in (None, pronoun.gender)


def antecedent(index: DocIndex, token: Token, cues: QuoteCues, genders: Genders,
               pronoun: Pronoun | None = None) -> Mention | None:
    """The nearest compatible speaker phrase before the pronoun ``token`` (or before a phrase
    that stands for someone named earlier, as ``pronoun`` would)."""
    pronoun = pronoun or cues.pronouns[token.lower_]
    for sentence in _sentences_back(index, token):
        found = [c for c in _candidates(index, sentence, token, cues) if compatible(pronoun, c, genders)]
        if found:  # a gender words show and that agrees beats an unknown one
            best = next((c for c in found if pronoun.gender and genders.shown_of(c) == pronoun.gender), found[0])
            genders.learn(best, pronoun.gender)
            return _standing_for(index, best, cues, genders)
    return None


def resolved_mention(index: DocIndex, token: Token, cues: QuoteCues, genders: Genders) -> Mention | None:
    """The speaker phrase ``token`` heads, a bare "the group" taken for the body named before it."""
    mention = speaker_mention(index, token, cues)
    return _standing_for(index, mention, cues, genders) if mention is not None else None


def _standing_for(index: DocIndex, mention: Mention, cues: QuoteCues, genders: Genders) -> Mention:
    if not mention.definite:
        return mention
    return antecedent(index, mention.span.root, cues, genders, GROUP) or mention


def _sentences_back(index: DocIndex, token: Token) -> Iterator[Span]:
    """The pronoun's sentence up to the pronoun, then the sentences before it, back to the start
    of the previous paragraph. A paragraph break ends a sentence even where the parser ran on."""
    doc = token.doc
    lo = index.char_token(index.window_start(token.idx))
    end = token.i
    while end > lo:
        sentence = doc[end - 1].sent
        start = max(sentence.start, lo, index.char_token(index.paragraphs[index.paragraph_of(doc[end - 1].idx)][0]))
        yield doc[start:end]
        end = start


def _candidates(index: DocIndex, sentence: Span, pronoun: Token, cues: QuoteCues) -> list[Mention]:
    """The sentence's subjects (leftmost first), then its other names (nearest first); places
    after people and organisations, which are far likelier to speak."""
    outside = [t for t in sentence if not index.in_quote(t.idx) and t.lower_ not in cues.pronouns]
    para_start = index.paragraphs[index.paragraph_of(sentence.start_char)][0] if len(sentence) else 0
    subjects = [t for t in outside
                if t.dep_ in SUBJECTS or (t.head.idx < para_start and not t.is_punct and not t.is_space)]
    names = []
    for token in reversed(outside):
        ent = index.ent_at.get(token.i)
        if ent is not None and ent.start == token.i and ent.label_ in NAME_LABELS:
            names.append(token)
    found = [m for m in (speaker_mention(index, t, cues) for t in subjects + names) if m is not None]
    return sorted(found, key=lambda m: _is_place(index, m))


def _is_place(index: DocIndex, mention: Mention) -> bool:
    ent = index.ent_at.get(mention.span.start)
    return ent is not None and ent.label_ in PLACE_LABELS
