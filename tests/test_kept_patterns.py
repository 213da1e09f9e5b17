"""The lexer's kept patterns: made from their programs, they are the patterns `re` compiles
(that a start with the kept parser compiles none is in test_parser_cache.py)."""

from __future__ import annotations

import re

from standards_rules.syntax.kept_patterns import KeptPatterns, program_of

# A scanner's alternation, a pattern with flags and groups inside groups, and a keyword.
PATTERNS = [
    r'(?P<DATE>\d{4}-\d{2}-\d{2}(?![\d\w]))|(?P<NAME>[^\W\d]\w*)|(?P<STRING>"([^"\\\n]|\\[^\n])*")',
    r"(?i:working[ \t]+days?)(?!\w)",
    "indicators",
]
TEXTS = ["2021-06-01", "名称_1 x", '"a\\"b"', "WORKING  days", "indicators", "in", ""]


def test_a_pattern_made_from_its_program_is_the_one_re_compiles() -> None:
    for pattern in PATTERNS:
        program = program_of(pattern, 0)
        assert program is not None
        kept = KeptPatterns()
        kept.programs[(pattern, 0)] = program
        made = kept.compile(pattern)
        assert made == re.compile(pattern) and made is not re.compile(pattern)
        for text in TEXTS:
            found, expected = made.match(text), re.match(pattern, text)
            assert (found and (found.span(), found.lastgroup, found.groups())) == (
                expected and (expected.span(), expected.lastgroup, expected.groups())
            )


def test_a_program_that_does_not_make_its_pattern_is_compiled_anew() -> None:
    kept = KeptPatterns()
    kept.programs[("ab", 0)] = (0, b"\xff\xff\xff\x7f", 0, {}, (None,))
    assert kept.compile("ab") == re.compile("ab")
    assert program_of("(unclosed", 0) is None


def test_only_while_keeping_are_programs_kept_and_a_pickle_holds_nothing_else() -> None:
    kept = KeptPatterns()
    kept.compile("a+")
    kept.keep(True)
    kept.compile("a+")
    kept.compile("b+")
    kept.keep(False)
    kept.compile("c+")
    assert set(kept.programs) == {("a+", 0), ("b+", 0)}
    assert kept.__getstate__() == {"programs": kept.programs, "keeping": False, "_made": {}}
