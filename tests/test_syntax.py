"""The parser: a strict grammar, errors worded for policy authors, and pure parsing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standards_rules.frontend import analyse
from standards_rules.source import Source
from standards_rules.syntax import lower, parse_tree
from standards_rules.syntax.errors import SYNTAX_ERRORS, expand
from standards_rules.syntax.messages import describe_expected
from standards_rules.syntax.parser import build_parser

SPEC_EXAMPLE = Path(__file__).parent / "fixtures" / "good" / "spec_example.rules"


def only_diagnostic(text: str) -> tuple[str, int, int, str]:
    """The one syntax diagnostic of `text` (the parts that parse are checked too)."""
    _, diagnostics = analyse(Source("t.rules", text))
    diagnostics = [d for d in diagnostics if d.code.startswith("E1")]
    assert len(diagnostics) == 1, diagnostics
    d = diagnostics[0]
    return d.code, d.span.line, d.span.column, d.message


def test_grammar_builds_in_strict_mode() -> None:
    # strict=True makes lark reject any grammar conflict or terminal collision (needs interegular).
    pytest.importorskip("interegular")
    build_parser(strict=True)


def test_parsing_twice_gives_equal_asts() -> None:
    source = Source("s.rules", SPEC_EXAMPLE.read_text(encoding="utf-8"))
    trees = []
    for _ in range(2):
        tree, diagnostics = parse_tree(source)
        assert tree is not None and diagnostics == []
        trees.append(lower(tree, source)[0])
    assert trees[0] == trees[1]


@pytest.mark.parametrize(
    ("label", "example"),
    [(label, example) for label, examples in SYNTAX_ERRORS.items() for example in examples],
)
def test_every_table_example_gets_its_message(label: str, example: str) -> None:
    code, _, _, message = only_diagnostic(example)
    assert code == "E101"
    assert message.startswith(expand(label))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ruleset r { eligible { rule a: x and } }", "expected an expression after 'and'"),
        ("ruleset r { eligible { rule a: x or } }", "expected an expression after 'or'"),
        ("ruleset r { eligible { rule a: x == } }", "expected an expression after '=='"),
        ("ruleset r { eligible { rule a x } }", "expected ':' after the rule id (rule ID"),
        ("ruleset r { eligible { rule a: (x } }", "(the '(' on line 1 is not closed)"),
        ("ruleset r { eligible { rule a: all i indicators: true } }", "expected 'in' followed"),
        ('ruleset r { eligible { rule a: "abc } }', "this text in double quotes is not closed"),
        ("ruleset r { eligible { rule a: x $ } }", "unexpected character '$'"),
        ("", "the file is empty"),
        (
            "ruleset r { }\nruleset s { }",
            "a file holds one ruleset or one library: expected the end of the file after its "
            "closing '}', found 'ruleset'",
        ),
    ],
)
def test_messages_in_plain_words(text: str, expected: str) -> None:
    assert expected in only_diagnostic(text)[3]


@pytest.mark.parametrize(
    ("body", "word", "column"),
    [
        ("x and all i in indicators: true", "all", 38),
        ("not any i in indicators: true", "any", 36),
        ("1 + count i in indicators: true > 0", "count", 36),
        ("1 + if x then 1 else 2 > 0", "if", 36),
    ],
)
def test_a_quantifier_or_if_inside_an_operator_asks_for_parentheses(
    body: str, word: str, column: int
) -> None:
    code, line, at, message = only_diagnostic(f"ruleset r {{ eligible {{ rule a: {body} }} }}")
    assert (code, line, at) == ("E101", 1, column)
    assert message.startswith(f"'{word}' here starts an expression that extends as far right")
    assert f"write '({word} " in message


def test_a_field_spelled_like_a_quantifier_is_not_taken_for_one() -> None:
    message = only_diagnostic("ruleset r { eligible { rule a: standard.attributes.all i } }")[3]
    assert "parentheses" not in message


def test_unclosed_brace_names_the_block_and_its_line() -> None:
    text = "ruleset r {\n  indicator sulfur {\n    better lower\n  }\n  eligible {\n"
    code, _, _, message = only_diagnostic(text)
    assert code == "E102"
    assert message == "the eligible block opened on line 5 is not closed: the file ends first"


def test_unclosed_indicator_block() -> None:
    message = only_diagnostic('ruleset r {\n  indicator sulfur "全硫" {\n    better lower\n')[3]
    assert "indicator 'sulfur' opened on line 2 is not closed" in message


def test_position_of_a_syntax_error() -> None:
    _, line, column, _ = only_diagnostic("ruleset r {\n  eligible {\n    rule a: x and\n  }\n}\n")
    assert (line, column) == (4, 3)


def test_field_names_may_be_keywords_and_identifiers_unicode() -> None:
    text = (
        "ruleset r { subject product indicator 全硫 { better lower } "
        "eligible { rule 规则: standard.attributes.rank > 1 } }"
    )
    assert analyse(Source("t.rules", text))[1] == []


def test_dates_are_one_token_and_durations_take_singular_units() -> None:
    text = (
        "ruleset r { subject product indicator a { better lower } "
        "eligible { rule d: as_of - 1 day < 2021-04-22 + 1 working day } publicity 1 year }"
    )
    assert analyse(Source("t.rules", text))[1] == []


def test_too_deep_is_a_diagnostic_not_a_crash() -> None:
    body = "(1 + " * 3000 + "1" + ")" * 3000
    code = only_diagnostic(f"ruleset r {{ eligible {{ rule a: {body} > 0 }} }}")[0]
    assert code == "E103"


def test_deep_parentheses_are_fine() -> None:
    body = "(" * 3000 + "true" + ")" * 3000
    head = "ruleset r { subject product indicator a { better lower } eligible"
    text = f"{head} {{ rule a: {body} }} }}"
    assert analyse(Source("t.rules", text))[1] == []


@pytest.mark.parametrize(
    ("char", "meant"),
    [("：", "':'"), ("，", "','"), ("（", "'('"), ("）", "')'"), ("“", "double quotes")],
)
def test_full_width_punctuation_names_the_ascii_character(char: str, meant: str) -> None:
    body = {
        "：": 'rule a： standard.status == "current"',
        "，": 'rule a: standard.status in ["current"，"abolished"]',
        "（": 'rule a: （standard.status == "current")',
        "）": 'rule a: (standard.status == "current"）',
        "“": "rule a: standard.status == “current”",
    }[char]
    code, _, column, message = only_diagnostic(f"ruleset r {{ eligible {{ {body} }} }}")
    assert code == "E100"
    assert f"'{char}' is a full-width" in message and meant in message
    assert column == len("ruleset r { eligible { ") + body.index(char) + 1


def test_closing_quote_is_named_too() -> None:
    assert "'”' is a full-width" in only_diagnostic("ruleset r { source ”x” }")[3]


def test_a_percentage_weight_says_weights_are_fractions() -> None:
    message = only_diagnostic("ruleset r { indicator a { better lower weight 35% } }")[3]
    assert message == "weights are fractions of 1, not percentages: write 'weight 0.35' for 35%"


def test_an_unclosed_block_is_named_with_its_line() -> None:
    text = 'ruleset r {\n  indicator m10 "M10" {\n    better lower\n  eligible { }\n}\n'
    code, line, column, message = only_diagnostic(text)
    assert (code, line, column) == ("E101", 4, 3)
    assert message == (
        "indicator 'm10' opened on line 2 is not closed; expected '}' before 'eligible'"
    )


TERMINALS = [*sorted(t.name for t in build_parser().terminals), "$END"]


@settings(max_examples=200, deadline=None)
@given(st.sets(st.sampled_from(TERMINALS), min_size=1, max_size=20))
def test_expected_lists_keep_the_closing_brace(expected: set[str]) -> None:
    described = describe_expected(expected | {"RBRACE"})
    assert not described.endswith("…")
    if not described.startswith("an operator"):
        assert "'}'" in described
