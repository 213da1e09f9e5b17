"""Evaluation stage 6, withdrawal (SPEC §4.6): active titles × triggers → withdrawals.

Takes the compiled `Program`, the prepared dataset (§4.0) and `as_of`; gives one
`WithdrawalEntry` per active title of this ruleset for which some trigger holds,
ordered by standard number (then award date). A title is active when
`awarded_on <= as_of <= expires_on`, and applies when it has a current standard
(`Versions.current`: the title's standard or a later version through
`replaces`), of any subject and whether eligible or not. Triggers see that
standard and its enterprise, `title`, indicator views whose `awarded` is the
title's recorded level, and `events`: the enterprise's events *found* from
`awarded_on` to `as_of`, both inclusive. Without `exclude`, `excluded_until`
is `as_of` itself (no exclusion period). Decided before eligibility: nothing
here depends on eligibility, scores or leaders.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from standards_rules.compile import Program
from standards_rules.compile.runtime import Dur, shift
from standards_rules.compile.views import make_views
from standards_rules.evaluate.eligibility import enterprise_of
from standards_rules.evaluate.preparation import Prepared
from standards_rules.records.model import Enterprise, Event, Standard, Title
from standards_rules.report import WithdrawalEntry


def active_titles(program: Program, prepared: Prepared, as_of: datetime.date) -> list[Title]:
    """This ruleset's titles active on `as_of` that have a current standard, sorted."""
    titles = [
        t
        for t in prepared.dataset.titles
        if t.ruleset == program.ruleset.id
        and t.awarded_on <= as_of <= t.expires_on
        and prepared.versions.current(t.standard) is not None
    ]
    titles.sort(key=_title_order)
    return titles


def _title_order(title: Title) -> tuple[object, ...]:
    # Titles of one standard and period may record different levels (and so withdraw
    # differently): the levels order them too, so the input order never shows.
    levels = sorted((title.indicators or {}).items())
    return (title.standard, title.awarded_on, title.expires_on, levels)


def window_events(enterprise: Enterprise, title: Title, as_of: datetime.date) -> tuple[Event, ...]:
    """The events found from the award to `as_of`, both inclusive (SPEC §2.3)."""
    return tuple(
        ev for ev in enterprise.events if title.awarded_on <= (ev.found_on or ev.date) <= as_of
    )


def excluded_until(program: Program, as_of: datetime.date) -> datetime.date | None:
    section = program.ruleset.withdraw
    if section is None or section.exclude is None:
        return as_of
    amount = section.exclude.amount
    until = shift(as_of, Dur(int(amount // 1), section.exclude.unit.value), 1)
    return until if isinstance(until, datetime.date) else None


def title_subjects(
    program: Program, prepared: Prepared, as_of: datetime.date
) -> Iterator[tuple[Title, Standard, Enterprise]]:
    """Each active title with its current standard and that standard's enterprise."""
    for title in active_titles(program, prepared, as_of):
        current = prepared.versions.current(title.standard)
        assert current is not None  # active_titles keeps only titles that apply
        standard = prepared.standard(current.number) or current
        yield title, standard, enterprise_of(prepared.dataset, standard)


def withdraw_all(
    program: Program, prepared: Prepared, as_of: datetime.date
) -> tuple[WithdrawalEntry, ...]:
    if not program.triggers:
        return ()
    out = []
    until = excluded_until(program, as_of)
    for title, standard, enterprise in title_subjects(program, prepared, as_of):
        views = make_views(program.statics, standard, title) if program.needs_views else ()
        events = window_events(enterprise, title, as_of)
        fired = tuple(
            trig.id
            for trig in program.triggers
            if trig.fn(standard, enterprise, as_of, views, title, events, None, None, None)
        )
        if fired:
            out.append(
                WithdrawalEntry(
                    title.standard,
                    standard.enterprise,
                    fired,
                    as_of,
                    until,
                    current=standard.number,
                    name=standard.name,
                    enterprise_name=enterprise.name or None,
                )
            )
    return tuple(out)


__all__ = ["active_titles", "excluded_until", "title_subjects", "window_events", "withdraw_all"]
