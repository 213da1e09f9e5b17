"""The checker: good fixtures check clean, bad fixtures give exactly their expected diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from standards_rules.check import lint
from standards_rules.frontend import analyse, read_source
from standards_rules.source import Source

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = sorted((FIXTURES / "good").glob("*.rules"))
BAD = sorted((FIXTURES / "bad").glob("*.rules"))


def diagnostics_of(text: str) -> list[str]:
    _, diagnostics = analyse(Source("t.rules", text))
    return [d.code for d in diagnostics]


def wrap(body: str, extra: str = "", indicator: str = "better lower national 1 tier t 0.5") -> str:
    return (
        f"ruleset r {{ subject product indicator a {{ {indicator} }} "
        f"eligible {{ rule x: {body} }} {extra} }}"
    )


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_fixture_checks_clean(path: Path) -> None:
    _, diagnostics = analyse(read_source(path))
    assert diagnostics == []


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_fixture_gives_expected_diagnostics(path: Path) -> None:
    _, diagnostics = analyse(read_source(path))
    actual = [f"{d.span.line}:{d.span.column}: {d.severity.value}[{d.code}]" for d in diagnostics]
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").split("\n")
    assert actual == [line for line in expected if line.strip()]


def test_spec_example_is_among_good_fixtures() -> None:
    assert FIXTURES / "good" / "spec_example.rules" in GOOD


def test_dozen_mistakes_reports_at_least_twelve_codes() -> None:
    _, diagnostics = analyse(read_source(FIXTURES / "bad" / "dozen_mistakes.rules"))
    assert len({d.code for d in diagnostics}) >= 12


def test_diagnostics_are_sorted_by_position() -> None:
    _, diagnostics = analyse(read_source(FIXTURES / "bad" / "dozen_mistakes.rules"))
    positions = [(d.span.line, d.span.column) for d in diagnostics]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "body",
    [
        'standard.status == "current" and enterprise.applied',
        "all i in indicators: i.value no_worse_than i.tiers.t",
        'indicators.a.tier == "t" or indicators.a.tier == none',
        "standard.published_on + 3 years > as_of",
        "as_of - standard.published_on < 365",
        "working_days_between(standard.published_on, as_of) >= 10",
        "(count p in standard.products: p.mass_produced) >= 1",
        "(if standard.service != none then standard.service.outlets else 0) > 3",
        'standard.attributes.level > 2 and standard.attributes.name == "x"',
        "standard.attributes.level + 1 == 4 and 1 - standard.attributes.level < 0",
        "standard.attributes.level - 1 > 2 and standard.attributes.day + 3 days > as_of",
        'lower(standard.name) matches "[a-z]+"',
        "max(1, 2, len(standard.products)) < round(1.25, 1) + abs(-3)",
        "standard.indicators.a > 0 and standard.products[0].name != none",
        'standard.subject in ["product", "service"]',
        "standard.conformity_report.passed == true",
    ],
)
def test_well_typed_bodies_check_clean(body: str) -> None:
    assert diagnostics_of(wrap(body)) == []


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("cohort > 3", "E202"),
        ("events == []", "E202"),
        ("indicators.b.value > 1", "E201"),
        ('standard.products.name == "x"', "E203"),
        ("indicators.a.tiers.gold > 1", "E205"),
        ('standard.status == "curent"', "E208"),
        ('standard.subject in ["product", "servce"]', "E208"),
        ("all standard in indicators: true", "E209"),
        ("not 1", "E301"),
        ('1 < "a"', "E301"),
        ("as_of + 3", "E301"),
        ("1 in 2", "E301"),
        ("(any i in indicators: 1)", "E301"),
        ("if 1 then true else false", "E301"),
        ("len(1, 2) > 0", "E303"),
        ("min() > 0", "E303"),
        ("1 better_than 2", "E304"),
        ("standard.name matches standard.number", "E306"),
        ('standard.name matches "("', "E305"),
        ("1 / 0 > 1", "W503"),
        ("standard.attributes.x < 5 or standard.attributes.x >= 5", "W502"),
        ("len(standard.products) == 1 and len(standard.products) == 2", "W501"),
    ],
)
def test_bad_bodies_give_their_code(body: str, code: str) -> None:
    assert code in diagnostics_of(wrap(body))


def test_top_sees_cohort_and_triggers_see_events() -> None:
    extra = (
        "score normalize relative to national "
        "leaders { top if cohort >= 10 then 3 else 1 } "
        'withdraw { trigger t: any e in events: e.kind == "fraud" and title.awarded_on < as_of }'
    )
    assert diagnostics_of(wrap("true", extra, "better lower weight 1 national 1")) == []


def test_rank_keys_see_score() -> None:
    extra = "score normalize minmax rank by score desc, standard.published_on asc"
    assert diagnostics_of(wrap("true", extra, "better lower weight 1")) == []


def test_no_cascade_after_an_unknown_name() -> None:
    assert diagnostics_of(wrap("nothing.x.y > 1 and nothing.z")) == ["E202", "E202"]


def test_lint_is_sound_at_the_boundaries() -> None:
    assert diagnostics_of(wrap("len(standard.products) <= 1 and len(standard.products) >= 1")) == []
    assert diagnostics_of(wrap("len(standard.products) < 1 or len(standard.products) > 1")) == []
    assert lint.covers_everything([lint.admitted(lint.ast.CompareOp.NE, 1)]) is False
    assert lint.covers_everything(
        [lint.admitted(lint.ast.CompareOp.LE, 1), lint.admitted(lint.ast.CompareOp.GE, 1)]
    )


def test_weights_a_little_over_one_show_their_sum_unrounded() -> None:
    text = wrap(
        "true",
        "score weighted normalize relative to national",
        "better lower weight 0.500000002 national 1",
    ).replace("indicator a {", "indicator b { better lower weight 0.5 national 1 } indicator a {")
    _, diagnostics = analyse(Source("t.rules", text))
    assert [d.code for d in diagnostics] == ["E402"]
    assert "they sum to 1.000000002:" in diagnostics[0].message


@pytest.mark.parametrize(("cap", "codes"), [("2", []), ("2.0", ["E418"]), ("1e0", ["E418"])])
def test_per_enterprise_is_an_integer_literal(cap: str, codes: list[str]) -> None:
    extra = f"score normalize relative to national leaders {{ top 3 per enterprise {cap} }}"
    assert diagnostics_of(wrap("true", extra, "better lower weight 1 national 1")) == codes


def test_a_tier_written_twice_is_named_with_its_indicator() -> None:
    _, diagnostics = analyse(
        Source("t.rules", wrap("true", "", "better lower tier t 0.5 tier t 0.4"))
    )
    duplicate = [d for d in diagnostics if d.code == "E207"]
    assert [d.message for d in duplicate] == [
        "tier 't' of indicator 'a' is already defined on line 1"
    ]
