"""qalam_figures: statistics in the text — counts, money and percentages.

Writes ``doc.spans["figures"]``; each span (qualifier included, e.g. "about 10%") has
``span._.figure`` = {"kind", "value", "value_max", "unit", "qualifier", "of", "subject",
"year", "equivalent_of"}. Also writes ``doc.spans["dates"]`` with ``span._.date`` =
{"iso": "2018" | "2018-06" | "2018-06-12"} for the model's DATE entities that name a year.

Which code does what:
- number words are read by text2num (``text_to_num.text2num``), see figures_parse.py;
- digits, scales, fractions, ranges, currencies and qualifiers: our own reader
  (figures_scan.py) over the word lists and ISO 4217 tables in models/figures/;
- what is not a figure (years, dates, ages, durations, references, ...): our own rules
  (figures_filter.py), with spaCy's DATE/TIME/ORDINAL/QUANTITY entities as one signal;
- "of", subject, year and conversions: spaCy's dependency parse (figures_context.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.components.figures.context import (
    counted_noun,
    governing_verb,
    is_conversion,
    name_before,
    noun_phrase,
    sentence_year,
    subject_of,
)
from pipeline.nlp.components.figures.exclude import FigureFilter
from pipeline.nlp.components.figures.parse import FIGURES_DIR, Lexicon, load_lexicon
from pipeline.nlp.components.figures.scan import Candidate, FigureReader

SPAN_GROUP = "figures"
DATES_GROUP = "dates"
# Languages that group thousands with dots ("14.000") and write decimals with a comma.
DOT_THOUSANDS_LANGS = ("de", "ru", "tr", "es", "it", "pt", "nl", "id", "da", "uk", "az", "uz", "kk", "tg", "ky")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
DAY = re.compile(r"\b([12]?\d|3[01])(?:st|nd|rd|th)?\b")

for _name in ("figure", "date"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


@Language.factory(
    "qalam_figures",
    default_config={"models_dir": None, "dot_thousands_langs": list(DOT_THOUSANDS_LANGS), "dates": True},
    requires=["token.dep", "token.pos", "doc.ents", "doc.sents"],
    assigns=["doc.spans", "span._.figure", "span._.date"],
)
def make_figures(nlp: Language, name: str, models_dir: str | None, dot_thousands_langs: list[str],
                 dates: bool) -> "FigureFinder":
    """Build the figures component; ``models_dir`` overrides models/figures/."""
    lexicon = load_lexicon(Path(models_dir) if models_dir else FIGURES_DIR)
    return FigureFinder(lexicon, dot_thousands_langs=tuple(dot_thousands_langs), dates=dates)


class FigureFinder:
    """Finds candidates, keeps the statistics among them, then describes each."""

    def __init__(self, lexicon: Lexicon, *, dot_thousands_langs: tuple[str, ...] = DOT_THOUSANDS_LANGS,
                 dates: bool = True) -> None:
        self.lexicon = lexicon
        self.dot_thousands_langs = dot_thousands_langs
        self.dates = dates

    def __call__(self, doc: Doc) -> Doc:
        reader = FigureReader(doc, self.lexicon, dot_thousands=doc.lang_ in self.dot_thousands_langs)
        rules = FigureFilter(doc, self.lexicon)
        kept = [c for c in reader.candidates() if rules.reason(c) is None]
        spans = [Span(doc, c.start, c.end, label=c.kind) for c in kept]
        for index, (cand, span) in enumerate(zip(kept, spans)):
            span._.figure = self.describe(doc, cand, spans=spans, index=index)
        doc.spans[SPAN_GROUP] = spans
        if self.dates:
            doc.spans[DATES_GROUP] = date_spans(doc)
        return doc

    def describe(self, doc: Doc, cand: Candidate, *, spans: list[Span], index: int) -> dict:
        """The figure's record: value, unit, qualifier and what the parse says about it."""
        previous = spans[index - 1]._.figure if index else None
        same_sentence = previous is not None and spans[index - 1].sent == spans[index].sent
        of, subject = self._of_and_subject(doc, cand, previous=previous if same_sentence else None)
        citations = [(s.start, s.end) for s in doc.spans["citations"]] if "citations" in doc.spans else []
        figure = {
            "kind": cand.kind,
            "value": round(cand.value, 6),
            "value_max": round(cand.value_max, 6) if cand.value_max is not None else None,
            "unit": cand.unit,
            "qualifier": cand.qualifier,
            "of": of,
            "subject": subject,
            "year": sentence_year(doc, cand, skip=citations),
            "equivalent_of": None,
        }
        if cand.kind == "money" and previous and previous["kind"] == "money" \
                and previous["unit"] != cand.unit and is_conversion(doc, spans[index - 1], spans[index], self.lexicon):
            figure["equivalent_of"] = index - 1
            for key in ("of", "subject", "year"):
                figure[key] = figure[key] or previous[key]
        return figure

    def _of_and_subject(self, doc: Doc, cand: Candidate, *, previous: dict | None) -> tuple[str | None, str | None]:
        """What the figure counts, and the named actor it belongs to (None when not named)."""
        lex = self.lexicon
        noun = counted_noun(doc, cand)
        of = noun_phrase(doc, noun, skip=range(cand.start, cand.end)) if noun is not None else None
        subject, named = subject_of(doc, governing_verb(doc, cand), cand, lex)
        if cand.kind in {"percent", "money"}:
            elliptic = name_before(doc, cand, lex)
            if elliptic:  # "... and US AID 24%": the name owns it, the "of" carries over
                subject, named = elliptic, True
                if of is None and previous:
                    of = previous["of"]
            if of is None and subject and not named:  # "funding fell by 10%": funding is measured
                of = subject
        return of, subject if named else None


def date_spans(doc: Doc) -> list[Span]:
    """The model's DATE entities that name a year, each with an ISO date as precise as written."""
    spans = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        iso = iso_date(ent.text)
        if iso:
            span = Span(doc, ent.start, ent.end, label="DATE")
            span._.date = {"iso": iso}
            spans.append(span)
    return spans


def iso_date(text: str) -> str | None:
    """"12 June 2018" → "2018-06-12", "June 2018" → "2018-06", "2018" → "2018"."""
    years = YEAR.findall(text)
    if len(years) != 1:
        return None
    low = text.lower()
    month = next((i + 1 for i, name in enumerate(MONTHS) if re.search(rf"\b{name[:3]}", low)), None)
    if month is None:
        return years[0]
    rest = YEAR.sub(" ", text)
    day = DAY.search(rest)
    if day:
        return f"{years[0]}-{month:02d}-{int(day.group(1)):02d}"
    return f"{years[0]}-{month:02d}"
