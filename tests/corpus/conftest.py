"""Fixtures: the project's gold and the records the pipeline makes of raw/ (for evaluate), and a
report site of the hand-built corpus plus a hostile document (for report)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from pipeline.corpus.query import load_corpus
from pipeline.corpus.report import build_report
from pipeline.run.batch import process_batch
from pipeline.run.store import write_record

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "raw"
GOLD = ROOT / "tests" / "gold"
# Markup in a document must come out as text; spans cross and nest around it.
HOSTILE = (
    "Notes <script>alert('x')</script> & <img src=x onerror=alert(1)>\n\n"
    "\"The Quiet Water Cooperative paid 40 percent of the bill,\" said Ilse Varga of Quiet Water."
)


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD


@pytest.fixture(scope="session")
def raw_records(settings, tmp_path_factory) -> Path:
    """A folder with the records of every sample document in raw/, made without Prefect."""
    out = tmp_path_factory.mktemp("raw-records")
    paths = sorted(p for p in RAW.iterdir() if p.is_file() and not p.name.startswith("."))
    results = process_batch(paths, src_root=RAW, out_root=out, settings=settings)
    failed = [f"{r.path}: {r.reason}" for r in results if r.status != "ok"]
    assert not failed, failed
    return out


def hostile_record(b: ModuleType):
    t = HOSTILE
    coop = b.entity(t, "ORG", "Quiet Water Cooperative", ["Quiet Water Cooperative", "Quiet Water"],
                    aliases=("Quiet Water",))
    # Crosses the cooperative's first mention: starts inside it, ends after it.
    crossing = b.figure(t, "Cooperative paid 40 percent", "percent", 40, of="the bill")
    return b.record(
        "odd/hostile.txt", t, title="<b>Bold</b> title & more",
        entities=[coop, b.entity(t, "PERSON", "Ilse Varga", ["Ilse Varga"]),
                  b.entity(t, "ORG", "script", ["script"], ident="org:script")],
        quotes=[b.quote(t, "The Quiet Water Cooperative paid 40 percent of the bill,", "Ilse <Varga>", cue="said")],
        figures=[b.figure(t, "40 percent", "percent", 40, of="the bill"), crossing],
    )


@pytest.fixture(scope="session")
def report_records(tmp_path_factory, builders) -> Path:
    """The hand-built corpus's records plus the hostile document's."""
    root = builders.write_corpus(tmp_path_factory.mktemp("report-corpus"))
    write_record(hostile_record(builders), root / "extracted" / "odd" / "hostile.json")
    return root / "extracted"


@pytest.fixture(scope="session")
def site(tmp_path_factory, report_records) -> Path:
    """The report of ``report_records``; read-only for the tests."""
    out = tmp_path_factory.mktemp("report") / "site"
    build_report(load_corpus(report_records), out_dir=out)
    return out
