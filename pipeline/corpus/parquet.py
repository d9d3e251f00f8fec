"""Flat tables as Parquet, through the optional ``qalam[parquet]`` extra (pyarrow, ~170 MB,
so it is not part of every install)."""

from __future__ import annotations

PARQUET_EXTRA = "pip install 'qalam[parquet]'"


class MissingExtra(RuntimeError):
    """An optional package a format needs is not installed; the message says how to install it."""


def parquet_bytes(rows: list[dict], *, columns: tuple[str, ...]) -> bytes:
    """The rows as one Parquet file, columns in order; types are inferred per column (lists
    stay lists, missing values are nulls)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtra(f"--format parquet needs pyarrow, which is not installed: {PARQUET_EXTRA}") from None
    table = pa.table({column: pa.array([row.get(column) for row in rows]) for column in columns})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()
