"""Sampling profile of ``process_batch`` with py-spy, summed per function of qalam's own code.

``python bench/hotspots.py SRC COUNT`` is the profiled program (model loaded first, then one
process_batch over SRC's first COUNT files); ``summarize`` reads py-spy's
raw (collapsed) output and ranks qalam's functions by inclusive time and by "deepest qalam
frame" time (the time of the libraries a qalam function calls is charged to it).
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<func>.+?) \((?P<file>[^():]+):\d+\)$")
ENTRY = "process_batch"
LOADING = "cached_nlp"  # the model load before the batch is not part of it
OWN_PREFIX = "pipeline/"


def _frames(stack: str) -> list[tuple[str, str]]:
    frames = []
    for part in stack.split(";"):
        match = FRAME.match(part.strip())
        if match:
            frames.append((match["func"], match["file"]))
    return frames


def _own(file: str) -> bool:
    """qalam's own code: py-spy names it ``pipeline/...`` (spaCy's is ``spacy/pipeline/...``)."""
    return file.startswith(OWN_PREFIX) or f"/main/{OWN_PREFIX}" in file


def summarize(raw: Path, *, top: int = 15) -> dict:
    """Sample shares of process_batch and the threads it starts: inclusive per qalam function,
    and per deepest qalam frame."""
    inclusive: Counter[str] = Counter()
    deepest: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = _frames(stack)
        names = [func for func, _ in frames]
        if ENTRY in names:
            frames = frames[names.index(ENTRY):]
        elif not any(_own(file) for _, file in frames) or LOADING in names:
            continue  # neither the batch nor a thread it started (ingest runs under a time limit)
        samples = int(count)
        total += samples
        own = [f"{func} ({file.split(OWN_PREFIX, 1)[-1]})" for func, file in frames if _own(file)]
        for name in set(own):
            inclusive[name] += samples
        if own:
            deepest[own[-1]] += samples
    share = lambda counter: [(name, round(100 * n / total, 1)) for name, n in counter.most_common(top)]  # noqa: E731
    return {"samples": total, "inclusive": share(inclusive), "deepest": share(deepest)}


def main(src: str, count: int) -> None:
    """The profiled program: load the model, then one process_batch over the first COUNT files."""
    from pipeline.nlp.build import cached_nlp
    from pipeline.run.batch import process_batch
    from pipeline.settings import load_settings

    settings = load_settings()
    cached_nlp(settings)
    paths = sorted(Path(src).iterdir())[:count]
    clock = time.perf_counter()
    process_batch(paths, src_root=Path(src), out_root=Path(src).parent / "profile-out", settings=settings)
    print(f"process_batch: {len(paths)} files in {time.perf_counter() - clock:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
