"""Explanations: the values that decided each rule, parts, rank, status, triggers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from evalkit import D
from standards_rules import load_dataset, load_ruleset, parse_ruleset
from standards_rules.explain import Explanation, UnknownStandardError, explain
from standards_rules.explain_checks import check_text
from standards_rules.render.context import Plan, Records
from standards_rules.render.explain_text import render_explanation
from standards_rules.render.words import LANGS

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
SPEC = load_ruleset(FIXTURES / "spec_example.rules")
DATA = load_dataset(FIXTURES / "coal-small.json")
AS_OF = D(2021, 6, 1)


def test_failed_directional_rule_shows_its_values() -> None:
    x = explain(SPEC, DATA, "Q/JCMY 0002-2021", as_of=AS_OF)
    assert not x.eligible and x.status == "ineligible"
    stricter = next(r for r in x.rules if r.id == "stricter")
    assert not stricter.passed
    assert check_text(stricter.checks[-1]) == (
        "[i = sulfur] sulfur: declared 0.85, industry limit 0.8, better_than → false"
    )
    assert [r.id for r in x.rules if not r.passed] == ["stricter"]


def test_ranked_leader_parts_and_requires() -> None:
    x = explain(SPEC, DATA, "Q/JCMY 0001-2021", as_of=AS_OF)
    assert (x.status, x.rank, x.group) == ("leader", 1, "动力煤")
    assert round(x.parts["calorific"], 6) == 0.091304
    assert all(r.passed for r in x.requires)
    text = render_explanation(x, Plan.of(SPEC), Records.of(DATA))
    assert "综合得分 0.359022，组别 动力煤，名次 1" in text
    assert "Q/JCMY 0001-2021 动力煤；企业名称 晋城市甲煤业有限公司（91140500MA0GRBLW1K）" in text
    assert "  report 提供标准符合性报告（三.5）：通过" in text
    english = render_explanation(x, Plan.of(SPEC), Records.of(DATA), lang="en")
    assert "score 0.359022, group 动力煤, rank 1" in english
    assert "[i = ash] 灰分 Ad：声明值 12.0，行业标准限值 none，优于 → 是" in text
    assert "[i = ash] 灰分 Ad: declared 12.0, industry limit none, better_than → true" in english


def test_passed_over_and_withdrawn() -> None:
    passed = explain(SPEC, DATA, "Q/JCWY 0010-2021", as_of=AS_OF)
    assert passed.status == "passed_over"
    assert [r.id for r in passed.requires if not r.passed] == ["consent"]
    held = explain(SPEC, DATA, "Q/JCMY 0009-2020", as_of=AS_OF)
    assert held.withdrawn
    assert [t.id for t in held.triggers if t.passed] == ["accident"]
    data = held.to_dict()
    assert data["withdrawn"] is True and data["triggers"][2]["id"] == "accident"


def test_subject_mismatch_runs_no_rule() -> None:
    x = explain(SPEC, DATA, "Q/JCMY 0006-2021", as_of=AS_OF)
    assert not x.subject_matches and x.rules == ()
    assert "标准类型与评估方案不一致，未审查其他条件" in render_explanation(x)
    assert "no rule ran" in render_explanation(x, lang="en")


def test_unknown_and_rejected_standards() -> None:
    with pytest.raises(UnknownStandardError, match="no standard"):
        explain(SPEC, DATA, "Q/NOPE 1", as_of=AS_OF)
    with pytest.raises(UnknownStandardError, match="rejected: unknown enterprise"):
        explain(SPEC, DATA, "Q/JCMY 0012-2021", as_of=AS_OF)


def _in_both_languages(plan: Any, number: str) -> tuple[Explanation, list[str], list[str]]:
    """The explanation of `number`, and its text lines in Chinese and in English."""
    x = explain(plan, DATA, number, as_of=AS_OF)
    texts = [render_explanation(x, Plan.of(plan), Records.of(DATA), lang=lang) for lang in LANGS]
    return x, *(text.splitlines() for text in texts)


def test_check_lines_in_the_readers_language_and_the_json_in_notation() -> None:
    x, text, english = _in_both_languages(SPEC, "Q/JCMY 0002-2021")
    assert "  stricter 水平高于国家标准和行业标准（三.4）：未通过" in text
    assert "      [i = sulfur] 全硫 St,d：声明值 0.85，行业标准限值 0.8，优于 → 否" in text
    assert '      standard.status == "current"："current" == "current" → 是' in text
    assert "      enterprise.applied = 是" in text
    assert "  stricter 水平高于国家标准和行业标准（三.4）: FAIL" in english
    assert (
        "      [i = sulfur] 全硫 St,d: declared 0.85, industry limit 0.8, better_than → false"
        in english
    )
    assert "      enterprise.applied = true" in english
    stricter = next(r for r in x.to_dict()["rules"] if r["id"] == "stricter")
    assert stricter["checks"][-1] == (
        "[i = sulfur] sulfur: declared 0.85, industry limit 0.8, better_than → false"
    )


ROLES_PLAN = """ruleset roles "角色" {
  subject product
  indicator sulfur "全硫" {
    better lower
    weight 1
    national 1.0
    reference group 0.4
    tier leader 0.5
  }
  eligible {
    rule tiered "达到领跑档" cite "三.4":
      indicators.sulfur.value no_worse_than indicators.sulfur.tiers.leader
    rule grouped: indicators.sulfur.value worse_than indicators.sulfur.references.group
  }
}
"""


def test_tier_and_reference_operands_are_named_in_both_languages() -> None:
    _, text, english = _in_both_languages(parse_ruleset(ROLES_PLAN), "Q/JCMY 0003-2021")
    assert "  tiered 达到领跑档（三.4）：未通过" in text
    assert "      全硫：声明值 0.6，leader 档门槛 0.5，不劣于 → 否" in text
    assert "  grouped：通过" in text
    assert "      全硫：声明值 0.6，参考值 group 0.4，劣于 → 是" in text
    assert "      全硫: declared 0.6, tier leader 0.5, no_worse_than → false" in english
    assert "      全硫: declared 0.6, reference group 0.4, worse_than → true" in english
