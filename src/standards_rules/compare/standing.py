"""Comparing stage, shared ground: one evaluation with what comparing needs beside its report.

Takes a checked ruleset, a dataset and the evaluation dates; gives an `Evaluation`:
the `Report` together with the compiled program, the prepared standards and
enterprises as the evaluation saw them (SPEC §4.0), and each standard's group,
so that `versus` and `what_it_takes` read verdicts from the report and can
re-score one standard with one value changed, all else equal.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

import attrs

from standards_rules.compile import Program, compile_ruleset
from standards_rules.compile.runtime import number
from standards_rules.dates import date_argument, optional_date_argument
from standards_rules.diagnostics import StandardsRulesError
from standards_rules.evaluate import evaluate
from standards_rules.evaluate.eligibility import Candidate, enterprise_of
from standards_rules.evaluate.preparation import Prepared
from standards_rules.evaluate.ranking import SortKey, group_of
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.model import Dataset, Standard
from standards_rules.report import EligibilityEntry, RankingEntry, Report


class UnknownStandardError(StandardsRulesError):
    """A standard to compare is not among the evaluation's accepted records."""


@attrs.frozen(eq=False)
class Evaluation:
    """A report with its inputs: what `compare` reads (build it with `Evaluation.of`)."""

    ruleset: CheckedRuleset
    dataset: Dataset
    report: Report
    program: Program = attrs.field(repr=False)
    prepared: Prepared = attrs.field(repr=False)
    verdicts: Mapping[str, EligibilityEntry] = attrs.field(repr=False)
    ranked: Mapping[str, RankingEntry] = attrs.field(repr=False)

    @classmethod
    def of(
        cls,
        ruleset: CheckedRuleset,
        dataset: Dataset,
        *,
        as_of: datetime.date | str,
        publicity_start: datetime.date | str | None = None,
    ) -> Evaluation:
        """Evaluate `ruleset` on `dataset` once; the dates as in `evaluate` (keyword-only)."""
        day = date_argument("as_of", as_of)
        start = optional_date_argument("publicity_start", publicity_start)
        report = evaluate(ruleset, dataset, as_of=day, publicity_start=start)
        program = compile_ruleset(ruleset.ast)
        prepared = Prepared(program, dataset)
        prepared.exclude(report.withdrawals)
        return cls(
            ruleset=ruleset,
            dataset=dataset,
            report=report,
            program=program,
            prepared=prepared,
            verdicts={e.standard: e for e in report.eligibility},
            ranked={r.standard: r for r in report.ranking},
        )

    @property
    def as_of(self) -> datetime.date:
        """The evaluation date."""
        return self.report.as_of

    def candidate(self, number: str) -> Candidate:
        """The standard as the evaluation judged it, or `UnknownStandardError` saying why not."""
        standard = self.prepared.standard(number)
        if standard is None or number not in self.verdicts:
            rejected = [r for r in self.report.rejected if r.record == number]
            why = f" (rejected: {rejected[0].error})" if rejected else ""
            raise UnknownStandardError(f"no standard {number!r} in the dataset{why}")
        return self.with_standard(standard)

    def with_standard(self, standard: Standard) -> Candidate:
        """`standard` (a changed copy, say) judged as a candidate of this evaluation."""
        enterprise = self.prepared.enterprise(enterprise_of(self.dataset, standard))
        return Candidate(self.program, standard, enterprise, self.program.views(standard))

    def eligible(self, cand: Candidate) -> bool:
        """Does `cand` pass every eligibility rule (and match the subject)?"""
        subject = self.program.ruleset.subject
        if subject is not None and str(cand.standard.subject) != subject.value:
            return False
        args = (cand.standard, cand.enterprise, self.as_of, cand.views)
        return self.program.eligible_mask(*args, None, (), None, None, None) == 0

    def group_of(self, cand: Candidate) -> str:
        """The group `cand` is (or would be) ranked in."""
        ranked = self.ranked.get(cand.number)
        if ranked is not None:
            return ranked.group
        return group_of(self.program, cand.standard, cand.enterprise, cand.views, self.as_of)

    def members(self, group: str) -> list[Candidate]:
        """The ranked standards of `group`, in ranking order."""
        return [self.candidate(r.standard) for r in self.report.ranking if r.group == group]

    def rank_key(self, cand: Candidate, score: float) -> tuple[SortKey, ...]:
        """`cand`'s `rank by` keys with `score`; a smaller key ranks higher."""
        args = (cand.standard, cand.enterprise, self.as_of, cand.views, None, (), None)
        return tuple(
            SortKey(key.fn(*args, score, None), key.descending) for key in self.program.rank_keys
        )

    def value(self, cand: Candidate, indicator: str) -> float | None:
        """`cand`'s declared value of `indicator`, or None."""
        return number((cand.standard.indicators or {}).get(indicator))


__all__ = ["Evaluation", "UnknownStandardError"]
