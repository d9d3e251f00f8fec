"""Bylines: cue words, labels, several names, what ends a byline, what is not one."""

import pytest

from pipeline.text.bylines import byline_cues, byline_names, glued_capital, interviewer_in_text


@pytest.mark.parametrize(("line", "names"), [
    ("By Jane Doe", ["Jane Doe"]),
    ("Written by: Omar Khalil", ["Omar Khalil"]),
    ("Interview by Jane Doe and Sam Roe", ["Jane Doe", "Sam Roe"]),
    ("Interview conducted by Lena Ortiz", ["Lena Ortiz"]),
    ("Authors: Ana de Souza, Ali bin Omar", ["Ana de Souza", "Ali bin Omar"]),
    ("By Jane Doe · 18 March 2024", ["Jane Doe"]),
    ("By Jane Doe 18 March 2024", ["Jane Doe"]),
    ("by the river we sat", []),
    ("The report was written by volunteers over many months in the valley, with help from donors.", []),
    ("Reading by candlelight", []),
    # the Russian interviewer's credit
    ("Беседовала Анна Петрова", ["Анна Петрова"]),
    ("Вопросы задавали Анна Петрова и Иван СИДОРОВ", ["Анна Петрова", "Иван СИДОРОВ"]),
    ("Беседовал с министром весь вечер", []),
])
def test_byline_names(line, names):
    assert byline_names(line) == names


def test_cues_for_token_patterns():
    cues = byline_cues()
    assert ("Written", "by") in cues and ("Written", "by", ":") in cues
    assert ("Interview", "conducted", "by") in cues and ("Author", ":") in cues
    assert all(cue[0][0].isupper() for cue in cues)


def test_interviewer_named_in_running_text():
    assert interviewer_in_text("She was interviewed by Jane Doe in May.") == "Jane Doe"
    assert interviewer_in_text("No interview here.") is None


@pytest.mark.parametrize(("text", "at"), [
    ("SoftBank", 4),
    ("Ana LimaStaff Writer", 8),
    ("McKay and DeShawn LaToya FitzGerald DelGado", None),  # capitals that personal names have there
    ("Ana Lima", None),
])
def test_glued_capital(text, at):
    assert glued_capital(text) == at
