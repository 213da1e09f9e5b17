"""Evaluation stage 1, eligibility (SPEC §4.1): accepted standards × compiled rules → verdicts.

Takes the compiled `Program`, the dataset's accepted standards and `as_of`;
gives one `EligibilityEntry` per standard (sorted by number) and the eligible
candidates. Every rule runs for every standard of the ruleset's subject, with
no short-circuit between rules, so `failed` lists all failures in declaration
order; a standard of the other subject fails the single pseudo-rule `subject`.
"""

from __future__ import annotations

import datetime

import attrs

from standards_rules import ast
from standards_rules.compile import Program
from standards_rules.compile.runtime import IndicatorView
from standards_rules.records.model import Dataset, Enterprise, Standard
from standards_rules.report import EligibilityEntry, FailedRule

SUBJECT_RULE = FailedRule("subject", None, None)


@attrs.frozen(eq=False)
class Candidate:
    """A standard with its enterprise and its indicator views, built once and shared by stages."""

    standard: Standard
    enterprise: Enterprise
    views: tuple[IndicatorView, ...]

    @property
    def number(self) -> str:
        return self.standard.number


def candidates(program: Program, dataset: Dataset) -> list[Candidate]:
    """Every accepted standard once (first of a repeated number), sorted by number."""
    out = []
    for standard in dataset.standards:
        if dataset.standard(standard.number) is not standard:
            continue  # a repeated number in a hand-built dataset: the first one wins
        out.append(Candidate(standard, enterprise_of(dataset, standard), program.views(standard)))
    out.sort(key=lambda c: c.number)
    return out


def enterprise_of(dataset: Dataset, standard: Standard) -> Enterprise:
    """The standard's enterprise; a hand-built dataset may lack it, then an empty one stands in."""
    found = dataset.enterprise(standard.enterprise)
    return found if found is not None else Enterprise(standard.enterprise, "")


def subject_matches(ruleset: ast.Ruleset, standard: Standard) -> bool:
    return ruleset.subject is None or str(standard.subject) == ruleset.subject.value


def judge(
    program: Program, pool: list[Candidate], as_of: datetime.date
) -> tuple[tuple[EligibilityEntry, ...], list[Candidate]]:
    """(the eligibility entries, the eligible candidates), both in standard-number order."""
    entries = []
    eligible = []
    for cand in pool:
        if not subject_matches(program.ruleset, cand.standard):
            failed: tuple[FailedRule, ...] = (SUBJECT_RULE,)
        else:
            s, e, v = cand.standard, cand.enterprise, cand.views
            failed = tuple(
                FailedRule(rule.id, rule.label, rule.cite)
                for rule in program.eligible
                if not rule.fn(s, e, as_of, v, None, (), None, None)
            )
            if not failed:
                eligible.append(cand)
        entries.append(EligibilityEntry(cand.number, cand.standard.enterprise, not failed, failed))
    return tuple(entries), eligible


__all__ = ["SUBJECT_RULE", "Candidate", "candidates", "enterprise_of", "judge", "subject_matches"]
