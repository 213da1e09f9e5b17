"""The kept parser's one-call tree callbacks build the trees lark's own callbacks build:
the same shape, tokens and positions of every node (containers included), on every
ruleset file of the repository, good and bad."""

from __future__ import annotations

import operator
from functools import cache
from pathlib import Path
from typing import Any

from lark import Lark, Token, Tree

from standards_rules.syntax.grammar import grammar_text, made_by_lark
from standards_rules.syntax.parser_cache import share_equal_parts
from standards_rules.syntax.tree_callbacks import TreeWithPositions

ROOT = Path(__file__).parent.parent
FILES = sorted(
    path
    for folder in ("rulesets", "tests/fixtures", "benchmarks")
    for path in (ROOT / folder).rglob("*.rules")
)
POSITIONS = ("line", "column", "start_pos", "end_line", "end_column", "end_pos", "empty")
CONTAINERS = tuple(f"container_{name}" for name in POSITIONS[:-1])


@cache
def _parsers() -> tuple[Lark, Lark]:
    kept = made_by_lark(grammar_text())
    share_equal_parts(kept)
    return made_by_lark(grammar_text()), kept


def _described(node: Any) -> Any:
    if isinstance(node, Tree):
        meta = node.meta
        where = [getattr(meta, name, None) for name in (*POSITIONS, *CONTAINERS)]
        return (node.data, where, [_described(child) for child in node.children])
    if isinstance(node, Token):
        return (node.type, str(node), node.start_pos, node.end_pos, node.line, node.end_column)
    return node


def _parsed(parser: Lark, text: str) -> Any:
    try:
        return _described(parser.parse(text))
    except Exception as exc:  # a bad file: both must fail alike (sets in any order)
        expected = getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ()
        where = (getattr(exc, "line", None), getattr(exc, "column", None))
        return (type(exc).__name__, where, sorted(expected))


def test_every_file_parses_to_the_same_tree_with_the_same_positions() -> None:
    lark_own, kept = _parsers()
    parsed = 0
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        expected = _parsed(lark_own, text)
        assert _parsed(kept, text) == expected, path
        parsed += isinstance(expected, tuple) and expected[0] == "start"
    assert parsed >= 20  # most files are plans that parse


def test_most_callbacks_are_one_call_and_the_rest_are_lark_own() -> None:
    _, kept = _parsers()
    kinds = [type(callback) for callback in kept._callbacks.values()]
    assert kinds.count(TreeWithPositions) > len(kinds) // 2
    assert operator.itemgetter in kinds  # `?sum: product` hands its child on
