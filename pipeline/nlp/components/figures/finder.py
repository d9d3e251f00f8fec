"""qalam_figures: statistics in the text — counts, money, percentages and measurements.

Writes ``doc.spans["figures"]``; each span (qualifier included, e.g. "about 10%") carries
``span._.figure``, its records.Figure without text and offsets (kind, value, value_max,
unit, qualifier, of, subject, year, equivalent_of).

Which code does what:
- number words are read from their values in models/figures/<language>/lexicon.json (parse.py);
- digits, scales, fractions, ranges, currencies, units and qualifiers: our own reader
  (scan.py) over the word lists and ISO 4217 tables in models/figures/;
- what is not a figure (years, dates, ages, durations, references, ...): our own rules
  (exclude.py), with spaCy's DATE/TIME/ORDINAL/QUANTITY entities as one signal; numbers
  that name rather than count (identifiers.py); restatements of a figure (restatements.py);
- "of", subject, year and conversions: spaCy's dependency parse, within the figure's own
  sentence and line (context.py).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.components.figures.context import (
    counted_noun,
    governing_verb,
    is_conversion,
    name_before,
    noun_phrase,
    own_clause,
    sentence_year,
    subject_of,
)
from pipeline.nlp.components.figures.exclude import FigureFilter
from pipeline.nlp.components.figures.restatements import without_restatements
from pipeline.nlp.components.figures.parse import SHARED_FILES, Lexicon, language_files, lexicon_from
from pipeline.nlp.components.figures.scan import Candidate, FigureReader
from pipeline.nlp.doc_memo import doc_text
from pipeline.nlp.extensions import span_payload
from pipeline.nlp.rule_data import RuleComponent, RuleData
from pipeline.records import Figure

SPAN_GROUP = "figures"
# The languages whose words models/figures/<language>/ holds; a Doc of another language is
# read with the default's. The reader (scan.py, parse.py) is the same for all; the filter and
# the context rules (exclude.py, identifiers.py, context.py, restatements.py) read spaCy's
# English tags and parse.
LANGUAGES = ("en",)
DEFAULT_LANGUAGE = "en"
# Languages that group thousands with dots ("14.000") and write decimals with a comma.
DOT_THOUSANDS_LANGS = ("de", "ru", "tr", "es", "it", "pt", "nl", "id", "da", "uk", "az", "uz", "kk", "tg", "ky")


@Language.factory(
    "qalam_figures",
    default_config={"dot_thousands_langs": list(DOT_THOUSANDS_LANGS)},
    requires=["token.dep", "token.pos", "token.tag", "token.lemma", "token.ent_type", "doc.sents", "doc.spans"],
    assigns=["doc.spans", "span._.figure"],
)
def make_figures(nlp: Language, name: str, dot_thousands_langs: list[str]) -> "FigureFinder":
    """The figures component; its word lists and currency tables are read in ``initialize``."""
    return FigureFinder(name, dot_thousands_langs=tuple(dot_thousands_langs))


class FigureFinder(RuleComponent):
    """Finds candidates, keeps the statistics among them, then describes each."""

    RULE_FILES = SHARED_FILES + tuple(name for language in LANGUAGES for name in language_files(language))

    def __init__(self, name: str = "qalam_figures", *, dot_thousands_langs: tuple[str, ...] = DOT_THOUSANDS_LANGS) -> None:
        self.name = name
        self.dot_thousands_langs = dot_thousands_langs

    def load_rules(self, rules: RuleData) -> None:
        self.lexicons = {language: lexicon_from(rules, language) for language in LANGUAGES}

    def lexicon_for(self, doc: Doc) -> Lexicon:
        """The words of the Doc's language, or of the default language."""
        return self.lexicons.get(doc.lang_, self.lexicons[DEFAULT_LANGUAGE])

    def annotate(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        citations = frozenset(i for s in doc.spans.get("citations", []) for i in range(s.start, s.end))
        lexicon = self.lexicon_for(doc)
        reader = FigureReader(doc, lexicon, dot_thousands=doc.lang_ in self.dot_thousands_langs)
        rules = FigureFilter(doc, lexicon, text=text, citations=citations)
        kept = without_restatements(doc, [c for c in reader.candidates() if rules.reason(c) is None], lexicon)
        spans = [Span(doc, c.start, c.end, label=c.kind) for c in kept]
        previous: Figure | None = None
        clauses = [own_clause(doc, cand.anchor) for cand in kept]
        for index, (cand, span) in enumerate(zip(kept, spans)):
            same_sentence = previous is not None and clauses[index - 1] == clauses[index]
            figure = self.describe(doc, cand, span, index=index, previous=previous, same_sentence=same_sentence,
                                   citations=citations, neighbour=spans[index - 1] if index else None)
            span._.figure = span_payload(figure)
            previous = figure
        doc.spans[SPAN_GROUP] = spans
        return doc

    def describe(self, doc: Doc, cand: Candidate, span: Span, *, index: int, previous: Figure | None,
                 same_sentence: bool, citations: frozenset[int], neighbour: Span | None) -> Figure:
        """The figure's record item: value, unit, qualifier and what the parse says about it."""
        of, subject = self._of_and_subject(doc, cand, previous=previous if same_sentence else None)
        year = sentence_year(doc, cand, citations=citations)
        equivalent_of = None
        if cand.kind == "money" and previous and previous.kind == "money" and previous.unit != cand.unit \
                and is_conversion(doc, neighbour, span, self.lexicon_for(doc)):
            equivalent_of = index - 1
            of, subject, year = of or previous.of, subject or previous.subject, year or previous.year
        return Figure(
            text=span.text, start=span.start_char, end=span.end_char, kind=cand.kind, value=round(cand.value, 6),
            value_max=round(cand.value_max, 6) if cand.value_max is not None else None, unit=cand.unit,
            qualifier=cand.qualifier, of=of, subject=subject, year=year, equivalent_of=equivalent_of,
        )

    def _of_and_subject(self, doc: Doc, cand: Candidate, *, previous: Figure | None) -> tuple[str | None, str | None]:
        """What the figure counts, and the named actor it belongs to (None when not named)."""
        lex = self.lexicon_for(doc)
        noun = counted_noun(doc, cand)
        of = noun_phrase(doc, noun, skip=range(cand.start, cand.end)) if noun is not None else None
        subject, named = subject_of(doc, governing_verb(doc, cand), cand, lex)
        if cand.kind in {"percent", "money"}:
            elliptic = name_before(doc, cand, lex)
            if elliptic:  # "... and US AID 24%": the name owns it, the "of" carries over
                subject, named = elliptic, True
                if of is None and previous:
                    of = previous.of
            if of is None and subject and not named:  # "funding fell by 10%": funding is measured
                of = subject
        return of, subject if named else None
