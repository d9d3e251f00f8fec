"""The plain functions behind the commands: name folding, matching, the entity index, the tables."""

from __future__ import annotations

import pytest

from pipeline.corpus.query import (
    InspectError, Loaded, Query, entity_index, fold, load_corpus, name_matches, run_query, slug, table_rows,
)
from pipeline.records import Figure


@pytest.mark.parametrize("name, folded", [
    ("The Red Crescent", "red crescent"),
    ("Red Crescent’s", "red crescent"),
    ("Žabljak", "zabljak"),
    ("U.N.", "u n"),
])
def test_fold(name, folded):
    assert fold(name) == folded


@pytest.mark.parametrize("query, names, expected", [
    ("red crescent", ["The Red Crescent Society"], True),
    ("Crescent", ["Red Crescent"], True),
    ("cres", ["Red Crescent"], False),
    ("the", ["The Red Crescent"], False),
    ("IRC", ["International Rescue Committee", "IRC"], True),
])
def test_name_matches(query, names, expected):
    assert name_matches(query, names) is expected


def test_slug_is_label_and_folded_name():
    assert slug("ORG", "The Söderholm Trust") == "org:soderholm-trust"
    assert slug("PLACE", "São Tomé") == "place:sao-tome"


def test_index_merges_by_alias_only_within_a_label(builders):
    text = "Amber Lake and Amber Lake Co. met at AL."
    place = builders.record("a.txt", text, entities=[
        builders.entity(text, "PLACE", "Amber Lake", ["Amber Lake"], aliases=("AL",))])
    org = builders.record("b.txt", text + " ", entities=[builders.entity(text, "ORG", "AL", ["AL"])])
    rows = entity_index([Loaded(place.source.path, place), Loaded(org.source.path, org)])
    assert sorted((row["id"], row["documents"]) for row in rows) == [("org:al", 1), ("place:amber-lake", 1)]


def test_figure_rows_keep_every_field(builders):
    rec = builders.report_record()
    rows = table_rows([Loaded(rec.source.path, rec)], "figures")
    assert Figure.model_validate({k: rows[0][k] for k in Figure.model_fields}) == rec.figures[0]


def test_query_target_follows_the_filters(builders):
    assert Query(speaker="x").target() == "quotes"
    assert Query(figure="money").target() == "figures"
    assert Query(entity="x").target() == "documents"
    with pytest.raises(InspectError, match="--figure"):
        run_query([Loaded("a", builders.article_record())], Query(what="entities", figure="count"))


def test_load_corpus_refuses_a_file_that_is_not_a_record(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(InspectError, match="not a record file"):
        load_corpus(path)
