"""Fixtures: the inspect tests' corpus plus a hostile document, and a report built from them."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from pipeline.cli.main import app
from pipeline.run.store import write_record

# Markup in a document must come out as text; spans cross and nest around it.
HOSTILE = (
    "Notes <script>alert('x')</script> & <img src=x onerror=alert(1)>\n\n"
    "\"The Quiet Water Cooperative paid 40 percent of the bill,\" said Ilse Varga of Quiet Water."
)


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
def records_dir(tmp_path_factory, builders) -> Path:
    root = builders.write_corpus(tmp_path_factory.mktemp("corpus"))
    write_record(hostile_record(builders), root / "extracted" / "odd" / "hostile.json")
    return root / "extracted"


@pytest.fixture(scope="session")
def site(tmp_path_factory, records_dir) -> Path:
    """A report written by the real command; read-only for the tests."""
    out = tmp_path_factory.mktemp("report") / "site"
    result = CliRunner().invoke(app, ["report", str(records_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
