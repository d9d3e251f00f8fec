"""The one import site of qalam's spaCy factories and Doc extensions.

Importing this package registers every ``qalam_*`` factory with spaCy and the Doc
extensions that ingest fills before the pipeline runs. Extensions hold plain values
only, so Docs still serialize and ``nlp.pipe(n_process=...)`` works.
"""

from spacy.tokens import Doc

# Set from the loaded document before the pipeline runs (see pipeline.nlp.make_doc).
DOC_INPUT_EXTENSIONS = {
    "paragraphs": None,     # list of (start_char, end_char, page or None)
    "title": None,          # str or None
    "media_type": None,     # e.g. "text/html"
    "authors": None,        # list of str from the document's metadata
    "quote_blocks": None,   # list of (start_char, end_char) from <blockquote>/<q>
}

for _name, _default in DOC_INPUT_EXTENSIONS.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

# Importing the component modules registers their factories.
from pipeline.nlp.components.entities import canonical, rules  # noqa: E402,F401
from pipeline.nlp.components.figures import finder  # noqa: E402,F401
from pipeline.nlp.components.interview import analyzer  # noqa: E402,F401
from pipeline.nlp.components.quotes import extractor  # noqa: E402,F401
