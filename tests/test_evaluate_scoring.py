"""Scoring (SPEC §4.2), each normalisation worked by hand."""

from __future__ import annotations

import pytest

from evalkit import D, dataset, ruleset, standard
from standards_rules import evaluate


def scores(body: str, *standards: object, indicators: str | None = None) -> dict[str, tuple]:
    rs = ruleset(body) if indicators is None else ruleset(body, indicators)
    report = evaluate(rs, dataset(*standards), as_of=D(2021, 6, 1))  # type: ignore[arg-type]
    return {r.standard: (r.score, dict(r.parts)) for r in report.ranking}


def test_relative_to_national_spec_example() -> None:
    # sulfur lower: (1.00 - 0.45)/1.00 = 0.55; calorific higher: (25.1 - 23.0)/23.0
    # = 0.0913043…; ash lower: (25.0 - 12.0)/25.0 = 0.52.
    # score = 0.35×0.55 + 0.40×0.0913043 + 0.25×0.52 = 0.1925 + 0.0365217 + 0.13 = 0.3590217
    got = scores(
        "score weighted normalize relative to national",
        standard("Q/A 1", sulfur=0.45, calorific=25.1, ash=12.0),
    )
    score, parts = got["Q/A 1"]
    assert parts == pytest.approx({"sulfur": 0.55, "calorific": 2.1 / 23.0, "ash": 0.52})
    assert score == pytest.approx(0.1925 + 0.4 * 2.1 / 23.0 + 0.13)
    assert round(score, 6) == 0.359022


def test_relative_to_industry_and_missing_value() -> None:
    # ash has `industry none`, so it carries no weight here; weights 0.5/0.5.
    indicators = """
      indicator sulfur { better lower weight 0.5 national 1.0 industry 0.80 }
      indicator calorific { better higher weight 0.5 national 23.0 industry 24.0 }
      indicator ash { better lower national 25.0 industry none }
    """
    # sulfur (0.80 - 0.60)/0.80 = 0.25; calorific (25.2 - 24.0)/24.0 = 0.05
    # score = 0.5×0.25 + 0.5×0.05 = 0.15. Second standard lacks calorific: part 0,
    # sulfur (0.80 - 0.40)/0.80 = 0.5 → score 0.25.
    got = scores(
        "score normalize relative to industry",
        standard("Q/A 1", sulfur=0.60, calorific=25.2),
        standard("Q/A 2", sulfur=0.40),
        indicators=indicators,
    )
    assert got["Q/A 1"][1] == pytest.approx({"sulfur": 0.25, "calorific": 0.05})
    assert got["Q/A 1"][0] == pytest.approx(0.15)
    assert got["Q/A 2"][1] == pytest.approx({"sulfur": 0.5, "calorific": 0.0})
    assert got["Q/A 2"][0] == pytest.approx(0.25)


def test_minmax_with_missing_values_and_equal_bounds() -> None:
    # sulfur (lower) values 0.4, 0.6, 0.8 → (max - v)/(max - min): 1, 0.5, 0.
    # calorific (higher) 24, (missing), 26 → (v - min)/(max - min): 0, 0 (missing), 1.
    # ash all 10 → max == min → 1 for everyone who has a value.
    # scores: A 0.35×1 + 0.40×0 + 0.25×1 = 0.60; B 0.35×0.5 + 0 + 0.25 = 0.425;
    # C 0 + 0.40×1 + 0.25 = 0.65.
    got = scores(
        "score normalize minmax",
        standard("Q/A", sulfur=0.4, calorific=24.0, ash=10.0),
        standard("Q/B", sulfur=0.6, ash=10.0),
        standard("Q/C", sulfur=0.8, calorific=26.0, ash=10.0),
    )
    assert got["Q/A"][1] == pytest.approx({"sulfur": 1.0, "calorific": 0.0, "ash": 1.0})
    assert got["Q/B"][1] == pytest.approx({"sulfur": 0.5, "calorific": 0.0, "ash": 1.0})
    assert got["Q/C"][1] == pytest.approx({"sulfur": 0.0, "calorific": 1.0, "ash": 1.0})
    assert [got[n][0] for n in ("Q/A", "Q/B", "Q/C")] == pytest.approx([0.60, 0.425, 0.65])


def test_minmax_is_per_group() -> None:
    import attrs

    # Alone in its group, Q/B's every indicator has max == min → all parts 1, score 1.
    other = attrs.evolve(standard("Q/B", sulfur=0.9, calorific=23.5, ash=20.0), category="无烟煤")
    got = scores(
        "score normalize minmax\ngroup by standard.category",
        standard("Q/A", sulfur=0.4, calorific=24.0, ash=10.0),
        standard("Q/C", sulfur=0.8, calorific=26.0, ash=12.0),
        other,
    )
    assert got["Q/B"][0] == pytest.approx(1.0)
    assert got["Q/A"][1] == pytest.approx({"sulfur": 1.0, "calorific": 0.0, "ash": 1.0})


TIERS = """
  indicator sulfur { better lower weight 0.6 national 1.0 tier leader 0.5 tier advanced 0.7 }
  indicator ash { better lower weight 0.4 national 25.0 tier leader 10.0 }
"""


def test_tiers_with_otherwise() -> None:
    # A: sulfur 0.45 reaches leader (≤ 0.5) → 1.0; ash 10 reaches leader → 1.0; score 1.0.
    # B: sulfur 0.6 reaches advanced (≤ 0.7) → 0.8; ash 12 no tier → otherwise 0.5;
    #    score 0.6×0.8 + 0.4×0.5 = 0.68.
    # C: sulfur missing → 0 (not otherwise); ash 10 → 1.0; score 0.4.
    got = scores(
        "score normalize tiers { leader 1.0 advanced 0.8 otherwise 0.5 }",
        standard("Q/A", sulfur=0.45, ash=10.0),
        standard("Q/B", sulfur=0.6, ash=12.0),
        standard("Q/C", ash=10.0),
        indicators=TIERS,
    )
    assert got["Q/A"] == (pytest.approx(1.0), {"sulfur": 1.0, "ash": 1.0})
    assert got["Q/B"][0] == pytest.approx(0.68)
    assert got["Q/C"][1] == {"sulfur": 0.0, "ash": 1.0}


def test_tiers_without_otherwise_give_zero() -> None:
    # sulfur 0.9 reaches no tier → 0; ash 10 → leader 1.0; score 0.4×1.0 = 0.4.
    got = scores(
        "score normalize tiers { leader 1.0 advanced 0.8 }",
        standard("Q/A", sulfur=0.9, ash=10.0),
        indicators=TIERS,
    )
    assert got["Q/A"] == (pytest.approx(0.4), {"sulfur": 0.0, "ash": 1.0})


def test_no_score_section_ranks_nothing() -> None:
    rs = ruleset("")
    report = evaluate(rs, dataset(standard("Q/A", sulfur=0.5)), as_of=D(2021, 6, 1))
    assert report.eligibility[0].eligible
    assert report.ranking == () and report.leaders == () and report.passed_over == ()
