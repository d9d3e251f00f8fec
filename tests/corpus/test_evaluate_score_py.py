"""qalam's scorer and ../shared/eval/score.py give identical results on the same inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.corpus.evaluate import evaluate

from tests.conftest import shared_path

pytestmark = pytest.mark.slow  # runs ../shared/eval/score.py in a subprocess

GOLD_DOCS = [
    {
        "doc": "harbour-talk.html", "kind": "interview", "language": "en", "title": "A talk at the harbour",
        "entities": [
            {"text": "Harbour Trust", "label": "ORG", "aliases": ["HT"]},
            {"text": "Jordan", "label": "PLACE", "aliases": []},
            {"text": "Nordic Desk", "label": "ORG", "aliases": [], "optional": True},
            {"text": "Lena Ortiz", "label": "PERSON", "aliases": ["Ortiz"]},
        ],
        "quotes": [
            {"text": "We fixed the pier before the storms came back", "speaker": "Lena Ortiz"},
            {"text": "Nobody asked the fishermen what they needed", "speaker": "she"},
            {"text": "Nobody asked the fishermen what they needed", "speaker": None},
            {"text": "a loose phrase", "speaker": None, "optional": True},
        ],
        "figures": [
            {"text": "1,000", "value": 1000, "unit": None, "kind": "count"},
            {"text": "$2 million", "value": 2000000, "unit": "USD", "kind": "money"},
            {"text": "12%", "value": 12, "unit": None, "kind": "percent"},
        ],
        "interview": {"interviewee": "Lena Ortiz", "interviewer": "Marc Dubois", "turns": 4},
    },
    {
        "doc": "grant-note.pdf", "kind": "report", "language": "en", "title": None,
        "entities": [{"text": "Oslo", "label": "PLACE", "aliases": []}],
        "quotes": [],
        "figures": [{"text": "7", "value": 7, "unit": None, "kind": "count"}],
        "interview": None,
    },
    {"doc": "never-extracted.txt", "kind": "article", "language": "en",
     "entities": [{"text": "Oslo", "label": "PLACE", "aliases": []}], "interview": None},
    {"doc": "partial.md", "kind": "article", "language": "fr"},
]
RECORDS = {
    "nested/harbour-talk.json": {
        "kind": "interview", "language": {"code": "en", "probability": 0.99},
        "entities": [
            {"text": "HT", "label": "ORG", "aliases": []},
            {"text": "Harbour Trust", "label": "ORG", "aliases": []},
            {"text": "Jordan", "label": "PERSON", "aliases": []},
            {"text": "Nordic Desk", "label": "ORG", "aliases": []},
            {"text": "Tuesday", "label": "DATE", "aliases": []},
            {"text": "Lena Ortiz", "label": "PERSON", "aliases": ["Ortiz"]},
        ],
        "quotes": [
            {"text": "We fixed the pier before the storms", "speaker": {"name": "Ortiz"}, "type": "direct"},
            {"text": "Nobody asked the fishermen what they needed", "speaker": "Marc Dubois", "type": "direct"},
            {"text": "Nobody asked the fishermen what they needed", "speaker": None, "type": "block"},
            # three equal pairs for two gold quotes: which pairs win decides the speaker score
            {"text": "nobody asked the fishermen what they needed!", "speaker": None, "type": "direct"},
            {"text": "the council will decide", "speaker": "Marc Dubois", "type": "indirect"},
            {"text": "a loose phrase", "speaker": None},
        ],
        "figures": [
            {"text": "1,004", "value": 1004, "kind": "count", "unit": None},
            {"text": "$2m", "value": 2000000, "kind": "money", "unit": "$"},
            {"text": "12 percent", "value": 12, "kind": "percentage", "unit": None},
            {"text": "2023", "value": 2023, "kind": "date", "unit": None},
            {"text": "many", "value": None, "kind": "count", "unit": None},
        ],
        "interview": {"interviewee": "Lena Ortiz", "interviewer": None, "turns": [{}, {}, {}, {}]},
    },
    "elsewhere.json": {
        "source": {"path": "reports/grant-note.pdf"}, "kind": "article", "language": "en",
        "entities": [{"text": "Oslo", "label": "GPE"}], "quotes": [{"text": "nothing to see", "speaker": None}],
        "figures": [{"text": "7", "value": 7, "kind": "count"},
                    {"text": "€5", "value": 5, "kind": "money", "unit": "€"}],
        "interview": None,
    },
    "partial.json": {"kind": "article", "language": "en"},
}


def score_py(gold: Path, records: Path) -> dict:
    script = shared_path("eval", "score.py")
    done = subprocess.run([sys.executable, str(script), str(gold), str(records), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def write_json(folder: Path, name: str, data: dict) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_same_results_on_hand_built_cases(tmp_path):
    gold, records = tmp_path / "gold", tmp_path / "records"
    for item in GOLD_DOCS:
        write_json(gold, Path(item["doc"]).stem + ".json", item)
    for name, record in RECORDS.items():
        write_json(records, name, record)
    assert evaluate(gold, records) == score_py(gold, records)


def test_same_results_on_the_project_gold(gold_dir, raw_records):
    ours = evaluate(gold_dir, raw_records)
    assert ours["summary"] == score_py(gold_dir, raw_records)["summary"]
    assert ours == score_py(gold_dir, raw_records)
