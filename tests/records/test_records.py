import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline.records import SCHEMA_VERSION, Record, record_schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "record.schema.json"
TEXT = "Oxfam said the fund grew by 12% in Lusaka."


def record(**overrides) -> dict:
    data = {
        "id": "abc",
        "source": {"path": "a.txt", "sha256": "0" * 64, "media_type": "text/plain", "size": len(TEXT)},
        "kind": "article",
        "language": {"code": "en", "probability": 0.99},
        "text": TEXT,
        "paragraphs": [{"start": 0, "end": len(TEXT)}],
        "entities": [{"id": "org:oxfam", "text": "Oxfam", "label": "ORG", "aliases": [],
                      "mentions": [{"start": 0, "end": 5, "text": "Oxfam"}], "count": 1, "source": "rule"}],
        "figures": [{"text": "12%", "kind": "percent", "value": 12, "start": 28, "end": 31}],
        "pipeline": {"version": "0", "model": "m", "rules": "r"},
    }
    data.update(overrides)
    return data


def test_valid_record_round_trips():
    parsed = Record.model_validate(record())
    assert parsed.schema_version == SCHEMA_VERSION
    assert Record.model_validate_json(parsed.model_dump_json()) == parsed


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"figures": [{"text": "12%", "kind": "percent", "value": 12, "start": 27, "end": 30}]}, "figures\\[0\\]"),
        ({"paragraphs": [{"start": 0, "end": 999}]}, "paragraphs\\[0\\]"),
        ({"kind": "essay"}, "kind"),
        ({"colour": "red"}, "colour"),
        ({"figures": [{"text": "12%", "kind": "percent", "value": 12, "start": 31, "end": 28}]}, "before start"),
    ],
)
def test_invalid_records_are_refused(overrides, message):
    with pytest.raises(ValidationError, match=message):
        Record.model_validate(record(**overrides))


def test_committed_schema_is_in_step_with_the_models():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    generated = record_schema()
    if committed != generated:
        same_version = committed.get("title") == generated["title"]
        hint = ("the models changed without a schema version bump: raise SCHEMA_VERSION in "
                "pipeline/records.py, then" if same_version else "then")
        pytest.fail(f"{hint} regenerate with: qalam schema > schema/record.schema.json")
