"""Named reasons why a file cannot be ingested; each message says what is wrong and with which file."""

from __future__ import annotations


class IngestError(Exception):
    """A document cannot be loaded; ``str(exc)`` is a message for people."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class EmptyDocument(IngestError):
    """The file has no bytes, or no text once decoded and cleaned."""


class UnsupportedFormat(IngestError):
    """The content is binary or of a format qalam does not read."""


class UndecodableText(IngestError):
    """The bytes look like text but no encoding decodes them cleanly."""


class CorruptPdf(IngestError):
    """The PDF is truncated or damaged and cannot be parsed."""


class EncryptedPdf(IngestError):
    """The PDF is password-protected."""


class NoTextLayer(IngestError):
    """The PDF has pages but no extractable text (a scan needs OCR first)."""


class TooLarge(IngestError):
    """The file exceeds the configured byte or page limit."""


class NoMainText(IngestError):
    """The HTML page has no main text once navigation and boilerplate are removed."""


class IngestTimeout(IngestError):
    """Loading took longer than the configured time limit."""
