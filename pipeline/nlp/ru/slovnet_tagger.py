"""qalam_ru_slovnet: natasha's Russian models fill the token attributes and ``doc.ents``.

The models (navec news embeddings; slovnet morphology, syntax and NER, all trained on Russian
news) are the files the ``natasha`` package ships. They are read from that package's folder
without importing it: ``import natasha`` loads pymorphy2 and yargy (which patches pymorphy2
to run on Python 3.11), and qalam's Russian morphology is pymorphy3 (spaCy's lemmatizer and
pipeline.nlp.ru.morph). Nothing is downloaded.

The models run in numpy on small matrices, where BLAS threads cost more than they give (on
two busy cores, ten times more): they run on one BLAS thread, sentences of a document sorted
by length so that a batch is padded little.

Per sentence (razdel's sentences inside each line, so a heading never runs into its text):
``token.pos`` and ``token.morph`` (Universal Dependencies), ``token.head``/``token.dep``
(UD relations, root as ``ROOT``), and PER/LOC/ORG spans as PERSON/LOC/ORG entities.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy
from navec import Navec
from razdel import sentenize
from slovnet import NER, Morph, Syntax
from threadpoolctl import threadpool_limits
from spacy.attrs import DEP, HEAD, POS
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

EMBEDDING = "emb/navec_news_v1_1B_250K_300d_100q.tar"
MORPH_MODEL = "model/slovnet_morph_news_v1.tar"
SYNTAX_MODEL = "model/slovnet_syntax_news_v1.tar"
NER_MODEL = "model/slovnet_ner_news_v1.tar"
# slovnet's NER labels as qalam's (LOC folds into PLACE like spaCy's GPE/LOC).
ENTITY_LABELS = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG"}
WHITESPACE_DEP = "dep"


class ModelsMissing(RuntimeError):
    """natasha (which ships the Russian model files) is not installed."""


def models_dir() -> Path:
    """The folder of natasha's model files, found without importing natasha."""
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise ModelsMissing("the Russian pipeline needs the natasha package (pip install natasha==1.6.0)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@lru_cache(maxsize=1)
def load_models(batch_size: int) -> tuple[Morph, Syntax, NER]:
    """The three slovnet models over one shared embedding (read once per process)."""
    folder = models_dir()
    navec = Navec.load(folder / EMBEDDING)
    morph = Morph.load(folder / MORPH_MODEL, batch_size=batch_size).navec(navec)
    syntax = Syntax.load(folder / SYNTAX_MODEL, batch_size=batch_size).navec(navec)
    ner = NER.load(folder / NER_MODEL, batch_size=batch_size).navec(navec)
    return morph, syntax, ner


def sentences(doc: Doc) -> list[Span]:
    """razdel's sentences inside each line, as token spans without edge whitespace."""
    text = doc.text
    found = []
    line_start = 0
    for line in text.split("\n"):
        for sentence in sentenize(line):
            span = doc.char_span(line_start + sentence.start, line_start + sentence.stop, alignment_mode="expand")
            if span is not None and len(span):
                found.append(span)
        line_start += len(line) + 1
    return _without_overlaps(found)


def _without_overlaps(spans: list[Span]) -> list[Span]:
    """Spans in order, each starting after the previous ended (expanded edges can touch)."""
    kept: list[Span] = []
    for span in spans:
        start = max(span.start, kept[-1].end) if kept else span.start
        if start < span.end:
            kept.append(span.doc[start:span.end])
    return kept


class SlovnetTagger:
    """Morphology, syntax and named entities from natasha's slovnet models (see module docstring)."""

    def __init__(self, name: str, *, batch_size: int) -> None:
        self.name = name
        self.morph, self.syntax, self.ner = load_models(batch_size)

    def __call__(self, doc: Doc) -> Doc:
        sents = [sent for sent in sentences(doc) if not all(t.is_space for t in sent)]
        words = [[t for t in sent if not t.is_space] for sent in sents]
        texts = [[t.text for t in tokens] for tokens in words]
        with threadpool_limits(limits=1, user_api="blas"):
            morphs = by_length(self.morph, texts)
            parses = by_length(self.syntax, texts)
            markups = by_length(self.ner, [sent.text for sent in sents])
        heads = numpy.zeros(len(doc), dtype="int64")  # relative: head index minus token index
        deps = numpy.zeros(len(doc), dtype="uint64")
        pos = doc.to_array([POS])
        tagged: dict[int, tuple[str, dict]] = {}
        for tokens, morph, parse in zip(words, morphs, parses):
            relations = [_dep(node.rel) for node in parse.tokens]
            tree = one_tree([int(node.head_id) - 1 for node in parse.tokens], relations)
            for token, tag, head, relation in zip(tokens, morph.tokens, tree, relations):
                tagged[token.i] = (tag.pos, tag.feats)
                head_i = tokens[head].i if head >= 0 else token.i
                heads[token.i], deps[token.i] = head_i - token.i, doc.vocab.strings.add(relation)
        for token in doc:  # whitespace hangs on the token before it (after it at the start)
            if token.is_space and len(doc) > 1:
                heads[token.i], deps[token.i] = (-1 if token.i else 1), doc.vocab.strings.add(WHITESPACE_DEP)
        for i, (tag, feats) in tagged.items():
            pos[i] = doc.vocab.strings.add(tag)
        doc.from_array([POS], pos)
        for i, (_, feats) in tagged.items():
            doc[i].set_morph("|".join(f"{key}={value}" for key, value in sorted(feats.items())) or None)
        doc.from_array([HEAD, DEP], numpy.stack([heads.view("uint64"), deps], axis=1))
        doc.ents = self._entities(doc, sents, markups)
        return doc

    @staticmethod
    def _entities(doc: Doc, sents: list[Span], markups: list) -> list[Span]:
        spans = []
        for sent, markup in zip(sents, markups):
            for found in markup.spans:
                label = ENTITY_LABELS.get(found.type)
                span = doc.char_span(sent.start_char + found.start, sent.start_char + found.stop,
                                     label=label, alignment_mode="expand") if label else None
                if span is not None:
                    spans.append(span)
        return filter_spans(spans)


def by_length(model: Morph | Syntax | NER, items: list) -> list:
    """``model.map`` over ``items`` in order of length (batches of like lengths need little
    padding), the results returned in the order of ``items``."""
    order = sorted(range(len(items)), key=lambda i: len(items[i]))
    results: list = [None] * len(items)
    for i, result in zip(order, model.map([items[i] for i in order])):
        results[i] = result
    return results


def one_tree(heads: list[int], relations: list[str]) -> list[int]:
    """A sentence's heads (index in the sentence, -1 for the root) made one tree: slovnet's
    parser can return several roots or a cycle (on imperatives, headings, lists), and spaCy
    would read each root's subtree as a sentence of its own. The first root stays; a later root
    hangs on it as ``parataxis``; a cycle is cut at its first word, which becomes the root
    (``relations`` are updated in place)."""
    heads = list(heads)
    roots = [i for i, head in enumerate(heads) if head < 0 or head == i]
    root = roots[0] if roots else None
    for extra in roots[1:]:
        heads[extra], relations[extra] = root, "parataxis"
    for start in range(len(heads)):
        seen: list[int] = []
        at = start
        while heads[at] >= 0 and heads[at] != at and at not in seen:
            seen.append(at)
            at = heads[at]
        if at in seen:  # a cycle through ``at``
            cut = min(seen[seen.index(at):])
            if root is None:
                root, heads[cut], relations[cut] = cut, -1, "ROOT"
            else:
                heads[cut] = root
    if root is not None:
        heads[root], relations[root] = -1, "ROOT"
    return heads


def _dep(relation: str) -> str:
    return "ROOT" if relation == "root" else relation


@Language.factory(
    "qalam_ru_slovnet",
    default_config={"batch_size": 8},
    assigns=["token.pos", "token.morph", "token.dep", "token.head", "doc.sents", "doc.ents"],
)
def make_slovnet_tagger(nlp: Language, name: str, batch_size: int) -> SlovnetTagger:
    """natasha's slovnet models; ``batch_size`` sentences go through each model at a time."""
    return SlovnetTagger(name, batch_size=batch_size)
