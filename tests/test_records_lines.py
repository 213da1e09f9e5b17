"""JSON Lines read a batch of lines at a time: the same lines, and the limits named at
the line where they are passed, as when read line by line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standards_rules.records import lines
from standards_rules.records.lines import LineLimit, line_batches
from standards_rules.records.load import DatasetError, load_dataset


def _lines(data: bytes) -> list[bytes]:
    return [line for batch in line_batches(io.BytesIO(data)) for line in batch]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")), max_size=30))
def test_batches_hold_the_lines_in_order(pieces: list[bytes]) -> None:
    data = b"\n".join(pieces)
    expected = data.split(b"\n") if data else []
    if expected and expected[-1] == b"" and data.endswith(b"\n"):
        expected.pop()
    original = lines.CHUNK_BYTES
    try:
        lines.CHUNK_BYTES = 7  # lines cross chunk boundaries
        assert _lines(data) == expected
    finally:
        lines.CHUNK_BYTES = original


def test_a_long_line_is_named_by_its_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lines, "MAX_RECORD_LINE_BYTES", 10)
    assert _lines(b"123456789\nabc") == [b"123456789", b"abc"]  # 9 bytes and a newline
    with pytest.raises(LineLimit) as caught:
        _lines(b"short\nalso\n1234567890\nlast")
    assert caught.value.line == 3 and "line longer than" in caught.value.message
    with pytest.raises(LineLimit) as caught:
        _lines(b"short\n" + b"x" * 50)  # the last line, without a newline, still too long
    assert caught.value.line == 2


def test_a_file_past_the_limit_is_refused_where_it_passes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(lines, "MAX_STREAMED_DATASET_BYTES", 12)
    assert _lines(b"12345\n12345\n") == [b"12345", b"12345"]
    with pytest.raises(LineLimit, match="is larger than"):
        _lines(b"12345\n12345\n1")


def test_the_loader_names_the_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lines, "MAX_RECORD_LINE_BYTES", 40)
    path = tmp_path / "data.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"type": "title"}\n' + b" " * 60 + b"\n")
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    assert caught.value.line == 2 and caught.value.path == str(path)
