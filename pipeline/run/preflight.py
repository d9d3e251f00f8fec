"""Checks made before Prefect starts, so that a mistake is answered at once, in one line.

A run (or a served schedule) needs a source that exists and an output folder that neither is
the source folder nor contains it, and, when batches go to a Dask cluster, a scheduler that
answers. The output folder itself is checked when it is locked (``pipeline.run.store``).
"""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.run.store import OWN_OUTPUT_MARKERS

DASK_CONNECT_SECONDS = 5.0
# Address schemes whose scheduler is reached over TCP; others (ucx, inproc) are left to Dask.
TCP_SCHEMES = ("tcp", "tls")


class UsageProblem(ValueError):
    """Paths or options that cannot work together; the message says which and why."""


class SetupProblem(RuntimeError):
    """The environment is not ready (a service that does not answer); the message says what to do."""


def check_folders(src: Path, out: Path) -> None:
    """The source exists and is not a qalam output; the output folder is outside the source folder
    (an output folder inside it is fine: discovery skips it)."""
    if not src.exists():
        raise UsageProblem(f"input path does not exist: {src}")
    src_dir = (src if src.is_dir() else src.parent).resolve()
    out_dir = out.resolve()
    if out_dir == src_dir:
        raise UsageProblem(f"--out {out} is the source folder itself; give a folder outside it for the records")
    if src_dir.is_relative_to(out_dir):
        raise UsageProblem(f"--out {out} contains the source folder {src}; give a folder outside it for the records")
    own = [marker for marker in OWN_OUTPUT_MARKERS if src.is_dir() and (src / marker).exists()]
    if own:
        raise UsageProblem(f"{src} is {OWN_OUTPUT_MARKERS[own[0]]} (it holds {own[0]}), not a folder of documents")


def check_dask_address(address: str, *, timeout: float = DASK_CONNECT_SECONDS) -> None:
    """``address`` is ``SCHEME://HOST:PORT`` and, over TCP, a scheduler accepts connections there."""
    parts = urlsplit(address)
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host = port = None
    if not parts.scheme or not host or port is None:
        raise UsageProblem(f"--dask-address wants tcp://HOST:PORT, got {address!r}")
    if parts.scheme not in TCP_SCHEMES:
        return
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        reason = "no answer" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
        raise SetupProblem(f"no Dask scheduler at {address} ({reason}); start one or leave out --dask-address") \
            from None
