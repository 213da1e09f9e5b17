"""A line ends at LF, CRLF or a lone CR: diagnostics, carets and editor positions agree on it."""

from __future__ import annotations

import pytest

from standards_rules.diagnostics import Diagnostic, render_text
from standards_rules.frontend import analyse
from standards_rules.lsp.knowledge import Document
from standards_rules.source import Source

ENDINGS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}

PLAN = [
    "ruleset t {",
    "  subject product  # a comment ends at the line end",
    "  indicator a { better lower }",
    "  eligible {",
    "    rule r: 全硫 > 1",
    "    rule s: true and",
    "    rule u: 1 +",
    "  }",
    "}",
]


def _found(text: str) -> list[tuple[str, int, int, int, int, str]]:
    source = Source("t.rules", text)
    _, diagnostics = analyse(source)
    return [_where(d, source) for d in diagnostics]


def _where(diagnostic: Diagnostic, source: Source) -> tuple[str, int, int, int, int, str]:
    span = diagnostic.span
    shown = render_text(diagnostic, source).split("\n", 1)[1]
    return (diagnostic.code, span.line, span.column, span.end_line, span.end_column, shown)


@pytest.mark.parametrize("ending", ["CRLF", "CR"])
def test_diagnostics_and_carets_are_where_they_are_with_lf(ending: str) -> None:
    expected = _found("\n".join(PLAN) + "\n")
    assert [(code, line) for code, line, *_ in expected] == [
        ("E202", 5),
        ("E101", 7),
        ("E101", 8),
    ]
    assert _found(ENDINGS[ending].join(PLAN) + ENDINGS[ending]) == expected


def test_a_comment_and_a_text_in_quotes_end_at_a_lone_cr() -> None:
    text = "\r".join(
        [
            "ruleset t {",
            "  subject product # comment",
            "  indicator a { better lower }",
            '  eligible { rule r: "open',
            "    rule s: zzz }",
            "}",
        ]
    )
    codes = {(code, line) for code, line, *_ in _found(text)}
    assert ("E100", 4) in codes
    assert ("E202", 5) in codes


def test_no_other_character_ends_a_line() -> None:
    text = "\n".join(["ruleset t { # form\x0cfeed and\u2028separator", "  subject x", "}"])
    source = Source("t.rules", text)
    assert source.line_text(2) == "  subject x"
    assert source.line_text(1).endswith("separator")
    assert [source.line_text(n) for n in (0, 4)] == ["", ""]


def test_editor_positions_count_lone_cr_lines() -> None:
    document = Document("t.rules", "\r".join(PLAN))
    offset = document.offset(5, 13)
    assert document.source.text[offset : offset + 2] == "全硫"
    assert document.word_at(5, 14) == ("全硫", offset)
