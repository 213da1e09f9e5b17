"""The lexer reading with shared scanners reads exactly as lark's own contextual lexer.

Every token (type, text, offsets) and every lexing or parsing error (its kind, where,
what was expected) is compared with a parser that uses lark's stock contextual lexer,
on every ruleset file of the repository and on damaged copies of them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark
from lark.exceptions import LarkError

from standards_rules.syntax.grammar import KeywordBoundary, build_parser, grammar_text
from standards_rules.syntax.lexer import SharingContextualLexer, SharingLexer, StateLexers

ROOT = Path(__file__).parent.parent
FILES = sorted(
    path
    for folder in ("rulesets", "tests/fixtures", "benchmarks")
    for path in (ROOT / folder).rglob("*.rules")
)
TEXTS = [path.read_text(encoding="utf-8") for path in FILES]
# What damage inserts: words that are keywords only in some places, and punctuation.
PIECES = [" ", "in", "x", "1", "-", '"', "days", "all", "score", "{", "}", "indicators", ":"]


def _parser(shared: bool, cache: Path | None = None) -> Lark:
    plugins = {"ContextualLexer": SharingContextualLexer} if shared else {}
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        postlex=KeywordBoundary(),
        propagate_positions=True,
        maybe_placeholders=True,
        _plugins=plugins,
        cache=str(cache) if cache else False,
    )


@cache
def _stock() -> Lark:
    return _parser(shared=False)


def _reading(parser: Lark, text: str) -> list[tuple[object, ...]]:
    """The tokens the parser was fed, then how it ended: the tree's size, or the error."""
    read: list[tuple[object, ...]] = []
    interactive = parser.parse_interactive(text)
    try:
        read.extend((t.type, str(t), t.start_pos, t.end_pos) for t in interactive.iter_parse())
        read.append(("parsed", len(list(interactive.resume_parse().iter_subtrees()))))
    except LarkError as exc:
        token = getattr(exc, "token", None)
        expected = getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ()
        read.append((type(exc).__name__, getattr(exc, "pos_in_stream", None), repr(token)))
        read.append(tuple(sorted(expected)))
    return read


def test_every_ruleset_file_reads_as_with_the_stock_lexer(tmp_path: Path) -> None:
    assert len(FILES) > 20  # the bundled plans, libraries and fixtures
    cache = tmp_path / "grammar.cache"
    built = _parser(shared=True, cache=cache)  # lexers for every state, validated
    loaded = _parser(shared=True, cache=cache)  # from the cache: lexers made on first use
    assert not isinstance(built.parser.lexer.lexer.lexers, StateLexers)
    assert isinstance(loaded.parser.lexer.lexer.lexers, StateLexers)
    for path, text in zip(FILES, TEXTS, strict=True):
        stock = _reading(_stock(), text)
        assert _reading(built, text) == stock, path
        assert _reading(loaded, text) == stock, path


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, len(TEXTS) - 1),
    st.floats(0, 1),
    st.integers(0, 8),
    st.sampled_from(["", *PIECES]),
)
def test_damaged_files_read_as_with_the_stock_lexer(
    which: int, where: float, cut: int, inserted: str
) -> None:
    text = TEXTS[which]
    at = int(where * len(text))
    damaged = text[:at] + inserted + text[at + cut :]
    assert _reading(build_parser(), damaged) == _reading(_stock(), damaged)


def test_a_plan_is_read_mostly_through_shared_scanners(tmp_path: Path) -> None:
    _parser(shared=True, cache=tmp_path / "grammar.cache")
    parser = _parser(shared=True, cache=tmp_path / "grammar.cache")
    plan = ROOT / "rulesets" / "jincheng" / "tourism.rules"
    parser.parse(plan.read_text(encoding="utf-8"))
    lexers = {id(lexer): lexer for lexer in parser.parser.lexer.lexer.lexers.values()}.values()
    reached = [lexer for lexer in lexers if isinstance(lexer, SharingLexer) and lexer.planned]
    own = [lexer for lexer in reached if lexer.compiled_own]
    assert len(reached) > 40
    assert len(lexers) < 100  # of the grammar's 110 sets of terminals, only those reached
    assert len(own) <= len(reached) // 10
