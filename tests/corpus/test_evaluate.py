"""Each scoring rule on small hand-built gold and record dicts."""

from __future__ import annotations

import json

import pytest

from pipeline.corpus.evaluate import (
    EvaluationInputError,
    entity_label,
    find_record,
    fold,
    load_gold,
    prf,
    same_speaker,
    score_document,
    score_entities,
    score_figures,
    score_interview,
    score_quotes,
    speaker_text,
    summarize,
    unmet_floors,
    word_cover,
)


def ent(text: str, label: str, *aliases: str, optional: bool = False) -> dict:
    item = {"text": text, "label": label, "aliases": list(aliases)}
    return item | {"optional": True} if optional else item


def fig(value: float, kind: str = "count", unit: str | None = None, **extra) -> dict:
    return {"text": str(value), "value": value, "kind": kind, "unit": unit} | extra


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, folded", [
    ("The Harbour Trust", "harbour trust"),
    ("Ćosić", "cosic"),
    ("Farmers’ Guild's", "farmers guild"),
    ("  N.G.O.  Forum ", "n g o forum"),
    ("Lake-Side Union", "lake side union"),
    ("Theatre Club", "theatre club"),
    (None, ""),
])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("raw, label", [
    ("GPE", "PLACE"), ("loc", "PLACE"), ("FAC", "PLACE"), ("PLACE", "PLACE"),
    ("ORGANISATION", "ORG"), ("org", "ORG"), ("PER", "PERSON"), ("DATE", None), (None, None),
])
def test_entity_label(raw, label):
    assert entity_label(raw) == label


@pytest.mark.parametrize("raw, name", [
    ("Lena Ortiz", "Lena Ortiz"), ({"name": "Lena Ortiz"}, "Lena Ortiz"), ({"text": "Ortiz"}, "Ortiz"),
    ("  ", None), (None, None), (42, None),
])
def test_speaker_text(raw, name):
    assert speaker_text(raw) == name


@pytest.mark.parametrize("gold, pred, same", [
    (None, None, True),
    ("Lena Ortiz", None, False),
    (None, "Lena Ortiz", False),
    ("Lena Ortiz", "Ortiz", True),
    ("Lena Ortiz", "Marc Dubois", False),
    ("Dr. Lena Ortiz", "Dr. Marc Dubois", False),  # a shared title is not a shared name
    ("Anna van Dijk", "Piet van Berg", False),
    ("she", "Marc Dubois", True),  # a pronoun in the gold accepts any resolved speaker
    ("she", None, False),
])
def test_same_speaker(gold, pred, same):
    assert same_speaker(gold, pred) is same


@pytest.mark.parametrize("counts, expected", [
    ((2, 4, 2), {"p": 0.5, "r": 1.0, "f1": 0.6667}),
    ((0, 0, 0), {"p": 1.0, "r": 1.0, "f1": 1.0}),
    ((0, 0, 3), {"p": 0.0, "r": 0.0, "f1": 0.0}),
    ((0, 2, 0), {"p": 0.0, "r": 1.0, "f1": 0.0}),
])
def test_prf(counts, expected):
    assert prf(*counts).items() >= expected.items()


# --- entities ------------------------------------------------------------------------------


@pytest.mark.parametrize("gold, pred, tp, n_pred, n_gold", [
    ([ent("Harbour Trust", "ORG", "HT")], [ent("HT", "ORG")], 1, 1, 1),  # alias of the gold
    # an alias of the prediction
    ([ent("Harbour Trust", "ORG")], [ent("the Harbour Trust Ltd", "ORG", "Harbour Trust")], 1, 1, 1),
    ([ent("Oslo", "PLACE")], [ent("OSLO", "GPE")], 1, 1, 1),  # GPE scores as PLACE, case folded
    ([ent("Jordan", "PLACE")], [ent("Jordan", "PERSON")], 0, 1, 1),  # wrong label
    ([ent("Oslo", "PLACE")], [ent("Oslo", "GPE"), ent("oslo", "LOC")], 1, 1, 1),  # distinct per document
    ([ent("Harbour Trust", "ORG", "HT")], [ent("HT", "ORG"), ent("Harbour Trust", "ORG")], 1, 2, 1),
    ([ent("Oslo", "PLACE")], [ent("Tuesday", "DATE"), ent("", "ORG")], 0, 0, 1),  # not scorable
    ([ent("Oslo", "PLACE"), ent("Nordic Desk", "ORG", optional=True)], [ent("Nordic Desk", "ORG")], 0, 0, 1),
    ([], [], 0, 0, 0),
])
def test_score_entities_counts(gold, pred, tp, n_pred, n_gold):
    result = score_entities(gold, pred)
    assert (result["tp"], result["pred"], result["gold"]) == (tp, n_pred, n_gold)


def test_score_entities_lists_what_went_wrong():
    gold = [ent("Jordan", "PLACE"), ent("Lena Ortiz", "PERSON")]
    result = score_entities(gold, [ent("Jordan", "PERSON"), ent("Acme Fund", "ORG")])
    assert result["missed"] == ["Jordan [PLACE]", "Lena Ortiz [PERSON]"]
    assert result["wrong_label"] == ["Jordan [PERSON]"]
    assert result["false_positives"] == ["Acme Fund [ORG]"]


# --- quotes --------------------------------------------------------------------------------

TEN_WORDS = "one two three four five six seven eight nine ten"


@pytest.mark.parametrize("pred, matched", [
    ("one two three four five six", True),  # 60 % of the gold
    ("one two three four five", False),  # 50 %
    (TEN_WORDS + " a b c d e f g h i j k l m n o p q r s t", True),  # 10 of 30 words = 33 %
    (TEN_WORDS + " a b c d e f g h i j k l m n o p q r s t u v w x", False),  # 10 of 34 < 30 %
    ("One, two; THREE four five six!", True),  # case and punctuation do not matter
    ("", False),
])
def test_quote_word_overlap_thresholds(pred, matched):
    detection, _ = score_quotes([{"text": TEN_WORDS, "speaker": None}], [{"text": pred, "speaker": None}])
    assert detection["tp"] == int(matched)


def test_word_cover_uses_distinct_words():
    assert word_cover("we we we go", "we go home now") == (1.0, 0.5)


def test_quotes_match_one_to_one_best_pair_first():
    gold = [{"text": "red green blue", "speaker": None}, {"text": "red green blue yellow", "speaker": None}]
    pred = [{"text": "red green blue yellow", "speaker": None}, {"text": "red green blue yellow", "speaker": None}]
    detection, _ = score_quotes(gold, pred)
    assert (detection["tp"], detection["pred"], detection["gold"]) == (2, 2, 2)
    detection, _ = score_quotes(gold, pred[:1])
    assert detection["missed"] == ["red green blue"]  # the exact pair wins


@pytest.mark.parametrize("gold_speaker, pred_speaker, attributed", [
    ("Lena Ortiz", "Ortiz", 1),
    ("Lena Ortiz", {"name": "Lena Ortiz"}, 1),
    ("Lena Ortiz", "Marc Dubois", 0),
    ("Lena Ortiz", None, 0),
    (None, None, 1),
    (None, "Marc Dubois", 0),
    ("he", "Marc Dubois", 1),
])
def test_quotes_plus_speaker(gold_speaker, pred_speaker, attributed):
    detection, with_speaker = score_quotes([{"text": TEN_WORDS, "speaker": gold_speaker}],
                                           [{"text": TEN_WORDS, "speaker": pred_speaker}])
    assert detection["tp"] == 1 and with_speaker["tp"] == attributed
    assert len(with_speaker["wrong_speaker"]) == 1 - attributed


def test_optional_quote_is_neither_rewarded_nor_penalised():
    gold = [{"text": TEN_WORDS, "speaker": None, "optional": True}, {"text": "alpha beta gamma", "speaker": None}]
    detection, _ = score_quotes(gold, [{"text": TEN_WORDS, "speaker": "X"}])
    assert (detection["tp"], detection["pred"], detection["gold"]) == (0, 0, 1)
    assert detection["missed"] == ["alpha beta gamma"]


def test_indirect_quotes_are_not_scored():
    gold = {"doc": "a.txt", "quotes": [{"text": TEN_WORDS, "speaker": None}]}
    record = {"quotes": [{"text": TEN_WORDS, "speaker": None, "type": "indirect"},
                         {"text": "other words entirely", "speaker": None, "type": "reported"}]}
    result = score_document(gold, record)
    assert (result["quotes"]["tp"], result["quotes"]["pred"]) == (0, 0)


# --- figures -------------------------------------------------------------------------------


@pytest.mark.parametrize("gold, pred, tp", [
    (fig(1000), fig(1004.9), 1),  # within 0.5 %
    (fig(1000), fig(1005.1), 0),
    (fig(0), fig(0), 1),
    (fig(12, "percent"), fig(12, "percentage"), 1),  # kind synonyms
    (fig(12, "percent"), fig(12, "count"), 0),
    (fig(500, "money", "USD"), fig(500, "money", "$"), 1),  # currency synonyms
    (fig(500, "money", "USD"), fig(500, "money", "eur"), 0),
    (fig(500, "money", "EUR"), fig(500, "money", "eur"), 1),
    (fig(500, "money"), fig(500, "money", "GBP"), 1),  # the gold names no currency
    (fig(500, "money", "USD"), fig(500, "money"), 0),
])
def test_figure_match(gold, pred, tp):
    assert score_figures([gold], [pred])["tp"] == tp


def test_figures_match_one_to_one_in_gold_order():
    result = score_figures([fig(5), fig(5)], [fig(5), fig(5.01), fig(7)])
    assert (result["tp"], result["pred"], result["gold"]) == (2, 3, 2)
    assert result["false_positives"] == ["7 (count)"]


def test_figures_without_a_number_or_scored_kind_are_not_counted():
    result = score_figures([fig(5)], [fig("n/a"), {"kind": "count"}, fig(2024, "date"), fig(5)])
    assert (result["tp"], result["pred"]) == (1, 1)


def test_optional_figure_is_neither_rewarded_nor_penalised():
    result = score_figures([fig(5, optional=True), fig(9)], [fig(5), fig(9)])
    assert (result["tp"], result["pred"], result["gold"]) == (1, 1, 1)
    assert score_figures([fig(5, optional=True)], [])["gold"] == 0


# --- interview, documents, totals ----------------------------------------------------------


@pytest.mark.parametrize("pred, checks", [
    ({"interviewee": "Lena Ortiz", "interviewer": "Marc Dubois", "turns": [{}, {}, {}]}, (True, True, True)),
    ({"interviewee": {"name": "Ortiz"}, "interviewer": None, "turns": 3}, (True, False, True)),
    ({"interviewee": "Marc Dubois", "interviewer": "Marc Dubois", "turns": []}, (False, True, False)),
    (None, (False, False, False)),
])
def test_score_interview(pred, checks):
    result = score_interview({"interviewee": "Lena Ortiz", "interviewer": "Marc Dubois", "turns": 3}, pred)
    assert (result["interviewee_ok"], result["interviewer_ok"], result["turns_ok"]) == checks


def test_score_document_scores_only_what_the_gold_has():
    gold = {"doc": "a.txt", "kind": "report", "language": "en", "entities": [], "interview": None}
    result = score_document(gold, {"kind": "report", "language": {"code": "en", "probability": 0.99}})
    assert result["found"] and result["kind_ok"] and result["is_interview_ok"] and result["language_ok"]
    assert "figures" not in result and "quotes" not in result and "interview" not in result


def test_score_document_without_a_record():
    gold = {"doc": "a.txt", "kind": "interview", "language": "en", "entities": [ent("Oslo", "PLACE")],
            "interview": {"interviewee": "Lena Ortiz", "interviewer": None, "turns": 2}}
    result = score_document(gold, None)
    assert not result["found"] and not result["kind_ok"] and not result["language_ok"]
    assert result["entities"]["r"] == 0.0 and not result["interview"]["interviewee_ok"]


def test_is_interview_only_checks_interview_versus_not():
    result = score_document({"doc": "a.txt", "kind": "article"}, {"kind": "report"})
    assert not result["kind_ok"] and result["is_interview_ok"]


def test_summarize_micro_averages():
    docs = [
        {"found": True, "entities": prf(1, 2, 2), "kind_ok": True,
         "interview": {"interviewee_ok": True, "interviewer_ok": False, "turns_ok": True}},
        {"found": False, "entities": prf(3, 3, 4), "kind_ok": False},
    ]
    summary = summarize(docs)
    assert summary["entities"] == prf(4, 5, 6)
    assert summary["quotes"] is None and summary["language_acc"] is None
    assert summary["kind_acc"] == 0.5 and summary["found"] == "1/2" and summary["interview_acc"] == 0.6667
    assert "interview_acc" not in summarize(docs[1:])


# --- files and floors ----------------------------------------------------------------------


def test_find_record_by_stem_then_by_source_path(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "notes.json").write_text(json.dumps({"kind": "report"}))
    (tmp_path / "other.json").write_text(json.dumps({"kind": "article", "source": {"path": "in/story.html"}}))
    (tmp_path / "broken.json").write_text("{not json")
    assert find_record(tmp_path, "notes.pdf") == {"kind": "report"}
    assert find_record(tmp_path, "story.html")["kind"] == "article"
    assert find_record(tmp_path, "missing.txt") is None


@pytest.mark.parametrize("files, message", [
    (None, "does not exist"),
    ({}, "no gold files"),
    ({"a.json": "{oops"}, "not valid JSON"),
    ({"a.json": "[1, 2]"}, "no \"doc\""),
])
def test_load_gold_errors(tmp_path, files, message):
    folder = tmp_path / "gold"
    if files is not None:
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(text)
    with pytest.raises(EvaluationInputError, match=message):
        load_gold(folder)


def test_load_gold_reads_nested_files_in_path_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.json").write_text(json.dumps({"doc": "x.txt"}))
    (tmp_path / "a.json").write_text(json.dumps({"doc": "a.txt"}))
    assert [g["doc"] for g in load_gold(tmp_path)] == ["a.txt", "x.txt"]


@pytest.mark.parametrize("floors, unmet", [
    ({"entities.f1": 0.8}, []),
    ({"entities.f1": 0.75}, []),
    ({"entities.f1": 0.9}, ["entities.f1=0.8 < 0.9"]),
    ({"kind_acc": 0.5, "figures.f1": 0.1}, ["figures.f1=None < 0.1"]),  # not scored counts as below
    ({"found": 1.0}, ["found=1/1 < 1.0"]),
])
def test_unmet_floors(floors, unmet):
    summary = {"entities": {"f1": 0.8}, "figures": None, "kind_acc": 0.5, "found": "1/1"}
    assert unmet_floors(summary, floors) == unmet
