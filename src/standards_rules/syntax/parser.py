"""Parsing: ruleset `Source` → lark parse tree, with every syntax error in plain words.

The parser and its grammar are in `syntax.grammar`; this module adds the limits
(file size, nesting depth) and error recovery (`syntax.recovery`), so that one run
reports every syntax error of a file, each worded by `syntax.messages`.
"""

from __future__ import annotations

import attrs
from lark import Token, Tree
from lark.exceptions import UnexpectedInput

from standards_rules.diagnostics import Diagnostic, error
from standards_rules.frozen import Frozen
from standards_rules.limits import MAX_EXPRESSION_DEPTH, MAX_RULESET_BYTES
from standards_rules.source import Source, Span
from standards_rules.syntax.grammar import (
    GluedKeyword,
    KeywordBoundary,
    build_parser,
    grammar_text,
    token_span,
    tree_span,
)
from standards_rules.syntax.recovery import Damage, parse_recovering

MAX_SOURCE_BYTES = MAX_RULESET_BYTES
MAX_TREE_DEPTH = MAX_EXPRESSION_DEPTH
# Past this many syntax errors a file is not a plan with mistakes but something else.
MAX_SYNTAX_ERRORS = 100


@attrs.frozen(eq=False, repr=False, slots=False)
class Parsed(Frozen):
    """A parse with recovery: the tree of what parsed (None if nothing could be), the
    syntax diagnostics, and the regions recovery rewrote (`Damage.explains` tells which
    later diagnostics may only follow from them)."""

    tree: Tree[Token] | None
    diagnostics: tuple[Diagnostic, ...]
    damage: Damage = attrs.field(factory=Damage)


def parse_source(source: Source) -> Parsed:
    """Parse `source`, recovering after each syntax error so that all of them are reported."""
    try:
        size = len(source.text.encode("utf-8"))
    except UnicodeEncodeError as exc:  # only half a surrogate pair cannot be encoded
        return Parsed(None, (_surrogate_diagnostic(source, exc.start),))
    if size > MAX_SOURCE_BYTES:
        message = (
            f"the ruleset file is {size / 1_000_000:.1f} MB; rulesets larger than "
            f"{MAX_SOURCE_BYTES // 1_000_000} MB are not checked"
        )
        return Parsed(None, (error("E106", message, Span(1, 1, 1, 2), source.path),))
    if not source.text.strip():
        message = "the file is empty; expected 'ruleset NAME { … }'"
        return Parsed(None, (error("E102", message, Span(1, 1, 1, 2), source.path),))
    recovered = parse_recovering(
        build_parser(), source.lexed_text, lambda exc: _describe(exc, source), MAX_SYNTAX_ERRORS
    )
    tree = recovered.tree
    if tree is not None:
        too_deep = _too_deep(tree)
        if too_deep is not None:
            message = (
                f"this expression is nested more than {MAX_TREE_DEPTH} levels deep; "
                "split it into simpler rules"
            )
            deep = error("E103", message, too_deep, source.path)
            return Parsed(None, (*recovered.diagnostics, deep), recovered.damage)
    return Parsed(tree, recovered.diagnostics, recovered.damage)


def _describe(exc: UnexpectedInput, source: Source) -> Diagnostic:
    # The wording of syntax errors (and the tables it reads off the grammar) is loaded
    # only for a file that has one.
    from standards_rules.syntax.messages import describe

    return describe(exc, source)


def parse_tree(source: Source) -> tuple[Tree[Token] | None, list[Diagnostic]]:
    """Parse `source`; with any syntax error the tree is None and the diagnostics say why."""
    parsed = parse_source(source)
    if parsed.diagnostics:
        return None, list(parsed.diagnostics)
    return parsed.tree, []


def _surrogate_diagnostic(source: Source, offset: int) -> Diagnostic:
    line, column = source.position(offset)
    code = f"\\u{ord(source.text[offset]):04X}"
    message = f"the text holds {code}, half of a surrogate pair, which is not a character"
    return error("E122", message, Span(line, column, line, column + 1, offset), source.path)


def _too_deep(tree: Tree[Token]) -> Span | None:
    stack: list[tuple[Tree[Token], int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            return tree_span(node)
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tree))
    return None


__all__ = [
    "MAX_SOURCE_BYTES",
    "MAX_SYNTAX_ERRORS",
    "MAX_TREE_DEPTH",
    "GluedKeyword",
    "KeywordBoundary",
    "Parsed",
    "build_parser",
    "grammar_text",
    "parse_source",
    "parse_tree",
    "token_span",
    "tree_span",
]
