"""Words per second of each language's pipeline (English, Russian) on the same machine.

    .venv/bin/python bench/languages.py --russian RU_FILES... --english EN_FILES...

Each pipeline is loaded once (load time reported apart), warmed up on one document, then runs
over the documents' cleaned text with nlp.pipe in this process; words are whitespace-split
words. ``bench/bench.py`` runs the same measurement on the sample documents of each language
(section ``languages``).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.ingest import load_document
from pipeline.nlp.build import ENGLISH, RUSSIAN, cached_nlp, make_doc
from pipeline.settings import load_settings


def throughput(language: str, documents: list) -> dict:
    """Documents, words, seconds, words/s and load seconds of ``language``'s pipeline over
    ``documents`` (loaded documents, as ingest gives them)."""
    settings = load_settings()
    clock = time.perf_counter()
    nlp = cached_nlp(settings, language)
    loaded = time.perf_counter() - clock
    nlp(make_doc(nlp, documents[0]))  # first-use costs (lazy tables, caches) are not throughput
    words = sum(len(d.text.split()) for d in documents)
    clock = time.perf_counter()
    for _ in nlp.pipe((make_doc(nlp, d) for d in documents), batch_size=settings.pipeline.batch_size):
        pass
    seconds = time.perf_counter() - clock
    return {"docs": len(documents), "words": words, "seconds": round(seconds, 2),
            "words_per_s": round(words / seconds), "load_seconds": round(loaded, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--russian", nargs="+", type=Path, default=[])
    parser.add_argument("--english", nargs="+", type=Path, default=[])
    args = parser.parse_args()
    ingest = load_settings().ingest
    for language, paths in ((RUSSIAN, args.russian), (ENGLISH, args.english)):
        if paths:
            found = throughput(language, [load_document(p, settings=ingest) for p in paths])
            print(f"{language}: {found['docs']} documents, {found['words']:,} words in {found['seconds']} s = "
                  f"{found['words_per_s']:,} words/s (load {found['load_seconds']} s)")


if __name__ == "__main__":
    main()
