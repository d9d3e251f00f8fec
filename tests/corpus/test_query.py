"""The plain functions behind the inspection commands: loading records, name folding, matching,
the entity index, the tables."""

from __future__ import annotations

import json

import pytest

from pipeline.corpus.query import (
    InspectError, InvalidRecord, Loaded, Query, entity_index, fold, load_corpus, load_record, name_matches,
    run_query, table_rows,
)
from pipeline.records import SCHEMA_VERSION, Figure

MAJOR, MINOR = map(int, SCHEMA_VERSION.split("."))


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


@pytest.mark.parametrize("label, name, corpus_id", [
    ("ORG", "The Söderholm Trust", "org:soderholm-trust"),
    ("PLACE", "São Tomé", "place:sao-tome"),
])
def test_corpus_ids_are_label_and_folded_name(builders, label, name, corpus_id):
    text = f"{name} again."
    rec = builders.record("a.txt", text, entities=[builders.entity(text, label, name, [name], ident="x:1")])
    (row,) = entity_index([Loaded(rec.source.path, rec)])
    assert row["id"] == corpus_id


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


def _write(path, data: dict) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("version, message", [
    (f"{MAJOR + 1}.0", "is newer than"),
    (f"{MAJOR - 1}.9", "is older than"),
    (f"{MAJOR}.{MINOR + 1}", "is newer than"),
    ("draft", "is not one this qalam reads"),
])
def test_a_record_of_another_schema_version_says_what_to_do(builders, tmp_path, version, message):
    data = builders.article_record().model_dump(mode="json") | {"schema_version": version}
    _write(tmp_path / "a.json", data)
    with pytest.raises(InvalidRecord) as caught:
        load_record(tmp_path / "a.json")
    reason = caught.value.reason
    assert message in reason and str(version) in reason and SCHEMA_VERSION in reason and "--force" in reason


def test_the_same_major_version_is_read(builders, tmp_path):
    record = builders.article_record()
    _write(tmp_path / "a.json", record.model_dump(mode="json") | {"schema_version": f"{MAJOR}.0"})
    assert load_record(tmp_path / "a.json").text == record.text


def test_a_folder_load_collects_records_of_another_version(builders, tmp_path):
    for name, version in (("old.json", f"{MAJOR - 1}.0"), ("now.json", SCHEMA_VERSION)):
        _write(tmp_path / name, builders.article_record().model_dump(mode="json") | {"schema_version": version})
    corpus = load_corpus(tmp_path)
    assert [loaded.path.name for loaded in corpus.records] == ["now.json"]
    assert [error.path.name for error in corpus.errors] == ["old.json"]
