"""Per-document progress events, for whoever displays them (the CLI's progress bar)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator

Listener = Callable[[Any], None]
_listeners: list[Listener] = []


def publish(result: Any) -> None:
    for listener in list(_listeners):
        listener(result)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Call ``listener`` with each document's result while the block runs (same process only)."""
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)
