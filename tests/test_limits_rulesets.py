"""Numbers, dates, texts and names in rulesets at and past their limits (docs/limits.md)."""

from __future__ import annotations

import datetime

import attrs
import pytest

from evalkit import E1, dataset, enterprise, ruleset, standard, value_of
from standards_rules import RulesetError, parse_ruleset
from standards_rules.evaluate import evaluate
from standards_rules.frontend import analyse
from standards_rules.source import Source

D = datetime.date


def codes(text: str) -> list[str]:
    _, diagnostics = analyse(Source("t.rules", text))
    return [d.code for d in diagnostics if d.severity.value == "error"]


def body(expr: str, extra: str = "") -> str:
    return (
        "ruleset r { subject product indicator a { better lower weight 1 national 1 } "
        f"eligible {{ rule x: {expr} }} {extra} }}"
    )


@pytest.mark.parametrize(
    "literal",
    ["1e400", "9" * 310, "9" * 5000, "1" + "0" * 309 + ".5"],
)
def test_a_number_literal_past_the_float_range_is_e120(literal: str) -> None:
    assert codes(body(f"indicators.a.value < {literal}")) == ["E120"]


@pytest.mark.parametrize(
    "place",
    ["weight {n}", "national {n}", "tier leader {n}"],
)
def test_a_huge_number_in_an_indicator_is_e120(place: str) -> None:
    text = (
        "ruleset r { subject product indicator a { better lower "
        + place.format(n="1e999")
        + " } eligible { } }"
    )
    assert "E120" in codes(text)


def test_the_largest_finite_numbers_are_accepted() -> None:
    assert codes(body("indicators.a.value < 1.7976931348623157e308")) == []
    assert codes(body("indicators.a.value < " + "9" * 308)) == []


@pytest.mark.parametrize(
    ("expr", "ascii"),
    [("indicators.a.value < ١٠", "10"), ("indicators.a.value < ０.５", "0.5")],
)
def test_non_ascii_digits_are_e121_with_the_ascii_spelling(expr: str, ascii: str) -> None:
    _, diagnostics = analyse(Source("t.rules", body(expr)))
    (diagnostic,) = diagnostics
    assert diagnostic.code == "E121"
    assert diagnostic.message.endswith(f"write {ascii}")


def test_a_full_width_date_says_so_and_not_that_it_does_not_exist() -> None:
    _, diagnostics = analyse(Source("t.rules", body("as_of > ２０２１-０４-２２")))
    (diagnostic,) = diagnostics
    assert diagnostic.code == "E121"
    assert "not ASCII" in diagnostic.message and "2021-04-22" in diagnostic.message


def test_half_a_surrogate_pair_in_an_escape_is_e122() -> None:
    with pytest.raises(RulesetError) as info:
        parse_ruleset(body('standard.name == "\\uD800"'))
    assert [d.code for d in info.value.diagnostics] == ["E122"]


def test_a_whole_surrogate_pair_in_escapes_is_one_character() -> None:
    checked = parse_ruleset(body('standard.name == "\\uD83D\\uDE00"'))
    rule = checked.ast.eligible[0]  # type: ignore[index]
    assert rule.body.right.value == "\U0001f600"  # type: ignore[attr-defined]


def test_a_raw_surrogate_in_library_text_is_e122_not_an_encoding_error() -> None:
    text = body('standard.name == "\ud800"')
    with pytest.raises(RulesetError) as info:
        parse_ruleset(text)
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.code == "E122"
    assert (diagnostic.span.line, diagnostic.span.column) == (1, text.index("\ud800") + 1)


@pytest.mark.parametrize(
    "duration",
    ["1e300 days", "10000 years", "120000 months", "3652059 working days"],
)
def test_a_duration_longer_than_the_calendar_is_e123(duration: str) -> None:
    assert codes(body(f"as_of + {duration} > as_of")) == ["E123"]
    assert codes(body("true", f"publicity {duration}")) == ["E123"]
    assert codes(body("true", f"withdraw {{ exclude {duration} }}")) == ["E123"]


# ---------------------------------------------------------------- run time


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("standard.attributes.big * 10", None),
        ("standard.attributes.big * 1.8", None),
        ("standard.attributes.big * 1.5", 1.5e308),
        ("standard.attributes.big + standard.attributes.big", None),
        ("standard.attributes.big - (0 - standard.attributes.big)", None),
        ("standard.attributes.big / 0.1", None),
        ("1e308 * 10", None),
        ("round(standard.attributes.big, 2)", 1e308),
        ("round(1e26, 0)", 1e26),
        ("round(123456789012345678901234567.5, 0)", 1.2345678901234568e26),
        ("round(2.5, 1e300)", None),
        ("[1, 2][1e308 * 10]", None),
        ("[1, 2][1]", 2),
    ],
)
def test_arithmetic_that_overflows_gives_none(expr: str, expected: object) -> None:
    big = standard("Q/T 1")
    big = attrs.evolve(big, attributes={"big": 10**308})
    assert value_of(expr, big) == expected


def _ruleset_with(top: str) -> str:
    return f"""
  score weighted normalize relative to national
  leaders {{ top {top} }}
"""


def _two_standards() -> object:
    return dataset(standard("Q/A 1", sulfur=0.5, calorific=25, ash=10),
                   standard("Q/A 2", sulfur=0.6, calorific=25, ash=10))  # fmt: skip


@pytest.mark.parametrize(("top", "leaders"), [("1e308 %", 2), ("-1e308", 1), ("1e308", 2)])
def test_top_with_extreme_numbers_is_defined(top: str, leaders: int) -> None:
    report = evaluate(ruleset(_ruleset_with(top)), _two_standards(), as_of=D(2021, 6, 1))  # type: ignore[arg-type]
    assert len(report.leaders) == leaders


def test_top_reads_the_indicators_own_facts() -> None:
    # weight 0.35 x 4 = 1.4 → 1 leader; 0.40 x 5 = 2 → 2 leaders
    for expr, leaders in (
        ("indicators.sulfur.weight * 4", 1),
        ("indicators.calorific.weight * 5", 2),
    ):
        checked = ruleset(_ruleset_with(expr))
        report = evaluate(checked, _two_standards(), as_of=D(2021, 6, 1))  # type: ignore[arg-type]
        assert len(report.leaders) == leaders


@pytest.mark.parametrize("name", ["standard.number", "enterprise.name"])
def test_top_cannot_read_a_standard_or_an_enterprise(name: str) -> None:
    with pytest.raises(RulesetError) as info:
        ruleset(_ruleset_with(f"len({name})"))
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.code == "E202"
    assert "not available in leaders top" in diagnostic.message


def test_a_publicity_from_the_first_day_of_the_calendar() -> None:
    checked = ruleset("publicity 10 working days")
    report = evaluate(checked, dataset(), as_of=D(1, 1, 1))
    assert report.publicity is not None
    # 0001-01-01 is a Monday: 1-5, 8-12 January are the ten working days.
    assert (report.publicity.end, report.publicity.working_days) == (D(1, 1, 12), 10)


def test_a_publicity_past_the_last_day_of_the_calendar_is_none() -> None:
    report = evaluate(ruleset("publicity 10 working days"), dataset(), as_of=D(9999, 12, 30))
    assert report.publicity is None


@pytest.mark.parametrize(
    "expr",
    ["as_of + 3 years", "as_of + 10 working days", "as_of + 30 days", "as_of - 3000 years"],
)
def test_date_arithmetic_past_the_calendar_gives_none(expr: str) -> None:
    assert value_of(expr, as_of=D(9999, 12, 30) if "+" in expr else D(2021, 1, 1)) is None


def test_exclusion_past_the_calendar_leaves_no_date() -> None:
    from standards_rules.records.model import Event, Title

    checked = ruleset("withdraw { trigger t: true exclude 9000 years }")
    title = Title("Q/A 1", "t", D(2021, 1, 1), D(2024, 1, 1))
    holder = enterprise(E1, events=(Event("other", D(2021, 2, 1)),))  # type: ignore[arg-type]
    ds = dataset(standard("Q/A 1"), titles=(title,), enterprises=(holder,))
    (entry,) = evaluate(checked, ds, as_of=D(2021, 6, 1)).withdrawals
    assert entry.excluded_until is None


@pytest.mark.parametrize(
    ("defines", "top", "name"),
    [
        ("define n: len(standard.products)", "n", "standard"),
        ("define e: enterprise.applied", "if e then 2 else 1", "enterprise"),
        ("define n: len(standard.products)\n define m: n + 1", "m", "standard"),
        ("define f(x: number): x + len(enterprise.events)", "f(1)", "enterprise"),
    ],
)
def test_top_cannot_read_a_standard_through_a_define(defines: str, top: str, name: str) -> None:
    with pytest.raises(RulesetError) as info:
        ruleset(f"{defines}\n{_ruleset_with(top)}")
    (diagnostic,) = [d for d in info.value.diagnostics if d.code == "E202"]
    assert f"reads '{name}'" in diagnostic.message
    assert "not available in leaders top" in diagnostic.message


def test_a_define_reading_only_the_indicators_facts_works_in_top() -> None:
    checked = ruleset(f"define w: indicators.calorific.weight * 5\n{_ruleset_with('w')}")
    assert len(evaluate(checked, _two_standards(), as_of=D(2021, 6, 1)).leaders) == 2  # type: ignore[arg-type]
