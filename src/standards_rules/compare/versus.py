"""Comparing stage, two standards side by side (SPEC §6.5 `explain --versus`).

Takes an `Evaluation` and two standard numbers A and B; gives a `Comparison`: each
standard's verdict (eligibility with the failed rules' labels and citations, group,
rank, score, leader place), each indicator's declared values, part scores, weight
and weighted contributions, the score formula with the numbers in it, the indicator
that decides the order (the largest weighted difference in favour of the standard
ranked higher) and, for each one that is not a leader, what it would take.
Numbers come from the evaluation's report; nothing here ranks anew.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import attrs

from standards_rules import ast
from standards_rules.compare.changes import WhatItTakes
from standards_rules.compare.standing import Evaluation
from standards_rules.compare.what_it_takes import what_it_takes
from standards_rules.compile.views import IndicatorStatic, tier_of
from standards_rules.evaluate.eligibility import Candidate
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.model import Dataset
from standards_rules.report import FailedRule, rounded


@attrs.frozen
class Verdict:
    """Where one standard stands; `status`: leader, passed_over, ranked, ineligible or unranked."""

    standard: str
    name: str | None
    enterprise: str
    enterprise_name: str | None
    eligible: bool
    failed: tuple[FailedRule, ...]
    group: str | None
    rank: int | None
    score: float | None
    status: str
    requires_failed: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """As plain JSON values: what `--format json` prints of it."""
        return {
            "standard": self.standard,
            "name": self.name,
            "enterprise": self.enterprise,
            "enterprise_name": self.enterprise_name,
            "eligible": self.eligible,
            "failed": [{"rule": f.rule, "label": f.label, "cite": f.cite} for f in self.failed],
            "group": self.group,
            "rank": self.rank,
            "score": None if self.score is None else rounded(self.score),
            "status": self.status,
            "requires_failed": list(self.requires_failed),
        }


@attrs.frozen
class Side:
    """One standard's numbers for one indicator; `part` and after are None where it is not ranked.
    `workings` is the part's formula with the numbers in it."""

    value: float | None
    part: float | None = None
    contribution: float | None = None
    tier: str | None = None
    workings: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """As plain JSON values: what `--format json` prints of it."""
        return {
            "value": self.value,
            "part": None if self.part is None else rounded(self.part),
            "contribution": None if self.contribution is None else rounded(self.contribution),
            "tier": self.tier,
            "workings": self.workings,
        }


@attrs.frozen
class IndicatorRow:
    """One indicator of a comparison: its weight, and each side's value, part and contribution."""

    indicator: str
    label: str | None
    unit: str | None
    weight: float | None
    a: Side
    b: Side

    @property
    def difference(self) -> float | None:
        """A's weighted contribution minus B's, where both are ranked and it is weighted."""
        if self.a.contribution is None or self.b.contribution is None:
            return None
        return self.a.contribution - self.b.contribution

    def to_dict(self) -> dict[str, Any]:
        """As plain JSON values: what `--format json` prints of it."""
        difference = self.difference
        return {
            "indicator": self.indicator,
            "label": self.label,
            "unit": self.unit,
            "weight": self.weight,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "difference": None if difference is None else rounded(difference),
        }


@attrs.frozen
class Comparison:
    """Why A stands where it does against B. `order`: `above`, `below` or `tied` (A against
    B in one group's ranking), `separate_groups`, or `unranked` (one is not ranked).
    `tie_break`: the scores are equal and a later `rank by` key decides."""

    ruleset: str
    as_of: datetime.date
    normalization: str | None
    a: Verdict
    b: Verdict
    rows: tuple[IndicatorRow, ...]
    formulas: tuple[str | None, str | None]
    order: str
    deciding: str | None
    tie_break: bool
    takes: tuple[WhatItTakes | None, WhatItTakes | None]

    def to_dict(self) -> dict[str, Any]:
        """As plain JSON values: what `--format json` prints of it."""
        return {
            "ruleset": self.ruleset,
            "as_of": self.as_of.isoformat(),
            "normalization": self.normalization,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "indicators": [row.to_dict() for row in self.rows],
            "formulas": {"a": self.formulas[0], "b": self.formulas[1]},
            "order": self.order,
            "deciding": self.deciding,
            "tie_break": self.tie_break,
            "what_it_takes": {
                "a": None if self.takes[0] is None else self.takes[0].to_dict(),
                "b": None if self.takes[1] is None else self.takes[1].to_dict(),
            },
        }


def compare(
    report_or_inputs: Evaluation | tuple[CheckedRuleset, Dataset],
    a: str,
    b: str,
    *,
    as_of: datetime.date | str | None = None,
    publicity_start: datetime.date | str | None = None,
) -> Comparison:
    """Compare standards `a` and `b`.

    `report_or_inputs` is an `Evaluation` (a report with its inputs, from
    `Evaluation.of`, to compare many pairs on one evaluation) or `(ruleset,
    dataset)`, evaluated here on `as_of` (then required) and `publicity_start`.
    Raises `UnknownStandardError` for a number the evaluation did not accept.
    """
    if isinstance(report_or_inputs, Evaluation):
        evaluation = report_or_inputs
    else:
        if as_of is None:
            raise TypeError("compare(ruleset, dataset) needs as_of")
        ruleset, dataset = report_or_inputs
        evaluation = Evaluation.of(ruleset, dataset, as_of=as_of, publicity_start=publicity_start)
    ca, cb = evaluation.candidate(a), evaluation.candidate(b)
    va, vb = _verdict(evaluation, ca), _verdict(evaluation, cb)
    rows = tuple(_row(evaluation, static, ca, cb) for static in evaluation.program.statics)
    order, tie_break = _order(evaluation, va, vb)
    return Comparison(
        ruleset=evaluation.ruleset.id,
        as_of=evaluation.as_of,
        normalization=_normalization(evaluation.program.ruleset),
        a=va,
        b=vb,
        rows=rows,
        formulas=(_formula(rows, "a", va), _formula(rows, "b", vb)),
        order=order,
        deciding=_deciding(rows, order),
        tie_break=tie_break,
        takes=(_takes(evaluation, va), _takes(evaluation, vb)),
    )


def _normalization(ruleset: ast.Ruleset) -> str | None:
    if ruleset.score is None:
        return None
    norm = ruleset.score.normalization
    if isinstance(norm, ast.RelativeNormalization):
        return "relative"
    return "minmax" if isinstance(norm, ast.MinMaxNormalization) else "tiers"


def _verdict(evaluation: Evaluation, cand: Candidate) -> Verdict:
    report = evaluation.report
    number = cand.number
    entry = evaluation.verdicts[number]
    ranked = evaluation.ranked.get(number)
    passed = [p for p in report.passed_over if p.standard == number]
    if not entry.eligible:
        status = "ineligible"
    elif ranked is None:
        status = "unranked"
    elif any(x.standard == number for x in report.leaders):
        status = "leader"
    else:
        status = "passed_over" if passed else "ranked"
    return Verdict(
        standard=number,
        name=cand.standard.name,
        enterprise=cand.standard.enterprise,
        enterprise_name=cand.enterprise.name or None,
        eligible=entry.eligible,
        failed=entry.failed,
        group=None if ranked is None else ranked.group,
        rank=None if ranked is None else ranked.rank,
        score=None if ranked is None else ranked.score,
        status=status,
        requires_failed=passed[0].failed if passed else (),
    )


def _num(value: float) -> str:
    shown = rounded(value)
    if shown is None:
        return repr(value)
    return repr(int(shown)) if shown.is_integer() and abs(shown) < 1e15 else repr(shown)


def _side(
    evaluation: Evaluation, static: IndicatorStatic, cand: Candidate, bounds: tuple[float, float]
) -> Side:
    value = evaluation.value(cand, static.id)
    tier = tier_of(static.tiers, static.lower, value) if value is not None else None
    ranked = evaluation.ranked.get(cand.number)
    if ranked is None or static.weight is None or static.id not in ranked.parts:
        return Side(value, tier=tier)
    part = ranked.parts[static.id]
    weight = float(static.weight)
    workings = _workings(evaluation, static, value, part, tier, bounds)
    return Side(value, part, weight * part, tier, workings)


def _workings(
    evaluation: Evaluation,
    static: IndicatorStatic,
    value: float | None,
    part: float,
    tier: str | None,
    bounds: tuple[float, float] | None,
) -> str:
    section = evaluation.program.ruleset.score
    assert section is not None
    norm = section.normalization
    if value is None:
        return f"none → {_num(part)}"
    if isinstance(norm, ast.RelativeNormalization):
        limit = static.first_limit(norm.references)
        if limit is None or limit == 0:
            return f"L = {'none' if limit is None else 0} → {_num(part)}"
        low, high = (value, limit) if static.lower else (limit, value)
        gain = f"{_num(high)} − {_num(low)}"
        return f"({gain}) / |{_num(limit)}| = {_num(part)}"
    if isinstance(norm, ast.MinMaxNormalization):
        if bounds is None:
            return f"→ {_num(part)}"
        low, high = bounds
        if low == high:
            return f"max = min = {_num(low)} → 1"
        top = f"{_num(high)} − {_num(value)}" if static.lower else f"{_num(value)} − {_num(low)}"
        return f"({top}) / ({_num(high)} − {_num(low)}) = {_num(part)}"
    return f"{tier or 'otherwise'} → {_num(part)}"


def _bounds(
    evaluation: Evaluation, static: IndicatorStatic, cand: Candidate
) -> tuple[float, float]:
    ranked = evaluation.ranked.get(cand.number)
    if ranked is None:
        return (0.0, 0.0)
    found = [
        v
        for m in evaluation.members(ranked.group)
        if (v := evaluation.value(m, static.id)) is not None
    ]
    return (min(found), max(found)) if found else (0.0, 0.0)


def _row(
    evaluation: Evaluation, static: IndicatorStatic, ca: Candidate, cb: Candidate
) -> IndicatorRow:
    minmax = _normalization(evaluation.program.ruleset) == "minmax" and static.weight is not None
    no_bounds = (0.0, 0.0)
    a_bounds = _bounds(evaluation, static, ca) if minmax else no_bounds
    b_bounds = _bounds(evaluation, static, cb) if minmax else no_bounds
    return IndicatorRow(
        indicator=static.id,
        label=static.label,
        unit=static.unit,
        weight=None if static.weight is None else float(static.weight),
        a=_side(evaluation, static, ca, a_bounds),
        b=_side(evaluation, static, cb, b_bounds),
    )


def _formula(rows: Sequence[IndicatorRow], side: str, verdict: Verdict) -> str | None:
    """`0.35 × 0.55 + 0.4 × 0.091304 + 0.25 × 0.52 = 0.359022`, or None when not ranked."""
    if verdict.score is None:
        return None
    terms = []
    for row in rows:
        part = getattr(row, side).part
        if row.weight is not None and part is not None:
            terms.append(f"{_num(row.weight)} × {_num(part)}")
    return f"{' + '.join(terms) or '0'} = {_num(verdict.score)}"


def _order(evaluation: Evaluation, a: Verdict, b: Verdict) -> tuple[str, bool]:
    if a.rank is None or b.rank is None or a.score is None or b.score is None:
        return "unranked", False
    if a.group != b.group:
        return "separate_groups", False
    order = "above" if a.rank < b.rank else "below" if a.rank > b.rank else "tied"
    return order, order != "tied" and a.score == b.score


def _deciding(rows: Sequence[IndicatorRow], order: str) -> str | None:
    """The indicator with the largest weighted difference in favour of the higher-ranked one."""
    if order not in ("above", "below"):
        return None
    sign = 1 if order == "above" else -1
    best: tuple[float, str] | None = None
    for row in rows:
        difference = row.difference
        if difference is None or sign * difference <= 0:
            continue
        if best is None or sign * difference > best[0]:
            best = (sign * difference, row.indicator)
    return None if best is None else best[1]


def _takes(evaluation: Evaluation, verdict: Verdict) -> WhatItTakes | None:
    if verdict.status == "leader":
        return None
    return what_it_takes(evaluation, verdict.standard)


__all__ = ["Comparison", "IndicatorRow", "Side", "Verdict", "compare"]
