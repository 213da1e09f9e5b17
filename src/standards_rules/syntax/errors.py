"""Parsing stage, error wording: syntax errors labelled by example, and unclosed brackets.

Takes a lark `UnexpectedInput` and the source text; gives the plain-word message
a policy author reads. As lark's own GRAMMAR_ERRORS table, each message is
paired with malformed inputs that produce it; an error gets the message of the
example that fails in the same LALR state (what `UnexpectedInput.match_examples`
does, without its debug logging, which fails on lark 1.3 parser states). `tests/test_syntax.py`
checks that every example gets its own message.
"""

from __future__ import annotations

import functools
import re

from lark import Lark, Token
from lark.exceptions import LarkError, UnexpectedInput, UnexpectedToken

from standards_rules.syntax.grammar import scan
from standards_rules.syntax.keywords import block_items, item_keywords, item_phrases

RULE_FORM = 'rule ID ["label"] [cite "clause"]: BODY'
QUANTIFIER_FORM = "all X in LIST: BODY"
IF_FORM = "if CONDITION then A else B"

SYNTAX_ERRORS: dict[str, list[str]] = {
    "expected 'ruleset NAME { … }' at the start of the file": [
        "rule a: true",
        "indicator a { }",
        "ruleset { }",
    ],
    f"expected ':' after the rule id ({RULE_FORM})": [
        "ruleset r { eligible { rule a x } }",
        'ruleset r { eligible { rule a "label" x } }',
        'ruleset r { eligible { rule a cite "1" x } }',
        "ruleset r { leaders { require a x } }",
        "ruleset r { withdraw { trigger a x } }",
    ],
    f"expected a rule id after 'rule' ({RULE_FORM})": [
        "ruleset r { eligible { rule : true } }",
        'ruleset r { eligible { rule "label": true } }',
    ],
    "expected an operator (and, or, ==, …), the next rule or '}' after this expression": [
        "ruleset r { eligible { rule a: x y } }",
        "ruleset r { eligible { rule a: x == 1 y } }",
        "ruleset r { eligible { rule a: x.y z } }",
    ],
    "expected <items of eligible> or '}' in the eligible section": [
        "ruleset r { eligible { a: true } }",
        "ruleset r { eligible { rule a: true b } }",
    ],
    "expected <items of leaders> or '}' in the leaders section": [
        "ruleset r { leaders { rule a: true } }",
    ],
    "expected <items of withdraw> or '}' in the withdraw section": [
        "ruleset r { withdraw { rule a: true } }",
    ],
    "expected an indicator property (<names of indicator>) or '}'": [
        "ruleset r { indicator a { direction lower } }",
        'ruleset r { indicator a "label" { lower } }',
    ],
    "expected a number after 'weight'": ["ruleset r { indicator a { weight x } }"],
    "expected a tier name and a number (tier NAME NUMBER)": [
        "ruleset r { indicator a { tier 0.5 } }",
        "ruleset r { indicator a { tier leader } }",
    ],
    "expected 'lower' or 'higher' after 'better'": ["ruleset r { indicator a { better less } }"],
    "expected 'product' or 'service' after 'subject'": ["ruleset r { subject goods }"],
    "expected a date like 2021-04-22": [
        "ruleset r { effective 2021 }",
        'ruleset r { example "e" { as_of "2021-01-01" } }',
    ],
    "expected a duration like '10 working days' or '3 years'": [
        "ruleset r { publicity 10 }",
        "ruleset r { publicity days }",
        "ruleset r { withdraw { exclude 3 } }",
    ],
    f"expected 'in' after the variable ({QUANTIFIER_FORM})": [
        "ruleset r { eligible { rule a: all i of indicators: true } }",
    ],
    f"expected ':' before the body ({QUANTIFIER_FORM})": [
        "ruleset r { eligible { rule a: all i in indicators true } }",
    ],
    f"expected 'then' ({IF_FORM})": ["ruleset r { eligible { rule a: if x y } }"],
    f"expected 'else' ({IF_FORM})": ["ruleset r { eligible { rule a: if x then y z } }"],
    "comparisons cannot be chained; join two comparisons with 'and'": [
        "ruleset r { eligible { rule a: 1 < x < 3 } }",
        "ruleset r { eligible { rule a: x == y == z } }",
    ],
    "expected 'asc' or 'desc' after a rank key": [
        "ruleset r { rank by score, x asc }",
        "ruleset r { rank by score }",
    ],
    "expected 'relative to national', 'relative to industry', 'minmax' or 'tiers { … }'": [
        "ruleset r { score normalize x }",
        "ruleset r { score weighted normalize }",
    ],
    "expected 'normalize' after 'score'": ["ruleset r { score weighted minmax }"],
}

_PLACEHOLDER = re.compile(r"<(items|names) of (\w+)>")


def expand(label: str) -> str:
    """A table message with its `<items of leaders>` spelt out from the grammar's keywords."""

    def spelt(match: re.Match[str]) -> str:
        phrases = item_phrases()
        words = [phrases.get(k, k.lower()) for k in block_items().get(match[2], ())]
        return ", ".join(words if match[1] == "names" else [f"'{w}'" for w in words])

    return _PLACEHOLDER.sub(spelt, label)


_OPENERS = {"LBRACE": "{", "LPAR": "(", "LSQB": "["}
_CLOSERS = {"RBRACE": "LBRACE", "RPAR": "LPAR", "RSQB": "LSQB"}


_Signature = tuple[int, ...]


def _signature(exc: UnexpectedToken) -> _Signature | None:
    """The top of the LALR state stack at the error: where in the grammar the parser was."""
    state = exc.state
    if state is None:
        return None
    return (*tuple(state.state_stack[-3:]), state.position)


@functools.cache
def _signatures(parser: Lark) -> tuple[tuple[_Signature, str], ...]:
    """(parser state at the error, message) for every example of the table."""
    found: list[tuple[_Signature, str]] = []
    for label, examples in SYNTAX_ERRORS.items():
        for text in examples:
            try:
                parser.parse(text)
            except UnexpectedToken as exc:
                signature = _signature(exc)
                if signature is not None:
                    found.append((signature, label))
            except LarkError:
                continue
    return tuple(found)


def label_for(exc: UnexpectedInput, parser: Lark) -> str | None:
    """The table's message for `exc`, or None.

    An example failing with the same top of the state stack wins; else the examples
    failing in the same state, when they all agree.
    """
    if not isinstance(exc, UnexpectedToken):
        return None
    signature = _signature(exc)
    if signature is None:
        return None
    table = _signatures(parser)
    exact = [label for s, label in table if s == signature]
    if exact:
        return expand(exact[0])
    same_state = {label for s, label in table if s[-1] == signature[-1]}
    return expand(same_state.pop()) if len(same_state) == 1 else None


def open_bracket(parser: Lark, text: str, upto: int) -> tuple[str, int, str] | None:
    """The innermost bracket still open before offset `upto`: (bracket, line, what opened it).

    The tokens are read by `grammar.scan`, which skips what it cannot read and has no
    post-lexer to stop at a keyword glued to a word (`product` + `s` of `products`),
    so every bracket is counted, past syntax errors too.
    """
    stack: list[tuple[str, int, str]] = []
    previous: list[Token] = []
    for token in scan(parser, text[:upto]):
        if token.type in _OPENERS:
            stack.append((_OPENERS[token.type], token.line or 1, _opener(previous)))
        elif token.type in _CLOSERS and stack and stack[-1][0] == _OPENERS[_CLOSERS[token.type]]:
            stack.pop()
        previous = [*previous[-3:], token]
    return stack[-1] if stack else None


def _opener(previous: list[Token]) -> str:
    """What a '{' belongs to: `eligible`, `indicator sulfur`, `ruleset jincheng_coal`, …"""
    keywords = item_keywords() | {"RULESET", "LIBRARY", "TIERS"}
    for index in range(len(previous) - 1, -1, -1):
        if previous[index].type in keywords:
            words = [str(previous[index])]
            named = previous[index + 1 : index + 2]
            if named and named[0].type in ("NAME", "STRING"):
                words.append(str(named[0]))
            return " ".join(words)
    return str(previous[-1]) if previous else ""


def block_name(opener: str) -> str:
    """`indicator sulfur` → `indicator 'sulfur'`; `eligible` → `the eligible block`."""
    kind, _, name = opener.partition(" ")
    if not kind:
        return "a block"
    if not name:
        return f"the {kind} block"
    return f"{kind} {name}" if name.startswith('"') else f"{kind} '{name}'"


__all__ = ["SYNTAX_ERRORS", "block_name", "expand", "label_for", "open_bracket"]
