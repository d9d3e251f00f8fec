"""A change to the record models needs a new schema version, however the schema file was regenerated.

schema/versions.toml lists every version with the hash of its generated JSON Schema. The models of
today must hash to the line of today's ``SCHEMA_VERSION``: changed models with an unchanged version
fail here even when schema/record.schema.json was regenerated to match them.
"""

from __future__ import annotations

import copy
import hashlib
import json
import tomllib
from pathlib import Path

import pytest

from pipeline.records import SCHEMA_VERSION, record_schema

VERSIONS_FILE = Path(__file__).resolve().parents[2] / "schema" / "versions.toml"


def schema_hash(schema: dict) -> str:
    return hashlib.sha256(json.dumps(schema, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
                          .encode()).hexdigest()


def version_problem(table: dict[str, str], version: str, schema: dict) -> str | None:
    """Why ``schema`` cannot be schema ``version`` according to ``table``; None when it is."""
    digest = schema_hash(schema)
    if version not in table:
        return (f"schema version {version} is not in {VERSIONS_FILE.name}: add the line "
                f'"{version}" = "{digest}"')
    if table[version] != digest:
        return (f"the record models changed but SCHEMA_VERSION is still {version}: raise it in "
                f"pipeline/records.py, add its line to {VERSIONS_FILE.name}, then regenerate "
                f"schema/record.schema.json with: qalam schema > schema/record.schema.json")
    return None


def versions() -> dict[str, str]:
    return tomllib.loads(VERSIONS_FILE.read_text(encoding="utf-8"))["sha256"]


def test_the_models_are_the_schema_of_their_version():
    problem = version_problem(versions(), SCHEMA_VERSION, record_schema())
    assert problem is None, problem


def test_every_version_has_its_own_schema():
    table = versions()
    assert len(set(table.values())) == len(table)
    assert list(table) == sorted(table, key=lambda v: tuple(map(int, v.split("."))))


def _with_new_field(schema: dict) -> dict:
    changed = copy.deepcopy(schema)
    changed["properties"]["colour"] = {"type": "string"}
    return changed


@pytest.mark.parametrize("change, version, message", [
    (lambda schema: schema, SCHEMA_VERSION, None),
    (_with_new_field, SCHEMA_VERSION, "the record models changed"),
    (_with_new_field, "99.0", "not in versions.toml"),
])
def test_a_model_change_without_a_new_version_is_caught(change, version, message):
    problem = version_problem(versions(), version, change(record_schema()))
    assert (problem is None) if message is None else (message in problem)
