"""Evaluation stage 6, withdrawal (SPEC §4.6): active titles × triggers → withdrawals.

Takes the compiled `Program`, the dataset and `as_of`; gives one
`WithdrawalEntry` per active title of this ruleset for which some trigger
holds, ordered by standard number (then award date). A title is active when
`awarded_on <= as_of <= expires_on`; its standard must be an accepted record,
of any subject and whether eligible or not. Triggers see `title` and `events`:
the holder's events dated from `awarded_on` to `as_of`, both inclusive.
Without `exclude`, `excluded_until` is `as_of` itself (no exclusion period).
"""

from __future__ import annotations

import datetime

from standards_rules.compile import Program
from standards_rules.compile.runtime import Dur, shift
from standards_rules.evaluate.eligibility import enterprise_of
from standards_rules.records.model import Dataset, Enterprise, Event, Title
from standards_rules.report import WithdrawalEntry


def active_titles(program: Program, dataset: Dataset, as_of: datetime.date) -> list[Title]:
    """This ruleset's titles active on `as_of` whose standard is in the dataset, sorted."""
    titles = [
        t
        for t in dataset.titles
        if t.ruleset == program.ruleset.id
        and t.awarded_on <= as_of <= t.expires_on
        and dataset.standard(t.standard) is not None
    ]
    titles.sort(key=lambda t: (t.standard, t.awarded_on, t.expires_on))
    return titles


def window_events(enterprise: Enterprise, title: Title, as_of: datetime.date) -> tuple[Event, ...]:
    return tuple(ev for ev in enterprise.events if title.awarded_on <= ev.date <= as_of)


def excluded_until(program: Program, as_of: datetime.date) -> datetime.date | None:
    section = program.ruleset.withdraw
    if section is None or section.exclude is None:
        return as_of
    amount = section.exclude.amount
    until = shift(as_of, Dur(int(amount // 1), section.exclude.unit.value), 1)
    return until if isinstance(until, datetime.date) else None


def withdraw_all(
    program: Program, dataset: Dataset, as_of: datetime.date
) -> tuple[WithdrawalEntry, ...]:
    if not program.triggers:
        return ()
    out = []
    for title in active_titles(program, dataset, as_of):
        standard = dataset.standard(title.standard)
        assert standard is not None  # active_titles keeps only titles of present standards
        enterprise = enterprise_of(dataset, standard)
        views = program.views_for(standard)
        events = window_events(enterprise, title, as_of)
        fired = tuple(
            trig.id
            for trig in program.triggers
            if trig.fn(standard, enterprise, as_of, views, title, events, None, None)
        )
        if fired:
            out.append(
                WithdrawalEntry(
                    standard.number,
                    standard.enterprise,
                    fired,
                    as_of,
                    excluded_until(program, as_of),
                )
            )
    return tuple(out)


__all__ = ["active_titles", "excluded_until", "window_events", "withdraw_all"]
