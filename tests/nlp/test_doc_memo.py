"""Values worked out once per Doc: its text, its tokens' strings, kept while the Doc lives."""

import gc

import spacy
from spacy.attrs import LOWER, ORTH

from pipeline.ingest import LoadedDocument
from pipeline.nlp.build import annotate
from pipeline.nlp.doc_memo import _MEMOS, doc_memo, doc_text, token_strings

TEXT = "The Water Board met.  Its chair, Dana Kim, said “no”\n\nA second paragraph follows."


def test_text_and_token_strings_are_the_docs_own():
    doc = spacy.blank("en")(TEXT)
    assert doc_text(doc) == doc.text
    assert token_strings(doc, ORTH) == [t.text for t in doc]
    assert token_strings(doc, LOWER) == [t.lower_ for t in doc]
    assert doc.user_data == {}  # the memo is not part of the Doc


def test_each_doc_has_its_own_memo_while_it_lives():
    nlp = spacy.blank("en")
    first, second = nlp("one two"), nlp("three")
    doc_memo(first)["key"] = 1
    assert "key" not in doc_memo(second) and doc_memo(first)["key"] == 1
    before = len(_MEMOS)
    del first
    gc.collect()
    assert len(_MEMOS) == before - 1


def test_a_retokenized_doc_starts_a_fresh_memo():
    doc = spacy.blank("en")("New York is big")
    assert token_strings(doc, ORTH)[0] == "New"
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    assert token_strings(doc, ORTH) == ["New York", "is", "big"]


def test_an_annotated_docs_text_is_the_loaded_text(nlp):
    text = ". ".join(f"Sentence {i} of the report" for i in range(400)) + "."
    loaded = LoadedDocument(text=text, paragraphs=[], media_type="text/plain")
    [doc] = annotate(nlp, [loaded], batch_size=8, chunk_chars=2_000)  # read by the model in chunks
    assert doc_text(doc) == doc.text == text
