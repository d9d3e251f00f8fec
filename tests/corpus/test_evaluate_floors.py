"""The evaluation gate: the pipeline keeps its scores on the project's own gold documents.

The gold in tests/gold was annotated by reading the sample documents in raw/, independently
of the pipeline's output. Each floor sits a little below the score measured when it was set.
Lowering a floor is an explicit, reviewed change: say in the commit which metric dropped and why.
"""

from __future__ import annotations

import pytest

from pipeline.corpus.evaluate import evaluate, metric_value

# Measured 2026-11-21 23:08 UTC: entities 0.947, quotes 0.923, quotes+speaker 0.923,
# figures 0.956, kind 0.75 (3 of 4 documents), is_interview, language and interview 1.0.
# Lowering a floor is an explicit, reviewed change (never to make a failing run pass quietly).
FLOORS = {
    "entities.f1": 0.95,
    "quotes.f1": 0.95,
    "quotes+speaker.f1": 0.95,
    "figures.f1": 0.93,
    "kind_acc": 1.0,
    "is_interview_acc": 1.0,
    "language_acc": 1.0,
    "interview_acc": 1.0,
}


@pytest.fixture(scope="module")
def summary(gold_dir, raw_records) -> dict:
    return evaluate(gold_dir, raw_records)["summary"]


def test_every_gold_document_has_a_record(summary, gold_dir):
    n_gold = len(list(gold_dir.glob("*.json")))
    assert summary["found"] == f"{n_gold}/{n_gold}"


@pytest.mark.parametrize("metric", list(FLOORS))
def test_metric_keeps_its_floor(summary, metric):
    value = metric_value(summary, metric)
    assert value is not None, f"{metric} was not scored"
    assert value >= FLOORS[metric], f"{metric} fell to {value} (floor {FLOORS[metric]})"
