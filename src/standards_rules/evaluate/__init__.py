"""Evaluation: `CheckedRuleset` × `Dataset` × as_of → `Report` (SPEC §4).

Runs the stages in order: preparation (range rejections, previous values from
replaced standards), withdrawal (decided first, and made visible in the
enterprises' `withdrawals`), eligibility, scoring, ranking, leaders, public
notice, band lists, titles. A pure function of its inputs: the same ruleset and
records in any order give byte-identical JSON (apart from `rejected`, which
follows input order), because every stage sorts by standard number.
"""

from __future__ import annotations

import datetime

from standards_rules import calendar
from standards_rules.collector import collector_paused
from standards_rules.compile import compile_ruleset
from standards_rules.dates import date_argument, optional_date_argument
from standards_rules.evaluate.bands import band_lists
from standards_rules.evaluate.data_warnings import data_warnings
from standards_rules.evaluate.eligibility import judge
from standards_rules.evaluate.leaders import choose, declared_counts, uses_declared
from standards_rules.evaluate.preparation import Prepared
from standards_rules.evaluate.ranking import groups_of, rank_all
from standards_rules.evaluate.scoring import score_all
from standards_rules.evaluate.titles import propose_titles
from standards_rules.evaluate.withdrawal import withdraw_all
from standards_rules.frontend import CheckedRuleset
from standards_rules.records.model import Dataset
from standards_rules.report import Publicity, Report


def publicity_of(ruleset: CheckedRuleset, start: datetime.date) -> Publicity | None:
    """The public notice period, or None without a `publicity` section.

    `N working days` ends on the N-th working day counting `start` when it is
    one; calendar units end the day before `start + N` (so `7 days` from the
    1st ends on the 7th). `working_days` counts the working days in the period.
    """
    duration = ruleset.ast.publicity
    if duration is None:
        return None
    amount = int(duration.amount // 1)
    unit = duration.unit.value
    try:
        if unit == "working days":
            end = calendar.publicity_end(start, amount)
        elif unit == "days":
            end = start + datetime.timedelta(days=max(amount - 1, 0))
        else:
            months = amount * (12 if unit == "years" else 1)
            end = max(start, calendar.add_months(start, months) - datetime.timedelta(days=1))
        # Counted from `start` itself, which may be 0001-01-01: no day before it is needed.
        working_days = calendar.working_days_between(start, end) + calendar.is_working_day(start)
    except (OverflowError, ValueError):
        return None  # the notice would end after 9999-12-31 (docs/limits.md)
    return Publicity(start, end, working_days)


def evaluate(
    ruleset: CheckedRuleset,
    dataset: Dataset,
    *,
    as_of: datetime.date | str,
    publicity_start: datetime.date | str | None = None,
) -> Report:
    """Evaluate `ruleset` against `dataset` on `as_of`; `publicity_start` defaults to `as_of`.

    Both dates are a `datetime.date` or ISO 'YYYY-MM-DD' text; anything else (a
    `datetime` too) raises `TypeError` naming its type (SPEC §5).
    """
    day = date_argument("as_of", as_of)
    start = optional_date_argument("publicity_start", publicity_start)
    with collector_paused():
        return _evaluate(ruleset, dataset, day, start)


def _evaluate(
    ruleset: CheckedRuleset,
    dataset: Dataset,
    as_of: datetime.date,
    publicity_start: datetime.date | None,
) -> Report:
    program = compile_ruleset(ruleset.ast)
    prepared = Prepared(program, dataset)
    withdrawals = withdraw_all(program, prepared, as_of)
    prepared.exclude(withdrawals)
    eligibility, eligible = judge(program, prepared.pairs(), as_of)
    grouped = program.ruleset.score is not None or bool(program.ruleset.bands)
    groups = groups_of(program, eligible, as_of) if grouped else {}
    scores = score_all(program, eligible, groups)
    ranking = rank_all(program, eligible, groups, scores, as_of)
    by_number = {c.number: c for c in eligible}
    declared = declared_counts(program, prepared.pairs(), as_of) if uses_declared(program) else None
    leaders, passed_over = choose(program, ranking, by_number, as_of, declared)
    publicity = publicity_of(ruleset, publicity_start or as_of)
    return Report(
        ruleset_id=ruleset.id,
        ruleset_version=ruleset.ast.metadata.version,
        ruleset_sha256=ruleset.sha256,
        as_of=as_of,
        eligibility=eligibility,
        ranking=ranking,
        leaders=leaders,
        passed_over=passed_over,
        publicity=publicity,
        withdrawals=withdrawals,
        rejected=(*dataset.rejected, *prepared.rejected),
        bands=band_lists(program, eligible, groups),
        titles=propose_titles(program, leaders, by_number, publicity, as_of),
        warnings=data_warnings(ruleset.ast, dataset, groups),
    )


__all__ = ["evaluate", "publicity_of"]
