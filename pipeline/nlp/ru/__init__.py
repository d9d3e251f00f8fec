"""The Russian pipeline: razdel's tokens on ``spacy.blank("ru")``, natasha's slovnet models for
parts of speech, morphology, dependencies and PER/LOC/ORG, spaCy's Russian lemmatizer over
pymorphy3, then qalam's Russian components. It yields the same Doc contract as the English
pipeline (token pos/morph/lemma/dep/head, ``doc.ents``, the span groups and extensions), so
records are built the same way."""
