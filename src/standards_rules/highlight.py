"""Highlighting: a Pygments lexer for ruleset files, and the TextMate grammar for editors.

Both take their keywords from the grammar (`syntax.keywords`), so a keyword added
to `grammars/ruleset.lark` is highlighted without a second list. The lexer is
registered as the Pygments entry point `rules` (aliases `rules`, `standards-rules`,
files `*.rules`); `textmate_grammar()` is what `editors/vscode/syntaxes/` holds
(`scripts/editors.py` writes it, and a test keeps the two the same).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pygments.lexer import RegexLexer, words
from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
)

from standards_rules.syntax.keywords import all_keywords, word_terminals

BUILTINS = ("len", "min", "max", "abs", "round", "lower", "working_days_between", "first")
CONSTANTS = ("true", "false", "none")
SCOPE_NAMES = ("standard", "enterprise", "indicators", "as_of", "cohort", "declared", "title")
OPERATOR_WORDS = ("and", "or", "not", "in", "matches", "better_than", "no_worse_than", "worse_than")


def keywords() -> list[str]:
    """The grammar's words that are keywords (not constants, operators or value words)."""
    values = {w for choice in word_terminals().values() for w in choice}
    taken = {*CONSTANTS, *OPERATOR_WORDS, *values}
    return sorted(w for w in all_keywords() if w not in taken)


def value_words() -> list[str]:
    """Words that are values of a choice: `lower`, `higher`, `product`, `core`, `asc`, …"""
    return sorted({w for choice in word_terminals().values() for w in choice})


_IDENT_END = r"(?![\w])"


class RulesLexer(RegexLexer):  # type: ignore[misc]
    """Ruleset files of standards-rules (evaluation plans and libraries)."""

    name = "standards-rules"
    aliases: ClassVar[list[str]] = ["rules", "standards-rules"]
    filenames: ClassVar[list[str]] = ["*.rules"]
    url = "https://pypi.org/project/standards-rules/"

    tokens: ClassVar[dict[str, Any]] = {
        "root": [
            (r"\s+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"([^"\\\n]|\\[^\n])*"', String.Double),
            (r"\d{4}-\d{2}-\d{2}" + _IDENT_END, Number.Other),
            (r"\d+(\.\d+)?([eE][-+]?\d+)?", Number),
            (r"(?<=\.)[^\W\d]\w*", Name.Attribute),
            (words(CONSTANTS, suffix=_IDENT_END), Keyword.Constant),
            (words(OPERATOR_WORDS, suffix=_IDENT_END), Operator.Word),
            (words(tuple(value_words()), suffix=_IDENT_END), Keyword.Pseudo),
            (words(tuple(keywords()), suffix=_IDENT_END), Keyword),
            (words(BUILTINS, suffix=r"(?=\s*\()"), Name.Builtin),
            (words(SCOPE_NAMES, suffix=_IDENT_END), Name.Builtin.Pseudo),
            (r"[^\W\d]\w*", Name),
            (r"==|!=|<=|>=|<|>|\+|-|\*|/|%", Operator),
            (r"[{}()\[\]:,.]", Punctuation),
            (r".", Text),
        ]
    }


def _alternation(names: list[str] | tuple[str, ...]) -> str:
    return r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=lambda n: -len(n))) + r")\b"


def textmate_grammar() -> dict[str, Any]:
    """The TextMate grammar of ruleset files, for VS Code and other editors."""
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "standards-rules",
        "scopeName": "source.rules",
        "fileTypes": ["rules"],
        "patterns": [
            {"name": "comment.line.number-sign.rules", "match": "#.*$"},
            {
                "name": "string.quoted.double.rules",
                "begin": '"',
                "end": '"|$',
                "patterns": [{"name": "constant.character.escape.rules", "match": r"\\."}],
            },
            {"name": "constant.numeric.date.rules", "match": r"\b\d{4}-\d{2}-\d{2}\b"},
            {"name": "constant.numeric.rules", "match": r"\b\d+(\.\d+)?([eE][-+]?\d+)?\b"},
            {"name": "variable.other.member.rules", "match": r"(?<=\.)[^\W\d]\w*"},
            {"name": "constant.language.rules", "match": _alternation(CONSTANTS)},
            {"name": "keyword.operator.word.rules", "match": _alternation(OPERATOR_WORDS)},
            {"name": "support.constant.rules", "match": _alternation(value_words())},
            {"name": "keyword.control.rules", "match": _alternation(keywords())},
            {"name": "support.function.builtin.rules", "match": _alternation(BUILTINS)},
            {"name": "variable.language.rules", "match": _alternation(SCOPE_NAMES)},
            {"name": "keyword.operator.rules", "match": r"==|!=|<=|>=|<|>|\+|-|\*|/|%"},
        ],
    }


__all__ = ["RulesLexer", "keywords", "textmate_grammar", "value_words"]
