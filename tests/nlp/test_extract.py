"""Records out of a Doc: the extractors only collect the items the components made."""

from pipeline.nlp.extract import citations_from_doc, entities_from_doc, figures_from_doc, interview_from_doc, quotes_from_doc

TEXT = ("Anna Berg said, “Local councils must open their budgets to the public.” "
        "Grants grew by 12% last year (Novak, 2020).")


def test_items_point_at_the_text(nlp):
    doc = nlp(TEXT)
    for item in [*citations_from_doc(doc), *figures_from_doc(doc), *quotes_from_doc(doc)]:
        assert TEXT[item.start:item.end] == item.text
    for entity in entities_from_doc(doc):
        assert all(TEXT[m.start:m.end] == m.text for m in entity.mentions)
    assert interview_from_doc(doc) is None


def test_an_empty_doc_gives_no_items(nlp):
    doc = nlp("")
    assert (entities_from_doc(doc), citations_from_doc(doc), figures_from_doc(doc), quotes_from_doc(doc)) == \
        ([], [], [], [])
