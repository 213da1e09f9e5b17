"""Parsing stage, the language's words read off the grammar: keywords, and which start a block item.

Error recovery resynchronises at the keywords that start an item of a block (a
section, an indicator property, a rule, an example line); messages group them;
the formatter, the language server and the highlighters list them. All of it is
computed from `grammars/ruleset.lark`, so a keyword added there is known
everywhere without a second list.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable

from lark import Lark

from standards_rules.syntax.grammar import build_parser, grammar_text

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Keywords inside the `"…"` literals and the `"a" | "b"` alternatives of a terminal.
_LITERAL = re.compile(r'"([A-Za-z_][A-Za-z0-9_]*)"')
# Terminals whose text is one of a few words (`DIRECTION.2: "lower" | "higher"`).
_WORD_TERMINAL = re.compile(r"^([A-Z_]+)(?:\.\d+)?\s*:\s*((?:\"[a-z_]+\"\s*\|?\s*)+)$", re.M)


@functools.cache
def all_keywords() -> frozenset[str]:
    """Every word the grammar spells out: `ruleset`, `rule`, `lower`, `asc`, `days`, …"""
    words = set(_LITERAL.findall(grammar_text()))
    words.update(("working", "day", "days", "month", "months", "year", "years"))
    return frozenset(words)


@functools.cache
def word_terminals() -> dict[str, tuple[str, ...]]:
    """Terminals that are a choice of words (`DIRECTION` → `lower`, `higher`)."""
    found: dict[str, tuple[str, ...]] = {}
    for match in _WORD_TERMINAL.finditer(grammar_text()):
        found[match[1]] = tuple(_LITERAL.findall(match[2]))
    return found


def _rules(parser: Lark) -> dict[str, list[list[str]]]:
    expansions: dict[str, list[list[str]]] = defaultdict(list)
    for rule in parser.rules:
        expansions[rule.origin.name].append([s.name for s in rule.expansion])
    return expansions


def _is_keyword_terminal(parser: Lark, name: str) -> bool:
    try:
        pattern = parser.get_terminal(name).pattern
    except KeyError:
        return False
    return pattern.type == "str" and _WORD.fullmatch(pattern.value) is not None


def _items(symbol: str, rules: dict[str, list[list[str]]], seen: set[str]) -> list[str]:
    """The named rules an inlined or repeated symbol (`_section`, `__ruleset_star_0`) stands for."""
    if symbol.isupper() or symbol in seen:
        return []
    if not symbol.startswith("_"):
        return [symbol]
    seen.add(symbol)
    return [
        item for expansion in rules[symbol] for s in expansion for item in _items(s, rules, seen)
    ]


def _first(symbol: str, rules: dict[str, list[list[str]]], seen: set[str]) -> list[str]:
    if symbol.isupper():
        return [symbol]
    if symbol in seen:
        return []
    seen.add(symbol)
    return [
        t for expansion in rules[symbol] if expansion for t in _first(expansion[0], rules, seen)
    ]


@functools.cache
def block_items() -> dict[str, tuple[str, ...]]:
    """For each rule with a `{ … }` body, the keyword terminals that start one of its items.

    `ruleset` → VERSION, SUBJECT, INDICATOR, …; `indicator` → UNIT, BETTER, …;
    `eligible` → RULE. Items that start with a name (`tier_points`) have no keyword.
    """
    parser = build_parser()
    rules = _rules(parser)
    found: dict[str, dict[str, None]] = defaultdict(dict)
    for origin, expansions in rules.items():
        for expansion in expansions:
            if "LBRACE" not in expansion or "RBRACE" not in expansion:
                continue
            inside = expansion[expansion.index("LBRACE") + 1 : expansion.index("RBRACE")]
            for item in (item for s in inside for item in _items(s, rules, set())):
                for terminal in _first(item, rules, set()):
                    if _is_keyword_terminal(parser, terminal):
                        found[origin][terminal] = None
    return {origin: tuple(words) for origin, words in found.items() if words}


@functools.cache
def item_phrases() -> dict[str, str]:
    """How an item keyword is written where a second keyword always follows (`RANK` → `rank by`)."""
    parser = build_parser()
    rules = _rules(parser)
    phrases: dict[str, str] = {}
    for terminal in item_keywords():
        seconds = {
            tuple(expansion[:2])
            for expansions in rules.values()
            for expansion in expansions
            if expansion and expansion[0] == terminal
        }
        if len(seconds) == 1:
            (pair,) = seconds
            if len(pair) == 2 and _is_keyword_terminal(parser, pair[1]):
                phrases[terminal] = f"{keyword_text(pair[0])} {keyword_text(pair[1])}"
                continue
        phrases[terminal] = keyword_text(terminal)
    return phrases


@functools.cache
def item_keywords() -> frozenset[str]:
    """Every keyword terminal that starts a block item: where recovery resynchronises."""
    return frozenset(t for words in block_items().values() for t in words)


@functools.cache
def section_keywords() -> frozenset[str]:
    """The keyword terminals that start a top-level section of a ruleset (or a library)."""
    items = block_items()
    return frozenset((*items.get("ruleset", ()), *items.get("library", ())))


def keyword_text(terminal: str) -> str:
    """The text of a keyword terminal (`AS_OF` → `as_of`)."""
    return str(build_parser().get_terminal(terminal).pattern.value)


def texts(terminals: Iterable[str]) -> list[str]:
    """The texts of keyword terminals (`AS_OF` → `as_of`), in the order given."""
    return [keyword_text(t) for t in terminals]


__all__ = [
    "all_keywords",
    "block_items",
    "item_keywords",
    "item_phrases",
    "keyword_text",
    "section_keywords",
    "texts",
    "word_terminals",
]
