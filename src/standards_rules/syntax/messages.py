"""Parsing stage, error wording: a lark error → a diagnostic that names the fix.

Takes the `UnexpectedInput` lark raised (while its interactive parser still stands
where the error is) and the source; gives an E100/E101/E102 diagnostic in plain
words: what was expected (never lark's token names, never a list cut short before
the `}` that would fix it), which block is still open and since which line, that
weights are fractions, and which ASCII character a full-width one stands for.
"""

from __future__ import annotations

import re

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from standards_rules.diagnostics import Diagnostic, error
from standards_rules.source import Source, Span
from standards_rules.syntax.at_error import (
    FULL_WIDTH,
    accepts_after,
    as_keyword,
    keyword_read_as_name,
)
from standards_rules.syntax.errors import block_name, label_for, open_bracket
from standards_rules.syntax.grammar import (
    GluedKeyword,
    KeywordCall,
    build_parser,
    scan,
    token_span,
)
from standards_rules.syntax.keywords import block_items, item_phrases, word_terminals

_EXPRESSION_STARTS = frozenset({"NAME", "NUMBER", "STRING", "LPAR", "LSQB"})
_CLOSERS = {"RBRACE": "'}'", "RPAR": "')'", "RSQB": "']'"}

# How a terminal is named to a policy author.
_TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": 'a text in double quotes ("…")',
    "NUMBER": "a number",
    "DATE": "a date like 2021-04-22",
    "DURATION_UNIT": "a unit (days, working days, months or years)",
    "PERCENT": "'%'",
    "$END": "the end of the file",
    "<END-OF-FILE>": "the end of the file",
}
# What the items of a block are called when the parser expects several of them.
_ITEM_KINDS = {
    "ruleset": "a section",
    "library": "a section",
    "indicator": "an indicator property",
    "example": "an example line",
}

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
# Words that start an expression allowed only whole or in parentheses (SPEC §2.3).
_WHOLE_ONLY = frozenset({"all", "any", "count", "if"})
_OPERATOR_WORDS = frozenset(
    {"and", "or", "in", "matches", "better_than", "no_worse_than", "worse_than"}
)
_WORD_REST = re.compile(r"\w+")
_WEIGHT_BEFORE = re.compile(r"\bweight\s+(-?\d+(?:\.\d+)?)\s*$")


def _words(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]


def describe_expected(expected: set[str]) -> str:
    """The tokens lark expected, in words, every one of them (the fix is often the last)."""
    if expected >= _EXPRESSION_STARTS:
        return "an expression"
    if {"AND", "OR"} <= expected:
        closers = [_CLOSERS[c] for c in _CLOSERS if c in expected]
        return "an operator (and, or, ==, …), the next rule or " + (_words(closers) or "'}'")
    parser = build_parser()
    phrases = item_phrases()
    words: list[str] = []
    rest = set(expected)
    for block, keywords in block_items().items():
        inside = [k for k in keywords if k in rest]
        if block in _ITEM_KINDS and len(inside) >= 3:
            listed = ", ".join(phrases.get(k, k.lower()) for k in inside)
            words.append(f"{_ITEM_KINDS[block]} ({listed})")
            rest -= set(inside)
    closers = [_CLOSERS[c] for c in _CLOSERS if c in rest]
    rest -= set(_CLOSERS)
    choices = word_terminals()
    for name in sorted(rest):
        if name in _TERMINAL_WORDS:
            words.append(_TERMINAL_WORDS[name])
        elif name in choices:
            words.append(_words([f"'{w}'" for w in choices[name]]))
        else:
            try:
                pattern = parser.get_terminal(name).pattern
            except KeyError:
                words.append(name.lower())
                continue
            words.append(f"'{pattern.value}'" if pattern.type == "str" else name.lower())
    unique = list(dict.fromkeys(words))
    if closers and unique and unique[0].startswith("a section"):
        closers = ["'}' to close the ruleset"] if closers == ["'}'"] else closers
    return _words(unique + closers) if unique or closers else "something else"


def _found(token: Token | None, text: str = "") -> str:
    """The token as the author wrote it: a keyword lexed off the front of a word shows the word."""
    if token is None or token.type == "$END":
        return "the end of the file"
    word = str(token)
    end = token.end_pos or 0
    if word[-1:].isalnum() and end < len(text) and _WORD_REST.match(text, end):
        word += _WORD_REST.match(text, end)[0]  # type: ignore[index]
    return f"'{word}'"


def _previous(exc: UnexpectedInput) -> Token | None:
    history = getattr(exc, "token_history", None)
    if history:
        last = history[-1]
        return last if isinstance(last, Token) else None
    return None


def describe(exc: UnexpectedInput, source: Source) -> Diagnostic:
    """The diagnostic for one syntax error."""
    if isinstance(exc, GluedKeyword):
        word = f"{exc.keyword}{exc.rest}"
        message = f"expected '{exc.keyword}' followed by a space, found '{word}'"
        span = token_span(exc.keyword).cover(token_span(exc.rest))
        return error("E101", message, span, source.path)
    if isinstance(exc, KeywordCall):
        return error("E101", _keyword_call(exc), token_span(exc.keyword), source.path)
    if isinstance(exc, UnexpectedToken):
        if exc.token.type == "$END":
            return _at_end(exc, source)
        keyword = keyword_read_as_name(exc, source.lexed_text)
        if keyword is not None:
            return error(
                "E101", _unfinished_before(keyword, source), token_span(keyword), source.path
            )
        whole_only = _whole_only(exc, source)
        if whole_only is not None:
            return error("E101", whole_only[0], whole_only[1], source.path)
        return error("E101", _unexpected_token(exc, source), token_span(exc.token), source.path)
    if isinstance(exc, UnexpectedCharacters):
        return _unexpected_character(exc, source)
    return error("E101", str(exc).splitlines()[0], Span(1, 1, 1, 2), source.path)


def _whole_only(exc: UnexpectedToken, source: Source) -> tuple[str, Span] | None:
    """A quantifier or `if` where an operand is expected: the grammar read its word as a name."""
    previous = _previous(exc)
    if previous is None or previous.type != "NAME" or str(previous) not in _WHOLE_ONLY:
        return None
    if source.text[: previous.start_pos or 0].rstrip().endswith("."):
        return None  # a field name spelled like a keyword
    return _whole_only_message(str(previous)), token_span(previous)


def _whole_only_message(word: str) -> str:
    example = "if C then A else B" if word == "if" else f"{word} x in LIST: BODY"
    return (
        f"'{word}' here starts an expression that extends as far right as possible, "
        f"so it must be the whole body or in parentheses: write '({example})'"
    )


def _keyword_call(exc: KeywordCall) -> str:
    """`if(`, `not(`, `and(` where the grammar takes no such keyword: never a function."""
    word = str(exc.keyword)
    if exc.before is not None and exc.before.type == "DEFINE":
        return f"'{word}' is a keyword of the language; a define cannot take it as its name"
    if word in _WHOLE_ONLY:
        return _whole_only_message(word)
    if word == "not":
        return "'not' here must be in parentheses with what it negates: write '(not X)'"
    if word in _OPERATOR_WORDS:
        return f"'{word}' is an operator, not a function: write 'A {word} B'"
    return f"'{word}' is a keyword of the language, not a function"


def _unfinished_before(keyword: Token, source: Source) -> str:
    before = [t for t in scan(build_parser(), source.lexed_text[: keyword.start_pos or 0])][-1:]
    if before and str(before[0]) in _BINARY_OPERATORS:
        return f"expected an expression after '{before[0]}', found '{keyword}'"
    return f"the expression before '{keyword}' is not finished"


def _at_end(exc: UnexpectedToken, source: Source) -> Diagnostic:
    parser = build_parser()
    unclosed = open_bracket(parser, source.lexed_text, len(source.text))
    if unclosed is not None:
        bracket, line, opener = unclosed
        if bracket == "{":
            message = (
                f"{block_name(opener)} opened on line {line} is not closed: the file ends first"
            )
        else:
            message = f"the file ends before the '{bracket}' on line {line} is closed"
    else:
        expected = describe_expected(set(exc.expected))
        previous = _previous(exc)
        after = f" after '{previous}'" if previous is not None else ""
        message = f"the file ends too early: expected {expected}{after}"
    return error("E102", message, _end_span(source), source.path)


def _unexpected_token(exc: UnexpectedToken, source: Source) -> str:
    parser = build_parser()
    token = exc.token
    start = token.start_pos or 0
    found = _found(token, source.text)
    if token.type == "PERCENT":
        weight = _WEIGHT_BEFORE.search(source.text[:start])
        if weight is not None:
            fraction = f"{float(weight[1]) / 100:g}"
            return (
                f"weights are fractions of 1, not percentages: write 'weight {fraction}' "
                f"for {weight[1]}%"
            )
    unclosed = _unclosed_block(exc, source)
    if unclosed is not None:
        return unclosed
    if set(exc.expected) <= {"$END", "<END-OF-FILE>"}:
        return (
            "a file holds one ruleset or one library: expected the end of the file after "
            f"its closing '}}', found {found}"
        )
    label = label_for(exc, parser)
    previous = _previous(exc)
    expected = describe_expected(set(exc.expected))
    if label is not None:
        message = f"{label}, found {found}"
    elif expected == "an expression" and previous is not None and previous in _BINARY_OPERATORS:
        message = f"expected an expression after '{previous}', found {found}"
    else:
        after = f" after '{previous}'" if previous is not None else ""
        message = f"expected {expected}{after}, found {found}"
    if {"RPAR", "RSQB"} & set(exc.expected):
        bracket = open_bracket(parser, source.lexed_text, start)
        if bracket is not None and bracket[0] in "([":
            message += f" (the '{bracket[0]}' on line {bracket[1]} is not closed)"
    return message


def _unclosed_block(exc: UnexpectedToken, source: Source) -> str | None:
    """`indicator 'm10' opened on line 39 is not closed`, when a `}` before the token fixes it."""
    token = as_keyword(exc.token)
    interactive = exc.interactive_parser
    if token.type == "RBRACE" or "RBRACE" not in exc.expected or interactive is None:
        return None
    closes = any(
        accepts_after(interactive, *(["RBRACE"] * count), token.type) for count in (1, 2, 3)
    )
    if not closes:
        return None
    bracket = open_bracket(build_parser(), source.lexed_text, token.start_pos or 0)
    if bracket is None or bracket[0] != "{":
        return None
    return (
        f"{block_name(bracket[2])} opened on line {bracket[1]} is not closed; "
        f"expected '}}' before {_found(token, source.text)}"
    )


def _unexpected_character(exc: UnexpectedCharacters, source: Source) -> Diagnostic:
    position = exc.pos_in_stream or 0
    char = source.text[position] if position < len(source.text) else ""
    span = Span(exc.line, exc.column, exc.line, exc.column + 1, position, position + 1)
    meant = FULL_WIDTH.get(char)
    if meant is not None:
        ascii_char, kind, what = meant
        if kind == "STRING":
            message = (
                f"'{char}' is a full-width {what}; write texts in ASCII double quotes "
                '("…"); inside them Chinese quotation marks are ordinary characters'
            )
        else:
            message = f"'{char}' is a full-width {what}; write the ASCII '{ascii_char}'"
        return error("E100", message, span, source.path)
    allowed = set(exc.allowed or ())
    previous = _previous(exc)
    after = f" after '{previous}'" if previous is not None else ""
    hint = ""
    if allowed and len(allowed & set(block_items().get("ruleset", ()))) < 3:
        hint = f"; expected {describe_expected(allowed)}{after}"
    if char == '"':
        message = "this text in double quotes is not closed on its line"
    elif char.strip():
        message = f"unexpected character '{char}'{hint}"
    else:
        message = f"unexpected character {char!r}{hint}"
    return error("E100", message, span, source.path)


def _end_span(source: Source) -> Span:
    line, column = source.position(len(source.text.rstrip()))
    return Span(line, max(1, column - 1), line, column, len(source.text))


__all__ = ["describe", "describe_expected"]
