"""The benchmark corpus: the project's and the shared sample documents, copied with distinct
names into a temporary folder until a word budget is reached (fixed seed), in chunks so the
measurements can be interleaved chunk by chunk."""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHARED_CORPUS = PROJECT_DIR.parent / "shared" / "corpus"
SOURCE_GLOBS = (
    (PROJECT_DIR / "raw", "*"),
    (SHARED_CORPUS / "html-zyte" / "html", "*.html.gz"),
    (SHARED_CORPUS / "pdf", "*.pdf"),
    (SHARED_CORPUS / "seeds", "*.txt"),
)
SHORT_DOC_WORDS = (8, 16)
FONT, FONT_SIZE, MARGIN = "Helvetica", 12, 50


@dataclass
class Source:
    """One sample document, ingested once: its cleaned text decides the word count and language."""

    path: Path
    text: str
    words: int
    language: str
    pages: int | None


@dataclass
class Chunk:
    folder: Path
    texts_file: Path
    docs: int
    words: int


def source_paths() -> list[Path]:
    """Every sample document that exists here, in a stable order."""
    found: list[Path] = []
    for folder, pattern in SOURCE_GLOBS:
        if folder.is_dir():
            found.extend(sorted(p for p in folder.glob(pattern) if p.is_file() and not p.name.startswith(".")))
    return found


def ingest_sources(paths: list[Path]) -> tuple[list[Source], list[str]]:
    """Load each sample once with qalam's own ingest; files it rejects are reported, not used."""
    from pipeline.ingest import load_document
    from pipeline.ingest.language import detect_language
    from pipeline.settings import load_settings

    settings = load_settings()
    sources, rejected = [], []
    for path in paths:
        try:
            loaded = load_document(path, settings=settings.ingest)
        except Exception as exc:  # noqa: BLE001 - a rejected sample is reported, the run goes on
            rejected.append(f"{path.name}: {exc}")
            continue
        guess = detect_language(loaded.text, min_chars=settings.language.min_chars, seed=settings.language.seed)
        sources.append(Source(path, loaded.text, len(loaded.text.split()), guess.code, loaded.pages))
    return sources, rejected


def copy_name(index: int, path: Path) -> str:
    """A distinct name that keeps the original suffixes (``.html.gz`` stays gzip-wrapped HTML)."""
    suffixes = "".join(path.suffixes[-2:]) if path.name.endswith(".gz") else path.suffix
    stem = path.name[: len(path.name) - len(suffixes)] if suffixes else path.name
    return f"{index:06d}-{stem[:40]}{suffixes}"


def build_chunks(sources: list[Source], *, words: int, chunks: int, seed: int, root: Path) -> list[Chunk]:
    """Copy English samples (in seeded shuffled rounds) into ``chunks`` folders of ~words/chunks each."""
    english = [s for s in sources if s.language == "en" and s.words > 0]
    if not english:
        raise SystemExit("no English sample document could be ingested: nothing to benchmark")
    rng = random.Random(seed)
    per_chunk = words / chunks
    result: list[Chunk] = []
    order: list[Source] = []
    index = 0
    for number in range(chunks):
        folder = root / f"chunk-{number}"
        folder.mkdir(parents=True)
        texts, count = [], 0
        while count < per_chunk:
            if not order:
                order = english[:]
                rng.shuffle(order)
            source = order.pop()
            shutil.copyfile(source.path, folder / copy_name(index, source.path))
            texts.append(source.text)
            count += source.words
            index += 1
        texts_file = root / f"chunk-{number}.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        result.append(Chunk(folder, texts_file, len(texts), count))
    return result


def short_documents(sources: list[Source], *, count: int, seed: int, folder: Path) -> int:
    """``count`` small .txt documents (8–16 words cut from English samples); returns their words."""
    rng = random.Random(seed)
    pool = [s.text.split() for s in sources if s.language == "en" and s.words > SHORT_DOC_WORDS[1]]
    folder.mkdir(parents=True)
    total = 0
    for index in range(count):
        words = rng.choice(pool)
        size = rng.randint(*SHORT_DOC_WORDS)
        start = rng.randrange(0, len(words) - size)
        piece = words[start:start + size]
        (folder / f"short-{index:05d}.txt").write_text(" ".join(piece) + "\n", encoding="utf-8")
        total += len(piece)
    return total


def synthetic_pdf(sources: list[Source], *, pages: int, seed: int, path: Path) -> None:
    """A plain one-column PDF of ``pages`` pages of English sample words (reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    # Standard PDF fonts cover Latin-1 only; other characters would not survive the round trip.
    words = [w for s in sources if s.language == "en" for w in s.text.split() if w.isascii()][:200_000]
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for number in range(pages):
        pdf.setFont(FONT, FONT_SIZE)
        y = height - 60
        while y > 60:
            start = rng.randrange(0, len(words) - 14)
            line = words[start:start + 12]
            while len(line) > 1 and stringWidth(" ".join(line), FONT, FONT_SIZE) > width - 2 * MARGIN:
                line.pop()  # every word inside the page: no text beyond the right edge
            pdf.drawString(MARGIN, y, " ".join(line))
            y -= 14
        pdf.drawString(width / 2, 30, str(number + 1))
        pdf.showPage()
    pdf.save()


# Made-up names for the scaling text: every copy draws new people, organizations and cited
# authors, so the number of distinct entities grows with the text, as in a long report.
FIRST_NAMES = ("Anna", "Bakyt", "Carmen", "Dilnoza", "Erik", "Farida", "Gulnara", "Hamid", "Irina", "Jonas",
               "Kamila", "Leila", "Marat", "Nadia", "Oskar", "Petra", "Rustam", "Sofia", "Timur", "Zarina")
SURNAMES = ("Abdullaeva", "Berg", "Castillo", "Dzhumabaev", "Eriksen", "Fazilov", "Grant", "Haidari", "Ivanova",
            "Jensen", "Karimova", "Lindqvist", "Mirzaev", "Novak", "Orlova", "Petrov", "Rahimov", "Saidova",
            "Tursunov", "Weber")
ORG_WORDS = ("Water", "Health", "Youth", "Legal Aid", "Rural Development", "Civic", "Education", "Housing")
ORG_KINDS = ("Council", "Foundation", "Institute", "Association", "Network", "Agency")
PLACES = ("Bishkek", "Osh", "Almaty", "Tashkent", "Dushanbe", "Samarkand", "Khujand", "Naryn", "Karakol", "Jalal-Abad")
CUE_VERBS = ("said", "told reporters", "added", "explained")


def dense_paragraphs(copy: int) -> str:
    """One copy of the scaling text's own block: people, organizations and places, direct and
    reported quotes, author-year citations and figures, drawn afresh for each ``copy``."""
    rng = random.Random(copy)
    people = [f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}" for _ in range(4)]
    orgs = [f"{rng.choice(PLACES)} {rng.choice(ORG_WORDS)} {rng.choice(ORG_KINDS)}" for _ in range(3)]
    place = rng.choice(PLACES)
    authors = [rng.choice(SURNAMES) for _ in range(4)]
    year = 1995 + copy % 30
    share, amount, count = rng.randint(5, 95), rng.randint(2, 900), rng.randint(20, 4000)
    return "\n\n".join([
        f"The {orgs[0]} met in {place} on Tuesday with the {orgs[1]} to review a programme that reached "
        f"{count:,} households last year. {people[0]}, who directs the {orgs[0]}, said the budget grew by "
        f"{share}% to {amount} million som, while the {orgs[2]} asked for an audit ({authors[0]}, {year}).",
        f"“We will publish every contract we sign, and every village will see the figures,” "
        f"{people[0].split()[1]} {rng.choice(CUE_VERBS)}. “Nobody should have to guess where the money went.”",
        f"{people[1]} of the {orgs[1]} said that {share + 3}% of the wells in {place} still fail in summer. "
        f"Earlier studies found the same gap ({authors[1]} and {authors[2]} {year - 2}; {authors[3]} et al. {year - 5}), "
        f"and {authors[2]} ({year - 1}) counted {count // 3:,} complaints.",
        f"“The numbers are better than in {year - 1}, but not good enough,” said {people[2]}, a member of the "
        f"{orgs[2]}. {people[3]} answered that the {orgs[0]} would hire {rng.randint(10, 90)} engineers.",
    ])


def scaling_text(sources: list[Source], *, copy: int) -> str:
    """One copy of the scaling text: the generated block and the English samples of raw/."""
    own = [s.text for s in sources if s.language == "en" and s.path.parent == PROJECT_DIR / "raw"]
    return "\n\n".join([dense_paragraphs(copy), *own])


def long_text(sources: list[Source], *, chars: int) -> str:
    """A text of about ``chars`` characters: the English samples one after another, repeated."""
    english = [s.text for s in sources if s.language == "en" and s.words > 0]
    parts, size = [], 0
    while size < chars:
        text = english[len(parts) % len(english)]
        parts.append(text)
        size += len(text) + 2
    return "\n\n".join(parts)
