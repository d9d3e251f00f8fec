"""The project's gold annotations follow the gold format and annotate documents that exist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.nlp.build import PIPELINE_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
GOLD_FILES = sorted((ROOT / "tests" / "gold").glob("*.json"))
KINDS = {"interview", "report", "article"}
LABELS = {"ORG", "PERSON", "PLACE"}
FIGURE_KINDS = {"count", "money", "percent"}


@pytest.fixture(params=GOLD_FILES, ids=[p.name for p in GOLD_FILES])
def gold(request) -> dict:
    return json.loads(request.param.read_text(encoding="utf-8"))


def test_one_gold_file_per_sample_document():
    samples = {p.name for p in (ROOT / "raw").iterdir() if p.is_file() and not p.name.startswith(".")}
    annotated = {json.loads(p.read_text(encoding="utf-8"))["doc"] for p in GOLD_FILES}
    assert annotated == samples


def test_document_fields(gold):
    assert gold["kind"] in KINDS and gold["language"] in PIPELINE_LANGUAGES and gold["title"]
    assert Path(gold["doc"]).stem + ".json" in {p.name for p in GOLD_FILES}


def test_entities_once_per_label_and_name(gold):
    assert all(e["label"] in LABELS and isinstance(e["aliases"], list) for e in gold["entities"])
    keys = [(e["label"], e["text"].casefold()) for e in gold["entities"]]
    assert len(keys) == len(set(keys))


def test_quotes_have_text_and_speaker(gold):
    assert all(q["text"].strip() and "speaker" in q for q in gold["quotes"])


def test_figures_are_plain_statistics(gold):
    for figure in gold["figures"]:
        assert figure["kind"] in FIGURE_KINDS and isinstance(figure["value"], (int, float))
        assert (figure["unit"] is not None) == (figure["kind"] == "money"), figure
        # score.py ignores "optional" on figures; keeping none keeps the two scorers equal.
        assert not figure.get("optional"), figure


def test_interview_block(gold):
    interview = gold["interview"]
    assert (interview is not None) == (gold["kind"] == "interview")
    if interview:
        assert interview["interviewee"] and isinstance(interview["turns"], int)
