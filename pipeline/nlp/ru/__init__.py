"""The Russian pipeline: razdel's tokens on ``spacy.blank("ru")``, natasha's slovnet models for
parts of speech, morphology, dependencies and PER/LOC/ORG, spaCy's Russian lemmatizer over
pymorphy3, then qalam's Russian components. It yields the same Doc contract as the English
pipeline (token pos/morph/lemma/dep/head, ``doc.ents``, the span groups and extensions), so
records are built the same way.

Rules of Russian the components share: ``morph`` (pymorphy3's readings, the nominative of a
name of an organisation or place), ``names`` (people's names: which forms are one name, a
surname's nominative by its type), ``abbreviations`` (acronyms and compound abbreviations and
the full names they shorten), ``mentions`` (the tagger's entity spans corrected)."""
