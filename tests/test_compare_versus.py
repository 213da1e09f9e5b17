"""Comparing two standards (`explain --versus`) and what it would take, on the SPEC example
plan by hand, and on every bundled plan by re-evaluating with the one value changed."""

from __future__ import annotations

import functools
import json
import math
from functools import cache
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from standards_rules import evaluate, load_dataset, load_ruleset, parse_ruleset
from standards_rules.cli import main
from standards_rules.compare import Change, Evaluation, UnknownStandardError, compare
from standards_rules.compare.versus_text import render_versus
from standards_rules.compare.what_it_takes import what_it_takes
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.model import Dataset

ROOT = Path(__file__).parent.parent
SPEC_PLAN = ROOT / "rulesets" / "spec" / "coal.rules"
SPEC_DATA = ROOT / "rulesets" / "spec" / "examples" / "coal-small.json"
AS_OF = "2021-06-01"
A, B = "Q/JCMY 0003-2021", "Q/JCMY 0001-2021"

# The SPEC plan by hand: relative to national (sulfur 1.00 lower, calorific 23.0 higher,
# ash 25.0 lower), weights 0.35, 0.40, 0.25.
# 0001: sulfur 0.45, calorific 25.1, ash 12.0; 0003: sulfur 0.60, calorific 24.5, ash 15.0.
PARTS_B = {"sulfur": 0.55, "calorific": 2.1 / 23, "ash": 13 / 25}
PARTS_A = {"sulfur": 0.40, "calorific": 1.5 / 23, "ash": 10 / 25}
WEIGHTS = {"sulfur": 0.35, "calorific": 0.40, "ash": 0.25}
SCORE_A = sum(WEIGHTS[k] * PARTS_A[k] for k in WEIGHTS)  # 0.266087
SCORE_B = sum(WEIGHTS[k] * PARTS_B[k] for k in WEIGHTS)  # 0.359022


@cache
def spec() -> tuple[CheckedRuleset, Dataset]:
    return load_ruleset(SPEC_PLAN), load_dataset(SPEC_DATA)


def test_side_by_side_numbers_formula_and_deciding_indicator() -> None:
    x = compare(spec(), A, B, as_of=AS_OF)
    assert (x.a.rank, x.b.rank, x.a.status, x.b.status) == (2, 1, "ranked", "leader")
    assert x.order == "below" and not x.tie_break
    rows = {r.indicator: r for r in x.rows}
    for key in WEIGHTS:
        assert rows[key].a.part == pytest.approx(PARTS_A[key])
        assert rows[key].b.contribution == pytest.approx(WEIGHTS[key] * PARTS_B[key])
    # sulfur: 0.35 × (0.40 − 0.55) = −0.0525 is the largest gap in B's favour
    assert x.deciding == "sulfur"
    assert rows["sulfur"].difference == pytest.approx(-0.0525)
    assert x.formulas == (
        "0.35 × 0.4 + 0.4 × 0.065217 + 0.25 × 0.4 = 0.266087",
        "0.35 × 0.55 + 0.4 × 0.091304 + 0.25 × 0.52 = 0.359022",
    )
    assert rows["calorific"].a.workings == "(24.5 − 23) / |23| = 0.065217"
    assert rows["sulfur"].b.workings == "(1 − 0.45) / |1| = 0.55"


def test_what_it_takes_in_closed_form() -> None:
    x = compare(spec(), A, B, as_of=AS_OF)
    assert x.takes[1] is None  # B leads
    takes = x.takes[0]
    assert takes is not None
    assert (takes.target.rank, takes.target.standard) == (1, B)
    changes = {c.indicator: c for c in takes.changes}
    gap = SCORE_B - SCORE_A
    # Equal scores would tie, and the tie goes to B (published earlier): strictly beyond.
    expected = {
        "sulfur": 1.00 - (PARTS_A["sulfur"] + gap / 0.35) * 1.00,
        "calorific": 23.0 + (PARTS_A["calorific"] + gap / 0.40) * 23.0,
        "ash": 25.0 - (PARTS_A["ash"] + gap / 0.25) * 25.0,
    }
    for key, bound in expected.items():
        change = changes[key]
        assert change.possible and change.method == "closed_form" and not change.inclusive
        assert change.bound == pytest.approx(bound, abs=1e-12)
    assert changes["sulfur"].value == pytest.approx(0.334472, abs=1e-6)


def test_text_in_chinese_by_default_and_in_english() -> None:
    x = compare(spec(), A, B, as_of=AS_OF)
    text = render_versus(x)
    assert "对比：Q/JCMY 0003-2021（晋城市乙煤业有限公司） 与 Q/JCMY 0001-2021" in text
    assert "  A = 0.35 × 0.4 + 0.4 × 0.065217 + 0.25 × 0.4 = 0.266087" in text
    assert "决定名次的指标：全硫 St,d（加权差 0.0525）" in text
    assert "全硫 St,d：0.6 → < 0.334472049689（如 0.334472，改变 -0.265528）" in text
    english = render_versus(x, "en")
    assert "deciding indicator: 全硫 St,d (weighted difference 0.0525)" in english


def test_ineligible_side_names_its_rules_and_what_makes_it_eligible() -> None:
    x = compare(spec(), "Q/JCMY 0002-2021", B, as_of=AS_OF)
    assert x.order == "unranked" and x.deciding is None
    assert [(f.rule, f.label, f.cite) for f in x.a.failed] == [
        ("stricter", "水平高于国家标准和行业标准", "三.4")
    ]
    assert "  stricter: 水平高于国家标准和行业标准 [三.4]" in render_versus(x)
    takes = x.takes[0]
    assert takes is not None and takes.target.goal == "eligible"
    sulfur = next(c for c in takes.changes if c.indicator == "sulfur")
    # 0.85 must beat the industry limit 0.80 (strictly): the nearest is just below 0.80.
    assert (sulfur.bound, sulfur.inclusive, sulfur.value) == (0.8, False, 0.7999)
    others = [c for c in takes.changes if c.indicator != "sulfur"]
    assert others and all(not c.possible and c.reason == "no_value" for c in others)


def test_rules_not_reading_indicators_leave_nothing_to_change() -> None:
    x = compare(spec(), "Q/JCMY 0004-2021", B, as_of=AS_OF)  # excluded for three years
    takes = x.takes[0]
    assert takes is not None
    assert (takes.target.note, takes.changes) == ("no_indicator_rule", ())


def test_cli_versus_text_json_and_unknown_standard() -> None:
    runner = CliRunner()
    args = ["explain", str(SPEC_PLAN), str(SPEC_DATA), "--standard", A, "--versus", B]
    args += ["--as-of", AS_OF]
    text = runner.invoke(main, args)
    assert text.exit_code == 0, text.output
    assert "决定名次的指标：全硫 St,d" in text.output
    english = runner.invoke(main, [*args, "--lang", "en"])
    assert "deciding indicator" in english.output
    data = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    assert data["deciding"] == "sulfur" and data["a"]["rank"] == 2
    assert data["what_it_takes"]["a"]["changes"][0]["indicator"] == "sulfur"
    missing = runner.invoke(main, [*args[:-3], "Q/NOPE 1", "--as-of", AS_OF])
    assert missing.exit_code == 2 and "no standard 'Q/NOPE 1'" in missing.output
    with pytest.raises(UnknownStandardError):
        compare(spec(), A, "Q/NOPE 1", as_of=AS_OF)


# ------------------------------------------------------------ every answer re-evaluated

PLANS = [(SPEC_PLAN, SPEC_DATA)] + [
    (plan, plan.parent / "data" / f"{plan.stem}.json")
    # The bundled plans (tier points and relative scores, ties broken on a core
    # indicator) and the first-edition Jincheng plans kept as fixtures, which reach
    # the other methods of what_it_takes (min-max scoring, score-only ranking).
    for folder in (ROOT / "rulesets" / "jincheng", ROOT / "tests" / "fixtures" / "compare")
    for plan in sorted(folder.glob("*.rules"))
    if (plan.parent / "data" / f"{plan.stem}.json").exists()
]


@cache
def _evaluation(k: int) -> Evaluation:
    plan, data = PLANS[k]
    ruleset = load_ruleset(plan)
    examples = [e.as_of for e in ruleset.ast.examples if e.as_of is not None]
    return Evaluation.of(ruleset, load_dataset(data), as_of=examples[0] if examples else AS_OF)


@cache
def _answers() -> list[tuple[int, str, int | None, Change]]:
    out = []
    for k in range(len(PLANS)):
        evaluation = _evaluation(k)
        for entry in evaluation.report.eligibility:
            takes = what_it_takes(evaluation, entry.standard)
            out += [(k, entry.standard, takes.target.rank, c) for c in takes.changes]
    return out


def _reaches(k: int, number: str, cut: int | None, change: Change, value: float) -> bool:
    """Evaluate the whole dataset again with the one value changed: is the goal reached?"""
    evaluation = _evaluation(k)
    dataset = evaluation.dataset
    standards = tuple(
        attrs.evolve(s, indicators={**s.indicators, change.indicator: value})
        if s.number == number
        else s
        for s in dataset.standards
    )
    changed = Dataset(dataset.enterprises, standards, dataset.titles, dataset.rejected)
    report = evaluate(evaluation.ruleset, changed, as_of=evaluation.as_of)
    if change.goal == "eligible":
        return any(e.standard == number and e.eligible for e in report.eligibility)
    assert cut is not None
    return any(r.standard == number and r.rank <= cut for r in report.ranking)


def test_answers_cover_every_method() -> None:
    methods = {c.method for *_, c in _answers() if c.possible}
    assert {"closed_form", "breakpoints", "search", "tier_boundaries"} <= methods


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_each_answer_reaches_its_goal_and_no_smaller_change_does(data: st.DataObject) -> None:
    answers = _answers()
    k, number, cut, change = data.draw(st.sampled_from(answers))
    if not change.possible:
        return
    assert change.value is not None and change.bound is not None
    assert _reaches(k, number, cut, change, change.value)
    if not change.inclusive:
        assert not _reaches(k, number, cut, change, change.bound)
    if change.current is not None and not math.isclose(change.current, change.bound):
        halfway = (change.current + change.bound) / 2
        assert not _reaches(k, number, cut, change, halfway)


# ------------------------------------------- tie-break keys: every answer re-evaluated

# When a change brings a score level with the last leader's, the later rank keys decide:
# keys that read the moved value itself (in either direction), a key that does not, and
# a rounded score that ties whole intervals of values. Values come from a few levels so
# that scores and keys tie often.
TIE_PLAN = """ruleset ties {{
  subject product
  indicator a {{ better lower weight 0.6 national 1.0 tier leader 0.5 tier advanced 0.7 }}
  indicator b {{ better higher weight 0.4 national 20.0 tier leader 30 tier advanced 25 }}
  eligible {{ rule declared: indicators.a.value != none or indicators.b.value != none }}
  score weighted normalize {normalize}
  rank by {keys}
  leaders {{ top {top} }}
}}
"""
NORMALIZATIONS = (
    "relative to national",
    "minmax",
    "tiers { leader 1.0 advanced 0.8 otherwise 0.5 }",
)
TIE_KEYS = (
    "score desc, standard.published_on asc",
    "score desc, indicators.a.value asc",
    "score desc, indicators.a.value desc",
    "score desc, indicators.b.value desc, standard.published_on asc",
    "score desc, indicators.b.value asc",
    "round(score, 1) desc, indicators.a.value asc",
)
TIE_CODE = "91140500MA0GRBLW1K"


@cache
def _tie_plan(normalize: str, keys: str, top: int) -> CheckedRuleset:
    return parse_ruleset(TIE_PLAN.format(normalize=normalize, keys=keys, top=top))


def _tie_standard(k: int, published: str, a: float | None, b: float | None) -> dict[str, object]:
    values = {key: v for key, v in (("a", a), ("b", b)) if v is not None}
    return {
        "number": f"Q/TIE {k + 1:04d}-2021",
        "enterprise": TIE_CODE,
        "status": "current",
        "subject": "product",
        "published_on": published,
        "indicators": values,
    }


tie_standards = st.lists(
    st.tuples(
        st.sampled_from(["2021-01-01", "2021-02-01"]),
        st.none() | st.sampled_from([0.3, 0.45, 0.5, 0.6, 0.7, 0.8]),
        st.none() | st.sampled_from([21.0, 25.0, 27.0, 30.0, 32.0]),
    ),
    min_size=2,
    max_size=5,
)


def _reaches_again(
    evaluation: Evaluation, number: str, cut: int, change: Change, value: float
) -> bool:
    """The whole dataset evaluated again with the one value changed: within the cut?"""
    standards = tuple(
        attrs.evolve(s, indicators={**s.indicators, change.indicator: value})
        if s.number == number
        else s
        for s in evaluation.dataset.standards
    )
    dataset = attrs.evolve(evaluation.dataset, standards=standards)
    report = evaluate(evaluation.ruleset, dataset, as_of=evaluation.as_of)
    return any(r.standard == number and r.rank <= cut for r in report.ranking)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(NORMALIZATIONS),
    st.sampled_from(TIE_KEYS),
    st.sampled_from([1, 2]),
    tie_standards,
)
def test_answers_under_tie_break_keys_are_exact(
    normalize: str, keys: str, top: int, rows: list[tuple[str, float | None, float | None]]
) -> None:
    ruleset = _tie_plan(normalize, keys, top)
    dataset = load_dataset(
        {
            "enterprises": [{"credit_code": TIE_CODE, "name": "甲"}],
            "standards": [_tie_standard(k, *row) for k, row in enumerate(rows)],
        }
    )
    evaluation = Evaluation.of(ruleset, dataset, as_of=AS_OF)
    for entry in evaluation.report.ranking:
        takes = what_it_takes(evaluation, entry.standard)
        cut = takes.target.rank
        for change in takes.changes:
            if not change.possible:
                continue
            assert cut is not None and change.value is not None and change.bound is not None

            reaches = functools.partial(_reaches_again, evaluation, entry.standard, cut, change)
            assert reaches(change.value), change
            assert reaches(change.bound) == change.inclusive, change
            if change.current is None or change.current == change.bound:
                continue
            # nothing nearer than the bound reaches: the float next to it, and a few between
            low, high = sorted((change.current, change.bound))
            nearer = math.nextafter(change.bound, change.current)
            between = [low + (high - low) * f for f in (0.25, 0.5, 0.75)]
            for value in [nearer, *between]:
                if low < value < high:
                    assert not reaches(value), (change, value)


def test_control_characters_from_data_are_shown_as_escapes(tmp_path: Path) -> None:
    data = json.loads(SPEC_DATA.read_text(encoding="utf-8"))
    data["enterprises"][0]["name"] = "甲\x1b[31m红\x07"
    path = tmp_path / "controls.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    args = ["explain", str(SPEC_PLAN), str(path), "--standard", B, "--versus", A]
    run = CliRunner().invoke(main, [*args, "--as-of", AS_OF])
    assert run.exit_code == 0, run.output
    assert "甲\\x1b[31m红\\x07" in run.output
    assert "\x1b" not in run.output and "\x07" not in run.output


def test_requires_and_rules_are_shown_by_their_labels_and_citations() -> None:
    plan = ROOT / "rulesets" / "jincheng" / "coal.rules"
    data = plan.parent / "data" / "coal.json"
    # Q/FYMY 0001-2021 ranks 2nd, within the cut, but has no passing conformity report.
    args = ["explain", str(plan), str(data), "--standard", "Q/FYMY 0001-2021"]
    run = CliRunner().invoke(main, [*args, "--versus", "Q/HYMY 0001-2021", "--as-of", "2021-09-30"])
    assert run.exit_code == 0, run.output
    report = "提供近12个月内的标准符合性报告且结论为符合（三.5）"
    assert f"未入选（{report}）" in run.output
    assert f"已在领跑者线内，未入选的原因是：{report}" in run.output
    subject_args = ["explain", str(SPEC_PLAN), str(SPEC_DATA), "--standard", "Q/JCMY 0006-2021"]
    subject = CliRunner().invoke(main, [*subject_args, "--versus", B, "--as-of", AS_OF])
    assert "  subject: 标准类型与评估方案不一致" in subject.output
