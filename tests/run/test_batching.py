"""How a run's documents become batches: sizes by worker count, batches of about equal bytes."""

from pathlib import Path

import pytest

from pipeline.run.flows import batch_size
from pipeline.run.pool import spread


@pytest.mark.parametrize("documents, workers, task_batch, expected", [
    (200, 2, 16, 7),     # 29 batches: the last one a worker takes is short
    (200, 1, 16, 13),
    (5000, 2, 16, 16),   # large runs: task_batch
    (3, 2, 16, 1),
    (0, 1, 16, 1),
])
def test_batch_size_gives_each_worker_many_short_batches(documents, workers, task_batch, expected):
    assert batch_size(documents, workers=workers, task_batch=task_batch) == expected


def test_spread_balances_bytes_and_puts_the_heaviest_batch_first():
    sizes = {Path(name): size for name, size in [("a", 90), ("b", 50), ("c", 40), ("d", 10), ("e", 10)]}
    batches = spread(list(sizes), batches=2, sizes=sizes)
    totals = [sum(sizes[path] for path in batch) for batch in batches]
    assert totals == [100, 100]
    assert [path.name for path in batches[0]] in (["a", "d"], ["a", "e"])


def test_spread_keeps_the_given_order_inside_a_batch():
    paths = [Path(name) for name in "zyxw"]
    batches = spread(paths, batches=1, sizes=dict.fromkeys(paths, 1))
    assert batches == [paths]


def test_spread_never_makes_empty_batches():
    paths = [Path("only")]
    assert spread(paths, batches=4, sizes={paths[0]: 3}) == [paths]
    assert spread([], batches=4) == []
