"""The lexer's kept patterns: made from their programs, they are the patterns `re` compiles,
and a start with the kept parser compiles none of its scanners again."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from standards_rules.syntax.kept_patterns import KeptPatterns, program_of

ROOT = Path(__file__).parent.parent
PLANS = sorted((ROOT / "rulesets").rglob("*.rules"))

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


# Parses every bundled ruleset in a fresh process and prints how many patterns were compiled.
PROBE = """
import sys
from re import _compiler
from standards_rules.syntax.grammar import build_parser
parser = build_parser()
compiled = []
original = _compiler.compile
_compiler.compile = lambda pattern, flags=0: compiled.append(pattern) or original(pattern, flags)
for path in sys.argv[1:]:
    parser.parse(open(path, encoding="utf-8").read())
print(len(compiled))
"""


def _compiled_while_parsing(cache: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, PLANS)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
    )
    return int(done.stdout)


def test_a_start_with_the_kept_parser_compiles_no_scanner(tmp_path: Path) -> None:
    assert _compiled_while_parsing(tmp_path) > 0  # made from the grammar: lark compiles them
    _compiled_while_parsing(tmp_path)  # from lark's cache, then kept
    assert list((tmp_path / "standards-rules").glob("*.parser"))
    assert _compiled_while_parsing(tmp_path) == 0  # the kept parser
