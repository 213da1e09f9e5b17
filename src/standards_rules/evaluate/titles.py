"""Evaluation stage 8, titles (SPEC §4.8): leaders → the titles they are proposed.

Takes the compiled `Program`, the leaders, the candidates, the notice period and
`as_of`; gives, with `valid D` in `leaders`, one `TitleEntry` per leader ordered by
standard number: awarded on the first working day after the notice ends (after
`as_of` without a notice), expiring `D` later less one day, and holding the
leader's declared value of each of the ruleset's indicators. These are the
title records the next evaluation withdraws and compares with.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from standards_rules import calendar
from standards_rules.compile import Program
from standards_rules.compile.runtime import Dur, number, shift
from standards_rules.compile.views import indicator_values
from standards_rules.evaluate.eligibility import Candidate
from standards_rules.report import LeaderEntry, Publicity, TitleEntry


def first_working_day_after(day: datetime.date) -> datetime.date | None:
    try:
        return calendar.add_working_days(day, 1)
    except (OverflowError, ValueError):
        return None


def propose_titles(
    program: Program,
    leaders: Sequence[LeaderEntry],
    pool: Mapping[str, Candidate],
    publicity: Publicity | None,
    as_of: datetime.date,
) -> tuple[TitleEntry, ...]:
    section = program.ruleset.leaders
    if section is None or section.valid is None or not leaders:
        return ()
    awarded_on = first_working_day_after(publicity.end if publicity is not None else as_of)
    if awarded_on is None:
        return ()
    valid = section.valid
    end = shift(awarded_on, Dur(int(valid.amount // 1), valid.unit.value), 1)
    if not isinstance(end, datetime.date) or end <= datetime.date.min:
        return ()
    expires_on = end - datetime.timedelta(days=1)
    ids = [static.id for static in program.statics]
    out = []
    for leader in sorted(leaders, key=lambda entry: entry.standard):
        values = indicator_values(pool[leader.standard].standard)
        declared = {key: number(values.get(key)) for key in ids}
        levels = {key: value for key, value in declared.items() if value is not None}
        out.append(TitleEntry(leader.standard, program.ruleset.id, awarded_on, expires_on, levels))
    return tuple(out)


__all__ = ["first_working_day_after", "propose_titles"]
