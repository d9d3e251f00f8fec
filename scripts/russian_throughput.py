"""Words per second of the Russian and the English pipelines on the same machine.

    .venv/bin/python scripts/russian_throughput.py RU_FILES... --english EN_FILES...

Each pipeline is loaded once (load time reported apart), then runs over the given documents'
cleaned text with nlp.pipe in one process; words are whitespace-separated tokens.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.ingest import load_document
from pipeline.nlp.build import ENGLISH, RUSSIAN, cached_nlp, make_doc
from pipeline.settings import load_settings


def measure(language: str, paths: list[Path]) -> str:
    settings = load_settings()
    clock = time.perf_counter()
    nlp = cached_nlp(settings, language)
    loaded = time.perf_counter() - clock
    documents = [load_document(p, settings=settings.ingest) for p in paths]
    words = sum(len(d.text.split()) for d in documents)
    clock = time.perf_counter()
    for _ in nlp.pipe((make_doc(nlp, d) for d in documents), batch_size=settings.pipeline.batch_size):
        pass
    seconds = time.perf_counter() - clock
    return f"{language}: {len(paths)} documents, {words} words in {seconds:.2f} s = {words / seconds:,.0f} words/s (load {loaded:.1f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("russian", nargs="+", type=Path)
    parser.add_argument("--english", nargs="+", type=Path, default=[])
    args = parser.parse_args()
    print(measure(RUSSIAN, args.russian))
    if args.english:
        print(measure(ENGLISH, args.english))


if __name__ == "__main__":
    main()
