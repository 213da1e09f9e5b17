"""Compiling rule bodies to Python: semantics of every expression form, and safety."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from evalkit import D, enterprise, run_expr, standard, value_of
from standards_rules import ast
from standards_rules.compile import compile_ruleset, compile_traced, runtime
from standards_rules.compile.codegen import HOIST_DEPTH, CodeGen
from standards_rules.records.model import Standard
from standards_rules.source import Span

ST = standard("Q/T 0001-2021", sulfur=0.45, calorific=25.1, ash=12.0)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("1 / 0", None),
        ("1 + none", None),
        ("none * 2", None),
        ("-none", None),
        ("7 / 2", 3.5),
        ("1 < none", False),
        ("none >= 1", False),
        ("none == none", True),
        ("none != 1", True),
        ("1 == 1.0", True),
        ("standard.conformity_report.passed", True),
        ("standard.service.outlets", None),  # none.field is none
        ("standard.service.outlets > 0", False),
        ("not standard.service.widely_provided", True),  # a none operand counts as false
        ("standard.service.widely_provided or true", True),
        ("false and 1 / 0 == 1", False),
        # Operands known when compiling are folded; the results stay the same.
        ('"a" == "a" and standard.format_compliant', True),
        ('"a" != "a" or standard.service.widely_provided', False),
        ('not ("a" == "b")', True),
        ("true or 1 / 0 == 1", True),
        ("false or false", False),
        ('all i in indicators: i.id != "ash" or i.value < 20', True),
        ('all i in indicators: i.id == "ash" or i.value < 20', False),
        ('any i in indicators: i.id == "nothing"', False),
        ('count i in indicators: i.id != "ash"', 2),
        ('"b" in ["a", "b"]', True),
        ('"c" not in ["a", "b"]', True),
        ('standard.number matches "Q/T [0-9]{4}-[0-9]{4}"', True),
        ('standard.number matches "Q/T"', False),  # whole string only
        ("all p in []: p", True),
        ("any p in []: p", False),
        ("count p in []: p", 0),
        ("all p in standard.service: p", True),  # a none domain is empty
        ("any p in standard.service: p", False),
        ("count p in standard.service: p", 0),
        ("any w in enterprise.withdrawals: true", False),  # an empty tuple
        ("all w in enterprise.withdrawals: false", True),
        ("count p in standard.products: true", 1),
        ("all p in standard.products: p.mass_produced", True),
        ("count i in indicators: i.value better_than i.industry", 3),
        ("indicators.sulfur.tier", "leader"),
        ("indicators.ash.tier", None),
        ("indicators.sulfur.tiers.advanced", 0.70),
        ("indicators.sulfur.previous", None),
        ("indicators.ash.industry", None),
        ("indicators.calorific.weight", 0.40),
        ("if 1 > 2 then 3 else 4", 4),
        ("len(standard.products)", 1),
        ('len("全硫")', 2),
        ("min(3, 1, 2)", 1),
        ("max(3, none)", None),
        ("abs(-2)", 2),
        ("round(0.125, 2)", 0.13),  # half away from zero, on the written decimal
        ("round(2.5, 0)", 3.0),
        ('lower("ABC")', "abc"),
        ("[1, 2][1]", 2),
        ("[1, 2][5]", None),
        ("2021-06-01 - 2021-05-01", 31),
        # Arithmetic is on numbers: texts and bools (attributes may hold them) give none.
        ('"a" + "b"', None),
        ("true + 1", None),
        ("1 - false", None),
        ('2021-06-01 - "x"', None),
        ("2021-01-31 + 1 month", D(2021, 2, 28)),
        ("2024-02-29 + 1 year", D(2025, 2, 28)),
        ("2021-03-31 - 1 month", D(2021, 2, 28)),
        ("2021-09-30 + 2 working days", D(2021, 10, 9)),
        ("2021-10-11 - 3 working days", D(2021, 9, 30)),
        ("2021-06-01 + 1.9 days", D(2021, 6, 2)),  # fractional amounts are floored
        ("working_days_between(2021-09-30, 2021-10-11)", 3),
        # No working day w has 11 Oct < w <= 30 Sep: the count is 0, never negative.
        ("working_days_between(2021-10-11, 2021-09-30)", 0),
        ("working_days_between(2021-06-01, 2021-06-01)", 0),
        ("as_of - 1 day", D(2021, 5, 31)),
        ("9999-12-31 + 1 day", None),  # out of the calendar: none, not an exception
    ],
)
def test_expression_semantics(expr: str, expected: Any) -> None:
    assert value_of(expr, ST) == expected


@pytest.mark.parametrize(
    ("expr", "values", "expected"),
    [
        # sulfur is better lower, calorific better higher; industry of ash is none.
        ("indicators.sulfur.value better_than indicators.sulfur.national", {"sulfur": 0.45}, True),
        ("indicators.sulfur.value better_than indicators.sulfur.national", {"sulfur": 1.0}, False),
        ("indicators.sulfur.value no_worse_than indicators.sulfur.national", {"sulfur": 1.0}, True),
        ("indicators.sulfur.value worse_than indicators.sulfur.national", {"sulfur": 1.2}, True),
        ("indicators.calorific.value better_than 23", {"calorific": 25.0}, True),
        ("indicators.calorific.value worse_than 23", {"calorific": 25.0}, False),
        # Right side none: better_than and no_worse_than true, worse_than false.
        ("indicators.ash.value better_than indicators.ash.industry", {"ash": 30.0}, True),
        ("indicators.ash.value no_worse_than indicators.ash.industry", {"ash": 30.0}, True),
        ("indicators.ash.value worse_than indicators.ash.industry", {"ash": 30.0}, False),
        # Left side none: all three false.
        ("indicators.ash.value better_than 1", {}, False),
        ("indicators.ash.value no_worse_than 1", {}, False),
        ("indicators.ash.value worse_than 1", {}, False),
        ("indicators.sulfur.tiers.leader no_worse_than 0.5", {}, True),
        # Run-time views: the direction comes from each indicator.
        (
            "all i in indicators: i.value better_than i.national",
            {"sulfur": 0.9, "calorific": 23.5, "ash": 24.0},
            True,
        ),
        (
            "any i in indicators: i.value worse_than i.national",
            {"sulfur": 0.9, "calorific": 22.0, "ash": 24.0},
            True,
        ),
        ("any i in indicators: i.tiers.leader better_than 0.6", {}, True),
    ],
)
def test_directional_comparisons(expr: str, values: dict[str, float], expected: bool) -> None:
    assert value_of(expr, standard("Q/T 1", **values)) is expected


HOSTILE = [
    '"); import os; ("',
    "'''\n__import__('os').system('echo pwned')\n'''",
    "\\\" + __import__('os').getcwd() + \\\"",
    "\n\t\\u0000",
    "全硫“中文引号”",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_are_constants_not_code(text: str) -> None:
    body = ast.Compare(ast.CompareOp.EQ, ast.Field(ast.Name("standard"), "name"), ast.String(text))
    st = attrs_evolve(ST, name=text)
    assert run_expr(_tree(), body, st) is True
    assert run_expr(_tree(), body, ST) is False
    gen = CodeGen(_tree())
    gen.function("f", body)
    assert "import" not in gen.source() and "os" not in gen.source()


@pytest.mark.parametrize(
    "name", ["__import__", "__class__", "os", "全硫", "_x1", "q0", "s", "k0", "h0", "T", "V", "all"]
)
def test_hostile_names_are_mangled(name: str) -> None:
    # A quantifier variable spelled like a generated name or a builtin is still a fresh local.
    body = ast.Quantifier(
        ast.QuantifierKind.ANY,
        name,
        ast.Name("indicators"),
        ast.Compare(ast.CompareOp.EQ, ast.Field(ast.Name(name), "id"), ast.String("ash")),
    )
    assert run_expr(_tree(), body, ST) is True
    gen = CodeGen(_tree())
    gen.function("f", body)
    if not name.isascii() or name.startswith("__"):
        assert name not in gen.source()


def test_field_names_never_reach_getattr_unchecked() -> None:
    for name in ("__class__", "__dict__", "__init__"):
        body = ast.Field(ast.Name("standard"), name)
        assert run_expr(_tree(), body, ST) is None
        body = ast.Field(ast.Field(ast.Name("standard"), "conformity_report"), name)
        assert run_expr(_tree(), body, ST) is None


def _nested(depth: int) -> ast.Expr:
    # Alternating arithmetic, negation, if and quantifiers, `depth` levels deep.
    expr: ast.Expr = ast.Number(1)
    for level in range(depth):
        match level % 4:
            case 0:
                expr = ast.Arith(ast.ArithOp.ADD, ast.Number(1), expr)
            case 1:
                expr = ast.Unary(ast.UnaryOp.NEG, expr)
            case 2:
                expr = ast.IfExpr(ast.Bool(True), expr, ast.Number(0))
            case _:
                expr = ast.Arith(
                    ast.ArithOp.MUL,
                    ast.Quantifier(
                        ast.QuantifierKind.COUNT,
                        f"v{level}",
                        ast.Name("indicators"),
                        ast.Bool(True),
                    ),
                    expr,
                )
    return expr


def _reference(depth: int) -> int:
    value = 1
    for level in range(depth):
        match level % 4:
            case 0:
                value = 1 + value
            case 1:
                value = -value
            case 2:
                pass
            case _:
                value = 3 * value
    return value


@pytest.mark.parametrize("depth", [HOIST_DEPTH - 1, HOIST_DEPTH + 1, 120, 300])
def test_deep_trees_compile_and_run(depth: int) -> None:
    assert run_expr(_tree(), _nested(depth), ST) == _reference(depth)


def test_deep_boolean_chain() -> None:
    expr: ast.Expr = ast.Bool(True)
    for _ in range(150):
        expr = ast.Unary(ast.UnaryOp.NOT, ast.BoolOp(ast.BoolOpKind.AND, ast.Bool(True), expr))
    assert run_expr(_tree(), expr, ST) is True


def test_program_compiles_every_section_once() -> None:
    from evalkit import ruleset

    rs = ruleset("score weighted normalize minmax\nleaders { top 2 require r: true }")
    program = compile_ruleset(rs.ast)
    assert program is compile_ruleset(rs.ast)  # cached per ruleset
    assert [r.id for r in program.eligible] == ["ok"]
    assert [r.id for r in program.requires] == ["r"]
    assert len(program.rank_keys) == 1 and program.rank_keys[0].descending
    assert compile_traced(rs.ast).eligible[0].id == "ok"
    assert re.search(r"\bdef rule_0\(", program.source)


def test_comparisons_of_known_values_are_folded_away() -> None:
    """The library's defines guard every indicator with its class (`i.class != "core" or
    …`): unrolled over a plan, those comparisons are of two constants, decided once."""
    from standards_rules.frontend import load_ruleset

    program = compile_ruleset(load_ruleset("rulesets/jincheng/coal.rules").ast)
    loop = program.source[program.source.index("def eligible_loop(") :]
    assert "x0" in loop  # the indicators' own tests are still there
    assert not re.search(r"\bk\d+ [!=]= k\d+\b", loop)
    traced = compile_traced(load_ruleset("rulesets/jincheng/coal.rules").ast)
    # explain still records the class comparisons it shows
    assert any(
        isinstance(node, ast.Compare) and node.right == ast.String("core", span=node.right.span)
        for node in traced.nodes
    )


def _tree() -> ast.Ruleset:
    from evalkit import ruleset

    return ruleset("").ast


def attrs_evolve(st: Standard, **changes: Any) -> Standard:
    import attrs

    return attrs.evolve(st, **changes)


def test_sums_too_large_for_a_float_are_none() -> None:
    # An attribute may hold an int beyond any float; with a float it cannot be added.
    huge = 10**400
    assert runtime.add(huge, 0.5) is None and runtime.add(0.5, huge) is None
    assert runtime.sub(huge, 0.5) is None and runtime.sub(0.5, huge) is None
    assert runtime.add(1, 2.5) == 3.5 and runtime.sub(3, 1) == 2


def test_spans_do_not_matter() -> None:
    a = ast.Number(1, span=Span(1, 1, 1, 2))
    assert run_expr(_tree(), a, ST, en=enterprise(), as_of=datetime.date(2021, 1, 1)) == 1
