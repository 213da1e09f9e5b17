"""Evaluation stage 1, eligibility (SPEC §4.1): accepted standards × compiled rules → verdicts.

Takes the compiled `Program`, the dataset's accepted standards and `as_of`;
gives one `EligibilityEntry` per standard (sorted by number) and the eligible
candidates. Every rule runs for every standard of the ruleset's subject, with
no short-circuit between rules, so `failed` lists all failures in declaration
order; a standard of the other subject fails the single pseudo-rule `subject`.

The rules run as one compiled function (`Program.eligible_mask`) giving the
failed rules as a bit mask; each distinct mask's `failed` tuple is built once
and shared by every entry with that mask.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from operator import attrgetter

from standards_rules import ast
from standards_rules.compile import Program
from standards_rules.compile.runtime import IndicatorView
from standards_rules.records.model import Dataset, Enterprise, Standard
from standards_rules.report import EligibilityEntry, FailedRule

SUBJECT_RULE = FailedRule("subject", None, None)
_SUBJECT_FAILED = (SUBJECT_RULE,)


class Candidate:
    """A standard with its enterprise; its indicator views are built on first use only."""

    __slots__ = ("_views", "enterprise", "program", "standard")

    def __init__(
        self,
        program: Program,
        standard: Standard,
        enterprise: Enterprise,
        views: tuple[IndicatorView, ...] | None = None,
    ) -> None:
        self.program = program
        self.standard = standard
        self.enterprise = enterprise
        self._views = views

    @property
    def number(self) -> str:
        return self.standard.number

    @property
    def views(self) -> tuple[IndicatorView, ...]:
        """The views to pass to the program's functions (`()` when none of them reads views)."""
        if self._views is None:
            self._views = self.program.views_for(self.standard)
        return self._views


def accepted(dataset: Dataset) -> list[tuple[Standard, Enterprise]]:
    """Every accepted standard once (first of a repeated number) with its enterprise, by number."""
    first: dict[str, Standard] = {}
    for standard in reversed(dataset.standards):
        first[standard.number] = standard  # a repeated number: the first one wins
    standards = sorted(first.values(), key=attrgetter("number"))
    find = dataset.enterprise
    out = []
    for standard in standards:
        found = find(standard.enterprise)
        # A hand-built dataset may lack the enterprise: an empty one stands in.
        out.append((standard, found if found is not None else Enterprise(standard.enterprise, "")))
    return out


def candidates(program: Program, dataset: Dataset) -> list[Candidate]:
    """Every accepted standard once (first of a repeated number), sorted by number."""
    return [Candidate(program, s, e) for s, e in accepted(dataset)]


def enterprise_of(dataset: Dataset, standard: Standard) -> Enterprise:
    """The standard's enterprise; a hand-built dataset may lack it, then an empty one stands in."""
    found = dataset.enterprise(standard.enterprise)
    return found if found is not None else Enterprise(standard.enterprise, "")


def subject_matches(ruleset: ast.Ruleset, standard: Standard) -> bool:
    return ruleset.subject is None or str(standard.subject) == ruleset.subject.value


def failed_rules(program: Program, mask: int) -> tuple[FailedRule, ...]:
    """The rules whose bits are set in `mask`, in declaration order."""
    return tuple(
        FailedRule(rule.id, rule.label, rule.cite)
        for n, rule in enumerate(program.eligible)
        if mask >> n & 1
    )


def judge(
    program: Program,
    pool: Iterable[tuple[Standard, Enterprise]],
    as_of: datetime.date,
) -> tuple[tuple[EligibilityEntry, ...], list[Candidate]]:
    """(the eligibility entries, the eligible candidates), in the order of `pool`.

    `pool` is `accepted(dataset)`: (standard, enterprise) pairs sorted by number.
    """
    subject = program.ruleset.subject
    wanted = None if subject is None else subject.value
    mask_of = program.eligible_mask
    views_for = program.views_for
    needs_views = program.needs_views
    shared: dict[int, tuple[FailedRule, ...]] = {0: ()}
    entries: list[EligibilityEntry] = []
    eligible = []
    add_entry = entries.append
    for standard, enterprise in pool:
        if wanted is not None and str(standard.subject) != wanted:
            failed: tuple[FailedRule, ...] = _SUBJECT_FAILED
        else:
            views = views_for(standard) if needs_views else ()
            mask = mask_of(standard, enterprise, as_of, views, None, (), None, None)
            if mask:
                failed = shared.get(mask) or shared.setdefault(mask, failed_rules(program, mask))
            else:
                failed = ()
                eligible.append(Candidate(program, standard, enterprise, views))
        add_entry(EligibilityEntry(standard.number, standard.enterprise, not failed, failed))
    return tuple(entries), eligible


__all__ = [
    "SUBJECT_RULE",
    "Candidate",
    "accepted",
    "candidates",
    "enterprise_of",
    "failed_rules",
    "judge",
    "subject_matches",
]
