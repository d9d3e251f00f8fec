import json
from dataclasses import fields
from pathlib import Path

from pipeline.nlp.components.entities.vocabulary import VOCABULARY_FILE, EntityVocabulary

MODELS = Path(__file__).resolve().parents[2] / "models"


def test_every_list_of_the_file_is_a_field_and_back():
    data = json.loads((MODELS / VOCABULARY_FILE).read_text(encoding="utf-8"))
    assert set(data) - {"_comment"} == {f.name for f in fields(EntityVocabulary)}
    words = EntityVocabulary.from_json(data)
    assert "Union" in words.org_heads and "President" in words.role_titles
