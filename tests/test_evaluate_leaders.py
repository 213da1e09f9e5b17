"""Leaders (SPEC §4.4): each form of `top`, requires and passed_over, ties at the cut."""

from __future__ import annotations

import attrs
import pytest

from evalkit import E1, E2, D, dataset, enterprise, ruleset, standard
from standards_rules import evaluate

TIERS = """
  indicator sulfur { better lower weight 1.0 national 1.0 tier leader 0.5 tier advanced 0.7 }
"""
SCORE = "score normalize relative to national\n"


def _standards(n: int, code: str = E1) -> list:
    # Sulfur 0.10, 0.11, … gives scores 0.90, 0.89, …: ranks 1..n in number order.
    return [standard(f"Q/S {k:04d}", code, sulfur=0.10 + k / 100) for k in range(n)]


def leaders(body: str, standards: list, enterprises: tuple | None = None) -> tuple:
    rs = ruleset(SCORE + body, TIERS)
    report = evaluate(rs, dataset(*standards, enterprises=enterprises), as_of=D(2021, 6, 1))
    return (
        [(x.rank, x.standard) for x in report.leaders],
        [(p.rank, p.standard, p.failed) for p in report.passed_over],
    )


@pytest.mark.parametrize(
    ("top", "cohort", "expected"),
    [
        ("top 2", 5, 2),
        ("top 2.9", 5, 2),  # floored
        ("top 0", 5, 1),  # at least 1
        ("top 10%", 25, 3),  # ceil(25 × 10 / 100) = ceil(2.5) = 3
        ("top 10%", 5, 1),  # ceil(0.5) = 1
        ("top 40%", 5, 2),  # ceil(2.0) = 2
        ("top if cohort >= 10 then 3 else 1", 9, 1),
        ("top if cohort >= 10 then 3 else 1", 10, 3),
        ("top cohort / 2", 7, 3),  # floor(3.5)
        ("top 1 / 0", 5, 1),  # none → 1
        ("top 100", 3, 3),  # more than the cohort: everyone
    ],
)
def test_each_form_of_top(top: str, cohort: int, expected: int) -> None:
    chosen, passed = leaders(f"leaders {{ {top} }}", _standards(cohort))
    assert [s for _, s in chosen] == [f"Q/S {k:04d}" for k in range(expected)]
    assert passed == []


def test_failing_requires_are_passed_over_and_the_walk_goes_on() -> None:
    # top 2. Ranks 1..4: S0 (E2, no consent), S1 (E1), S2 (E2), S3 (E1).
    # S0 fails consent → passed over; S1 leader; S2 fails → passed over; S3 leader.
    stds = [
        standard("Q/S 0000", E2, sulfur=0.10),
        standard("Q/S 0001", E1, sulfur=0.11),
        standard("Q/S 0002", E2, sulfur=0.12),
        standard("Q/S 0003", E1, sulfur=0.13),
        standard("Q/S 0004", E2, sulfur=0.14),
    ]
    ents = (enterprise(E1), enterprise(E2, consent=False))
    body = "leaders { top 2 require report: standard.conformity_report.passed\n"
    body += " require consent: enterprise.consent }"
    chosen, passed = leaders(body, stds, ents)
    assert chosen == [(2, "Q/S 0001"), (4, "Q/S 0003")]
    # S4 comes after the cut: it is never walked, so it is not passed over.
    assert passed == [(1, "Q/S 0000", ("consent",)), (3, "Q/S 0002", ("consent",))]


def test_all_failed_requires_listed_in_declaration_order() -> None:
    s = attrs.evolve(standard("Q/S 0000", E2, sulfur=0.1), conformity_report=None)
    ents = (enterprise(E1), enterprise(E2, consent=False))
    body = "leaders { top 1 require report: standard.conformity_report != none\n"
    body += " require consent: enterprise.consent }"
    chosen, passed = leaders(body, [s, standard("Q/S 0001", E1, sulfur=0.2)], ents)
    assert passed == [(1, "Q/S 0000", ("report", "consent"))]
    assert chosen == [(2, "Q/S 0001")]


def test_ties_at_the_cut_are_all_leaders() -> None:
    # top 1; S0 and S1 tie at rank 1 (same sulfur), S2 is rank 3.
    stds = [
        standard("Q/S 0000", sulfur=0.2),
        standard("Q/S 0001", sulfur=0.2),
        standard("Q/S 0002", sulfur=0.3),
    ]
    chosen, passed = leaders("leaders { top 1 }", stds)
    assert chosen == [(1, "Q/S 0000"), (1, "Q/S 0001")]
    assert passed == []


def test_tie_member_failing_a_require_is_passed_over() -> None:
    stds = [
        standard("Q/S 0000", E1, sulfur=0.2),
        standard("Q/S 0001", E2, sulfur=0.2),
        standard("Q/S 0002", E1, sulfur=0.2),
        standard("Q/S 0003", E1, sulfur=0.3),
    ]
    ents = (enterprise(E1), enterprise(E2, consent=False))
    chosen, passed = leaders("leaders { top 1 require consent: enterprise.consent }", stds, ents)
    assert chosen == [(1, "Q/S 0000"), (1, "Q/S 0002")]
    assert passed == [(1, "Q/S 0001", ("consent",))]


def test_no_leaders_section_means_no_leaders() -> None:
    assert leaders("", _standards(3)) == ([], [])
