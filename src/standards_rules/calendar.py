"""The official Chinese working-day calendar and date arithmetic, for every stage.

Takes dates and durations; gives dates and day counts. Working days come from
the `holidays` package's China calendar: official holidays are days off and
adjusted working weekends (调休上班) are working days. Outside the years that
calendar knows (1950-2100 today), a working day is Monday to Friday.

Every call costs the same whatever the distance (docs/limits.md): each year the
holiday calendar knows has a table of its working days counted from 1 January,
built once; years outside are counted by arithmetic on whole weeks. `index(d)`,
the number of working days up to `d` counted from a fixed origin, turns working-day
arithmetic into subtraction and one bisection. Results past 0001-01-01 or
9999-12-31 raise `OverflowError`, which the run-time helpers turn into `none`.
"""

from __future__ import annotations

import bisect
import calendar as _pycalendar
import datetime
import functools
import threading
from array import array
from typing import Final

import holidays

_ONE_DAY = datetime.timedelta(days=1)
_COUNTRY = holidays.country_holidays("CN", years=())
FIRST_KNOWN_YEAR: Final[int] = int(getattr(_COUNTRY, "start_year", 1950))
LAST_KNOWN_YEAR: Final[int] = int(getattr(_COUNTRY, "end_year", 2100))
_MIN_ORDINAL = datetime.date.min.toordinal()
_MAX_ORDINAL = datetime.date.max.toordinal()


@functools.cache
def _year(year: int) -> tuple[frozenset[datetime.date], frozenset[datetime.date]]:
    """(official days off, adjusted working weekend days) of a year the calendar knows."""
    if not FIRST_KNOWN_YEAR <= year <= LAST_KNOWN_YEAR:
        return frozenset(), frozenset()
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


def _weekdays_through(ordinal: int) -> int:
    """Mondays to Fridays among the days of ordinal 1 to `ordinal` (ordinal 1 is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


@functools.cache
def _table(year: int) -> array[int]:
    """Entry k: the working days among the first k days of a known `year` (entry 0 is 0)."""
    counts = array("H", [0])
    day = datetime.date(year, 1, 1)
    total = 0
    while day.year == year:
        total += is_working_day(day)
        counts.append(total)
        day += _ONE_DAY
    return counts


class _Offsets:
    """Working days before 1 January of each known year, beyond the plain weekday count.

    Filled outward from the first year asked about, so that a process asking only
    about recent years builds only their tables; the origin cancels in every
    difference, and `index` is only ever used in differences.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_year: dict[int, int] = {}

    def before(self, year: int) -> int:
        """Working days before 1 January `year` minus the weekdays before it, from the origin."""
        year = min(max(year, FIRST_KNOWN_YEAR), LAST_KNOWN_YEAR + 1)
        found = self._by_year.get(year)
        if found is not None:
            return found
        with self._lock:
            by_year = self._by_year
            if not by_year:
                by_year[year] = 0
            low, high = min(by_year), max(by_year)
            while year > high:
                by_year[high + 1] = by_year[high] + _correction(high)
                high += 1
            while year < low:
                by_year[low - 1] = by_year[low] - _correction(low - 1)
                low -= 1
            return by_year[year]


def _correction(year: int) -> int:
    """Working days of a known `year` minus its Mondays to Fridays."""
    first = datetime.date(year, 1, 1).toordinal()
    last = datetime.date(year, 12, 31).toordinal()
    return _table(year)[-1] - (_weekdays_through(last) - _weekdays_through(first - 1))


_OFFSETS = _Offsets()


def index(day: datetime.date) -> int:
    """The working days from a fixed origin up to and including `day` (differences only)."""
    year = day.year
    if FIRST_KNOWN_YEAR <= year <= LAST_KNOWN_YEAR:
        return _year_base(year) + _table(year)[day.timetuple().tm_yday]
    ordinal = day.toordinal()
    return _weekdays_through(ordinal) + _OFFSETS.before(year)


def _select(target: int, near: int) -> datetime.date:
    """The first day whose `index` is `target` (a working day), in a bounded number of steps.

    Counting weekdays alone, corrected by the offset of the year it lands in, gives
    the year of the answer or one beside it (`near`, the year counted from, is used
    instead when it is closer); within the year, a bisection of its table (or,
    outside the known years, weekday arithmetic) gives the day.
    """
    if not _year_base(1) < target <= _year_base(10000):
        raise OverflowError("date value out of range")
    year = near
    if not _year_base(near) < target <= _year_base(near + 1):
        year = _year_of(_ordinal_with_weekdays(target))
        year = _year_of(_ordinal_with_weekdays(target - _OFFSETS.before(year)))
    for _ in range(_MAX_YEAR_STEPS):
        if target <= _year_base(year):
            year -= 1
        elif target > _year_base(year + 1):
            year += 1
        else:
            break
    else:
        year = _bisect_years(target)
    first = datetime.date(year, 1, 1).toordinal()
    if FIRST_KNOWN_YEAR <= year <= LAST_KNOWN_YEAR:
        position = bisect.bisect_left(_table(year), target - _year_base(year))
        return datetime.date.fromordinal(first + position - 1)
    return datetime.date.fromordinal(_ordinal_with_weekdays(target - _OFFSETS.before(year)))


# Years walked from the estimate before bisecting over all years instead.
_MAX_YEAR_STEPS: Final = 16


def _year_base(year: int) -> int:
    """`index` of 31 December before `year` (year 10000: of 9999-12-31)."""
    found = _BASES.get(year)
    if found is None:
        if year > 9999:
            found = index(datetime.date.max)
        else:
            first = datetime.date(year, 1, 1).toordinal()
            found = _weekdays_through(first - 1) + _OFFSETS.before(year)
        _BASES[year] = found
    return found


# _year_base of each year asked about; fixed once the offsets' origin is.
_BASES: dict[int, int] = {}


def _bisect_years(target: int) -> int:
    low, high = 1, 9999  # invariant: base(low) < target <= base(high + 1)
    while low < high:
        middle = (low + high + 1) // 2
        if _year_base(middle) < target:
            low = middle
        else:
            high = middle - 1
    return low


def _year_of(ordinal: int) -> int:
    return datetime.date.fromordinal(min(max(ordinal, _MIN_ORDINAL), _MAX_ORDINAL)).year


def _ordinal_with_weekdays(count: int) -> int:
    """The first ordinal whose weekday count through it is `count` (a Monday to Friday)."""
    weeks, rest = divmod(count, 5)
    if rest == 0:
        return weeks * 7 - 2  # the Friday closing week `weeks`
    return weeks * 7 + rest


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The `count`-th working day after `day` (before it when `count` is negative); `day` if 0."""
    if count == 0:
        return day
    if count > 0:
        return _select(index(day) + count, day.year)
    if day.toordinal() == _MIN_ORDINAL:
        raise OverflowError("date value out of range")
    return _select(index(day - _ONE_DAY) + count + 1, day.year)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The number of working days `w` with `start < w <= end` (negative when `end < start`)."""
    return index(end) - index(start)


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
    index_ = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index_, 12)
    if not 1 <= year <= 9999:
        raise OverflowError("date value out of range")
    last = _pycalendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """`day` moved by `years`; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


__all__ = [
    "FIRST_KNOWN_YEAR",
    "LAST_KNOWN_YEAR",
    "add_months",
    "add_working_days",
    "add_years",
    "index",
    "is_working_day",
    "publicity_end",
    "working_days_between",
]
