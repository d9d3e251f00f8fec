"""qalam_gazetteer: the span ruler with the generated place and organization patterns."""

import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from pipeline.nlp.components.entities.gazetteer import GAZETTEER_KEY

PROJECT = Path(__file__).resolve().parents[2]
ENTITIES = PROJECT / "models" / "entities"


@pytest.mark.parametrize(("text", "name", "label"), [
    ("She moved from Zürich to Gothenburg last year.", "Zürich", "PLACE"),
    ("Our office in Zurich opened in spring.", "Zürich", "PLACE"),
    ("Farmers in Batken grow apricots.", "Batken", "PLACE"),
    ("The Sughd Region borders three countries.", "Sughd", "PLACE"),
    ("Water is scarce across the Sahel and the Horn of Africa.", "Horn of Africa", "PLACE"),
    ("Trade routes cross the Caucasus.", "Caucasus", "PLACE"),
    ("Relations between Iran and the UK cooled.", "United Kingdom", "PLACE"),
])
def test_gazetteer_places(label_of, text, name, label):
    assert label_of(text, name) == label


@pytest.mark.parametrize("text", [
    "Reading is the best way to learn.",
    "Split the group into two teams.",
    "Nice work on the report.",
])
def test_common_word_city_names_are_not_places(annotate, text):
    assert all(e["label"] != "PLACE" for e in annotate(text)._.entities)


@pytest.mark.parametrize(("text", "name"), [
    ("Funding came from the U.S. Agency for International Development.", "USAID"),
    ("The project was backed by USAID.", "USAID"),
    ("Staff of UNICEF visited the school.", "UNICEF"),
    ("The OSCE sent observers.", "Organization for Security and Co-operation in Europe"),
    ("A grant from the Aga Khan Foundation paid for the clinic.", "Aga Khan Foundation"),
])
def test_curated_orgs(label_of, text, name):
    assert label_of(text, name) == "ORG"


def test_runs_before_the_model_and_matches_exact_case(nlp):
    assert nlp.pipe_names[0] == "qalam_gazetteer"
    doc = nlp("Visitors from zurich and Zurich.")
    assert [(s.text, s.id_) for s in doc.spans[GAZETTEER_KEY]] == [("Zurich", "place:zurich")]


def test_patterns_reach_the_ruler_through_its_own_initialize():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("qalam_gazetteer")
    ruler.initialize(nlp=nlp, patterns=[{"label": "GPE", "pattern": "Khorog", "id": "place:khorog"}])
    doc = nlp("Back in Khorog today.")
    assert [s.id_ for s in doc.spans[GAZETTEER_KEY]] == ["place:khorog"]


@pytest.mark.slow
def test_generated_gazetteers_are_up_to_date(tmp_path):
    script = PROJECT / "scripts" / "build_gazetteers.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, cwd=PROJECT)
    for name in ("places.jsonl", "orgs.jsonl", "names.tsv"):
        assert (tmp_path / name).read_bytes() == (ENTITIES / name).read_bytes(), name
