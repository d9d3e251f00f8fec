"""A figure restating one given earlier is listed once (the gold convention, and what a
reader wants): the same value, kind and unit in a later sentence or line, counting the same noun,
counting nothing named ("it is just over 200"), or pointed back at ("this $454 million").

Our own rule over spaCy's sentences, lemmas and parse.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.nlp.components.figures.context import counted_noun, own_clause
from pipeline.nlp.components.figures.parse import Lexicon
from pipeline.nlp.components.figures.scan import Candidate


def without_restatements(doc: Doc, candidates: list[Candidate], lexicon: Lexicon) -> list[Candidate]:
    """The candidates, less those that restate an earlier one."""
    seen: dict[tuple, list[tuple[int, str | None]]] = {}
    kept: list[Candidate] = []
    for cand in candidates:
        sentence = own_clause(doc, cand.anchor).start
        noun = counted_noun(doc, cand)
        lemma = noun.lemma_.lower() if noun is not None else None
        earlier = seen.setdefault((cand.kind, round(cand.value, 6), cand.value_max, cand.unit), [])
        pointed_back = cand.start > 0 and doc[cand.start - 1].lower_ in lexicon.demonstratives
        if any(other != sentence and (pointed_back or (lemma is not None and lemma == other_lemma)
                                      or (lemma is None and cand.kind == "count"))
               for other, other_lemma in earlier):
            continue
        earlier.append((sentence, lemma))
        kept.append(cand)
    return kept
