"""Calendar stage helper: the official Chinese working-day calendar and date arithmetic.

Takes dates and durations; gives dates and day counts. Working days come from
the `holidays` package's China calendar: official holidays are days off and
adjusted working weekends (调休上班) are working days. Each year's calendar is
built once and cached, because evaluation asks about the same few years
millions of times.
"""

from __future__ import annotations

import calendar as _pycalendar
import datetime
import functools

import holidays

_ONE_DAY = datetime.timedelta(days=1)


@functools.lru_cache(maxsize=256)
def _year(year: int) -> tuple[frozenset[datetime.date], frozenset[datetime.date]]:
    """(days off on weekdays-or-weekends, adjusted working weekend days) of `year`."""
    china = holidays.country_holidays("CN", years=year)
    days_off = frozenset(day for day in china if day.year == year)
    workdays = frozenset(day for day in getattr(china, "weekend_workdays", ()) if day.year == year)
    return days_off, workdays


def is_working_day(day: datetime.date) -> bool:
    """True on a Chinese working day: Monday to Friday unless a holiday, or an adjusted weekend."""
    days_off, workdays = _year(day.year)
    if day in workdays:
        return True
    if day in days_off:
        return False
    return day.weekday() < 5


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The `count`-th working day after `day` (before it when `count` is negative); `day` if 0."""
    step = _ONE_DAY if count >= 0 else -_ONE_DAY
    remaining = abs(count)
    current = day
    while remaining:
        current += step
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The number of working days `w` with `start < w <= end` (negative when `end < start`)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    current = start
    while current < end:
        current += _ONE_DAY
        if is_working_day(current):
            count += 1
    return count


def publicity_end(start: datetime.date, working_days: int) -> datetime.date:
    """The `working_days`-th working day counting from `start`, `start` counting if it works.

    A notice of 0 (or fewer) working days ends on `start` itself.
    """
    if working_days <= 0:
        return start
    if is_working_day(start):
        return add_working_days(start, working_days - 1)
    return add_working_days(start, working_days)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by `months`, keeping the day of month clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = _pycalendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """`day` moved by `years`; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


__all__ = [
    "add_months",
    "add_working_days",
    "add_years",
    "is_working_day",
    "publicity_end",
    "working_days_between",
]
