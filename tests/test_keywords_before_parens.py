"""A keyword before `(` is never read as a function's name (SPEC §2.1, §2.3)."""

from __future__ import annotations

import pytest
from lark import Token, Tree

from standards_rules.frontend import analyse
from standards_rules.source import Source
from standards_rules.syntax.grammar import EXPRESSION_KEYWORDS
from standards_rules.syntax.keywords import word_terminals
from standards_rules.syntax.parser import build_parser, parse_source


def _plan(body: str, top: str = "") -> str:
    return (
        "ruleset t {\n  subject product\n  indicator a { better lower }\n"
        f"  {top}\n  eligible {{\n    rule r: {body}\n    rule s: true\n  }}\n}}\n"
    )


def _expression_rules() -> set[str]:
    rules = build_parser().rules
    reached, todo = set(), ["expr"]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        for rule in rules:
            if rule.origin.name == name:
                todo.extend(s.name for s in rule.expansion if not s.is_term)
    return reached


def test_the_expression_keywords_are_the_grammars() -> None:
    parser = build_parser()
    choices = word_terminals()
    words: set[str] = set()
    for rule in parser.rules:
        if rule.origin.name not in _expression_rules():
            continue
        for symbol in rule.expansion:
            if symbol.name in choices:
                words.update(choices[symbol.name])
            elif symbol.is_term:
                pattern = parser.get_terminal(symbol.name).pattern
                if pattern.type == "str" and pattern.value.isidentifier():
                    words.add(pattern.value)
    assert words == EXPRESSION_KEYWORDS


def _calls(tree: Tree[Token] | None) -> set[str]:
    if tree is None:
        return set()
    return {str(node.children[0]) for node in tree.find_data("call")}


# Where an expression keyword may be written before `(`: where the grammar takes it,
# and where it takes only an operand (a name, so the keyword would be read as one).
PLACES = ["{kw}(true)", "1 + {kw}(true)", "true == {kw}(true)", "-{kw}(1)", "[{kw}(1)]"]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("keyword", sorted(EXPRESSION_KEYWORDS))
def test_a_keyword_before_a_parenthesis_is_no_call(keyword: str, place: str) -> None:
    body = place.format(kw=keyword)
    source = Source("t.rules", _plan(body))
    parsed = parse_source(source)
    assert keyword not in _calls(parsed.tree)
    for diagnostic in parsed.diagnostics[:1]:
        assert diagnostic.code == "E101"
        # `if(true)` as a whole body is an `if` without its `then`, found at the next rule
        assert diagnostic.span.line in ((6, 7) if place == PLACES[0] else (6,))


@pytest.mark.parametrize("head", ["{kw}(x: number): x > 1", "{kw}: 1", '{kw} "label": 1'])
@pytest.mark.parametrize("keyword", sorted(EXPRESSION_KEYWORDS))
def test_a_keyword_names_no_define(keyword: str, head: str) -> None:
    source = Source("t.rules", _plan("true", "define " + head.format(kw=keyword)))
    parsed = parse_source(source)
    (first, *_) = parsed.diagnostics
    assert (first.code, first.span.line, first.span.column) == ("E101", 4, 10)
    assert "define cannot take it as its name" in first.message


def test_if_and_not_before_a_parenthesis_are_themselves() -> None:
    source = Source("t.rules", _plan("if(true) then not(false) else false"))
    parsed = parse_source(source)
    assert parsed.diagnostics == ()
    assert parsed.tree is not None
    (rule, _) = parsed.tree.find_data("rule")
    assert rule.children[1] == Tree(
        "if_expr", [Tree("true", []), Tree("not_", [Tree("false", [])]), Tree("false", [])]
    )


@pytest.mark.parametrize(
    ("body", "column", "says"),
    [
        ("1 + if(true) then 1 else 2 > 0", 17, "write '(if C then A else B)'"),
        ("1 < count(i) in indicators: true", 17, "write '(count x in LIST: BODY)'"),
        ("true == not(true)", 21, "write '(not X)'"),
        ("and(true, false)", 13, "write 'A and B'"),
        ("len(then(1)) > 0", 17, "'then' is a keyword of the language, not a function"),
    ],
)
def test_a_keyword_where_only_an_operand_goes_is_one_clear_error(
    body: str, column: int, says: str
) -> None:
    _, diagnostics = analyse(Source("t.rules", _plan(body)))
    assert [(d.code, d.span.line, d.span.column) for d in diagnostics] == [("E101", 6, column)]
    assert says in diagnostics[0].message


def test_a_field_spelled_like_a_keyword_is_still_a_field() -> None:
    source = Source("t.rules", _plan("standard.if == none and standard.not(1)"))
    parsed = parse_source(source)
    (first,) = parsed.diagnostics
    assert "is a keyword" not in first.message
