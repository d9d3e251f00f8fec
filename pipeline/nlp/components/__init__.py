"""qalam's spaCy components.

Importing this package registers every ``qalam_*`` factory and policy with spaCy and
declares the Doc and Span extensions. spaCy imports it through the ``spacy_factories``
entry point (pyproject.toml), so a saved qalam pipeline loads with plain ``spacy.load``.
"""

from pipeline.nlp import extensions  # noqa: F401 - declares the extensions
from pipeline.nlp.attribute_ruler import make_attribute_ruler
from pipeline.nlp.components.entities.canonical import EntityCanon, make_entities
from pipeline.nlp.components.entities.gazetteer import Gazetteer, make_gazetteer
from pipeline.nlp.components.entities.overlap import EntityOverlap, make_entity_overlap
from pipeline.nlp.components.entities.shapes import EntityShapes, make_entity_shapes
from pipeline.nlp.components.figures.finder import FigureFinder, make_figures
from pipeline.nlp.components.interview.analyzer import InterviewAnalyzer, make_interview
from pipeline.nlp.components.quotes.extractor import QuoteExtractor, make_quotes

# Factory name -> component class (its RULE_FILES are the rule files it reads).
COMPONENTS = {
    "qalam_gazetteer": Gazetteer,
    "qalam_entity_shapes": EntityShapes,
    "qalam_entity_overlap": EntityOverlap,
    "qalam_entities": EntityCanon,
    "qalam_figures": FigureFinder,
    "qalam_interview": InterviewAnalyzer,
    "qalam_quotes": QuoteExtractor,
}
__all__ = ["COMPONENTS", "make_attribute_ruler", "make_gazetteer", "make_entity_shapes", "make_entity_overlap",
           "make_entities", "make_figures", "make_interview", "make_quotes"]
