"""kind_from_features: the small scoring function that turns layout and counts into a kind."""

import pytest

from pipeline.nlp.components.interview.analyzer import Features, kind_from_features


@pytest.mark.parametrize("features, kind", [
    (dict(turns=6, wellformed=6, conversational=1.0, marked=True, interview_cue=True), "interview"),
    (dict(turns=3, wellformed=3, conversational=1.0, marked=False, interview_cue=True), "interview"),
    (dict(turns=8, wellformed=3, conversational=1.0, marked=False, interview_cue=False), "report"),
    (dict(turns=5, wellformed=5, conversational=0.0, marked=False, interview_cue=False), "report"),
    (dict(turns=0, wellformed=0, conversational=0.0, marked=False, interview_cue=True, speech_verbs=6), "article"),
    (dict(turns=0, wellformed=0, conversational=0.0, marked=False, interview_cue=False, speech_verbs=6,
          citations=5, figures=10), "report"),
    (dict(turns=0, wellformed=0, conversational=0.0, marked=False, interview_cue=False, figures=8,
          byline=True), "article"),
    (dict(turns=0, wellformed=0, conversational=0.0, marked=False, interview_cue=False, figures=8,
          byline=True, citations=2), "report"),
    (dict(turns=0, wellformed=0, conversational=0.0, marked=False, interview_cue=False,
          byline=True, first_person=2.5), "report"),
])
def test_kind_scoring(features, kind):
    base = dict(citations=0, figures=0, speech_verbs=0, first_person=0.0)
    assert kind_from_features(Features(**{**base, **features})) == kind


