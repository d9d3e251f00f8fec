"""qalam: interviews and reports in, validated JSON records out."""

__version__ = "0.1.0"
