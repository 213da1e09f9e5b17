"""The compiled evaluator agrees with a naive reference interpreter: speed buys no wrong answer.

`tests/reference.py` walks the checked AST plainly (SPEC §2.3), building every
indicator view on each read. Against it, on generated data:

- random rule bodies (quantifiers over `indicators`, which the compiler unrolls;
  indicator fields it reads without views; inlined comparisons; none, NaN,
  booleans and missing values) through the fused `eligible_mask` and each rule;
- every rule, require, trigger, rank key and group key of the bundled rulesets;
- the fast JSON writer against `json.dumps(report.to_dict(), indent=2)`;
- the ranking's plain sort keys against `SortKey`.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import json
import math
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reference import Reference
from standards_rules import ast, load_dataset, load_ruleset
from standards_rules.compile import compile_ruleset
from standards_rules.compile.views import make_views
from standards_rules.evaluate import evaluate
from standards_rules.evaluate.eligibility import judge
from standards_rules.evaluate.ranking import SortKey, _sortable
from standards_rules.frontend import analyse, analyse_file, read_source
from standards_rules.records import complete_credit_code
from standards_rules.records.model import (
    ConformityReport,
    Dataset,
    Enterprise,
    Event,
    EventKind,
    Product,
    Service,
    Standard,
    Status,
    Subject,
    Title,
    Withdrawal,
)
from standards_rules.source import Source

ROOT = Path(__file__).resolve().parents[1]
# The bundled plans; their shared libraries are checked through the plans that use them.
BUNDLED = sorted(
    p
    for p in ROOT.glob("rulesets/*/*.rules")
    if isinstance(analyse_file(read_source(p)).node, ast.Ruleset)
)
E1 = complete_credit_code("91140500MA0GRBLW1")
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# ---------------------------------------------------------------- generated records

DATES = st.dates(datetime.date(2019, 1, 1), datetime.date(2023, 12, 31))
MISSING = object()
NUMBERS = ["Q/JCMY 0001-2021", "Q/JC 12-2021", "q/x 0001-2021", "Q/AB 0001A-2020"]
PRODUCTS = st.builds(Product, st.just("煤"), st.just("Q1"), st.booleans())


def _near(indicator: ast.Indicator) -> list[float]:
    """Values at and around every threshold of the indicator (limits and tiers)."""
    points = [r.value for r in (indicator.national, indicator.industry) if r and r.value]
    points += [t.threshold for t in indicator.tiers]
    out = [0.0]
    for p in points:
        step = abs(p) * 0.01 + 0.01
        out += [p, p - step, p + step, p * 0.5, p * 1.5]
    return out


def _value(indicator: ast.Indicator) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(_near(indicator)),
        st.just(MISSING),
        st.sampled_from([math.nan, True, 1, 0, None]),
        st.floats(-100, 1000, allow_nan=False),
    )


@st.composite
def indicator_values(draw: st.DrawFn, ruleset: ast.Ruleset) -> dict[str, Any]:
    values = {}
    for indicator in ruleset.indicators:
        value = draw(_value(indicator))
        if value is not MISSING:
            values[indicator.id] = value
    return values


@st.composite
def standards(draw: st.DrawFn, ruleset: ast.Ruleset) -> Standard:
    previous = draw(st.none() | indicator_values(ruleset))
    return Standard(
        number=draw(
            st.sampled_from(
                ["Q/JCMY 0001-2021", "Q/JC 12-2021", "q/x 0001-2021", "Q/AB 0001A-2020"]
            )
        ),
        enterprise=E1,
        status=draw(st.sampled_from(Status)),
        subject=draw(st.sampled_from(Subject)),
        published_on=draw(st.none() | DATES),
        format_compliant=draw(st.booleans()),
        category=draw(st.sampled_from(["动力煤", "无烟煤", None])),
        products=tuple(
            draw(
                st.lists(
                    st.builds(Product, st.just("煤"), st.just("Q1"), st.booleans()), max_size=2
                )
            )
        ),
        service=draw(st.none() | st.builds(Service, st.booleans(), st.none() | st.integers(0, 50))),
        indicators=draw(indicator_values(ruleset)),
        previous_indicators=previous,
        conformity_report=draw(
            st.none() | st.builds(ConformityReport, st.booleans(), st.none() | DATES)
        ),
    )


EVENTS = st.builds(Event, st.sampled_from(EventKind), DATES, st.booleans())
ENTERPRISES = st.builds(
    Enterprise,
    st.just(E1),
    st.just("某某公司"),
    applied=st.booleans(),
    consent=st.booleans(),
    events=st.lists(EVENTS, max_size=3).map(tuple),
    withdrawals=st.lists(
        st.builds(Withdrawal, st.none() | DATES, st.none() | DATES), max_size=2
    ).map(tuple),
)
AS_OF = st.dates(datetime.date(2020, 6, 1), datetime.date(2022, 6, 1))


# ---------------------------------------------------------------- generated rule bodies

# The indicators and defines generated bodies use: classes, named references and defines
# (with a quantifier variable of their own, `v0`, that an argument may also mention).
INDICATORS = """
  indicator sulfur "全硫" { unit "%" better lower weight 0.35 national 1.00 industry 0.80
                           reference group 0.6 tier leader 0.50 tier advanced 0.70 }
  indicator calorific "发热量" { better higher weight 0.40 national 23.0 industry 24.0
                                reference group 24.5 }
  indicator ash "灰分" { class basic better lower national 25.0 industry none }
"""
DEFINES = """
  define fine "就绪": enterprise.applied and standard.format_compliant
  define good(i: indicator): i.value better_than i.national
  define near(x: number, y: number): abs(x - y) < 0.1
  define some_equal(x: number): any v0 in indicators: v0.value == x
  define grouped(i: indicator) "严于团体标准":
    i.value better_than first(i.references.group, i.industry, i.national)
  define fine_and_good(i: indicator): fine and good(i)
"""

NUMBER_ATOMS = [
    "1", "0", "0.5", "23.0", "-1", "0.8",
    "indicators.sulfur.value", "indicators.ash.previous", "indicators.calorific.value",
    "indicators.calorific.national", "indicators.ash.industry", "indicators.sulfur.tiers.leader",
    "indicators.sulfur.weight", "len(standard.products)",
    "first(indicators.ash.industry, indicators.ash.national)",
    "indicators.calorific.references.group",
]  # fmt: skip
BOOL_ATOMS = [
    "true", "false", "standard.format_compliant", "enterprise.applied",
    'standard.status == "current"', 'standard.number matches "Q/[A-Z]+ [0-9]{4}-[0-9]{4}"',
    'indicators.sulfur.tier == "leader"', "indicators.ash.tier == none",
    "indicators.sulfur.value better_than indicators.sulfur.national",
    "indicators.calorific.value no_worse_than indicators.calorific.industry",
    "indicators.ash.value better_than indicators.ash.industry",
    "indicators.sulfur.value worse_than indicators.sulfur.previous",
    "indicators.sulfur.tiers.advanced no_worse_than 0.7",
    "standard.conformity_report != none and standard.conformity_report.passed",
    "standard.service.widely_provided", "indicators.ash.value != none",
    "any p in standard.products: p.mass_produced",
    "all w in enterprise.withdrawals: w.excluded_until > as_of",
    "fine", "good(indicators.sulfur)", "near(indicators.sulfur.value, 0.5)",
    "some_equal(indicators.ash.value)", "grouped(indicators.calorific)",
    'indicators.ash.class == "basic"',
    "indicators.sulfur.value no_worse_than indicators.sulfur.references.group",
]  # fmt: skip
VIEW_BOOLS = [
    "{v}.value better_than {v}.national", "{v}.value no_worse_than {v}.industry",
    "{v}.value worse_than {v}.previous", "{v}.previous better_than {v}.value",
    "{v}.national better_than {v}.industry", '{v}.tier == "leader"', '{v}.id == "ash"',
    "{v}.value != none", "{v}.tiers.leader != none",
    "good({v})", "some_equal({v}.value)", "fine_and_good({v})", '{v}.class == "core"',
    "{v}.value better_than {v}.references.group", "near({v}.value, {v}.references.group)",
]  # fmt: skip
VIEW_NUMBERS = ["{v}.value", "{v}.previous", "{v}.national", "{v}.industry", "{v}.weight"]
ORDER = ["<", "<=", ">", ">=", "==", "!="]


@st.composite
def number_text(draw: st.DrawFn, depth: int, scope: tuple[str, ...]) -> str:
    atoms = NUMBER_ATOMS + [t.format(v=v) for v in scope for t in VIEW_NUMBERS]
    kind = draw(
        st.sampled_from(["atom"] * 3 + (["op", "neg", "call", "count"] if depth < 2 else []))
    )
    if kind == "atom":
        return draw(st.sampled_from(atoms))
    if kind == "op":
        op = draw(st.sampled_from(["+", "-", "*", "/"]))
        return f"({draw(number_text(depth + 1, scope))} {op} {draw(number_text(depth + 1, scope))})"
    if kind == "neg":
        return f"-{draw(st.sampled_from(atoms))}"
    if kind == "call":
        a, b = draw(number_text(depth + 1, scope)), draw(number_text(depth + 1, scope))
        return draw(st.sampled_from([f"abs({a})", f"min({a}, {b})", f"max({a}, {b})"]))
    var = f"v{depth}"
    return f"(count {var} in indicators: {draw(bool_text(depth + 1, (*scope, var)))})"


@st.composite
def bool_text(draw: st.DrawFn, depth: int = 0, scope: tuple[str, ...] = ()) -> str:
    kinds = ["atom", "compare"] + (["view"] * 3 if scope else [])
    if depth < 3:
        kinds += ["not", "and", "or", "if", "all", "any", "in"]
    kind = draw(st.sampled_from(kinds))
    sub = functools.partial(bool_text, depth + 1, scope)
    if kind == "atom":
        return draw(st.sampled_from(BOOL_ATOMS))
    if kind == "view":
        return draw(st.sampled_from(VIEW_BOOLS)).format(v=draw(st.sampled_from(scope)))
    if kind == "compare":
        left, right = draw(number_text(depth, scope)), draw(number_text(depth, scope))
        return f"{left} {draw(st.sampled_from(ORDER))} {right}"
    if kind == "in":
        return f"{draw(number_text(depth, scope))} in [1, 0.8, none]"
    if kind == "not":
        return f"not ({draw(sub())})"
    if kind in ("and", "or"):
        return f"({draw(sub())} {kind} {draw(sub())})"
    if kind == "if":
        return f"(if {draw(sub())} then {draw(sub())} else {draw(sub())})"
    var = f"v{depth}"
    body = draw(bool_text(depth + 1, (*scope, var)))
    return f"({kind} {var} in indicators: {body})"


def _checked(rules: list[str]) -> ast.Ruleset | None:
    body = "\n".join(f"rule r{n}: {text}" for n, text in enumerate(rules))
    text = f'ruleset t "t" {{ subject product {INDICATORS} {DEFINES} eligible {{ {body} }} }}'
    tree, diagnostics = analyse(Source("generated.rules", text))
    if tree is None or any(d.is_error for d in diagnostics):
        return None
    return tree


def _env(standard: Standard, enterprise: Enterprise, as_of: datetime.date) -> dict[str, Any]:
    return {"standard": standard, "enterprise": enterprise, "as_of": as_of}


@SETTINGS
@given(
    rules=st.lists(bool_text(), min_size=1, max_size=4),
    data=st.data(),
    enterprise=ENTERPRISES,
    as_of=AS_OF,
)
def test_generated_rules_agree_with_the_reference(
    rules: list[str], data: st.DataObject, enterprise: Enterprise, as_of: datetime.date
) -> None:
    tree = _checked(rules)
    assume(tree is not None)
    assert tree is not None and tree.eligible is not None
    program = compile_ruleset(tree)
    reference = Reference(tree)
    for standard in data.draw(st.lists(standards(tree), min_size=1, max_size=4)):
        views = program.views_for(standard)
        args = (standard, enterprise, as_of, views, None, (), None, None, None)
        expected = 0
        for n, rule in enumerate(tree.eligible):
            want = bool(reference.run(rule.body, _env(standard, enterprise, as_of)))
            got = bool(program.eligible[n].fn(*args))
            assert got == want, (rules[n], standard, program.source)
            expected |= (not want) << n
        assert program.eligible_mask(*args) == expected, (rules, program.source)
        (entry,), eligible = judge(program, [(standard, enterprise)], as_of)
        if standard.subject is Subject.PRODUCT:
            assert [f.rule for f in entry.failed] == [
                rule.id for n, rule in enumerate(tree.eligible) if expected >> n & 1
            ]
            assert entry.eligible == (not expected) == bool(eligible)
        else:
            assert [f.rule for f in entry.failed] == ["subject"] and not eligible


# ---------------------------------------------------------------- bundled rulesets


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b) and type(a) is type(b)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_rulesets_agree_with_the_reference(path: Path) -> None:
    checked = load_ruleset(path)
    tree = checked.ast
    program = compile_ruleset(tree)
    reference = Reference(tree)

    @SETTINGS
    @given(
        standard=standards(tree),
        enterprise=ENTERPRISES,
        as_of=AS_OF,
        awarded=DATES,
        cohort=st.integers(0, 30),
        score=st.none() | st.floats(-2, 2, allow_nan=False),
    )
    def check(
        standard: Standard,
        enterprise: Enterprise,
        as_of: datetime.date,
        awarded: datetime.date,
        cohort: int,
        score: float | None,
    ) -> None:
        title = Title(standard.number, tree.id, awarded, as_of, standard.previous_indicators)
        events = enterprise.events
        env = {
            **_env(standard, enterprise, as_of),
            "title": title,
            "events": list(events),
            "cohort": cohort,
            "score": score,
        }
        views = program.views_for(standard)
        args = (standard, enterprise, as_of, views, title, events, cohort, score, None)
        mask = 0
        for n, rule in enumerate(tree.eligible or ()):
            want = bool(reference.run(rule.body, env))
            assert bool(program.eligible[n].fn(*args)) == want, rule.id
            mask |= (not want) << n
        assert program.eligible_mask(*args) == mask
        requires = tree.leaders.requires if tree.leaders else ()
        for compiled, rule in zip(program.requires, requires, strict=True):
            assert bool(compiled.fn(*args)) == bool(reference.run(rule.body, env)), rule.id
        # Triggers see indicator views whose `awarded` is the title's recorded level.
        titled = make_views(program.statics, standard, title) if program.needs_views else ()
        trigger_args = (standard, enterprise, as_of, titled, title, events, None, None, None)
        triggers = tree.withdraw.triggers if tree.withdraw else ()
        for compiled, rule in zip(program.triggers, triggers, strict=True):
            want = bool(reference.run(rule.body, env))
            assert bool(compiled.fn(*trigger_args)) == want, rule.id
        for key, node in zip(program.rank_keys, tree.rank_by or (), strict=False):
            assert _same(key.fn(*args), reference.run(node.expr, env)), node
        if program.group_by is not None and tree.group_by is not None:
            assert _same(program.group_by(*args), reference.run(tree.group_by, env))

    check()


# ---------------------------------------------------------------- the JSON writer


def _assert_json_identical(report: Any) -> None:
    assert report.to_json() == json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


@pytest.mark.parametrize("path", [p for p in BUNDLED if p.parent.name == "jincheng"], ids=str)
def test_report_json_is_exactly_json_dumps_for_bundled_data(path: Path) -> None:
    ruleset = load_ruleset(path)
    dataset = load_dataset(path.parent / "data" / f"{path.stem}.json")
    for as_of in (datetime.date(2020, 1, 1), datetime.date(2021, 6, 1), datetime.date(2022, 1, 1)):
        _assert_json_identical(evaluate(ruleset, dataset, as_of=as_of))


@SETTINGS
@given(data=st.data(), as_of=AS_OF)
def test_report_json_is_exactly_json_dumps_for_generated_data(
    data: st.DataObject, as_of: datetime.date
) -> None:
    ruleset = load_ruleset(ROOT / "rulesets" / "jincheng" / "coal.rules")
    records = data.draw(st.lists(standards(ruleset.ast), max_size=12))
    numbered = [attrs.evolve(s, number=f"Q/JCMY {n:04d}-2021") for n, s in enumerate(records)]
    enterprise = data.draw(ENTERPRISES)
    titles = tuple(
        Title(s.number, ruleset.id, datetime.date(2020, 6, 1), datetime.date(2022, 6, 1))
        for s in numbered[::3]
    )
    dataset = Dataset((enterprise,), tuple(numbered), titles)
    _assert_json_identical(evaluate(ruleset, dataset, as_of=as_of))


# ---------------------------------------------------------------- ranking keys

KEY_VALUES = st.one_of(
    st.lists(st.none() | st.floats(allow_nan=True) | st.integers(-5, 5) | st.booleans()),
    st.lists(st.none() | DATES),
    st.lists(st.none() | st.text(max_size=3)),
    st.lists(st.none() | st.integers(-3, 3) | st.text(max_size=2) | DATES),
)


@SETTINGS
@given(values=KEY_VALUES, descending=st.booleans())
def test_plain_rank_keys_order_and_tie_like_sort_keys(values: list[Any], descending: bool) -> None:
    columns = _sortable(values, descending)
    plain = [tuple(column[k] for column in columns) for k in range(len(values))]
    keyed = [SortKey(v, descending) for v in values]
    by_plain = sorted(range(len(values)), key=lambda k: (plain[k], k))
    by_key = sorted(range(len(values)), key=lambda k: (keyed[k], k))
    assert by_plain == by_key
    for a, b in itertools.pairwise(by_plain):
        assert (plain[a] == plain[b]) == (keyed[a] == keyed[b])
