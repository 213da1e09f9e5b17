"""Canonical formatting (`standards-rules fmt`): ruleset text → the same ruleset, laid out one way.

Works on the token stream of the real parse (the contextual lexer decides what
is a keyword), comments included, so nothing the author wrote is lost. The
author's line breaks are kept; what becomes canonical is indentation (two
spaces per open block, two more for a rule body or bracket continued on a
later line, and two more again for a quantifier's body that starts on the next line),
spacing inside a line, trailing comments (two spaces before `#`)
and blank lines (at most one in a row). `format_source` refuses to return
text whose AST differs from the input's, and writes its lines ended as the
file's first line is (LF, CRLF or CR); `fmt` keeps a byte order mark.
"""

from __future__ import annotations

import difflib
import functools
import threading
import unicodedata
from collections.abc import Iterator

import attrs
from lark import Lark, Token

from standards_rules.diagnostics import Diagnostic, StandardsRulesError
from standards_rules.source import LINE_END, Source, lexed, line_starts
from standards_rules.syntax.keywords import item_keywords
from standards_rules.syntax.lower import lower_file
from standards_rules.syntax.parser import KeywordBoundary, grammar_text, parse_tree


@functools.cache
def _item_starts() -> frozenset[str]:
    """Keywords that begin an item of a block: a line starting with one is never a continuation."""
    return item_keywords() | {"RULESET", "LIBRARY", "RBRACE"}


# Items whose expression may run on over several lines.
_BODY_OPENERS = frozenset({"RULE", "REQUIRE", "TRIGGER", "TOP", "RANK", "GROUP", "DEFINE"})
_NO_SPACE_BEFORE = frozenset({"COMMA", "COLON", "RPAR", "RSQB", "DOT", "PERCENT"})
_NO_SPACE_AFTER = frozenset({"LPAR", "LSQB", "DOT"})
_INDENT = "  "


class _Recorder(KeywordBoundary):
    """The parser's post-lexer, also keeping every token it passes on, comments included."""

    def __init__(self) -> None:
        self.tokens: list[Token] = []

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        for token in super().process(stream):
            self.tokens.append(token)
            yield token

    def comment(self, token: Token) -> None:
        self.tokens.append(token)


_lock = threading.Lock()


@functools.cache
def _recording_parser() -> tuple[Lark, _Recorder]:
    recorder = _Recorder()
    parser = Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        postlex=recorder,
        lexer_callbacks={"COMMENT": recorder.comment},
        maybe_placeholders=True,
        propagate_positions=True,
    )
    return parser, recorder


def _tokens(text: str) -> tuple[list[Token], frozenset[int]]:
    """Every token of `text` in order, comments included, and where a `-` is a sign.

    Raises lark's errors on bad syntax.
    """
    parser, recorder = _recording_parser()
    # One recorder serves every call, so calls take turns.
    with _lock:
        recorder.tokens = []
        tree = parser.parse(text)
        tokens = sorted(recorder.tokens, key=lambda t: t.start_pos or 0)
    signs = frozenset(
        node.meta.start_pos
        for node in tree.iter_subtrees()
        if node.data in ("neg", "negative") and not node.meta.empty
    )
    return tokens, signs


def _spaced(previous: Token | None, token: Token, signs: frozenset[int]) -> bool:
    if previous is None:
        return False
    if token.type == "COMMENT":
        return True
    if token.type in _NO_SPACE_BEFORE or previous.type in _NO_SPACE_AFTER:
        return False
    if token.type in ("LPAR", "LSQB") and previous.type in ("NAME", "RPAR", "RSQB"):
        return False  # a call or an index, not a parenthesised expression or a list
    return not (previous.type == "MINUS" and previous.start_pos in signs)


def _text(token: Token) -> str:
    if token.type == "DURATION_UNIT":
        return " ".join(str(token).split())
    if token.type == "COMMENT":
        return str(token).rstrip()
    return str(token)


def _lines(tokens: list[Token]) -> list[list[Token]]:
    lines: list[list[Token]] = []
    last_line = -1
    for token in tokens:
        if token.line != last_line:
            lines.append([])
        lines[-1].append(token)
        last_line = token.end_line or token.line or 0
    return lines


@attrs.frozen
class _Line:
    indent: int
    code: str
    comment: str | None
    blank_before: bool


def format_text(text: str) -> str:
    """`text` in canonical layout, lines ended by LF; raises lark's `UnexpectedInput` when
    it does not parse."""
    tokens, signs = _tokens(lexed(text))
    return _render(_align_comments(_layout(tokens, signs)))


def _layout(tokens: list[Token], signs: frozenset[int]) -> list[_Line]:
    out: list[_Line] = []
    braces = brackets = last_end = 0
    # Quantifiers whose body goes on on a later line: each indents it one level more.
    quantifiers = 0
    in_body = False
    for line in _lines(tokens):
        code = [t for t in line if t.type != "COMMENT"]
        starts_item = bool(code) and brackets == 0 and code[0].type in _item_starts()
        if starts_item:
            in_body = False
            quantifiers = 0
        continued = bool(code) and (brackets > 0 or (in_body and not starts_item))
        closing = bool(code) and code[0].type == "RBRACE"
        indent = braces - closing + continued + brackets + (quantifiers if continued else 0)
        blank_before = bool(out) and (line[0].line or 0) > last_end + 1
        last_end = max(t.end_line or t.line or 0 for t in line)
        rendered = ""
        previous: Token | None = None
        for token in code:
            rendered += (" " if _spaced(previous, token, signs) else "") + _text(token)
            previous = token
            braces += {"LBRACE": 1, "RBRACE": -1}.get(token.type, 0)
            brackets += {"LPAR": 1, "LSQB": 1, "RPAR": -1, "RSQB": -1}.get(token.type, 0)
            if token.type in _BODY_OPENERS and brackets == 0:
                in_body = True
        ends_in_quantifier = bool(code) and code[-1].type == "COLON" and brackets == 0
        if ends_in_quantifier and any(t.type == "QUANTIFIER" for t in code):
            quantifiers += 1
        comment = next((_text(t) for t in line if t.type == "COMMENT"), None)
        out.append(_Line(indent, rendered, comment, blank_before))
    return out


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _align_comments(lines: list[_Line]) -> list[_Line]:
    """Trailing comments of consecutive lines share one column, two cells past the longest code."""
    out = list(lines)
    run: list[int] = []
    for index, line in enumerate([*lines, None]):
        if line is not None and line.code and line.comment and not (run and line.blank_before):
            run.append(index)
            continue
        if len(run) > 1:
            column = max(_width(_INDENT * out[i].indent + out[i].code) for i in run) + 2
            for i in run:
                pad = column - _width(_INDENT * out[i].indent + out[i].code)
                out[i] = attrs.evolve(out[i], code=out[i].code + " " * (pad - 2))
        run = [index] if line is not None and line.code and line.comment else []
    return out


def _render(lines: list[_Line]) -> str:
    text = []
    for line in lines:
        if line.blank_before:
            text.append("")
        parts = [p for p in (line.code, line.comment) if p]
        text.append(_INDENT * line.indent + "  ".join(parts))
    return "\n".join(text) + "\n"


class FormatError(StandardsRulesError):
    """A ruleset that cannot be formatted; `diagnostics` says why when it does not parse."""

    def __init__(self, message: str, diagnostics: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics


def format_source(source: Source) -> str:
    """The canonical text of `source`, checked to mean exactly what the original means.

    Its lines end as the first line of `source` does (`line_ending`).
    """
    before = _ast_of(source)
    formatted = format_text(source.lexed_text)
    after = _ast_of(Source(source.path, formatted))
    if after != before:
        raise FormatError(
            f"{source.path}: formatting would change the ruleset's meaning; left as is"
        )
    ending = line_ending(source.text)
    # No token holds a line end (a text in quotes or a comment ends at one).
    return formatted if ending == "\n" else formatted.replace("\n", ending)


def _text_lines(text: str) -> list[str]:
    """The lines of `text`, each with its line end (LF, CRLF or CR, as `source` counts them)."""
    starts = line_starts(text)
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True) if a < b]


def line_ending(text: str) -> str:
    """How the lines of a formatted `text` end: as its first line does; LF if it has one line."""
    first = LINE_END.search(text)
    return "\n" if first is None else first[0]


def _ast_of(source: Source) -> object:
    tree, diagnostics = parse_tree(source)
    if tree is None:
        raise FormatError(f"{source.path}: does not parse", tuple(diagnostics))
    node, _ = lower_file(tree, source)
    return node


def format_diff(source: Source, formatted: str) -> str:
    """What `fmt` would change in `source`, as a unified diff."""
    return "".join(
        difflib.unified_diff(
            _text_lines(source.text),
            _text_lines(formatted),
            fromfile=source.path,
            tofile=f"{source.path} (formatted)",
        )
    )


__all__ = ["FormatError", "format_diff", "format_source", "format_text", "line_ending"]
