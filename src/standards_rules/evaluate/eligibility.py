"""Evaluation stage 1, eligibility (SPEC §4.1): accepted standards × compiled rules → verdicts.

Takes the compiled `Program`, the dataset's accepted standards and `as_of`;
gives one `EligibilityEntry` per standard (sorted by number) and the eligible
candidates. Every rule runs for every standard of the ruleset's subject, with
no short-circuit between rules, so `failed` lists all failures in declaration
order; a standard of the other subject fails the single pseudo-rule `subject`.

The rules run as one compiled loop (`Program.eligible_loop`) giving each
standard's failed rules as a bit mask; each distinct mask's `failed` tuple is
built once, and the entries are `Verdicts`: per standard, the standard and the
index of its mask's tuple.
"""

from __future__ import annotations

import datetime
from array import array
from collections.abc import Iterable, Iterator

from standards_rules import ast
from standards_rules.compile import Program
from standards_rules.compile.views import IndicatorView
from standards_rules.records.model import Dataset, Enterprise, Standard
from standards_rules.verdicts import FailedRule, Verdicts

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
    return list(iter_accepted(dataset))


def iter_accepted(dataset: Dataset) -> Iterator[tuple[Standard, Enterprise]]:
    """`accepted(dataset)` one pair at a time (no list of millions of pairs at once)."""
    find = dataset.enterprises_by_code().get
    for standard in dataset.by_number():
        found = find(standard.enterprise)
        # A hand-built dataset may lack the enterprise: an empty one stands in.
        yield standard, (found if found is not None else Enterprise(standard.enterprise, ""))


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


class _Patterns(dict[int, int]):
    """mask → the index of its failed rules in `patterns`, each tuple built once per
    distinct mask; -1 is the subject mismatch, and pattern 0 (`ELIGIBLE`) failed nothing."""

    def __init__(self, program: Program) -> None:
        super().__init__({-1: 1})
        self.program = program
        self.patterns: list[tuple[FailedRule, ...]] = [(), _SUBJECT_FAILED]

    def __missing__(self, mask: int) -> int:
        self.patterns.append(failed_rules(self.program, mask))
        index = self[mask] = len(self.patterns) - 1
        return index


def judge(
    program: Program,
    pool: Iterable[tuple[Standard, Enterprise]],
    as_of: datetime.date,
) -> tuple[Verdicts, list[Candidate]]:
    """(the eligibility entries, the eligible candidates), in the order of `pool`.

    `pool` is `accepted(dataset)`: (standard, enterprise) pairs sorted by number.
    The loop itself is generated code (`Program.eligible_loop`).
    """
    subject = program.ruleset.subject
    standards: list[Standard] = []
    kinds = array("I")
    eligible: list[Candidate] = []
    patterns = _Patterns(program)
    program.eligible_loop(
        pool,
        as_of,
        program.views_for,
        program.needs_views,
        None if subject is None else subject.value,
        patterns,
        Candidate,
        program,
        standards.append,
        kinds.append,
        eligible.append,
    )
    return Verdicts(standards, kinds, patterns.patterns), eligible


__all__ = [
    "SUBJECT_RULE",
    "Candidate",
    "accepted",
    "candidates",
    "enterprise_of",
    "failed_rules",
    "iter_accepted",
    "judge",
    "subject_matches",
]
