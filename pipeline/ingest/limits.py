"""Per-document limits: a deadline checked between ingest stages, a watchdog, and cheap
pre-parse guards.

Python cannot interrupt a parser call, so the time limit has two layers. Inside: each stage
is linear in the input (no quadratic regular expressions or joins), the deadline is checked
between stages and per PDF page, and the HTML path refuses, before parsing, markup that
would outlast the time left or nest deeper than the parser keeps. Outside: the load runs in
a daemon thread that the caller stops waiting for shortly after the limit, so even a parser
stuck inside one call cannot hold up the run (the thread ends at its next deadline check).
A subprocess per document would also reclaim the CPU, at the cost of a fork or spawn per
file in a process that holds the spaCy model and Prefect's threads.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Callable, TypeVar

from pipeline.ingest.errors import IngestTimeout

T = TypeVar("T")
# The watchdog waits a little past the limit so the cooperative check, which names the
# stage, normally fires first.
WATCHDOG_GRACE_SECONDS = 2.0


@dataclass(frozen=True)
class Deadline:
    """The monotonic time by which one document must be loaded."""

    seconds: float
    at: float

    @classmethod
    def start(cls, seconds: float) -> "Deadline":
        return cls(seconds=seconds, at=time.monotonic() + seconds)

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def check(self, stage: str) -> None:
        """Raise ``IngestTimeout`` naming the stage when the time is up."""
        if time.monotonic() > self.at:
            raise IngestTimeout(
                f"loading took longer than {self.seconds:g} s (ingest.timeout_seconds); stopped after {stage}")


def run_with_time_limit(work: Callable[[], T], *, seconds: float, path: str) -> T:
    """``work()``'s result or exception, or ``IngestTimeout`` if it is still running after
    ``seconds`` (plus a grace period); the abandoned daemon thread cannot block exit."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread as is
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="qalam-ingest", daemon=True)
    thread.start()
    thread.join(seconds + WATCHDOG_GRACE_SECONDS)
    if thread.is_alive():
        raise IngestTimeout(f"loading took longer than {seconds:g} s (ingest.timeout_seconds); "
                            f"the document was abandoned", path=path)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# HTML elements that never have content, or whose end tag the parser infers: they do not nest.
NON_NESTING = frozenset(
    b"area base br col embed hr img input link meta param source track wbr "
    b"p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rtc rp".split())
TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9-]{0,30})\b[^>]{0,4096}?(/?)>")


def html_depth(markup: bytes) -> int:
    """An upper estimate of element nesting: open tags minus close tags, void and auto-closed
    elements excluded; one regular-expression pass over the markup."""
    depth = peak = 0
    for match in TAG.finditer(markup):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in NON_NESTING:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            peak = max(peak, depth)
    return peak
