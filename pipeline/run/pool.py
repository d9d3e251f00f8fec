"""Local worker processes for one run: started once, the model loaded in each before the first
batch, documents spread evenly by size.

The workers import the pipeline but not Prefect: the run's Prefect tasks stay in the flow's
process (one thread per worker) and hand their batch to the pool, so Prefect's bookkeeping is
paid once, not per worker. A pool per run replaced Prefect's process-pool task runner, whose
workers each started a Prefect client and loaded the model inside the first task (2 workers
were 0.81× one on 50k-word runs). Workers are started with ``spawn`` (the flow's process runs
Prefect's threads, which ``fork`` would copy half-way) and, on Linux, die with their parent.
"""

from __future__ import annotations

import ctypes
import heapq
import multiprocessing
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def spread(paths: list[Path], *, batches: int, sizes: dict[Path, int] | None = None) -> list[list[Path]]:
    """``paths`` in at most ``batches`` batches of about equal total size (bytes on disk), largest
    batch first: each document goes to the lightest batch so far, largest document first.
    Within a batch documents keep their given order."""
    if not paths:
        return []
    sizes = sizes if sizes is not None else {path: _size(path) for path in paths}
    count = max(1, min(batches, len(paths)))
    heap = [(0, index) for index in range(count)]
    members: list[list[Path]] = [[] for _ in range(count)]
    for path in sorted(paths, key=lambda p: -sizes[p]):
        total, index = heapq.heappop(heap)
        members[index].append(path)
        heapq.heappush(heap, (total + sizes[path], index))
    order = {path: position for position, path in enumerate(paths)}
    filled = [sorted(batch, key=order.__getitem__) for batch in members if batch]
    return sorted(filled, key=lambda batch: -sum(sizes[p] for p in batch))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # unreadable: the batch reports why


class WorkerPool:
    """``workers`` processes, each with the pipeline of ``settings`` loaded; ``run`` one batch."""

    def __init__(self, workers: int, settings: dict) -> None:
        self.workers, self.settings = workers, settings
        self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_warm_up, initargs=(settings,))
        # Start every worker now, from this thread: a worker dies with the thread that started it
        # (PR_SET_PDEATHSIG), and the executor would otherwise start them from the task threads.
        for _ in range(workers):
            self._executor.submit(_ready)

    def run(self, **batch) -> list[dict]:
        """``process_batch`` on a worker: the keyword arguments of ``batch_in_worker``."""
        return self._executor.submit(batch_in_worker, **batch).result()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


_pool: WorkerPool | None = None


def worker_pool(workers: int, settings: dict) -> WorkerPool:
    """This process's pool of ``workers`` warm workers for ``settings``: the one started earlier
    (by the CLI while Prefect starts, or by an earlier run in the same process) when it fits,
    else a new one in its place."""
    global _pool
    if _pool is not None and (_pool.workers, _pool.settings) != (workers, settings):
        _pool.close()
        _pool = None
    if _pool is None:
        _pool = WorkerPool(workers, settings)
    return _pool


def close_pool() -> None:
    """Stop this process's workers (they also stop when it exits)."""
    global _pool
    if _pool is not None:
        _pool.close()
        _pool = None


def _ready() -> None:
    """Nothing: a worker that ran it has started and loaded the pipeline."""


def _warm_up(settings: dict) -> None:
    """In each worker, before its first batch: die with the parent, leave Ctrl-C to the parent
    (which stops the run), load the pipeline."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from pipeline.nlp.build import cached_nlp
    from pipeline.settings import Settings

    cached_nlp(Settings.model_validate(settings))


def batch_in_worker(paths: list[str], src_root: str, out_root: str, settings: dict, info: dict,
                    records: dict[str, str]) -> list[dict]:
    """One batch of documents, from files to records on disk; plain values in and out."""
    from pipeline.records import PipelineInfo
    from pipeline.run.batch import process_batch
    from pipeline.settings import Settings

    results = process_batch(
        [Path(p) for p in paths],
        src_root=Path(src_root),
        out_root=Path(out_root),
        settings=Settings.model_validate(settings),
        info=PipelineInfo.model_validate(info),
        records={Path(source): Path(record) for source, record in records.items()},
    )
    return [asdict(result) for result in results]
