from pipeline.text.paragraphs import blank_line_paragraphs


def test_blank_line_paragraphs():
    assert blank_line_paragraphs("one\n\ntwo\n \nthree") == [(0, 3), (5, 8), (11, 16)]


def test_lines_when_there_is_no_blank_line():
    assert blank_line_paragraphs("one\ntwo") == [(0, 3), (4, 7)]
    assert blank_line_paragraphs("") == []
