"""The six Jincheng plans check clean and evaluate to results worked out apart from the engine.

The sample data and the expected results both come from
`rulesets/jincheng/data/generate.py`: each scenario is built to fail (or pass) a
stated rule or fire a stated trigger, and a small reference calculation written
from SPEC §4 (scores, ranks, the leaders walk with `per enterprise` and
`declared`) and §4.7 (band lists) gives the ranking; it shares no code with the
engine. The tests below compare the engine with it, check that the committed
data is what the generator writes, and check by hand the points the plans were
rewritten for (consent before ranking, exclusion in the same evaluation,
三.7(2) against the award, fraud by when it was found, the tie-break, titles,
ranges and values that could be real).
"""

from __future__ import annotations

import datetime
import importlib.util
import json
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

from standards_rules import ast, evaluate, load_dataset, load_ruleset
from standards_rules.frontend import analyse, analyse_file, read_source
from standards_rules.records.model import Dataset

ROOT = Path(__file__).resolve().parent.parent
JINCHENG = ROOT / "rulesets" / "jincheng"
KEYS = ["coal", "steel_castings", "coalbed_methane", "optomechatronics", "tourism", "millet"]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "jincheng_generate", JINCHENG / "data" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


GEN = _generator()
PLANS = {plan.key: plan for plan in GEN.PLANS}

# Publicity: 10 working days from as_of, on the official 2021 calendar
# (National Day 10-01..07 with working Sundays/Saturdays 09-26 and 10-09;
# Mid-Autumn 09-19..21 with working Saturday 09-18).
PUBLICITY_END = {
    "coal": "2021-10-19",
    "steel_castings": "2021-10-28",
    "coalbed_methane": "2021-11-12",
    "optomechatronics": "2021-09-28",
    "tourism": "2021-11-11",
    "millet": "2021-12-14",
}
# The first working day after the notice period: the titles' award date.
AWARDED_ON = {
    "coal": "2021-10-20",
    "steel_castings": "2021-10-29",
    "coalbed_methane": "2021-11-15",  # 11-12 is a Friday
    "optomechatronics": "2021-09-29",
    "tourism": "2021-11-12",
    "millet": "2021-12-15",
}

# Rules a plan states for itself (its fixed categories; tourism's closure time
# against a regulation); every other rule, require and trigger only names a
# define of common.rules (a basic indicator's rule: `basic_met(indicators.ID)`).
OWN_RULES = {key: {"category"} for key in KEYS} | {"tourism": {"category", "closure"}}


class Case:
    def __init__(self, key: str) -> None:
        self.key = key
        self.plan = PLANS[key]
        self.builder, self.expect = GEN.build(self.plan)
        self.reference = GEN.reference_results(self.plan, self.builder, self.expect)
        self.ruleset = load_ruleset(JINCHENG / f"{key}.rules")
        self.dataset = load_dataset(JINCHENG / "data" / f"{key}.json")
        self.report: dict[str, Any] = self.evaluate(self.dataset)

    def evaluate(self, dataset: Dataset) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(
            evaluate(self.ruleset, dataset, as_of=self.plan.as_of).to_json()
        )
        return result

    def enterprise_of(self, number: str) -> str:
        standard = self.dataset.standard(number)
        assert standard is not None
        return standard.enterprise

    def tag(self, name: str) -> str:
        number: str = self.expect["tags"][name]
        return number


@pytest.fixture(scope="module", params=KEYS)
def case(request: pytest.FixtureRequest) -> Case:
    return Case(request.param)


# ----------------------------------------------------------------------------- checks


@pytest.mark.parametrize("key", KEYS)
def test_checks_clean_without_warnings(key: str) -> None:
    ruleset, diagnostics = analyse(read_source(JINCHENG / f"{key}.rules"))
    assert ruleset is not None
    assert [f"{d.code}: {d.message}" for d in diagnostics] == []
    assert ruleset.id == PLANS[key].ruleset_id
    assert ruleset.metadata.authority == "晋城市市场监督管理局"
    assert ruleset.metadata.source == "晋市市监〔2021〕77号"
    assert str(ruleset.metadata.effective) == "2021-04-22"
    assert ruleset.uses and ruleset.uses[0].path == "common.rules"


def test_the_common_library_checks_clean() -> None:
    analysis = analyse_file(read_source(JINCHENG / "common.rules"))
    assert isinstance(analysis.node, ast.Library)
    assert analysis.diagnostics == []


def _names_a_define(body: ast.Expr, defines: set[str]) -> bool:
    match body:
        case ast.Name(id=name) | ast.Call(func=name):
            return name in defines
        case ast.Quantifier(body=inner):
            return _names_a_define(inner, defines)
    return False


@pytest.mark.parametrize("key", KEYS)
def test_shared_rules_live_in_the_library(key: str) -> None:
    library = analyse_file(read_source(JINCHENG / "common.rules")).node
    assert isinstance(library, ast.Library)
    shared = {d.name for d in library.defines}
    ruleset = load_ruleset(JINCHENG / f"{key}.rules").ast
    assert ruleset.eligible is not None and ruleset.leaders is not None
    assert ruleset.withdraw is not None
    rules = [*ruleset.eligible, *ruleset.leaders.requires, *ruleset.withdraw.triggers]
    written_here = {r.id for r in rules if not _names_a_define(r.body, shared)}
    assert written_here == OWN_RULES[key]
    # and every rule shows words, its own or the library's
    assert all(r.label for r in rules)


@pytest.mark.parametrize("key", KEYS)
def test_every_indicator_has_a_class_a_range_and_a_source(key: str) -> None:
    ruleset = load_ruleset(JINCHENG / f"{key}.rules").ast
    for indicator in ruleset.indicators:
        assert indicator.range is not None, indicator.id
        assert indicator.indicator_class in (ast.IndicatorClass.CORE, ast.IndicatorClass.BASIC)
        if indicator.indicator_class is ast.IndicatorClass.BASIC:
            assert indicator.weight is None
    assert ruleset.bands, "each plan publishes some indicators singly"
    assert ruleset.leaders is not None and ruleset.leaders.per_enterprise == 1
    assert ruleset.leaders.valid is not None


# ----------------------------------------------------------------------------- data


@pytest.mark.parametrize("key", KEYS)
def test_committed_data_is_what_the_generator_writes(key: str, tmp_path: Path) -> None:
    builder, _ = GEN.build(PLANS[key])
    builder.dump(tmp_path / "out.json")
    written = (tmp_path / "out.json").read_text(encoding="utf-8")
    assert written == (JINCHENG / "data" / f"{key}.json").read_text(encoding="utf-8")


def test_nothing_is_rejected_and_every_record_is_of_jincheng(case: Case) -> None:
    assert case.report["rejected"] == [] and case.report["warnings"] == []
    outside = case.dataset.standard(case.tag("outside_jincheng"))
    assert outside is not None
    for enterprise in case.dataset.enterprises:
        if enterprise.credit_code == outside.enterprise:
            assert enterprise.credit_code[2:8] == "140105"  # Taiyuan: the one outsider
        else:
            assert enterprise.credit_code[2:6] == "1405"
            assert enterprise.county in {c for c, _ in GEN.COUNTIES}


def test_values_could_be_real(case: Case) -> None:
    ranges = {i.id: i.range for i in case.ruleset.ast.indicators}
    for standard in case.dataset.standards:
        values = standard.indicators
        for ident, value in values.items():
            bounds = ranges[ident]
            assert bounds is not None and bounds.low <= value <= bounds.high, (ident, value)
        if case.key == "coalbed_methane" and {"methane", "gcv"} <= values.keys():
            assert values["methane"] <= 100
            # pure methane: 37.04 MJ/m³ at 101.325 kPa and 20 °C
            assert abs(values["gcv"] - 0.3704 * values["methane"]) <= 0.05, standard.number
        if case.key == "coal" and {"ash", "calorific"} <= values.keys():
            # anthracite: Qgr,daf about 35.2 MJ/kg, the dry basis loses the ash share
            assert abs(values["calorific"] - 35.2 * (1 - values["ash"] / 100)) <= 0.2


def test_a_range_rejects_what_cannot_be_real(case: Case) -> None:
    standard = case.dataset.standards[0]
    indicator = case.ruleset.ast.indicators[0]
    assert indicator.range is not None
    beyond = {**standard.indicators, indicator.id: indicator.range.high + 1}
    changed = attrs.evolve(standard, indicators=beyond)
    dataset = Dataset(case.dataset.enterprises, (changed,), ())
    report = case.evaluate(dataset)
    assert report["eligibility"] == []
    assert [r["path"] for r in report["rejected"]] == [f"standards[0].indicators.{indicator.id}"]


# ----------------------------------------------------------------------------- results


def test_eligibility(case: Case) -> None:
    failed = {
        e["standard"]: [f["rule"] for f in e["failed"]]
        for e in case.report["eligibility"]
        if not e["eligible"]
    }
    assert failed == case.expect["ineligible"]
    assert len(case.report["eligibility"]) == len(case.builder.standards)


def test_ranking_and_scores(case: Case) -> None:
    got = [(r["group"], r["rank"], r["standard"], r["score"]) for r in case.report["ranking"]]
    want = [(r["group"], r["rank"], r["standard"], r["score"]) for r in case.reference["ranking"]]
    assert got == want


def test_leaders_and_passed_over(case: Case) -> None:
    got = [(x["group"], x["rank"], x["standard"]) for x in case.report["leaders"]]
    assert got == [(x["group"], x["rank"], x["standard"]) for x in case.reference["leaders"]]
    got_over = [
        (x["group"], x["rank"], x["standard"], x["failed"]) for x in case.report["passed_over"]
    ]
    want_over = [
        (x["group"], x["rank"], x["standard"], x["failed"]) for x in case.reference["passed_over"]
    ]
    assert got_over == want_over
    reasons = {x["standard"]: x["failed"] for x in case.report["passed_over"]}
    assert reasons[case.tag("B")] == ["report"]  # no report
    assert reasons[case.tag("C")] == ["report"]  # a failed one
    assert reasons[case.tag("OLD")] == ["report"]  # older than 12 months
    assert reasons[case.tag("DUP")] == ["per_enterprise"]  # A's enterprise already leads


def test_consent_is_needed_to_be_ranked(case: Case) -> None:
    consenting = {e.credit_code for e in case.dataset.enterprises if e.consent}
    assert all(case.enterprise_of(r["standard"]) in consenting for r in case.report["ranking"])
    ranked = {r["standard"] for r in case.report["ranking"]}
    assert case.tag("D") not in ranked and case.tag("BD") not in ranked


def test_ties_are_broken_by_a_core_indicator(case: Case) -> None:
    ranks = {r["standard"]: r["rank"] for r in case.report["ranking"]}
    scores = {r["standard"]: r["score"] for r in case.report["ranking"]}
    e, f = case.tag("E"), case.tag("F")
    assert scores[e] == scores[f]
    if case.plan.score[0] == "tiers":
        # F is better on the tie-break indicator and disclosed a day later: it ranks first
        assert ranks[f] < ranks[e]
        assert f in {x["standard"] for x in case.report["leaders"]}
        assert e not in {x["standard"] for x in case.report["leaders"]}
    else:
        assert ranks[f] == ranks[e]  # identical values share a rank, both lead


def test_declared_sizes_the_list(case: Case) -> None:
    """Where a plan sizes its list by the number of public standards, the main
    group's declared count reaches the threshold and its ranked count does not,
    so the plan's three places would be fewer if `cohort` were read instead."""
    main = case.plan.groups[0]
    cohort = sum(1 for r in case.report["ranking"] if r["group"] == main)
    declared = sum(
        1
        for s in case.dataset.standards
        if s.subject.value == case.plan.subject and s.category == main
    )
    n_main = case.plan.top(cohort, declared)
    assert n_main == 3
    if case.key in {"coal", "coalbed_methane", "tourism"}:
        assert case.plan.top(cohort, cohort) < 3


def test_publicity_and_titles(case: Case) -> None:
    as_of = case.plan.as_of.isoformat()
    assert case.report["publicity"] == {
        "start": as_of,
        "end": PUBLICITY_END[case.key],
        "working_days": 10,
    }
    awarded = datetime.date.fromisoformat(AWARDED_ON[case.key])
    expires = (awarded.replace(year=awarded.year + 3) - datetime.timedelta(days=1)).isoformat()
    leaders = sorted(x["standard"] for x in case.report["leaders"])
    assert [t["standard"] for t in case.report["titles"]] == leaders
    for title in case.report["titles"]:
        assert title["ruleset"] == case.plan.ruleset_id
        assert (title["awarded_on"], title["expires_on"]) == (awarded.isoformat(), expires)
        standard = case.dataset.standard(title["standard"])
        assert standard is not None and title["indicators"] == dict(standard.indicators)


def _bands(case: Case) -> list[tuple[str, str, str, list[str]]]:
    """SPEC §4.7 by hand: per band indicator and group, eligible standards by tier."""
    eligible = {e["standard"] for e in case.report["eligibility"] if e["eligible"]}
    out = []
    for ident in case.ruleset.ast.bands:
        indicator = case.plan.ind(ident.indicator)
        for group in case.plan.groups:
            members = [
                s for s in case.dataset.standards if s.number in eligible and s.category == group
            ]
            values = [s.indicators[indicator.id] for s in members if indicator.id in s.indicators]
            if not values or len(set(values)) == 1:
                continue
            for name, _ in indicator.tiers:
                numbers = sorted(
                    s.number
                    for s in members
                    if GEN.tier_of(indicator, s.indicators.get(indicator.id)) == name
                )
                if numbers:
                    out.append((indicator.id, group, name, numbers))
    return out


def test_band_lists(case: Case) -> None:
    got = [(b["indicator"], b["group"], b["band"], b["standards"]) for b in case.report["bands"]]
    assert got == _bands(case)
    assert got, "each plan's sample has a band list"


def test_withdrawals(case: Case) -> None:
    as_of = case.plan.as_of
    excluded_until = as_of.replace(year=as_of.year + 3).isoformat()
    got = {
        w["standard"]: {"triggers": w["triggers"], "current": w["current"]}
        for w in case.report["withdrawals"]
    }
    assert got == case.expect["withdrawn"]
    for w in case.report["withdrawals"]:
        assert (w["decided_on"], w["excluded_until"]) == (as_of.isoformat(), excluded_until)
    for number in case.expect["not_withdrawn"]:
        assert number not in got
    fired = {t for w in got.values() for t in w["triggers"]}
    assert fired == {
        "process_change",
        "lowered",
        "accident",
        "inspection",
        "ip",
        "integrity",
        "other",
    }


def test_withdrawn_enterprises_are_excluded_from_the_same_evaluation(case: Case) -> None:
    ranked = {case.enterprise_of(r["standard"]) for r in case.report["ranking"]}
    for w in case.report["withdrawals"]:
        assert w["enterprise"] not in ranked
    failed = {e["standard"]: [f["rule"] for f in e["failed"]] for e in case.report["eligibility"]}
    assert failed[case.tag("t_accident_other_standard")] == ["not_excluded"]
    # an accident, or a lowered version, without a title bars no one (三.7 withdraws titles)
    assert failed[case.tag("accident_no_title")] == []
    assert failed[case.tag("lowered_no_title")] == []


def test_lowering_is_judged_on_core_indicators_against_the_award(case: Case) -> None:
    withdrawn = {w["standard"]: w for w in case.report["withdrawals"]}
    lowered = withdrawn[case.tag("t_lowered")]
    assert (lowered["triggers"], lowered["current"]) == (["lowered"], case.tag("t_lowered_current"))
    assert withdrawn[case.tag("t_dropped")]["triggers"] == ["lowered"]
    assert case.tag("t_basic_lowered") not in withdrawn
    basic = case.plan.basic[0]
    before = case.dataset.standard(case.tag("t_basic_lowered"))
    after = case.dataset.standard(case.tag("t_basic_lowered_current"))
    assert before is not None and after is not None
    assert GEN.better(basic.better, before.indicators[basic.id], after.indicators[basic.id])
    assert withdrawn[case.tag("t_fraud_found_later")]["triggers"] == ["integrity"]


def test_a_third_standard_never_reorders_two(case: Case) -> None:
    """No min–max: scores depend on the standard alone, so adding a standard keeps order."""
    before = [r["standard"] for r in case.report["ranking"]]
    model = case.dataset.standard(case.tag("A"))
    assert model is not None
    extreme = {
        i.id: (i.range.low if i.better == "lower" else i.range.high)
        for i in case.ruleset.ast.indicators
        if i.range is not None and i.indicator_class is ast.IndicatorClass.CORE
    }
    extra = attrs.evolve(
        model, number="Q/XTRA 0001-2021", indicators={**model.indicators, **extreme}
    )
    dataset = Dataset(
        case.dataset.enterprises, (*case.dataset.standards, extra), case.dataset.titles
    )
    after = [
        r["standard"] for r in case.evaluate(dataset)["ranking"] if r["standard"] != extra.number
    ]
    assert after == before


def test_a_worked_score() -> None:
    """Coalbed methane, standard A (Qgr 36.67 MJ/m³, total S 2.0 mg/m³, H2S 0.5 mg/m³,
    CO2 0.30 %), relative to the GB 17820-2018 class-one limits:
    0.40 × (36.67 − 34)/34 + 0.20 × (20 − 2)/20 + 0.20 × (6 − 0.5)/6 + 0.20 × (3 − 0.3)/3
    = 0.031412 + 0.18 + 0.183333 + 0.18 = 0.574745."""
    c = Case("coalbed_methane")
    a = c.dataset.standard(c.tag("A"))
    assert a is not None
    assert dict(a.indicators) == {
        "gcv": 36.67,
        "total_sulfur": 2.0,
        "h2s": 0.5,
        "co2": 0.3,
        "methane": 99.0,
    }
    score = {r["standard"]: r["score"] for r in c.report["ranking"]}[c.tag("A")]
    assert score == pytest.approx(0.574745, abs=1e-6)
    assert math.isclose(
        0.40 * (36.67 - 34) / 34 + 0.20 * 18 / 20 + 0.20 * 5.5 / 6 + 0.20 * 2.7 / 3,
        0.574745,
        abs_tol=1e-6,
    )
