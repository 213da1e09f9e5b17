"""Syntax error recovery: every syntax error of a file in one run, one diagnostic per mistake."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from standards_rules.frontend import analyse
from standards_rules.source import Source

FIXTURES = Path(__file__).parent / "fixtures"
PLAN = (FIXTURES / "good" / "spec_example.rules").read_text(encoding="utf-8")

# Mistakes a plan author makes, each in an item of its own of the SPEC plan:
# (line, what is there, what the mistake makes of it, the line the error is reported on).
MISTAKES: list[tuple[int, str, str, int]] = [
    (3, 'version "2021.1"', "version 2021.1", 3),
    (8, "effective 2021-04-22", "effective 2021-04-32", 8),
    (13, "weight 0.35", "weight 35%", 13),
    (16, "tier leader 0.50", "tier leader 0,50", 16),
    (18, "  }", "", 19),
    (21, "better higher", "better higer", 21),
    (30, "national 25.0", "national 25.0 “GB/T 1”", 30),
    (36, 'cite "二":', 'cite "二"', 37),
    (39, "enterprise.applied", "enterprise.applied ==", 40),
    (41, "standard.format_compliant and", "standard.format_compliant and and", 41),
    (43, "all i in indicators:", "all i in indicators：", 43),
    (45, "p.mass_produced)", "p.mass_produced", 46),
    (47, "enterprise.withdrawals:", "enterprise.withdrawals", 47),
    (51, "desc, standard", "desc，standard", 51),
    (55, "then 3", "3", 55),
    (57, "conformity_report.passed", "conformity_report.pased", 57),
    (62, "10 working days", "10", 64),
    (66, 'e.kind == "process_change"', 'e.kind = "process_change"', 66),
    (72, '"inspection_failed"', '"inspection_failed', 72),
    (79, "3 years", "3 yeers", 79),
    (84, "2021-06-01", '"2021-06-01"', 84),
    (88, '"Q/JCMY 0001-2021"]', '"Q/JCMY 0001-2021"', 89),
]


def with_mistakes(chosen: list[int]) -> str:
    lines = PLAN.split("\n")
    for index in chosen:
        line, before, after, _ = MISTAKES[index]
        assert before in lines[line - 1], (line, before)
        lines[line - 1] = lines[line - 1].replace(before, after, 1)
    return "\n".join(lines)


def test_the_plan_is_clean() -> None:
    assert [d for d in analyse(Source("p.rules", PLAN))[1] if d.is_error] == []


def test_each_mistake_alone_gives_one_diagnostic_on_its_line() -> None:
    for index, (_, _, _, reported) in enumerate(MISTAKES):
        diagnostics = analyse(Source("p.rules", with_mistakes([index])))[1]
        assert [d.span.line for d in diagnostics] == [reported], (MISTAKES[index], diagnostics)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, len(MISTAKES) - 1), min_size=1, max_size=10, unique=True))
def test_n_independent_mistakes_give_exactly_n_diagnostics(chosen: list[int]) -> None:
    diagnostics = analyse(Source("p.rules", with_mistakes(chosen)))[1]
    assert sorted(d.span.line for d in diagnostics) == sorted(MISTAKES[i][3] for i in chosen)


def test_the_coke_plan_mistakes_are_all_reported_in_one_run() -> None:
    # Positions and codes are in coke_mistakes.expected (tests/test_checker.py); here the words.
    path = FIXTURES / "bad" / "coke_mistakes.rules"
    diagnostics = analyse(Source(path.name, path.read_text(encoding="utf-8")))[1]
    messages = path.with_suffix(".messages").read_text(encoding="utf-8").splitlines()
    assert [d.message for d in diagnostics] == messages
