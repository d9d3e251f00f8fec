"""Progress events reach a listener only while it listens."""

from __future__ import annotations

from pipeline.run import progress


def test_a_listener_hears_what_is_published_while_it_listens():
    heard: list[str] = []
    progress.publish("before")
    with progress.listening(heard.append):
        progress.publish("a.txt")
        progress.publish("b.txt")
    progress.publish("after")
    assert heard == ["a.txt", "b.txt"]
