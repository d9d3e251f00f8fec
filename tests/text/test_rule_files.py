from pipeline.text.rule_files import jsonl_records, list_entries, read_list, tsv_pairs


def test_list_entries_skip_comments_and_blank_lines(tmp_path):
    text = "# a comment\n\n  called \ntitled\n"
    assert list_entries(text) == ["called", "titled"]
    (tmp_path / "words.txt").write_text(text, encoding="utf-8")
    assert read_list(tmp_path / "words.txt") == ["called", "titled"]


def test_jsonl_and_tsv():
    assert jsonl_records('{"a": 1}\n\n{"a": 2}\n') == [{"a": 1}, {"a": 2}]
    assert tsv_pairs("org:un\tUnited Nations\nplace:x\t\n") == {"org:un": "United Nations", "place:x": ""}
