"""Eligibility (SPEC §4.1): all rules run, failures in declaration order, the subject rule."""

from __future__ import annotations

import attrs

from evalkit import E1, E2, D, dataset, enterprise, ruleset, standard
from standards_rules import evaluate
from standards_rules.report import FailedRule

RULES = """
  rule current "现行" cite "二": standard.status == "current"
  rule applied: enterprise.applied
  rule stricter "严于" cite "三.4":
    all i in indicators: i.value better_than i.national and i.value better_than i.industry
"""


def test_every_rule_runs_and_failures_keep_declaration_order() -> None:
    rs = ruleset("", rules=RULES)
    good = standard("Q/A 0001-2021", E1, sulfur=0.5, calorific=25.0, ash=10.0)
    # Abolished, not applied, and sulfur 0.9 is worse than industry 0.80: three failures.
    bad = attrs.evolve(
        standard("Q/A 0002-2021", E2, sulfur=0.9, calorific=25.0, ash=10.0),
        status="abolished",
    )
    ds = dataset(bad, good, enterprises=(enterprise(E1), enterprise(E2, applied=False)))
    report = evaluate(rs, ds, as_of=D(2021, 6, 1))
    first, second = report.eligibility
    assert (first.standard, first.eligible, first.failed) == ("Q/A 0001-2021", True, ())
    assert second.standard == "Q/A 0002-2021" and not second.eligible
    assert second.failed == (
        FailedRule("current", "现行", "二"),
        FailedRule("applied", None, None),
        FailedRule("stricter", "严于", "三.4"),
    )


def test_missing_value_fails_better_than() -> None:
    # No ash value: `i.value better_than i.national` has a none left side → false.
    rs = ruleset("", rules=RULES)
    report = evaluate(
        rs, dataset(standard("Q/A 1", sulfur=0.5, calorific=25.0)), as_of=D(2021, 6, 1)
    )
    assert [f.rule for f in report.eligibility[0].failed] == ["stricter"]


def test_other_subject_fails_only_the_subject_rule() -> None:
    rs = ruleset("", rules="rule never: false")
    service = attrs.evolve(standard("Q/A 0003-2021"), subject="service")
    report = evaluate(rs, dataset(service), as_of=D(2021, 6, 1))
    entry = report.eligibility[0]
    assert not entry.eligible
    assert entry.failed == (FailedRule("subject", None, None),)


def test_rejected_standards_are_not_in_eligibility() -> None:
    from standards_rules.records import load_dataset_from_dict

    ds = load_dataset_from_dict(
        {
            "enterprises": [{"credit_code": E1, "name": "甲"}],
            "standards": [
                {
                    "number": "Q/A 1",
                    "enterprise": E1,
                    "status": "current",
                    "subject": "product",
                    "indicators": {},
                },
                {
                    "number": "Q/A 2",
                    "enterprise": E2,
                    "status": "current",
                    "subject": "product",
                    "indicators": {},
                },
            ],
        }
    )
    report = evaluate(ruleset(""), ds, as_of=D(2021, 6, 1))
    assert [e.standard for e in report.eligibility] == ["Q/A 1"]
    assert [r.record for r in report.rejected] == ["Q/A 2"]


def test_exclusion_period_rule_uses_as_of() -> None:
    from standards_rules.records.model import Withdrawal

    rs = ruleset(
        "", rules="rule ok: not (any w in enterprise.withdrawals: w.excluded_until > as_of)"
    )
    ent = enterprise(E1, withdrawals=(Withdrawal(D(2019, 5, 1), D(2022, 5, 1), "fraud"),))
    ds = dataset(standard("Q/A 1"), enterprises=(ent,))
    assert not evaluate(rs, ds, as_of=D(2022, 4, 30)).eligibility[0].eligible
    assert evaluate(rs, ds, as_of=D(2022, 5, 1)).eligibility[0].eligible  # not strictly after
