"""Every refusal is a named IngestError with a message that says why."""

from __future__ import annotations

import random

import pytest

from pipeline.ingest import load_document
from pipeline.ingest.errors import EmptyDocument, IngestError, TooLarge, UndecodableText, UnsupportedFormat


def _random_bytes(n: int, seed: int = 1234, *, low: int = 0) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, 256) for _ in range(n))


@pytest.mark.parametrize(("name", "data", "error", "message"), [
    ("empty.txt", b"", EmptyDocument, "empty"),
    ("blank.txt", b"  \n\n \t ", EmptyDocument, "empty"),
    ("noise.txt", _random_bytes(4096), UnsupportedFormat, "binary"),
    ("photo.pdf", b"\x89PNG\r\n\x1a\n" + _random_bytes(200), UnsupportedFormat, "PNG image"),
    ("doc.txt", b"PK\x03\x04" + _random_bytes(200), UnsupportedFormat, "ZIP"),
    ("high.txt", _random_bytes(2000, 7, low=0x80), UndecodableText, "encoding"),
    ("bad16.txt", b"\xff\xfe" + b"\x00\xd8a\x00", UndecodableText, "utf-16"),
    ("broken.gz", b"\x1f\x8b\x08\x00garbage", UnsupportedFormat, "gzip"),
])
def test_errors(load_bytes, name, data, error, message):
    with pytest.raises(error, match=message) as caught:
        load_bytes(name, data)
    assert isinstance(caught.value, IngestError)
    assert name in str(caught.value)  # the message names the file


def test_byte_limit(load_bytes):
    with pytest.raises(TooLarge, match="max_bytes"):
        load_bytes("big.txt", b"word " * 100, max_bytes=50)


def test_gzip_bomb_is_limited(load_bytes):
    import gzip

    with pytest.raises(TooLarge, match="unpacks"):
        load_bytes("bomb.txt.gz", gzip.compress(b"a" * 10_000), max_bytes=1_000)


def test_missing_file(settings, tmp_path):
    with pytest.raises(IngestError, match="cannot read"):
        load_document(tmp_path / "nowhere.txt", settings=settings.ingest)
