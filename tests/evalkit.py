"""Shared builders for the evaluation tests: rulesets from text, records from keywords."""

from __future__ import annotations

import datetime
from typing import Any

from standards_rules import ast
from standards_rules.compile.codegen import CodeGen
from standards_rules.compile.emitter import PARAMS
from standards_rules.compile.statics import static_parts
from standards_rules.compile.views import make_views
from standards_rules.frontend import CheckedRuleset, analyse, parse_ruleset
from standards_rules.records import complete_credit_code
from standards_rules.records.model import (
    ConformityReport,
    Dataset,
    Enterprise,
    Product,
    Standard,
    Title,
)
from standards_rules.source import Source

D = datetime.date
E1 = complete_credit_code("91140500MA0GRBLW1")
E2 = complete_credit_code("91140500MA0GRCK21")
E3 = complete_credit_code("91140500MA0GRDP33")

INDICATORS = """
  indicator sulfur "全硫" { unit "%" better lower weight 0.35 national 1.00 industry 0.80
                           tier leader 0.50 tier advanced 0.70 }
  indicator calorific "发热量" { better higher weight 0.40 national 23.0 industry 24.0 }
  indicator ash "灰分" { better lower weight 0.25 national 25.0 industry none }
"""


def ruleset(body: str, indicators: str = INDICATORS, rules: str | None = None) -> CheckedRuleset:
    """A product ruleset `t` with the three coal indicators, `rules` as eligible, then `body`."""
    eligible = rules if rules is not None else "rule ok: true"
    text = (
        f'ruleset t "测试" {{\n version "1"\n subject product\n{indicators}\n'
        f" eligible {{ {eligible} }}\n{body}\n}}\n"
    )
    return parse_ruleset(text, "t.rules")


def enterprise(code: str = E1, **kw: Any) -> Enterprise:
    kw.setdefault("applied", True)
    kw.setdefault("consent", True)
    kw["events"] = tuple(kw.get("events", ()))
    kw["withdrawals"] = tuple(kw.get("withdrawals", ()))
    return Enterprise(code, kw.pop("name", "某某公司"), **kw)


def standard(number: str, code: str = E1, **indicators: float) -> Standard:
    return Standard(
        number=number,
        enterprise=code,
        status="current",  # type: ignore[arg-type]
        subject="product",  # type: ignore[arg-type]
        published_on=D(2021, 1, 15),
        format_compliant=True,
        category="动力煤",
        products=(Product("动力煤", "Q5500", True),),
        indicators=indicators,
        conformity_report=ConformityReport(True, D(2021, 3, 1), "检测中心"),
    )


def dataset(*standards: Standard, enterprises: tuple[Enterprise, ...] | None = None,
            titles: tuple[Title, ...] = ()) -> Dataset:  # fmt: skip
    if enterprises is None:
        codes = sorted({s.enterprise for s in standards})
        enterprises = tuple(enterprise(c) for c in codes)
    return Dataset(enterprises, tuple(standards), titles)


AS_OF = D(2021, 6, 1)


def value_of(expr: str, st: Standard | None = None, en: Enterprise | None = None,
             as_of: datetime.date = AS_OF, **extra: Any) -> Any:  # fmt: skip
    """Compile one expression (not type-checked) and evaluate it for `st`/`en`."""
    text = f"ruleset t {{ subject product {INDICATORS} eligible {{ rule x: {expr} }} }}"
    tree, diagnostics = analyse(Source("x.rules", text))
    assert tree is not None, diagnostics
    return run_expr(tree, tree.eligible[0].body, st, en, as_of, **extra)  # type: ignore[index]


def run_expr(tree: ast.Ruleset, body: ast.Expr, st: Standard | None = None,
             en: Enterprise | None = None, as_of: datetime.date = AS_OF,
             **extra: Any) -> Any:  # fmt: skip
    gen = CodeGen(tree)
    gen.function("f", body)
    ns = gen.namespace()
    exec(compile(gen.source(), "<test>", "exec"), ns)
    st = st or standard("Q/T 0001-2021", sulfur=0.45, calorific=25.1, ash=12.0)
    en = en or enterprise()
    views = make_views(static_parts(tree), st)
    args = dict(zip(PARAMS, (st, en, as_of, views, None, (), None, None, None), strict=True))
    args.update(extra)
    return ns["f"](*args.values())  # type: ignore[operator]
