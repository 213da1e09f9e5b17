"""Ranking (SPEC §4.3): shared ranks, secondary keys, groups, none keys."""

from __future__ import annotations

import attrs

from evalkit import D, dataset, ruleset, standard
from standards_rules import evaluate
from standards_rules.evaluate.ranking import group_label

TIERS = """
  indicator sulfur { better lower weight 1.0 national 1.0 tier leader 0.5 tier advanced 0.7 }
"""
SCORE = "score normalize tiers { leader 1.0 advanced 0.8 otherwise 0.5 }"


def ranks(body: str, *standards: object) -> list[tuple[str, int, str]]:
    report = evaluate(ruleset(body, TIERS), dataset(*standards), as_of=D(2021, 6, 1))  # type: ignore[arg-type]
    return [(r.group, r.rank, r.standard) for r in report.ranking]


def test_ties_share_a_rank_1_2_2_4() -> None:
    # Scores: A 1.0 (leader tier), B and C 0.8 (advanced), D 0.5 (otherwise).
    # Ranks: A 1; B, C both have one better entry → 2; D has three → 4.
    # B before C by standard number.
    got = ranks(
        SCORE,
        standard("Q/D", sulfur=0.9),
        standard("Q/C", sulfur=0.6),
        standard("Q/B", sulfur=0.65),
        standard("Q/A", sulfur=0.4),
    )
    assert got == [("", 1, "Q/A"), ("", 2, "Q/B"), ("", 2, "Q/C"), ("", 4, "Q/D")]


def test_secondary_key_breaks_score_ties() -> None:
    # B and C tie on score 0.8; by published_on asc C (2020) comes first → ranks 2, 3.
    b = attrs.evolve(standard("Q/B", sulfur=0.65), published_on=D(2021, 3, 1))
    c = attrs.evolve(standard("Q/C", sulfur=0.6), published_on=D(2020, 3, 1))
    got = ranks(
        SCORE + "\nrank by score desc, standard.published_on asc",
        standard("Q/A", sulfur=0.4),
        b,
        c,
    )
    assert got == [("", 1, "Q/A"), ("", 2, "Q/C"), ("", 3, "Q/B")]


def test_none_key_sorts_last_in_both_directions() -> None:
    a = attrs.evolve(standard("Q/A", sulfur=0.4), published_on=None)
    b = attrs.evolve(standard("Q/B", sulfur=0.4), published_on=D(2021, 3, 1))
    c = attrs.evolve(standard("Q/C", sulfur=0.4), published_on=D(2020, 3, 1))
    asc = ranks(SCORE + "\nrank by standard.published_on asc", a, b, c)
    desc = ranks(SCORE + "\nrank by standard.published_on desc", a, b, c)
    assert [x[2] for x in asc] == ["Q/C", "Q/B", "Q/A"]
    assert [x[2] for x in desc] == ["Q/B", "Q/C", "Q/A"]
    assert [x[1] for x in desc] == [1, 2, 3]


def test_groups_are_ranked_separately_and_ordered_by_name() -> None:
    x = attrs.evolve(standard("Q/X", sulfur=0.9), category="无烟煤")
    none_group = attrs.evolve(standard("Q/N", sulfur=0.9), category=None)
    got = ranks(
        SCORE + "\ngroup by standard.category",
        standard("Q/A", sulfur=0.4),
        standard("Q/B", sulfur=0.6),
        x,
        none_group,
    )
    assert got == [("", 1, "Q/N"), ("动力煤", 1, "Q/A"), ("动力煤", 2, "Q/B"), ("无烟煤", 1, "Q/X")]


def test_group_labels() -> None:
    assert group_label(None) == ""
    assert group_label(True) == "true"
    assert group_label(5) == "5"
    assert group_label(5.0) == "5"
    assert group_label(2.5) == "2.5"
    assert group_label(D(2021, 1, 2)) == "2021-01-02"
    assert group_label("动力煤") == "动力煤"
