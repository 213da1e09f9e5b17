"""Parsing: ruleset `Source` → lark parse tree, or syntax diagnostics in plain words.

The grammar (`grammars/ruleset.lark`) ships inside the wheel as package data; an
editable install reads it from the repository's `grammars/` directory. Syntax
errors name what the language expected ("expected an expression after 'and'"),
not lark's token names.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)
from lark.load_grammar import load_grammar

from standards_rules.diagnostics import Diagnostic, error
from standards_rules.limits import MAX_EXPRESSION_DEPTH, MAX_RULESET_BYTES
from standards_rules.source import Source, Span
from standards_rules.syntax.errors import label_for, open_bracket

MAX_SOURCE_BYTES = MAX_RULESET_BYTES
MAX_TREE_DEPTH = MAX_EXPRESSION_DEPTH

_EXPRESSION_STARTS = frozenset({"NAME", "NUMBER", "STRING", "LPAR", "LSQB"})

# How a terminal is named to a policy author.
_TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": 'a text in double quotes ("…")',
    "NUMBER": "a number",
    "DATE": "a date like 2021-04-22",
    "DURATION_UNIT": "a unit (days, working days, months or years)",
    "SUBJECT_KIND": "'product' or 'service'",
    "DIRECTION": "'lower' or 'higher'",
    "CLASS_KIND": "'core', 'basic' or 'innovation'",
    "ORDER": "'asc' or 'desc'",
    "QUANTIFIER": "'all', 'any' or 'count'",
    "PERCENT": "'%'",
    "$END": "the end of the file",
}

SECTION_KEYWORDS = frozenset(
    {
        "VERSION",
        "AUTHORITY",
        "SOURCE",
        "INDUSTRY",
        "SUBJECT",
        "EFFECTIVE",
        "INDICATOR",
        "ELIGIBLE",
        "SCORE",
        "RANK",
        "GROUP",
        "LEADERS",
        "PUBLICITY",
        "WITHDRAW",
        "EXAMPLE",
        "USE",
        "DEFINE",
        "BANDS",
    }
)

_BINARY_OPERATORS = frozenset(
    {
        "and",
        "or",
        "not",
        "==",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "in",
        "matches",
        "better_than",
        "no_worse_than",
        "worse_than",
        "+",
        "-",
        "*",
        "/",
        ":",
        "then",
        "else",
        "if",
        ",",
        "(",
        "[",
        "top",
        "by",
    }
)


def grammar_text() -> str:
    """The grammar, from the installed package or, in a source checkout, from `grammars/`."""
    packaged = resources.files("standards_rules").joinpath("grammars/ruleset.lark")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[3] / "grammars" / "ruleset.lark"
    return checkout.read_text(encoding="utf-8")


class GluedKeyword(LarkError):
    """A keyword read off the front of a longer word (`in` from `indicators`)."""

    def __init__(self, keyword: Token, rest: Token) -> None:
        super().__init__(f"'{keyword}' runs into '{rest}'")
        self.keyword = keyword
        self.rest = rest


class KeywordBoundary:
    """Post-lexer: a keyword must end where a word ends.

    Where the contextual lexer accepts a keyword but no name, it would read `in`
    off the front of `indicators`; this stops that, so `all i indicators: …`
    is a syntax error and not a quantifier over `dicators`.
    """

    always_accept: tuple[str, ...] = ()

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        previous: Token | None = None
        for token in stream:
            if previous is not None and _glued(previous, token):
                raise GluedKeyword(previous, token)
            yield token
            previous = token


def _glued(previous: Token, token: Token) -> bool:
    if previous.type in _WORD_TERMINALS or previous.end_pos != token.start_pos:
        return False
    text, following = str(previous), str(token)
    return bool(text) and bool(following) and _word_char(text[-1]) and _word_char(following[0])


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


_WORD_TERMINALS = frozenset({"NAME", "NUMBER", "STRING", "DATE"})


class _CachedLark(Lark):
    """A `Lark` whose `.grammar` (which hypothesis' `from_lark` reads) survives the cache.

    Loaded from lark's cache, a parser has its tables but no `.grammar`; it is
    rebuilt from the grammar text on first use only, so parsing never pays for it.
    """

    def __getattr__(self, name: str) -> Any:
        if name != "grammar":
            raise AttributeError(name)
        options = self.options
        found = load_grammar(  # type: ignore[no-untyped-call]
            self.source_grammar, self.source_path, options.import_paths, options.keep_all_tokens
        )
        self.grammar = found[0]
        return self.grammar


@functools.cache
def build_parser(*, strict: bool = False) -> Lark:
    grammar = grammar_text()
    return _CachedLark(
        grammar,
        parser="lalr",
        lexer="contextual",
        postlex=KeywordBoundary(),
        propagate_positions=True,
        maybe_placeholders=True,
        strict=strict,
        cache=_cache_file(grammar, strict),
    )


def _cache_file(grammar: str, strict: bool) -> str | bool:
    """Where lark keeps the analysed grammar between runs (docs/performance.md), or False.

    Building the LALR tables took ~180 ms, most of a first `check`; loading them
    takes ~8 ms. The file is in the user's own cache directory (it is a pickle,
    so never a shared temporary directory), named by the grammar's hash; lark
    checks the grammar, options and versions again inside the file and rebuilds
    a stale or unreadable one. Without a writable cache directory, no cache.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    directory = Path(base) / "standards-rules"
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return False
    digest = hashlib.sha256(grammar.encode("utf-8")).hexdigest()[:16]
    return str(directory / f"grammar-{digest}{'-strict' if strict else ''}.lark-cache")


def token_span(token: Token) -> Span:
    line = token.line or 1
    column = token.column or 1
    end_line = token.end_line or line
    end_column = token.end_column or column + max(1, len(token))
    return Span(line, column, end_line, end_column, token.start_pos or 0, token.end_pos or 0)


def tree_span(tree: Tree[Token]) -> Span:
    meta = tree.meta
    if getattr(meta, "empty", True):
        return Span(1, 1, 1, 1)
    return Span(
        meta.line, meta.column, meta.end_line, meta.end_column, meta.start_pos, meta.end_pos
    )


def parse_tree(source: Source) -> tuple[Tree[Token] | None, list[Diagnostic]]:
    """Parse `source`; on failure the tree is None and the diagnostics say why."""
    try:
        size = len(source.text.encode("utf-8"))
    except UnicodeEncodeError as exc:  # only half a surrogate pair cannot be encoded
        return None, [_surrogate_diagnostic(source, exc.start)]
    if size > MAX_SOURCE_BYTES:
        message = (
            f"the ruleset file is {size / 1_000_000:.1f} MB; rulesets larger than "
            f"{MAX_SOURCE_BYTES // 1_000_000} MB are not checked"
        )
        return None, [error("E106", message, Span(1, 1, 1, 2), source.path)]
    if not source.text.strip():
        message = "the file is empty; expected 'ruleset NAME { … }'"
        return None, [error("E102", message, Span(1, 1, 1, 2), source.path)]
    try:
        tree = build_parser().parse(source.text)
    except UnexpectedInput as exc:
        return None, [_syntax_diagnostic(exc, source)]
    except GluedKeyword as exc:
        word = f"{exc.keyword}{exc.rest}"
        message = f"expected '{exc.keyword}' followed by a space, found '{word}'"
        span = token_span(exc.keyword).cover(token_span(exc.rest))
        return None, [error("E101", message, span, source.path)]
    too_deep = _too_deep(tree)
    if too_deep is not None:
        message = (
            f"this expression is nested more than {MAX_TREE_DEPTH} levels deep; "
            "split it into simpler rules"
        )
        return None, [error("E103", message, too_deep, source.path)]
    return tree, []


def _surrogate_diagnostic(source: Source, offset: int) -> Diagnostic:
    before = source.text[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
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


def _describe_expected(expected: set[str]) -> str:
    if expected >= _EXPRESSION_STARTS:
        return "an expression"
    if {"AND", "OR"} <= expected:
        return "an operator (and, or, ==, …), the next rule or '}'"
    if len(expected & SECTION_KEYWORDS) >= 3:
        words = ["a section (indicator, eligible, score, leaders, withdraw, …)"]
        if "RBRACE" in expected:
            words.append("'}' to close the ruleset")
        return " or ".join(words)
    parser = build_parser()
    words = []
    for name in sorted(expected):
        if name in _TERMINAL_WORDS:
            words.append(_TERMINAL_WORDS[name])
            continue
        try:
            pattern = parser.get_terminal(name).pattern
        except KeyError:
            words.append(name.lower())
            continue
        words.append(f"'{pattern.value}'" if pattern.type == "str" else name.lower())
    words = sorted(set(words))
    if len(words) > 6:
        words = [*words[:6], "…"]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _found(token: Token | None) -> str:
    if token is None or token.type == "$END":
        return "the end of the file"
    return f"'{token}'"


def _previous(exc: UnexpectedInput) -> Token | None:
    history = getattr(exc, "token_history", None)
    if history:
        last = history[-1]
        return last if isinstance(last, Token) else None
    return None


def _syntax_diagnostic(exc: UnexpectedInput, source: Source) -> Diagnostic:
    previous = _previous(exc)
    after = f" after '{previous}'" if previous is not None else ""
    parser = build_parser()
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        expected = _describe_expected(set(exc.expected))
        if token.type == "$END":
            message = f"the file ends too early: expected {expected}{after}"
            unclosed = open_bracket(parser, source.text, len(source.text))
            if unclosed is not None:
                bracket, line, opener = unclosed
                owner = f" of '{opener}'" if opener else ""
                message = f"the file ends before the '{bracket}'{owner} on line {line} is closed"
            return error("E102", message, _end_span(source), source.path)
        found = _found(token)
        label = label_for(exc, parser)
        if label is not None:
            message = f"{label}, found {found}"
        elif expected == "an expression" and previous is not None and previous in _BINARY_OPERATORS:
            message = f"expected an expression after '{previous}', found {found}"
        else:
            message = f"expected {expected}{after}, found {found}"
        closer = {"RPAR": ")", "RSQB": "]"}
        for name, bracket in closer.items():
            if name in exc.expected and token.type in ("RBRACE", "RPAR", "RSQB"):
                unclosed = open_bracket(parser, source.text, token.start_pos or 0)
                if unclosed is not None and unclosed[0] == {")": "(", "]": "["}[bracket]:
                    message += f" (the '{unclosed[0]}' on line {unclosed[1]} is not closed)"
                    break
        return error("E101", message, token_span(token), source.path)
    if isinstance(exc, UnexpectedCharacters):
        position = exc.pos_in_stream or 0
        char = source.text[position] if position < len(source.text) else ""
        span = Span(exc.line, exc.column, exc.line, exc.column + 1, position)
        allowed = set(exc.allowed or ())
        hint = ""
        if allowed and not allowed & SECTION_KEYWORDS:
            hint = f"; expected {_describe_expected(allowed)}{after}"
        if char == '"':
            message = "this text in double quotes is not closed on its line"
        elif char.strip():
            message = f"unexpected character '{char}'{hint}"
        else:
            message = f"unexpected character {char!r}{hint}"
        return error("E100", message, span, source.path)
    if isinstance(exc, UnexpectedEOF):
        message = f"the file ends too early: expected {_describe_expected(set(exc.expected))}"
        return error("E102", message, _end_span(source), source.path)
    return error("E101", str(exc).splitlines()[0], Span(1, 1, 1, 2), source.path)


def _end_span(source: Source) -> Span:
    lines = source.text.rstrip().splitlines() or [""]
    line = len(lines)
    column = len(lines[-1]) + 1
    return Span(line, max(1, column - 1), line, column, len(source.text))


__all__ = ["build_parser", "grammar_text", "parse_tree", "token_span", "tree_span"]
