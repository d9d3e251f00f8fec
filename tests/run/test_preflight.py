"""Checks made before Prefect starts: overlapping folders, a source that is a qalam output, a Dask
scheduler that does not answer."""

from __future__ import annotations

import socket

import pytest

from pipeline.run.preflight import SetupProblem, UsageProblem, check_dask_address, check_folders
from pipeline.run.store import MANIFEST_NAME


@pytest.fixture
def src(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text("words")
    return folder


@pytest.mark.parametrize("out, message", [
    ("inbox", "is the source folder itself"),
    ("inbox/sub/..", "is the source folder itself"),
    (".", "contains the source folder"),
    ("..", "contains the source folder"),
])
def test_an_output_folder_that_is_or_holds_the_source_is_refused(tmp_path, src, out, message):
    with pytest.raises(UsageProblem, match=message):
        check_folders(src, tmp_path / out)


@pytest.mark.parametrize("out", ["extracted", "inbox/extracted", "inbox-out"])
def test_other_output_folders_are_fine(tmp_path, src, out):
    check_folders(src, tmp_path / out)  # one inside the source is skipped by discovery


def test_a_single_file_is_judged_by_its_folder(src):
    with pytest.raises(UsageProblem, match="is the source folder itself"):
        check_folders(src / "a.txt", src)


def test_a_missing_source_or_a_qalam_output_as_source_is_refused(tmp_path, src):
    with pytest.raises(UsageProblem, match="input path does not exist"):
        check_folders(tmp_path / "nowhere", tmp_path / "out")
    (src / MANIFEST_NAME).write_text("{}")
    with pytest.raises(UsageProblem, match=r"is a qalam output folder \(it holds _manifest.json\)"):
        check_folders(src, tmp_path / "out")


@pytest.mark.parametrize("address", ["localhost", "tcp://", "tcp://host", "tcp://host:port", "127.0.0.1:8786"])
def test_a_dask_address_must_name_a_host_and_port(address):
    with pytest.raises(UsageProblem, match="--dask-address wants tcp://HOST:PORT"):
        check_dask_address(address)


def test_a_dask_scheduler_that_does_not_answer_is_a_setup_problem():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # a port nobody listens on
        address = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    with pytest.raises(SetupProblem, match=f"no Dask scheduler at {address} \\(Connection refused\\)"):
        check_dask_address(address, timeout=2)


def test_a_listening_dask_scheduler_passes():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        check_dask_address(f"tcp://127.0.0.1:{server.getsockname()[1]}", timeout=2)
        check_dask_address("ucx://10.0.0.1:13337")  # not TCP: left to Dask
