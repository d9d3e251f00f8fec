"""Progress events of a run, for whoever displays them (the CLI's progress bar): one ``Planned``
when the run knows its work, then each document's result as it is done."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

Listener = Callable[[Any], None]
_listeners: list[Listener] = []


@dataclass(frozen=True)
class Planned:
    """What the run will do: documents to extract, documents already current, entries skipped."""

    todo: int
    unchanged: int
    skipped: int


def publish(event: Any) -> None:
    for listener in list(_listeners):
        listener(event)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Call ``listener`` with each event while the block runs (same process only)."""
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)
