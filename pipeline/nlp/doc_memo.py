"""Values worked out once per Doc and kept while the Doc lives.

spaCy joins every token's text on each access of ``Doc.text`` and builds a Token object on
each ``doc[i]``; rules that ask the same question of a Doc many times (its text, the clause
around a token) ask ``doc_memo(doc)`` instead. The memo is not part of the Doc (nothing is
added to ``Doc.user_data``, so a serialized Doc stays as it was) and goes with it. qalam's
components never retokenize; should a component that does run between them, the memo starts
afresh when the Doc's length has changed.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from spacy.tokens import Doc

_MEMOS: WeakKeyDictionary = WeakKeyDictionary()


def doc_memo(doc: Doc) -> dict:
    """A dict that lives as long as ``doc``: each rule keeps its own key in it."""
    length, memo = _MEMOS.get(doc, (None, None))
    if length != len(doc):
        memo = {}
        _MEMOS[doc] = (len(doc), memo)
    return memo


def token_strings(doc: Doc, attr: int) -> list[str]:
    """Each token's string value of ``attr`` (ORTH: its text, LOWER: its lower case), read off
    the Doc's array with each distinct value looked up once."""
    memo = doc_memo(doc)
    if attr not in memo:
        ids = doc.to_array(attr).tolist()
        strings = doc.vocab.strings
        by_id = {value: strings[value] for value in set(ids)}
        memo[attr] = [by_id[value] for value in ids]
    return memo[attr]


def remember_text(doc: Doc, text: str) -> None:
    """Keep ``text``, the text ``doc`` was tokenized from, as its text: spaCy's tokenizer loses
    no character, so it is what ``Doc.text`` would join."""
    doc_memo(doc)["text"] = text


def doc_text(doc: Doc) -> str:
    """The Doc's text, joined once (a Doc's text never changes, retokenized or not)."""
    memo = doc_memo(doc)
    if "text" not in memo:
        memo["text"] = doc.text
    return memo["text"]
